"""The forms through which people without git take part, on the code host's web
pages: what each asks, and the address of a new issue with it filled in.

The site links every open decision to the vote form, every advocate to the
feedback form and the ways-in page to the proposal form; `advoc propose
from-issue` (advoc.propose.issue) reads a submitted form back. The issue-form
templates for GitHub and the description templates for GitLab, in ci/, ask
for the same fields under the same labels.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from advoc.model.walk import as_dict

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


def wayin_url(manifest: dict[str, Any], form: str, **values: str) -> str | None:
    """The address of the host's new-issue page with `form` filled in, or None
    when the manifest names no repository. Every value is URL-encoded."""
    repository = as_dict(manifest.get("repository"))
    url, host = repository.get("url"), repository.get("host")
    if not isinstance(url, str) or not url.startswith("https://") or host not in HOSTS:
        return None
    template, title, fields = FORMS[form]
    shown_title = title.format(**{key: values.get(key, "") for key, _ in fields})
    if host == "github":
        query = {"template": template, "title": shown_title}
        query.update({key: value for key, value in values.items() if value})
        return f"{url.rstrip('/')}/issues/new?{urlencode(query)}"
    body = "\n\n".join(f"### {label}\n\n{values.get(key) or EMPTY}" for key, label in fields)
    query = {"issue[title]": shown_title, "issue[description]": body}
    return f"{url.rstrip('/')}/-/issues/new?{urlencode(query)}"
