"""Where things are in a registry: its manifest and each kind's folder.

Nothing is imported here, so that `advoc history` can name a record's file
and start git on it before Python has loaded the rest of advoc. `kinds` and
the loader build on these facts; nothing else states them."""

from __future__ import annotations

MANIFEST = "advoc.yaml"

# The opaque ids of the advocates whose records live in the private part of the
# registry (see `advoc.load.private`): the one file under registry/ that is no record.
WITHHELD = "registry/withheld.yaml"
# Where the private part is named, beside the manifest: git-ignored, never committed.
LOCAL_CONFIG = ".advoc/local.yaml"
PRIVATE_VARIABLE = "ADVOC_PRIVATE"
# A record the private part gave has a file name that starts with this, so that no
# finding or output confuses it with a file of the public repository.
PRIVATE_PREFIX = "private:"

# Every kind of record and its folder (relative to the root, "/"-separated), in
# the order commands list them.
KIND_FOLDERS = {
    "advocate": "registry/advocates",
    "group": "registry/groups",
    "campaign": "registry/campaigns",
    "decision": "registry/decisions",
    "feedback": "registry/feedback",
    "vote": "registry/votes",  # one folder per decision: registry/votes/DECISION/VOTER.yaml
    "role": "rules/roles",
    "process": "rules/processes",
    "principle": "rules/principles",
    "entry-point": "rules/entry-points",
}

_KIND_OF_FOLDER = {folder: kind for kind, folder in KIND_FOLDERS.items()}

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


VOTES = KIND_FOLDERS["vote"]


def kind_of_folder(folder: str) -> str | None:
    """The kind whose records live in `folder` ("/"-separated, relative to the
    root): a kind's folder, or for votes a decision's folder inside it."""
    if folder.startswith(f"{VOTES}/") or folder == VOTES:
        inside = folder[len(VOTES) + 1 :]
        return "vote" if inside and "/" not in inside else None
    return _KIND_OF_FOLDER.get(folder)


def record_id(relative: str, kind: str) -> str:
    """A record's id from its file: the file name without `.yaml`; a vote's is
    `DECISION/VOTER`, its decision's folder and its file name."""
    folder, _, name = relative.rpartition("/")
    name = name[: -len(".yaml")]
    return f"{folder.rpartition('/')[2]}/{name}" if kind == "vote" else name


def told_with(relative: str) -> tuple[str, ...]:
    """What a record's history tells beside its file: a decision's votes, which
    are files of their own in registry/votes/ID/."""
    folder, _, name = relative.rpartition("/")
    if folder == KIND_FOLDERS["decision"] and name.endswith(".yaml"):
        return (f"{VOTES}/{name.removesuffix('.yaml')}/",)
    return ()


def split_reference(reference: str) -> tuple[str, str] | None:
    """A record as typed on the command line, KIND/ID (the id may end in .yaml):
    the kind as typed and the id; None when it is not of that shape."""
    kind, slash, record_id = reference.partition("/")
    if not slash or not record_id or "/" in record_id:
        return None
    return kind, record_id.removesuffix(".yaml")


RULE_FOLDERS = tuple(folder for folder in KIND_FOLDERS.values() if folder.startswith("rules/"))


def rule_reference(path: str) -> str | None:
    """The rule a file under rules/ holds, as `kind/id` (what a rule-change
    decision lists in `subjects.rules`); None for any other file."""
    folder, _, name = path.rpartition("/")
    if folder not in RULE_FOLDERS or not name.endswith(".yaml"):
        return None
    return f"{_KIND_OF_FOLDER[folder]}/{name.removesuffix('.yaml')}"
