"""The forms through which people without git take part, on the code host's web
pages: what each asks, under which labels.

The site links into them (advoc.export.wayin, addresses with a form filled in);
`advoc propose from-issue` (advoc.propose.issue) reads a submitted form back.
The issue-form templates for GitHub and the description templates for GitLab,
in ci/, ask for the same fields under the same labels.
"""

from __future__ import annotations

HOSTS = ("github", "gitlab")
EMPTY = "_No response_"
# Each form: its template's file name, the title, its fields (id, label).
FORMS: dict[str, tuple[str, str, tuple[tuple[str, str], ...]]] = {
    "vote": (
        "vote.yml",
        "Vote on {decision}",
        (("decision", "Decision"), ("position", "Position"), ("comment", "Comment")),
    ),
    "feedback": (
        "feedback.yml",
        "Feedback about {about}",
        (("about", "About"), ("kind", "Kind"), ("summary", "Feedback")),
    ),
    "proposal": (
        "proposal.yml",
        "Proposal: {title}",
        (("title", "Title"), ("type", "Type"), ("process", "Process")),
    ),
}
REQUIRED = {
    "vote": ("decision", "position"),
    "feedback": ("about", "kind", "summary"),
    "proposal": ("title", "type", "process"),
}
