"""The public registry: what `list`, `who` and `export` may show.

Advocates with `visibility: limited` are listed for their safety only in the
registry's own files. The public view leaves them out, and everything that
would point at them:

- their advocate records;
- decisions whose `subjects` name them (a grant's title often names its
  subject), and feedback `about` them;
- their id in a campaign's `advocates` or a group's lists;
- the votes on those decisions;
- their username as proposer, closer, voter, feedback author or responder,
  replaced by `WITHHELD` so that tallies still add up.

Advocates kept in the private part of the registry (`advoc.load.private`) are
limited by where they live; the public repository holds only their opaque ids
(`registry/withheld.yaml`), which the public view treats as it treats the id of
a limited advocate.

`named(data)` is the last guard: every public output is searched for the ids,
usernames and names of limited advocates before it is written, in every
spelling a wiki takes for the same name (`spellings`).
"""

from __future__ import annotations

import bisect
import copy
import marshal
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from advoc.errors import RefusedError
from advoc.model.kinds import KINDS, PEOPLE, Naming
from advoc.model.layout import PRIVATE_PREFIX
from advoc.model.registry import Record, Registry, no_collector
from advoc.model.walk import values_at

WITHHELD = "(withheld)"


def is_limited(record: Record) -> bool:
    return record.kind == "advocate" and (
        record.data.get("visibility") == "limited" or is_private(record)
    )


def is_private(record: Record) -> bool:
    """Whether the record came from the private part of the registry."""
    return record.file.startswith(PRIVATE_PREFIX)


@lru_cache(maxsize=1 << 16)  # the same voters' names, read from tens of thousands of votes
def wiki_key(name: str) -> str:
    """A username or page name as a wiki compares it: Unicode NFC, underscores
    and runs of spaces as one space, no space around it, the first letter in
    upper case (`sarah_Q` and `Sarah Q` are one user; later letters count)."""
    text = " ".join(unicodedata.normalize("NFC", name).replace("_", " ").split())
    return text[:1].upper() + text[1:]


def spellings(name: str) -> set[str]:
    """Every way an output may write `name` that a wiki reads as the same name:
    first letter in either case, spaces or underscores, composed (NFC) or
    decomposed (NFD) characters, and each of these percent-encoded (a link) and
    HTML-escaped (a page)."""
    key = wiki_key(name)
    if not key:
        return set()
    found: set[str] = set()
    for first in {key[:1].upper(), key[:1].lower()}:
        for space in (" ", "_"):
            text = (first + key[1:]).replace(" ", space)
            for form in ("NFC", "NFD"):
                written = unicodedata.normalize(form, text)
                found |= {written, _percent(written), _html(written)}
    return found


def _percent(text: str) -> str:
    """`text` as a URL writes it: every byte but ASCII letters, digits and `-._~:/`
    as %XX (upper case, as MediaWiki writes links)."""
    return "".join(
        char
        if char.isascii() and (char.isalnum() or char in "-._~:/")
        else "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))
        for char in text
    )


def _html(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


@dataclass(frozen=True)
class Hidden:
    ids: frozenset[str]  # advocate ids: of limited advocates, and the opaque ids withheld
    usernames: frozenset[str]  # and names, as written in their files
    normalized: frozenset[str]  # usernames and opaque ids after `wiki_key`

    def user(self, name: Any) -> bool:
        return isinstance(name, str) and wiki_key(name) in self.normalized

    def needles(self) -> list[str]:
        """The strings no public output may contain."""
        return sorted(
            self.ids | {spelling for name in self.usernames for spelling in spellings(name)}
        )


def hidden(registry: Registry) -> Hidden:
    def compute() -> Hidden:
        limited = [record for record in registry.of_kind("advocate") if is_limited(record)]
        names = {name for record in limited for name in people_names(record)}
        usernames = {r.data["username"] for r in limited if isinstance(r.data.get("username"), str)}
        return Hidden(
            frozenset(record.id for record in limited) | frozenset(registry.withheld),
            frozenset(names),
            frozenset(wiki_key(name) for name in usernames | set(registry.withheld)),
        )

    return registry.memo(("public", "hidden"), compute)


def people_names(record: Record) -> list[str]:
    """The username and every name an advocate's file gives (`name` may be one
    text or one per language)."""
    name = record.data.get("name")
    written = [record.data.get("username"), *(name.values() if isinstance(name, dict) else [name])]
    return [value for value in written if isinstance(value, str) and value.strip()]


def public_registry(registry: Registry) -> Registry:
    """The registry with limited advocates and every trace of them removed.

    Records are read-only, so a record with no trace of them is shared with
    `registry`; only the records that change are copied. Its `findings` are empty.
    """

    def compute() -> Registry:
        secret = hidden(registry)
        records: dict[str, dict[str, Record]] = {kind: {} for kind in registry.records}
        with no_collector():  # copying creates no cycles
            for kind, by_id in registry.records.items():
                if kind == "vote":
                    continue  # once the decisions left in are known: `_public_votes`
                kept = records[kind]
                fields = _usernames_only(kind)
                for record_id, record in by_id.items():
                    if fields is not None and type(record.data) is dict:  # as `_traces`
                        for field in fields:
                            if secret.user(record.data.get(field)):
                                break
                        else:
                            kept[record_id] = record  # nothing withheld: the same record
                            continue
                    data = _public_data(record, secret)
                    if data is record.data:
                        kept[record_id] = record  # nothing withheld: the same record
                    elif data is not None:
                        kept[record_id] = Record(kind, record_id, record.file, data)
            records["vote"] = _public_votes(
                registry.records.get("vote", {}), records.get("decision", {}), secret
            )
        return Registry(
            registry.root, copy.deepcopy(registry.manifest), records, withheld=registry.withheld
        )

    return registry.memo(("public", "registry"), compute)


def _usernames_only(kind: str) -> tuple[str, ...] | None:
    """The fields that name people in a record of `kind`, when each is a top-level
    field holding a username (a vote's `user`; none for a process) and the kind is
    not an advocate's: the public view checks those inline, 150,000 votes. None
    otherwise: it then reads the record with `_public_data`."""
    namings = PEOPLE.get(kind, ())
    if kind == "advocate" or not all(
        len(naming.path) == 1 and naming.by == "username" for naming in namings
    ):
        return None
    return tuple(naming.path[0] for naming in namings)


def _public_votes(
    votes: dict[str, Record], decisions: dict[str, Record], secret: Hidden
) -> dict[str, Record]:
    """The votes on the decisions left in, as the public may see them; a withheld
    voter's vote under a name of no one (`DECISION/withheld-N`), as a vote's file
    is named after its voter. In one pass over the 150,000 votes of a large
    registry, each voter's name judged once (`Hidden.user`)."""
    fields = _usernames_only("vote")
    kept: dict[str, Record] = {}
    withheld = 0
    judged: dict[str, bool] = {}  # a voter's name: whether it is withheld
    for vote_id, vote in votes.items():
        decision = vote_id.partition("/")[0]
        if decision not in decisions:
            continue  # the votes on a decision left out go with it
        data = vote.data
        if fields is None or type(data) is not dict:
            traced = True  # `_public_data` reads it
        else:
            traced = False
            for field in fields:
                name = data.get(field)
                if type(name) is str:
                    seen = judged.get(name)
                    if seen is None:
                        seen = judged[name] = secret.user(name)
                else:
                    seen = secret.user(name)
                if seen:
                    traced = True
                    break
        if traced:
            public = _public_data(vote, secret)
            if public is None:
                continue
            if public is not data:
                vote = Record("vote", vote_id, vote.file, public)
        if vote.data.get("user") == WITHHELD:
            withheld += 1
            vote_id = f"{decision}/withheld-{withheld}"
            vote = Record("vote", vote_id, f"registry/votes/{vote_id}.yaml", vote.data)
        kept[vote_id] = vote
    return kept


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of plain data; `marshal` does it about 3x faster than `copy.deepcopy`."""
    try:
        copied: dict[str, Any] = marshal.loads(marshal.dumps(data))
    except ValueError:  # not plain data (built by hand, not loaded from a file)
        return copy.deepcopy(data)
    return copied


def _traces(record: Record, secret: Hidden) -> bool:
    """Whether the record names a limited advocate in a field of `PEOPLE`."""
    data = record.data
    for naming in PEOPLE.get(record.kind, ()):
        if len(naming.path) == 1:  # a top-level field, as a vote's user: 150,000 votes
            field = naming.path[0]
            if type(data) is dict and field in data and _names(data[field], naming, secret):
                return True
        elif any(_names(value, naming, secret) for _, value in values_at(data, naming.path)):
            return True
    return False


def _names(value: Any, naming: Naming, secret: Hidden) -> bool:
    if naming.by == "username":
        return secret.user(value)
    if not isinstance(value, str):
        return False
    if naming.by == "ref":
        kind, _, value = value.partition("/")
        if kind != "advocate":
            return False
    return value in secret.ids


def _public_data(record: Record, secret: Hidden) -> dict[str, Any] | None:
    """The record as the public may see it (`PEOPLE` says how), or None to leave it out."""
    if is_limited(record):
        return None
    if not _traces(record, secret):
        return record.data  # shared: records are read-only
    data = _copy(record.data)
    for naming in PEOPLE[record.kind]:
        found = [
            path for path, value in values_at(data, naming.path) if _names(value, naming, secret)
        ]
        if found and naming.action == "drop":
            return None
        for path in reversed(found):  # from the last, so that removing keeps indexes
            parent = _at(data, path[:-1])
            if naming.action == "remove":
                del parent[path[-1]]
                continue
            parent[path[-1]] = WITHHELD
            for field in naming.also:
                parent.pop(field, None)
    return data


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def leaks(text: str, registry: Registry) -> list[str]:
    """The ids and usernames of limited advocates that occur in `text`, in order.

    One pass over the text finds every one of them (Aho-Corasick): searching for
    each in turn would read a whole exported site once per limited advocate.
    """
    needles = _needles(registry)
    if needles is None:
        return []
    return sorted({needle for _, _, needle in needles.occurrences(utf8(text))})


def utf8(text: str) -> bytes:
    """`text` as the guard reads it: its UTF-8 bytes (a lone surrogate, which no
    file can hold but a string can, as the three bytes it would take)."""
    return text.encode("utf-8", "surrogatepass")


class Search:
    """Fixed strings found in UTF-8 text in one pass (Aho-Corasick, by ahocorasick-rs):
    every occurrence, overlapping ones too, with its place in bytes.

    ahocorasick-rs reads a language of the 10,000-advocate site (71 million
    characters) in 0.3 s, where pyahocorasick took 1.3 s, for the same occurrences.
    It searches bytes, not `str`: for a `str` that holds any non-ASCII character it
    maps every place back to characters through a table of 8 bytes a byte of
    text (65 MB for the largest page of that site, 8.3 million characters). A
    word's UTF-8 occurs in a text's UTF-8 exactly where the word occurs in the
    text (no character's bytes begin inside another's), so the occurrences are
    the same; and an export's pages are searched as the bytes it writes.
    """

    def __init__(self, words: list[str]) -> None:
        from ahocorasick_rs import BytesAhoCorasick, Implementation  # here: only guards need it

        self.words = words
        # measured on the site's pages: the contiguous NFA reads them fastest
        self._automaton = BytesAhoCorasick(
            [utf8(word) for word in words], implementation=Implementation.ContiguousNFA
        )

    def occurrences(self, data: bytes) -> list[tuple[int, int, str]]:
        """(start, stop, word) of every occurrence of a word in `data`, in bytes."""
        words = self.words
        return [(start, stop, words[index]) for index, start, stop in self.found(data)]

    def found(self, data: bytes) -> list[tuple[int, int, int]]:
        """(index of the word in `words`, start, stop) of every occurrence, in bytes."""
        found: list[tuple[int, int, int]] = self._automaton.find_matches_as_indexes(
            data, overlapping=True
        )
        return found

    def spans(self, data: bytes) -> list[tuple[int, int]]:
        """(start, stop) of every occurrence of a word in `data`, in bytes."""
        found = self._automaton.find_matches_as_indexes(data, overlapping=True)
        return [(start, stop) for _, start, stop in found]

    def occurs_in(self, data: bytes) -> bool:
        return bool(self._automaton.find_matches_as_indexes(data))


def _needles(registry: Registry) -> Search | None:
    """The search for the hidden ids and usernames, built once per registry."""
    return registry.memo(("public", "needle automaton"), lambda: _needle_search(registry))


def _public_names(registry: Registry) -> Search | None:
    """The search for the public names that hold a hidden one, built once per registry."""
    return registry.memo(("public", "name automaton"), lambda: _names_search(registry))


def _needle_search(registry: Registry) -> Search | None:
    needles = [needle for needle in hidden(registry).needles() if needle]
    return Search(needles) if needles else None


def named(data: bytes, registry: Registry) -> list[str]:
    """The ids and usernames of limited advocates that the UTF-8 text `data` (see
    `utf8`) really names.

    `leaks` finds every occurrence; one counts when it stands alone (not inside
    a longer word), and, for a username, when it is not part of a public
    advocate's own name or username: two people may share a name, and the
    public one must still be listed.

    Linear in the text: the occurrences come from the automaton with their
    places, and the public names that could hide one are found in one more pass
    (a search of the whole text per name took minutes on a 5 MB page).
    """
    needles = _needles(registry)
    if needles is None:
        return []
    # once worked out (a page held a needle alone), the needles that are a public
    # name themselves are not looked at again (see `_namesakes`)
    namesakes: frozenset[int] | None = registry.derived.get(_NAMESAKES)
    skipped = namesakes or frozenset()
    hits = [
        (index, start, stop)
        for index, start, stop in needles.found(data)
        if index not in skipped and _alone(data, start, stop)
    ]
    if hits and namesakes is None:
        namesakes = _namesakes(registry)
        hits = [hit for hit in hits if hit[0] not in namesakes]
    if not hits:
        return []
    words = needles.words
    ids = hidden(registry).ids
    covers = _public_name_spans(data, registry)
    found = {
        words[index]
        for index, start, stop in hits
        if words[index] in ids or not _covered(covers, start, stop)
    }
    return sorted(found)


_NAMESAKES = ("public", "namesakes")


def _namesakes(registry: Registry) -> frozenset[int]:
    """The places in the needles' search of the needles that are not an id and are,
    as written, a public advocate's name or username (or a spelling of one): where
    such a needle stands, the public name stands too, so it is always covered. Two
    people sharing a name is common (a large registry's lists held 136,000 such
    occurrences in 24 pages): looking each up among the public names took a third
    of an export that made a few pages again."""

    def compute() -> frozenset[int]:
        needles = _needles(registry)
        if needles is None:
            return frozenset()
        ids = hidden(registry).ids
        public = set(names_holding(registry))
        return frozenset(
            index for index, word in enumerate(needles.words) if word in public and word not in ids
        )

    return registry.memo(_NAMESAKES, compute)


def prepare_guard(registry: Registry) -> None:
    """Build what `named` searches with, so that the parts of an export built in
    parallel share it. Only the hidden needles: the search for the public names
    that hold one is built when a page holds a needle at all (`named`), which few
    registries' pages ever do; it spells every public name some twenty ways, 0.7 s
    for the 10,000-advocate registry."""
    _needles(registry)


def _alone(data: bytes, start: int, stop: int) -> bool:
    """Not inside a longer word: no word character just before byte `start` or from
    byte `stop` of the UTF-8 text `data` (each where a character begins). An ASCII
    byte is a character of its own (no byte of a longer one is below 0x80): it is
    looked up, not decoded (a large site's lists hold tens of thousands of places
    to judge)."""
    if start:
        byte = data[start - 1]
        if _WORD_BYTE[byte] if byte < 0x80 else _word_character(_before(data, start)):
            return False
    if stop < len(data):
        byte = data[stop]
        if _WORD_BYTE[byte] if byte < 0x80 else _word_character(_from(data, stop)):
            return False
    return True


def _before(data: bytes, place: int) -> str:
    """The character that ends just before byte `place` (a space at the start)."""
    if place == 0:
        return " "
    first = place - 1
    while 0x80 <= data[first] < 0xC0 and place - first < 4:  # a byte inside a character
        first -= 1
    return data[first:place].decode("utf-8", "surrogatepass")


def _from(data: bytes, place: int) -> str:
    """The character that begins at byte `place` (a space at the end)."""
    if place == len(data):
        return " "
    lead = data[place]
    length = 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    return data[place : place + length].decode("utf-8", "surrogatepass")


def _word_character(character: str) -> bool:
    return character.isalnum() or character == "_"


_WORD_BYTE = bytes(_word_character(chr(byte)) for byte in range(0x80))  # by ASCII byte


def _public_name_spans(data: bytes, registry: Registry) -> list[tuple[int, int]]:
    """Where the UTF-8 text `data` writes a public advocate's name or username that
    holds one of the hidden needles, as sorted (start, stop) spans in bytes."""
    names = _public_names(registry)
    if names is None:
        return []
    return sorted(names.spans(data))


def _names_search(registry: Registry) -> Search | None:
    """The public names and usernames that hold a needle (an occurrence inside one
    of them is that public person's), in one automaton, built once."""
    if _needles(registry) is None:
        return None
    holding = names_holding(registry)
    return Search(holding) if holding else None


def public_names(registry: Registry) -> list[str]:
    """Every public advocate's username and name, in each language, sorted."""
    names: set[str] = set()
    for advocate in public_registry(registry).of_kind("advocate"):
        name = advocate.data.get("name")
        written = [
            advocate.data.get("username"),
            *(name.values() if isinstance(name, dict) else [name]),
        ]
        names.update(value for value in written if isinstance(value, str))
    return sorted(names)


def names_holding(registry: Registry, known: list[str] | None = None) -> list[str]:
    """Each spelling of a public name that holds a needle, sorted: what `named`
    needs to tell a public namesake from a hidden person. `known`: this list as
    worked out before for the same needles and names (kept by the export, see
    `advoc.export.reuse.names_known`), so that it is not worked out again."""

    def compute() -> list[str]:
        needles = _needles(registry)
        if needles is None:
            return []
        spelt: set[str] = set()
        for value in public_names(registry):  # spelt every way a needle is (links, URLs)
            spelt.update((value, *spellings(value)))
        # which of them hold a needle: the needles' own automaton says so in one pass a
        # name (a test of every needle in every spelling of every name took 28 s)
        return sorted(name for name in spelt if needles.occurs_in(utf8(name)))

    return registry.memo(
        ("public", "names holding a needle"), lambda: compute() if known is None else known
    )


def _covered(spans: list[tuple[int, int]], start: int, stop: int) -> bool:
    """Whether [start, stop) lies inside one of the sorted `spans`."""
    index = bisect.bisect_right(spans, (start, float("inf")))
    for span_start, span_stop in reversed(spans[max(0, index - 64) : index]):
        if span_start <= start and stop <= span_stop:
            return True
    return False


def public_view(registry: Registry) -> Registry:
    """The public registry, or a refusal when an unreadable advocate file might be limited."""
    broken = sorted(ref for ref in registry.unreadable if ref.startswith("advocate/"))
    if broken:
        files = ", ".join(
            f"{KINDS['advocate'].folder}/{ref.partition('/')[2]}.yaml" for ref in broken
        )
        raise RefusedError(
            f"advoc cannot read {files}, so it cannot tell whether that advocate must be "
            "left out of public listings (visibility: limited). Nothing was listed.",
            hint="Run `advoc validate` to see what is wrong with the file, and fix it.",
        )
    return public_registry(registry)


def people_view(registry: Registry) -> Registry:
    """What the commands that show people (`list`, `who`, `show`, `status`) read:
    everything to whoever holds the private part of the registry (it is loaded),
    else the public view."""
    return registry if registry.has_private else public_view(registry)


def refuse_withheld(registry: Registry, kind: str, record_id: str) -> None:
    """A refusal when, without the private part, `kind/record_id` is a withheld
    advocate or a record the public view leaves out because it names one."""
    if registry.has_private:
        return
    record = registry.get(kind, record_id)
    withheld = kind == "advocate" and (
        record_id in registry.withheld or (record is not None and is_limited(record))
    )
    if withheld:
        raise RefusedError(
            f"advocate/{record_id} is withheld (visibility: limited): advoc shows it only "
            "to those who hold the private part of the registry, and it is not configured "
            "here. Nothing was shown.",
            hint="If you hold it, name its folder in $ADVOC_PRIVATE or in .advoc/local.yaml "
            "(`private: PATH`).",
        )
    if record is not None and public_view(registry).get(kind, record_id) is None:
        raise RefusedError(
            f"{kind}/{record_id} names an advocate whose visibility is limited, so advoc "
            "shows it only to those who hold the private part of the registry. Nothing "
            "was shown.",
            hint="If you hold it, name its folder in $ADVOC_PRIVATE or in .advoc/local.yaml "
            "(`private: PATH`).",
        )
