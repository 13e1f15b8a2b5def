"""The ten kinds of record, where they live, and which fields refer to what."""

from __future__ import annotations

from typing import Literal, NamedTuple

from advoc.errors import UsageError
from advoc.model.layout import KIND_FOLDERS, kind_folder


class Kind(NamedTuple):
    name: str
    folder: str  # relative to the registry root, "/"-separated

    @property
    def plural(self) -> str:
        return self.folder.rsplit("/", 1)[1]


KINDS: dict[str, Kind] = {name: Kind(name, folder) for name, folder in KIND_FOLDERS.items()}
KIND_BY_FOLDER: dict[str, Kind] = {kind.folder: kind for kind in KINDS.values()}
TOP_FOLDERS = ("registry", "rules")
RULE_KINDS = ("role", "process", "principle", "entry-point")


def parse_kind(text: str) -> Kind:
    """A kind as typed on the command line: `advocate` or its folder's name `advocates`."""
    folder = kind_folder(text)
    if folder is None:
        import difflib

        names = ", ".join(KINDS)
        spellings = [*KINDS, *(kind.plural for kind in KINDS.values())]
        close = difflib.get_close_matches(text, spellings, n=1)
        meant = f"Did you mean {close[0]}? " if close else ""
        raise UsageError(f"'{text}' is not a kind of record.", hint=f"{meant}Use one of: {names}.")
    return KIND_BY_FOLDER[folder]


class Reference(NamedTuple):
    """A field that names other records.

    `path` uses "*" for every item of a list. `targets` are the kinds the field
    accepts; `qualified` fields are written `kind/id`, the others as a bare id.
    `may_be_absent`: the record named need not exist (a rule-change decision
    lists the rules it creates and the rules it removes, too).
    """

    path: tuple[str, ...]
    targets: tuple[str, ...]
    qualified: bool = False
    may_be_absent: bool = False


def _refs(*specs: tuple[str, str | tuple[str, ...]]) -> tuple[Reference, ...]:
    refs = []
    for dotted, targets in specs:
        qualified = isinstance(targets, tuple)
        kinds = targets if isinstance(targets, tuple) else (targets,)
        refs.append(Reference(tuple(dotted.split(".")), kinds, qualified))
    return tuple(refs)


REFERENCES: dict[str, tuple[Reference, ...]] = {
    "advocate": _refs(
        ("groups.*", "group"),
        ("roles.*.role", "role"),
        ("roles.*.granted_by", "decision"),
        ("roles.*.ended_by", "decision"),
        ("roles.*.scope.groups.*", "group"),
    ),
    "group": (),
    "campaign": _refs(("advocates.*", "advocate"), ("decisions.*", "decision")),
    "decision": (
        *_refs(
            ("process", "process"),
            ("groups.*", "group"),
            ("campaign", "campaign"),
            ("subjects.advocates.*", "advocate"),
            ("subjects.roles.*", "role"),
            ("ratifies", "decision"),
            ("supersedes", "decision"),
            ("overturned_by", "decision"),
        ),
        Reference(("subjects", "rules", "*"), RULE_KINDS, qualified=True, may_be_absent=True),
    ),
    "feedback": _refs(("about", ("advocate", "decision"))),
    "vote": _refs(("decision", "decision")),
    "role": _refs(
        ("grant_process", "process"),
        ("removal_process", "process"),
        ("adopted_by", "decision"),
    ),
    "process": _refs(("ratification.process", "process"), ("adopted_by", "decision")),
    "principle": _refs(("adopted_by", "decision")),
    "entry-point": _refs(("processes.*", "process")),
}


class Naming(NamedTuple):
    """A field that names a person, and what the public view (`advoc.model.public`)
    does where it names an advocate of limited visibility: `drop` the record
    (a grant's title often names its subject), `withhold` the name (it becomes
    "(withheld)", so that tallies still add up, and the fields in `also` go with
    it), or `remove` the item from its list."""

    path: tuple[str, ...]  # "*" for every item of a list
    by: Literal["id", "ref", "username"]  # an advocate's id, `advocate/ID`, a username
    action: Literal["drop", "withhold", "remove"]
    also: tuple[str, ...] = ()  # beside the name, removed with it


# The fields of each kind that name people: both halves of the privacy filter
# (does a record name a withheld advocate; what is left of it) read this table.
PEOPLE: dict[str, tuple[Naming, ...]] = {
    "decision": (
        Naming(("subjects", "advocates", "*"), "id", "drop"),
        Naming(("proposer",), "username", "withhold"),
        Naming(("closers", "*"), "username", "withhold"),
    ),
    "vote": (Naming(("user",), "username", "withhold", also=("comment",)),),
    "feedback": (
        Naming(("about",), "ref", "drop"),
        Naming(("author",), "username", "withhold"),
        Naming(("response", "by"), "username", "withhold"),
    ),
    "campaign": (Naming(("advocates", "*"), "id", "remove"),),
}
