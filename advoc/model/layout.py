"""Where things are in a registry: its manifest and each kind's folder.

Nothing is imported here, so that `advoc history` can name a record's file
and start git on it before Python has loaded the rest of advoc. `kinds` and
the loader build on these facts; nothing else states them."""

from __future__ import annotations

MANIFEST = "advoc.yaml"

# Every kind of record and its folder (relative to the root, "/"-separated), in
# the order commands list them.
KIND_FOLDERS = {
    "advocate": "registry/advocates",
    "group": "registry/groups",
    "campaign": "registry/campaigns",
    "decision": "registry/decisions",
    "feedback": "registry/feedback",
    "role": "rules/roles",
    "process": "rules/processes",
    "principle": "rules/principles",
    "entry-point": "rules/entry-points",
}

# Where GitHub and GitLab look for a CODEOWNERS file, relative to the root:
# `advoc validate` compares the one advoc generated with what it would write now.
CODEOWNERS_PLACES = ("CODEOWNERS", ".github/CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS")


def kind_folder(text: str) -> str | None:
    """The folder of a kind as typed on the command line: `advocate` or its
    folder's name `advocates`; None for no kind."""
    for name, folder in KIND_FOLDERS.items():
        if text in (name, folder.rsplit("/", 1)[1]):
            return folder
    return None


def split_reference(reference: str) -> tuple[str, str] | None:
    """A record as typed on the command line, KIND/ID (the id may end in .yaml):
    the kind as typed and the id; None when it is not of that shape."""
    kind, slash, record_id = reference.partition("/")
    if not slash or not record_id or "/" in record_id:
        return None
    return kind, record_id.removesuffix(".yaml")


_KIND_OF_FOLDER = {folder: kind for kind, folder in KIND_FOLDERS.items()}
RULE_FOLDERS = tuple(folder for folder in KIND_FOLDERS.values() if folder.startswith("rules/"))


def rule_reference(path: str) -> str | None:
    """The rule a file under rules/ holds, as `kind/id` (what a rule-change
    decision lists in `subjects.rules`); None for any other file."""
    folder, _, name = path.rpartition("/")
    if folder not in RULE_FOLDERS or not name.endswith(".yaml"):
        return None
    return f"{_KIND_OF_FOLDER[folder]}/{name.removesuffix('.yaml')}"
