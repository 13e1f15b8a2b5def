"""Pages of an earlier site export that nothing they show has changed: kept, not made.

Re-exporting the site after one advocate's file changed makes the same bytes
for nearly every one of its pages; making them all again (the 78,000 pages of
the 10,000-advocate site) is what took the time. So each page the site makes
from the registry has a *key*: a digest of everything it is made from.

- Every page: advoc's code and messages, the CLDR data (Babel) and icalendar,
  the languages published, the manifest, the day (UTC) the export is judged
  on, who is withheld and the public names that hold a withheld one (see
  below), which advocates and decisions are public, and every record but the
  public advocates' (decisions, votes, rules, campaigns, feedback, ...); of an
  advocate the public view leaves out, only that and their names, which the
  last guard searches for (no page shows anything else of theirs).
- An advocate's page: besides, that advocate's record, as the registry and as
  the public view have it.
- A year of decisions: besides, how each of its decisions stands at the
  instant the export is judged on (the tally, each rule met or not, how long
  it has been open, its ratification): an open decision's page is made again
  at every export, since how long it has been open changes.
- The pages that list advocates: besides, the fields of every public advocate's
  record that the page shows (`LISTING_PAGES`: the lists by topic read names,
  usernames and topics), and for who speaks, the whole record of each advocate
  who speaks for the network (their mandates read most of it).

- The calendar: besides, the instant that stamps its events, and each public
  advocate's id, name and roles (the terms that end); its events are worked
  out only when it is made (0.25 s for the large registry, and icalendar takes
  1 s to write them out).
- A language's Atom feed: besides, the instant the export is judged at (which
  decisions have opened, close within a day, ...); the feeds name no advocate.

The stylesheet and the language chooser have no key: they are made every
time, in a few milliseconds.

After an export into a folder, advoc keeps in the user's cache folder (beside
validate's, see `advoc.load.cache`) the key of each page it wrote there, with
the size, modification and change times and inode of the file as it left it.
The next export into that folder keeps a page as it is when its key is the
same and its file is still the one advoc left: any edit, copy or replacement
changes one of the four, and no one can set a file's change time. Every other
page is made, checked by the last guard and compared with the file as before
(`output.write`). A kept page passed the guard when it was written, and
nothing the guard searches for has changed since: who is withheld is part of
every key, and so are the public names that hold a hidden one (the guard lets
a hidden name through inside a public namesake's name: when that name
changes, a page that kept it must be searched again).

The file checks hold on Linux, where a file's change time moves with every
write and cannot be set; a same-size edit within one tick of a file system's
clock (a second, on some) would go unseen, which no export of advoc's makes.

A record is digested by the git blob id of the file it was loaded from, where
the loader knows it (`Loaded.blob_ids`: the bytes' hash, which the same code
always loads to the same data), else by its data.

Beside the keys, an export keeps what makes a page that must be made again
faster, each under the key of what it is made from; the page is still made
whole and searched by the last guard:
- each advocate's row in the lists of advocates and entry on who speaks, per
  language, under their page's key (`Parts`);
- the digest of how each settled decision stands (closed by the instant,
  owing no ratification: the same at every later instant, see `settled`),
  while what every page depends on is the same; open and urgent decisions are
  judged again.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from advoc import __version__, parallel
from advoc.commands.who import mandates_of
from advoc.export.document import decisions_by_year
from advoc.export.feeds import ATOM, CALENDAR
from advoc.export.marked import MarkedResolver
from advoc.export.output import Kept, listed_files
from advoc.load import cache as caches
from advoc.load.sources import Stat, file_stat
from advoc.model.evaluation import ratification
from advoc.model.public import hidden, is_limited, names_holding, people_names, public_names
from advoc.model.registry import Record, Registry, no_collector
from advoc.model.timeutil import day_of, instant, to_datetime

FORMAT = 1  # of the kept keys' file
SUFFIX = ".site"  # its name in the cache folder: the export folder's digest, then this
# What each page that lists advocates shows of them, besides what every page
# depends on: the fields of each public advocate's record it reads (`None`: the
# whole record of each advocate who speaks for the network, see `who.html`).
LABEL = ("name", "username")  # every link to an advocate (`Tree.advocate_link`)
LISTING_PAGES: dict[str, tuple[str, ...] | None] = {
    "index.html": ("roles",),  # how many advocates, how many hold a role today
    "who.html": None,
    "advocates/index.html": (*LABEL, "countries", "languages", "topics", "roles"),
    "advocates/by-region.html": (*LABEL, "regions"),
    "advocates/by-country.html": (*LABEL, "countries"),
    "advocates/by-topic.html": (*LABEL, "topics"),
    "advocates/by-language.html": (*LABEL, "languages"),
    "campaigns.html": LABEL,  # each campaign's advocates
    "rules/principles.html": (),
    "rules/processes.html": (),
    "rules/ways-in.html": (),
}


class SiteKeys(NamedTuple):
    pages: dict[str, str]  # the key of every page with one, by its path
    shared: str  # the digest of what every page depends on
    advocates: dict[str, str]  # each public advocate's page key, by their id
    settled: tuple[str, dict[str, str]]  # (shared, the standings that `settled` keeps)


@dataclass
class Reuse:
    """The pages of an export that need not be made again (see the module's text).
    `site` holds this export's keys (`site_keys`); `earlier` what the export
    before left in the folder, by path: (key, *its file's `Stat`)."""

    out: Path
    site: SiteKeys
    earlier: dict[str, tuple[str, int, int, int, int]] = field(default_factory=dict)
    folder: str = field(init=False)
    keys: dict[str, str] = field(init=False)  # the key of every page with one, by path

    def __post_init__(self) -> None:
        self.folder = os.fspath(self.out)
        self.keys = self.site.pages

    def kept(self, path: str) -> Kept | None:
        """The page at `path` (relative to the folder), to keep when it is the one its
        key would make: the same key as when advoc wrote it, and the file untouched."""
        key = self.keys.get(path)
        before = self.earlier.get(path)
        if key is None or before is None or before[0] != key:
            return None
        try:
            info = os.lstat(f"{self.folder}/{path}")  # a str: 80,000 pages, no pathlib
        except OSError:
            return None
        found = file_stat(info)
        return Kept(found) if stat.S_ISREG(info.st_mode) and found == before[1:] else None

    def all_kept(self, part: str) -> bool:
        """Whether every page with a key whose path holds `part` is kept."""
        return all(self.kept(path) is not None for path in self.keys if part in path)

    def store(self, written: Mapping[str, Stat]) -> None:
        """Keep the key and the file of every page with a key that the export left in
        the folder (`written`: each file's stat, as it was moved into place)."""
        pages = {path: (key, *written[path]) for path, key in self.keys.items() if path in written}
        data = {
            "format": FORMAT,
            "folder": str(self.out.resolve()),
            "pages": pages,
            "settled": self.site.settled,
        }
        caches.write_file(caches.cache_file(self.out, SUFFIX), marshal.dumps(data))

    def parts(self, language: str) -> Parts:
        """What the pages of `language` that list advocates made of each advocate the
        export before (see `Parts`)."""
        return Parts(caches.cache_file(self.out, f".parts-{language}"), self.site.advocates)


T = TypeVar("T")


class Parts:
    """What a language's pages that list advocates show of each public advocate (a
    row of the list of advocates, an entry of who speaks), kept between exports
    into the same folder under the key of that advocate's page, with a letter for
    the kind of part before it. A page that lists 10,000 advocates and is made
    again because one of them changed remakes one row, not 10,000; the page is
    still made whole and searched by the last guard.

    The advocate's page key holds everything such a part is made from: the
    advocate's record, and what every page depends on (the day, the roles and
    decisions a row names, advoc's words, ...). Parts of advocates no longer
    listed, or whose key changed, are dropped when the parts are stored."""

    def __init__(self, place: Path, keys: Mapping[str, str]) -> None:
        self.place = place
        self.keys = keys
        self.made = 0
        self._before: dict[str, Any] | None = None
        self._now: dict[str, Any] = {}

    def get(
        self,
        kind: str,
        advocate_id: str,
        make: Callable[[], T],
        valid: Callable[[Any], bool],
        variant: Any = None,
    ) -> T:
        """The part of `kind` (one letter) for the advocate, as kept (when it is `valid`
        for a part of this kind: a cache file is never trusted further) or made now.
        `variant`: what else tells this advocate's parts of the kind apart (plain
        data; for who speaks, which of their mandates match a country or topic)."""
        key = self.keys.get(advocate_id)
        if key is None:  # not an advocate of this export's keys: never kept
            return make()
        key = kind + key + ("" if variant is None else ":" + _digest(variant))
        found = self._now.get(key)
        if found is None:
            found = self._kept().get(key)
            if found is None or not valid(found):
                found = make()
                self.made += 1
            self._now[key] = found
        return found

    def store(self) -> None:
        """Keep the parts made or used now, and those kept before whose advocate's key
        is still the same; written only when enough parts were made
        (`cache.worth_storing`): writing a language's parts costs 0.05 s for 10,000
        advocates, a part not kept is only made again next time."""
        if not self.made or not caches.worth_storing(self.made, len(self._kept())):
            return  # nothing made: the parts kept were not even read
        current = set(self.keys.values())
        kept = {  # the kind's letter, then the advocate's key (40 digits), then a variant
            key: part for key, part in self._kept().items() if key[1:41] in current
        }
        kept.update(self._now)
        caches.write_file(self.place, marshal.dumps({"format": FORMAT, "parts": kept}))

    def _kept(self) -> dict[str, Any]:
        if self._before is None:
            self._before = {}
            try:
                with no_collector():
                    stored = marshal.loads(self.place.read_bytes())
            except (OSError, ValueError, EOFError, TypeError):
                return self._before
            if isinstance(stored, dict) and stored.get("format") == FORMAT:
                parts = stored.get("parts")
                self._before = parts if isinstance(parts, dict) else {}
        return self._before


def reuse(out: Path, whole: Registry, public: Registry, as_of: date, languages: list[str]) -> Reuse:
    """The keys of the site's pages for this export into `out`, with what the export
    before left there (nothing when it is not known: every page is then made)."""
    stored = _stored(out)
    found = Reuse(out, site_keys(whole, public, as_of, languages, stored.get("settled")))
    if isinstance(stored.get("pages"), dict):
        listed = listed_files(out)  # what advoc owns there: the earlier export's marker
        found.earlier = {
            path: kept
            for path, kept in stored["pages"].items()
            if path in listed and isinstance(kept, tuple) and len(kept) == 5
        }
    return found


def _stored(out: Path) -> dict[str, Any]:
    """What the export before into `out` kept (`Reuse.store`), or nothing."""
    try:
        stored = marshal.loads(caches.cache_file(out, SUFFIX).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if (
        isinstance(stored, dict)
        and stored.get("format") == FORMAT
        and stored.get("folder") == str(out.resolve())
    ):
        return stored
    return {}


def site_keys(
    whole: Registry,
    public: Registry,
    as_of: date,
    languages: list[str],
    settled_before: Any = None,
) -> SiteKeys:
    """The keys of the site's pages. `settled_before` is what an earlier export kept
    of the decisions whose standing no longer changes with time (`settled`)."""
    with no_collector():  # 300,000 new tuples and strings: collecting only costs time
        return _site_keys(whole, public, as_of, languages, settled_before)


def _site_keys(
    whole: Registry,
    public: Registry,
    as_of: date,
    languages: list[str],
    settled_before: Any,
) -> SiteKeys:
    blob_ids: dict[str, str] = getattr(whole, "blob_ids", {})
    # How each decision stands, as a digest (evaluating 20,000 decisions takes 0.7 s);
    # that of a settled decision is taken from the export before when nothing but
    # the advocates changed since: it no longer depends on the instant. Worked out
    # in a forked child while this process digests the rest (0.25 s of 0.9 s for the
    # large registry), on the guess that nothing but the advocates changed: when
    # something else did, it is worked out here afresh.
    kept: dict[str, str] = {}
    if (
        isinstance(settled_before, tuple)
        and len(settled_before) == 2
        and isinstance(settled_before[0], str)
        and isinstance(settled_before[1], dict)
    ):
        kept = settled_before[1]
    apart = None
    if kept and len(public.records.get("decision", {})) >= parallel.PARALLEL_FROM:
        apart = parallel.forked(
            lambda: _standings(public, as_of, kept), dumps=marshal.dumps, loads=marshal.loads
        )
    advocates = {
        record.id: _advocate_digest(record, whole.get("advocate", record.id), blob_ids)
        for record in public.of_kind("advocate")
    }
    every = _digest(
        "shared",
        code_digest(),
        languages,
        day_of(as_of).isoformat(),
        _plain_data(whole.manifest),
        sorted(whole.withheld),
        sorted(hidden(whole).ids),
        sorted(hidden(whole).usernames),
        # what the last guard lets through: a hidden name inside one of these public
        # names is theirs (`public.named`), so a kept page's verdict depends on them
        names_holding(whole) if hidden(whole).ids or hidden(whole).usernames else [],
        sorted(advocates),
        sorted(record.id for record in public.of_kind("decision")),
        _rest(whole, set(advocates), blob_ids),
    )
    speakers = [advocate.id for advocate, _ in mandates_of(whole, public, day_of(as_of))]
    people = sorted(public.of_kind("advocate"), key=lambda record: record.id)
    listing = {
        page: _digest(every, [(i, advocates[i]) for i in speakers])
        if fields is None
        else _digest(every, _fields(people, fields))
        for page, fields in LISTING_PAGES.items()
    }
    still_kept = bool(kept) and settled_before[0] == every
    if apart is not None and still_kept:
        years, settled_now = apart()
    else:
        if apart is not None:
            apart.cancel()
        years, settled_now = _standings(public, as_of, kept if still_kept else {})
    # A page's key needs no path or language: each path's key is compared only with
    # the key that same path had.
    pages = {
        advocate_id: _digest("advocate", every, digest) for advocate_id, digest in advocates.items()
    }
    # The feeds announce decisions: what every page depends on holds them, their
    # votes and processes; the instant says which have opened, close soon, ...
    feed = _digest("feed", every, instant(as_of))
    keys: dict[str, str] = {
        # its events: decisions and their ratifications (in what every page depends
        # on), and the terms of roles, named by advocate (`feeds.deadlines`); the
        # instant stamps every event
        CALENDAR: _digest(
            "calendar",
            every,
            instant(as_of),
            [(r.id, r.data.get("name"), r.data.get("roles")) for r in public.of_kind("advocate")],
        )
    }
    for language in languages:
        for advocate_id, key in pages.items():
            keys[f"{language}/advocates/{advocate_id}.html"] = key
        for page, key in listing.items():
            keys[f"{language}/{page}"] = key
        path = f"{language}/decisions/index.html"
        keys[path] = _digest(path, every)
        keys[f"{language}/{ATOM}"] = feed
        for year, standings in years.items():
            path = f"{language}/decisions/{year}.html"
            keys[path] = _digest(path, every, standings)
    return SiteKeys(keys, every, pages, (every, settled_now))


def _standings(
    public: Registry, as_of: date, kept: Mapping[str, str]
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The digest of how each decision stands (`standing`), by year as the site lists
    them, and those of the settled decisions; a settled one is taken from `kept`."""
    resolver = MarkedResolver(public, as_of, public.default_language)
    years: dict[str, list[str]] = {}
    settled_now: dict[str, str] = {}
    for year, decisions in decisions_by_year(public).items():
        digests = years[year] = []
        for decision in decisions:
            still = settled(public, decision, as_of)
            digest = kept.get(decision.id) if still else None
            if not isinstance(digest, str):
                digest = _digest(standing(resolver, decision))
            if still:
                settled_now[decision.id] = digest
            digests.append(digest)
    return years, settled_now


def settled(public: Registry, decision: Record, as_of: date) -> bool:
    """Whether how the decision stands (`standing`) no longer depends on the instant
    it is judged at: it closed by that instant (the site sees a decision as it
    stood then, `evaluate(as_seen_then=True)`: one closing later is still open, its
    votes counted up to the instant), so its votes are counted up to its window's
    end and it was open from its opening to its closing; and it owes no
    ratification (whose deadline and ratifying decisions are judged at the instant).
    Everything else it depends on (its record, its votes, its process, the
    decisions that ratify it) is in what every page depends on."""
    data = decision.data
    closed = to_datetime(data.get("closed"))
    return (
        closed is not None
        and closed <= instant(as_of)
        and (data.get("status") != "adopted" or ratification(public, decision, as_of) is None)
    )  # only an adopted decision can owe one (`ratification`)


def _advocate_digest(public: Record, whole: Record | None, blob_ids: Mapping[str, str]) -> Any:
    """What tells the advocate's record apart, as the registry and as the public view
    have it: the blob id of its file when the public view left it as it was (plain
    data, digested into their page's key), else a digest of both."""
    if public is whole and public.file in blob_ids:
        return ("blob", public.file, blob_ids[public.file])
    return _digest(_plain(public), _plain(whole))


def _fields(people: list[Record], fields: tuple[str, ...]) -> list[Any]:
    """The `fields` of each public advocate's record (as the public view has it)."""
    if not fields:
        return []
    return [(record.id, [record.data.get(name) for name in fields]) for record in people]


def names_known(registry: Registry) -> None:
    """Work out, or read back, the spellings of public names that hold a hidden one
    (`public.names_holding`), before the site is made in two processes. Worked out,
    it takes 0.75 s for the 10,000-advocate registry; it is kept in the user's
    cache folder under a digest of the hidden strings and the public names, which
    an advocate's change of topics, say, leaves as they were."""
    if not hidden(registry).ids and not hidden(registry).usernames:
        return
    key = _digest("names", code_digest(), hidden(registry).needles(), public_names(registry))
    place = caches.cache_file(registry.root, ".names")
    try:
        stored = marshal.loads(place.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        stored = None
    known = stored.get("holding") if isinstance(stored, dict) and stored.get("key") == key else None
    if isinstance(known, list) and all(isinstance(name, str) for name in known):
        names_holding(registry, known)
        return
    holding = names_holding(registry)
    caches.write_file(place, marshal.dumps({"key": key, "holding": holding}))


def standing(resolver: MarkedResolver, decision: Record) -> Any:
    """How `decision` stands at the resolver's instant, as plain data: what its entry
    on the site shows that is not in its file (the evaluation the site works out
    once for every language, and its ratification)."""
    evaluation = resolver.evaluated(decision)
    counts = evaluation.counts
    shown: list[Any] = [
        decision.id,
        evaluation.process.id if evaluation.process else None,
        [counts.support, counts.oppose, counts.neutral, counts.participants, counts.ratio],
        _when(evaluation.opened),
        _when(evaluation.closed),
        None if evaluation.open_for is None else evaluation.open_for.total_seconds(),
        [evaluation.is_open, evaluation.not_yet_opened, evaluation.past_window],
        [evaluation.long_enough, evaluation.short_enough],
        [evaluation.quorum_met, evaluation.threshold_met, evaluation.outcome],
    ]
    terms = ratification(resolver.registry, decision, resolver.moment)
    if terms is not None:
        shown.append(
            [
                terms.process,
                None if terms.within is None else terms.within.total_seconds(),
                _when(terms.deadline),
                terms.ratified_by.id if terms.ratified_by else None,
                [[failed.id, where, why] for failed, where, why in terms.failed],
                terms.awaiting,
                terms.overdue,
            ]
        )
    return shown


def _rest(whole: Registry, public_advocates: set[str], blob_ids: Mapping[str, str]) -> str:
    """One digest of every record but the public advocates'. A record loaded from a
    file whose blob id is known is digested by that id (the digest of the bytes
    its data was loaded from: 0.05 s instead of 0.25 s for 173,000 records).

    An advocate the public view leaves out (limited, or naming one) is digested by
    what of them the site depends on: that they are left out, and the names the
    last guard searches for (`public.hidden`), not by their whole record. No page
    shows them (the guard refuses one that names them), so a change of their
    topics, say, no longer makes every page again (25-40 s on a large site)."""
    digest = hashlib.blake2b(digest_size=20)
    for kind in sorted(whole.records):
        # In the order loading found them (files in name order), unsorted: another
        # order gives another digest, and every page is then made, never a wrong one.
        listed: list[Any]
        if kind == "advocate":
            listed = [
                (record.file, "left out", is_limited(record), people_names(record))
                for record in whole.records[kind].values()
                if record.id not in public_advocates
            ]
        else:
            listed = [
                (record.file, blob_ids.get(record.file) or record.data)
                for record in whole.records[kind].values()
            ]
        digest.update(_plain_data((kind, listed)))  # one call a kind: 170,000 records
    return digest.hexdigest()


def _plain(record: Record | None) -> bytes:
    if record is None:
        return b"-"
    return _plain_data((record.kind, record.id, record.file, record.data))


def _plain_data(value: Any) -> bytes:
    """`value` as bytes that are the same for equal data: marshal's version 2 writes
    no back-references, which depend on which objects are shared."""
    try:
        return marshal.dumps(value, 2)
    except ValueError:  # not plain data (built by hand, not loaded from a file)
        return repr(value).encode("utf-8", "surrogatepass")


def _digest(*parts: Any) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part if isinstance(part, bytes) else _plain_data(part))
        digest.update(b"\0")
    return digest.hexdigest()


def _when(value: Any) -> str | None:
    return None if value is None else value.isoformat()


@cache
def code_digest() -> str:
    """advoc's code, messages, stylesheet and schemas as installed, with the Babel
    (CLDR), icalendar and Python that write its dates, names and calendar: a page
    made by other code may differ, whatever its version number says (an editable
    install)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (__version__, sys.version, *map(_version, ("babel", "icalendar"))):
        digest.update(part.encode() + b"\0")
    for path in sorted(_files(resources.files("advoc")), key=lambda found: found[0]):
        digest.update(path[0].encode() + b"\0" + path[1] + b"\0")
    return digest.hexdigest()


def _files(folder: Any, prefix: str = "") -> Iterable[tuple[str, bytes]]:
    for entry in folder.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _files(entry, name + "/")
        elif entry.name.endswith((".py", ".json", ".css")):
            yield name, entry.read_bytes()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "-"
