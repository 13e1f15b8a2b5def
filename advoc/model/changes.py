"""What changed between two versions of records, as data and as sentences.

`field_changes` compares two versions of one record field by field (dotted
paths such as `roles[0].end`). `compare` pairs the records of two versions of
a registry and phrases each change for people ("Ada Lovelace: gains role
spokesperson (GB), 2026-02-01 → 2027-02-01, granted by decision
2026-grant-ada"). `describe_changes` is the short form: the sentences only.

Nothing here runs git or reads files: `advoc history`, `advoc diff` and the
body of a proposal's commit message all feed it records.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, NamedTuple, Protocol

from advoc.model.findings import Path, format_path
from advoc.model.kinds import KINDS
from advoc.model.text import one_line
from advoc.model.votes import counts_of, tally_counts

Action = Literal["added", "removed", "changed"]


class RecordLike(Protocol):
    """What a change is computed from: `advoc.model.registry.Record`, or any object with
    these fields (history builds light ones, so it never imports the loader)."""

    @property
    def kind(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def file(self) -> str: ...
    @property
    def data(self) -> dict[str, Any]: ...


class HasRecords(Protocol):
    """A loaded registry (`advoc.model.registry.Registry`)."""

    def all(self) -> Iterator[Any]: ...


Records = HasRecords | Mapping[str, RecordLike] | Iterable[RecordLike]

_KIND_ORDER = {name: index for index, name in enumerate(KINDS)}
_LONGEST_VALUE = 120


class FieldChange(NamedTuple):
    """One field of one record: `added` (old is None), `removed` (new is None) or `changed`."""

    path: str
    action: Action
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.path, "change": self.action, "old": self.old, "new": self.new}


class RecordChange(NamedTuple):
    """A record added, removed or changed, with its field changes and sentences."""

    kind: str
    id: str
    file: str
    action: Action
    fields: Sequence[FieldChange] = ()
    sentences: Sequence[str] = ()

    @property
    def ref(self) -> str:
        return f"{self.kind}/{self.id}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "record": self.ref,
            "file": self.file,
            "change": self.action,
            "sentences": self.sentences,
            "fields": [change.to_dict() for change in self.fields],
        }


def field_changes(old: Any, new: Any) -> list[FieldChange]:
    """Every difference between two versions of a record, deepest path first found.

    Mappings are compared key by key; lists of mappings item by item (so that
    `roles[1].end` is named); other lists and scalars as whole values.
    """
    return list(_field_changes(old, new, ()))


def _field_changes(old: Any, new: Any, path: Path) -> Iterator[FieldChange]:
    if old is new:
        return  # one value (history shares the fields two versions have in common)
    if type(old) is type(new):
        if type(old) is str:
            if old == new:
                return
        elif (old == new or type(old) is float) and repr(old) == repr(new):
            return  # equal, not merely as 1 == True is (repr tells them apart); nan is nan
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(key for key in new if key not in old)]:
            if key not in new:
                yield FieldChange(format_path((*path, key)), "removed", old=old[key])
            elif key not in old:
                yield FieldChange(format_path((*path, key)), "added", new=new[key])
            elif old[key] is not new[key]:
                yield from _field_changes(old[key], new[key], (*path, key))
    elif _records_list(old) and _records_list(new):
        for index in range(max(len(old), len(new))):
            where = format_path((*path, index))
            if index >= len(new):
                yield FieldChange(where, "removed", old=old[index])
            elif index >= len(old):
                yield FieldChange(where, "added", new=new[index])
            else:
                yield from _field_changes(old[index], new[index], (*path, index))
    else:
        yield FieldChange(format_path(path), "changed", old=old, new=new)


def _records_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(item, dict) for item in value)


def by_ref(records: Records) -> dict[str, RecordLike]:
    """`kind/id` to record, from a registry, a mapping or any iterable of records."""
    if isinstance(records, Mapping):
        return dict(records)
    items: Iterable[RecordLike] = records.all() if hasattr(records, "all") else records
    return {f"{record.kind}/{record.id}": record for record in items}


def compare(old: Records, new: Records, language: str = "en") -> list[RecordChange]:
    """Records added, removed and changed from `old` to `new`, in kind order then id."""
    before, after = by_ref(old), by_ref(new)
    cast: dict[str, list[Any]] = {}  # the votes on each decision, after
    for ref, record in after.items():
        if ref.startswith("vote/"):
            cast.setdefault(record.id.partition("/")[0], []).append(record.data)
    changes = []
    for ref in sorted(before.keys() | after.keys(), key=_order):
        votes = cast.get(ref.partition("/")[2], []) if ref.startswith("decision/") else []
        change = compare_record(before.get(ref), after.get(ref), language, votes)
        if change is not None:
            changes.append(change)
    return changes


def describe_changes(old: Records, new: Records, language: str = "en") -> list[str]:
    """The changes from `old` to `new` as sentences for people, one per change."""
    return [sentence for change in compare(old, new, language) for sentence in change.sentences]


def compare_record(
    old: RecordLike | None,
    new: RecordLike | None,
    language: str = "en",
    votes: list[Any] | None = None,
) -> RecordChange | None:
    """One record's change, or None when both versions hold the same data; a
    decision's `votes` (the data of its vote files, after) give its counts."""
    record = new or old
    if record is None:
        return None
    old_data = old.data if old else None
    new_data = new.data if new else None
    if old_data == new_data:
        return None
    action: Action = "added" if old is None else "removed" if new is None else "changed"
    fields = field_changes(old_data or {}, new_data or {}) if action == "changed" else []
    phrasing = _Phrasing(record.kind, record.id, old_data or {}, new_data or {}, language, fields)
    phrasing.votes = votes or []
    return RecordChange(
        record.kind, record.id, record.file, action, fields, phrasing.sentences(action)
    )


def _order(ref: str) -> tuple[int, str]:
    kind, _, record_id = ref.partition("/")
    return (_KIND_ORDER.get(kind, len(_KIND_ORDER)), record_id)


def show_value(value: Any, language: str = "en") -> str:
    """A value on one line for a sentence, long text shortened."""
    if value is None:
        return "(empty)"
    text = one_line(value, language, language)
    if len(text) > _LONGEST_VALUE:
        text = text[: _LONGEST_VALUE - 1].rstrip() + "…"
    return text or "(empty)"


class _Phrasing:
    """The sentences for one record's change, by kind."""

    def __init__(
        self,
        kind: str,
        record_id: str,
        old: dict[str, Any],
        new: dict[str, Any],
        language: str,
        fields: list[FieldChange],
    ) -> None:
        self.fields = fields
        self.kind = kind
        self.id = record_id
        self.old = old
        self.new = new
        self.language = language
        self.votes: list[Any] = []  # a decision's votes (the data of their files), after

    @functools.cached_property
    def label(self) -> str:
        """How a sentence names the record: a person by name, others by kind and id."""
        if self.kind == "advocate":
            data = self.new or self.old
            name = show_value(data.get("name") or data.get("username") or self.id, self.language)
            return name if name != "(empty)" else self.id
        return f"{self.kind} {self.id}"

    def sentences(self, action: Action) -> list[str]:
        if self.kind == "vote":
            return self._vote(action)
        if action == "added":
            return self._added()
        if action == "removed":
            return [f"{_capital(self.label)} is removed ({self.kind}/{self.id})."]
        special = {
            "advocate": self._advocate,
            "decision": self._decision,
            "feedback": self._feedback,
        }.get(self.kind)
        handled: set[str] = set()
        sentences = special(handled) if special else []
        return sentences + self._generic(handled)

    def _added(self) -> list[str]:
        data = self.new
        if self.kind == "advocate":
            added = f"New advocate {self.label} (advocate/{self.id})."
            return [added, *self._roles([], _list(data.get("roles")))]
        if self.kind == "decision":
            return [self._decision_added()]
        if self.kind == "feedback":
            return [
                f"New feedback {self.id} about {show_value(data.get('about'))} "
                f"({show_value(data.get('kind'))}): {self._text(data.get('summary'))}"
            ]
        title = data.get("title") or data.get("name")
        named = f": {self._text(title)}" if title else ""
        return [f"New {self.kind} {self.id}{named}."]

    def _text(self, value: Any) -> str:
        return show_value(value, self.language)

    # advocates

    def _advocate(self, handled: set[str]) -> list[str]:
        handled.add("roles")
        return self._roles(_list(self.old.get("roles")), _list(self.new.get("roles")))

    def _roles(self, old: list[Any], new: list[Any]) -> list[str]:
        """Assignments are paired by role and start, so reordering says nothing."""
        before = {_assignment_key(item): item for item in old if isinstance(item, dict)}
        after = {_assignment_key(item): item for item in new if isinstance(item, dict)}
        sentences = []
        for key, assignment in after.items():
            if key not in before:
                sentences.append(f"{self.label}: gains {_assignment(assignment)}.")
            elif before[key] is not assignment:  # one value: history shares what is unchanged
                sentences += self._assignment_changed(before[key], assignment)
        for key, assignment in before.items():
            if key not in after:
                sentences.append(f"{self.label}: loses {_assignment(assignment)}.")
        return sentences

    def _assignment_changed(self, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
        role = f"role {show_value(new.get('role'))}{_scope(new)}"
        sentences = []
        if new.get("ended_by") and new.get("ended_by") != old.get("ended_by"):
            on = f" on {new['end']}" if new.get("end") else ""
            sentences.append(f"{self.label}: {role} ended{on} by decision {new['ended_by']}.")
        elif new.get("end") != old.get("end"):
            was = f" (was {old['end']})" if old.get("end") else ""
            now = f"now ends {new['end']}" if new.get("end") else "no longer has an end date"
            sentences.append(f"{self.label}: {role} {now}{was}.")
        for change in field_changes(old, new):
            if change.path not in ("end", "ended_by"):
                sentences.append(f"{self.label}: {role}: {self._field(change)}.")
        return sentences

    # decisions

    def _decision_added(self) -> str:
        data = self.new
        title = self._text(data.get("title"))
        what = f"{show_value(data.get('type'))}, process {show_value(data.get('process'))}"
        status = data.get("status")
        if status in ("open", "draft"):
            verb = "opened" if status == "open" else "drafted"
            return f"Decision {self.id} {verb}: {title} ({what})."
        status_text = show_value(status)
        return f"Decision {self.id} recorded as {status_text}: {title} ({what}){self._tally()}."

    def _decision(self, handled: set[str]) -> list[str]:
        handled.update(("status", "closed"))
        sentences = []
        old_status, new_status = self.old.get("status"), self.new.get("status")
        if old_status != new_status:
            if old_status in ("open", "draft") and new_status not in ("open", "draft"):
                closed = f" on {self.new['closed']}" if self.new.get("closed") else ""
                sentences.append(
                    f"Decision {self.id} closed{closed}: {show_value(new_status)}{self._tally()}."
                )
            else:
                sentences.append(
                    f"Decision {self.id}: status changed from {show_value(old_status)} "
                    f"to {show_value(new_status)}."
                )
        elif self.old.get("closed") != self.new.get("closed"):
            handled.discard("closed")
        return sentences

    def _tally(self) -> str:
        """The counts of the decision's votes (their files), else of its own tally."""
        counts = counts_of(self.new, self.votes) if self.votes else tally_counts(self.new)
        if counts is None:
            return ""
        told = f"support {counts.support}, oppose {counts.oppose}, neutral {counts.neutral}"
        return f" ({told})" if self.votes else f"; tally: {told}"

    def _vote(self, action: Action) -> list[str]:
        """A vote is a file of its own: cast, changed or withdrawn."""
        decision = self.id.partition("/")[0]
        data = self.new or self.old
        name = show_value(data.get("user"), self.language)
        position = show_value(data.get("position"))
        how = " on a wiki" if data.get("cast") == "wiki" else ""
        if action == "added":
            return [f"Decision {decision} gains a vote{how}: {name}, {position}."]
        if action == "removed":
            return [f"Decision {decision} loses the vote of {name} ({position})."]
        old_position = self.old.get("position")
        if old_position != self.new.get("position"):
            return [
                f"Decision {decision}: {name} changes their vote from "
                f"{show_value(old_position)} to {position}."
            ]
        return [f"Decision {decision}, vote of {name}: {self._field(c)}." for c in self.fields]

    # feedback

    def _feedback(self, handled: set[str]) -> list[str]:
        handled.update(("response", "status"))
        sentences = []
        response = self.new.get("response")
        status_changed = self.old.get("status") != self.new.get("status")
        status = f" (status now {show_value(self.new.get('status'))})" if status_changed else ""
        if isinstance(response, dict) and response != self.old.get("response"):
            by = show_value(response.get("by"))
            sentences.append(
                f"Feedback {self.id} answered by {by}{status}: {self._text(response.get('text'))}"
            )
        elif status_changed:
            sentences.append(
                f"Feedback {self.id}: status changed from {show_value(self.old.get('status'))} "
                f"to {show_value(self.new.get('status'))}."
            )
        if self.old.get("response") and not response:
            sentences.append(f"Feedback {self.id}: its response is removed.")
        return sentences

    # any kind

    def _generic(self, handled: set[str]) -> list[str]:
        label = _capital(self.label)
        return [
            f"{label}: {self._field(change)}."
            for change in self.fields
            if _top(change.path) not in handled
        ]

    def _field(self, change: FieldChange) -> str:
        name = change.path
        if self.kind == "principle" and name.split(".")[0] == "text":
            return f"rule text changed, now: {self._text(self.new.get('text'))}"
        if change.action == "added":
            return f"{name} set to {self._text(change.new)}"
        if change.action == "removed":
            return f"{name} removed (was {self._text(change.old)})"
        return f"{name} changed from {self._text(change.old)} to {self._text(change.new)}"


def _top(path: str) -> str:
    return path.split(".")[0].split("[")[0]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _assignment_key(assignment: dict[str, Any]) -> tuple[str, str]:
    return (str(assignment.get("role")), str(assignment.get("start")))


def _scope(assignment: dict[str, Any]) -> str:
    scope = assignment.get("scope")
    if not isinstance(scope, dict):
        return ""
    parts = [
        show_value(value)
        for key in ("countries", "projects", "groups", "topics")
        if (value := scope.get(key))
    ]
    return f" ({'; '.join(parts)})" if parts else ""


def _assignment(assignment: dict[str, Any]) -> str:
    text = f"role {show_value(assignment.get('role'))}{_scope(assignment)}"
    start, end = assignment.get("start"), assignment.get("end")
    if start is not None:
        text += f", {start} → {end}" if end is not None else f", from {start}"
    if assignment.get("granted_by"):
        text += f", granted by decision {assignment['granted_by']}"
    if assignment.get("ended_by"):
        text += f", ended by decision {assignment['ended_by']}"
    return text
