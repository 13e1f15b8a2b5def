"""Exporting the site again into the folder of an earlier export: the pages that
nothing they show has changed are kept, not made (advoc.export.reuse), and the
folder ends exactly as a fresh export would leave it, whatever changed."""

from __future__ import annotations

import marshal
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PROJECT, project_copy, run

AS_OF = "2026-11-01T10:00Z"
LIN = "registry/advocates/lin-shu-yu.yaml"
OPEN_DECISION = "2026-confirm-lin-shu-yu-spokesperson"


def export(registry: Path, out: Path, as_of: str = AS_OF) -> str:
    result = run(
        "export", "--registry", str(registry), "--format", "html", "--out", str(out),
        "--as-of", as_of,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return result.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def not_made_again(said: str) -> int:
    found = re.search(r"\((\d+) not made again\)", said)
    return int(found.group(1)) if found else 0


def edit(registry: Path, relative: str, change: Callable[[str], str]) -> None:
    path = registry / relative
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, f"the change left {relative} as it was"
    path.write_text(after, encoding="utf-8")


def add(registry: Path, relative: str, text: str) -> None:
    (registry / relative).write_text(text, encoding="utf-8")


NEW_ADVOCATE = """\
id: ada-example
username: Ada Example
name: Ada Example
languages: [en]
countries: [IE]
regions: [nwe]
topics: [copyright]
"""
FEEDBACK = """\
id: 2026-11-lin-shu-yu-praise
about: advocate/lin-shu-yu
author: Example Wikimedian 64
date: 2026-10-30
kind: endorsement
summary: Clear answers to the press <script>alert(1)</script>.
status: open
"""


def _rename(registry: Path, site: Path) -> str:
    edit(registry, LIN, lambda t: t.replace("en: Lin Shu-yu", "en: Lin Shu-yu <i>Lin</i>"))
    return AS_OF


def _end_role(registry: Path, site: Path) -> str:
    edit(registry, LIN, lambda t: t.replace("end: 2027-02-10", "end: 2026-10-31"))
    return AS_OF


def _topics(registry: Path, site: Path) -> str:
    edit(registry, LIN, lambda t: t.replace("  - access\n", "  - access\n  - copyright\n"))
    return AS_OF


def _limit(registry: Path, site: Path) -> str:
    edit(registry, LIN, lambda t: t + "visibility: limited\n")
    return AS_OF


def _new_advocate(registry: Path, site: Path) -> str:
    add(registry, "registry/advocates/ada-example.yaml", NEW_ADVOCATE)
    return AS_OF


def _feedback(registry: Path, site: Path) -> str:
    add(registry, "registry/feedback/2026-11-lin-shu-yu-praise.yaml", FEEDBACK)
    return AS_OF


def _decision_title(registry: Path, site: Path) -> str:
    edit(
        registry,
        f"registry/decisions/{OPEN_DECISION}.yaml",
        lambda t: re.sub(r"^  en: (.*)$", r"  en: \1 (amended)", t, count=1, flags=re.M),
    )
    return AS_OF


def _network_name(registry: Path, site: Path) -> str:
    edit(registry, "advoc.yaml", lambda t: re.sub(r"^name: .*$", "name: Renamed", t, flags=re.M))
    return AS_OF


def _edited_by_hand(registry: Path, site: Path) -> str:
    edit(site, "de/advocates/lin-shu-yu.html", lambda t: t.replace("<main", "<main x"))
    return AS_OF


def _edited_keeping_size_and_time(registry: Path, site: Path) -> str:
    _same_size_and_time(site / "fr/who.html")
    return AS_OF


def _page_removed(registry: Path, site: Path) -> str:
    (site / "ar/advocates/index.html").unlink()
    return AS_OF


# What changes between the two exports: (registry, site) -> the `--as-of` of the second.
CHANGES: dict[str, Callable[[Path, Path], str]] = {
    "nothing": lambda registry, site: AS_OF,
    "an advocate's name": _rename,
    "an advocate's role ends": _end_role,
    "an advocate's topics": _topics,
    "an advocate becomes limited": _limit,
    "a new advocate": _new_advocate,
    "feedback about an advocate": _feedback,
    "a decision's title": _decision_title,
    "an hour later": lambda registry, site: "2026-11-01T11:00Z",
    "the next day": lambda registry, site: "2026-11-02T10:00Z",
    "the network's name": _network_name,
    "a page edited by hand": _edited_by_hand,
    "a page edited by hand, its size and time kept": _edited_keeping_size_and_time,
    "a page removed": _page_removed,
}


def _same_size_and_time(path: Path) -> None:
    """Edit the file in place (the same inode) and set its modification time back:
    only its change time, which no one can set, tells."""
    before = path.stat()
    with path.open("r+b") as file:
        text = file.read()
        file.seek(0)
        file.write(text.replace(b"<main", b"<mein"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
        before.st_size,
        before.st_mtime_ns,
        before.st_ino,
    )


def exported_again(tmp_path: Path, change: Callable[[Path, Path], str]) -> tuple[str, dict]:
    """Export the project's registry, `change` it (or the site; it returns the next
    `--as-of`), export into the same folder again and into a new one: what the
    second export said, once the two folders are found byte for byte the same."""
    registry = project_copy(tmp_path / "registry")
    site = tmp_path / "site"
    export(registry, site)
    as_of = change(registry, site)
    said = export(registry, site, as_of)
    fresh = export(registry, tmp_path / "fresh", as_of)
    assert not_made_again(fresh) == 0
    again, anew = files(site), files(tmp_path / "fresh")
    assert sorted(again) == sorted(anew)
    differing = [path for path in anew if again[path] != anew[path]]
    assert differing == []
    return said, anew


@pytest.mark.parametrize("change", CHANGES)
def test_a_site_exported_again_is_the_site_a_fresh_export_makes(
    tmp_path: Path, change: str
) -> None:
    said, anew = exported_again(tmp_path, CHANGES[change])
    if change == "nothing":
        assert not_made_again(said) == len(anew) - len(_unkeyed(anew)), said


def _unkeyed(pages: dict[str, bytes]) -> list[str]:
    """The files made every time: the stylesheet, the chooser and the marker (the
    calendar is kept when nothing its events show changed, a feed at the same instant)."""
    return [
        path for path in pages if path.endswith(".css") or path in ("index.html", ".advoc-export")
    ]


def test_one_changed_advocate_makes_their_pages_and_the_lists_again(tmp_path: Path) -> None:
    registry = project_copy(tmp_path / "registry")
    site = tmp_path / "site"
    export(registry, site)
    pages = files(site)
    edit(registry, LIN, lambda t: t.replace("  - access\n", "  - access\n  - copyright\n"))
    said = export(registry, site)
    languages = {path.split("/")[0] for path in pages if path.endswith("/who.html")}
    # per language: her page and the pages that show topics (who speaks: she does;
    # the list of advocates; by topic); then the stylesheet, the chooser and the
    # marker. Not the calendar (the same deadlines) nor the feeds (the same instant).
    made = len(languages) * (1 + 3) + 3
    assert not_made_again(said) == len(pages) - made, said
    assert "wrote " in said


LIMITED = "registry/advocates/example-limited.yaml"


def test_a_limited_advocates_change_remakes_only_what_the_guard_searches_for(
    tmp_path: Path,
) -> None:
    """No page shows a limited advocate: a change of their topics makes no page again,
    and the site is still the one a fresh export makes. A change of their name
    changes what the last guard searches for: every page is made again."""
    registry = project_copy(tmp_path / "registry")
    add(registry, LIMITED, NEW_ADVOCATE.replace("ada-example", "example-limited").replace(
        "Ada Example", "Example Hidden Person") + "visibility: limited\n")  # fmt: skip
    site = tmp_path / "site"
    export(registry, site)
    pages = files(site)
    edit(registry, LIMITED, lambda t: t.replace("topics: [copyright]", "topics: [access]"))
    said = export(registry, site)
    assert not_made_again(said) == len(pages) - len(_unkeyed(pages)), said
    assert files(site) == pages  # no page shows them
    export(registry, tmp_path / "fresh")
    assert files(tmp_path / "fresh") == files(site)

    edit(registry, LIMITED, lambda t: t.replace("Example Hidden Person", "Example Renamed"))
    said = export(registry, site)
    assert not_made_again(said) == 0, said


def test_without_what_the_earlier_export_kept_every_page_is_made(tmp_path: Path) -> None:
    registry = project_copy(tmp_path / "registry")
    site = tmp_path / "site"
    export(registry, site)
    for kept in (Path(os.environ["HOME"]) / ".cache" / "advoc").glob("*.site"):
        kept.write_bytes(b"not what advoc wrote")
    said = export(registry, site)
    assert not_made_again(said) == 0
    assert "wrote 0 files" in said


def test_a_site_exported_into_another_folder_makes_every_page(tmp_path: Path) -> None:
    registry = project_copy(tmp_path / "registry")
    export(registry, tmp_path / "one")
    said = export(registry, tmp_path / "two")
    assert not_made_again(said) == 0
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_the_project_exports_the_same_site_both_ways(tmp_path: Path) -> None:
    """The project's own registry, as it is: reused and fresh give the same bytes."""
    site = tmp_path / "site"
    export(PROJECT, site)
    export(PROJECT, site, "2026-11-01T10:30Z")
    export(PROJECT, tmp_path / "fresh", "2026-11-01T10:30Z")
    assert files(site) == files(tmp_path / "fresh")


ELENI = "registry/advocates/eleni-mavrommati.yaml"  # speaks for no one today: her term ended
# Every field of an advocate's record, changed for one who speaks for the network
# (Lin Shu-yu) or one who does not: (file, text, its replacement).
FIELD_CHANGES = {
    "languages": (LIN, "  - ja\n", "  - ja\n  - fr\n"),
    "countries": (ELENI, "countries:\n  - GR\n", "countries:\n  - GR\n  - CY\n"),
    "regions": (LIN, "regions:\n  - eseap\n", "regions:\n  - eseap\n  - sa\n"),
    "home projects": (LIN, "  - commonswiki\n", "  - commonswiki\n  - jawiki\n"),
    "groups": (LIN, "  - wikimedia-taiwan\n", "  - copyright-working-group\n"),
    "media contact": (LIN, "media_contact: true\n", "media_contact: false\n"),
    "a speaker's contact": (LIN, 'target: "User talk:林書瑜"', 'target: "https://example.org/<b>"'),
    "accounts": (ELENI, "roles:\n", "accounts: {github: eleni-m}\nroles:\n"),
    "notes": (ELENI, "  she still helps", "  she still helps <em>decision/x</em> and"),
    "a speaker's scope": (
        LIN,
        "        - TW\n      projects:",
        "        - TW\n        - JP\n      projects:",
    ),
    "a role's start": (LIN, "start: 2025-02-10", "start: 2025-03-10"),
    "a term extended: she speaks again": (ELENI, "end: 2026-10-07", "end: 2027-10-07"),
    "a username": (ELENI, "username: Ελένη Μαυρομμάτη", "username: Eleni M."),
}


@pytest.mark.parametrize("field", FIELD_CHANGES)
def test_a_change_to_any_field_of_an_advocate_reaches_every_page_that_shows_it(
    tmp_path: Path, field: str
) -> None:
    relative, old, new = FIELD_CHANGES[field]

    def change(registry: Path, site: Path) -> str:
        text = (registry / relative).read_text(encoding="utf-8")
        assert old in text
        (registry / relative).write_text(text.replace(old, new, 1), encoding="utf-8")
        return AS_OF

    said, _ = exported_again(tmp_path, change)
    assert not_made_again(said) > 0  # the rules' pages, the decisions, the others' pages


def test_a_kept_page_is_searched_again_when_the_public_namesake_it_relied_on_is_renamed(
    tmp_path: Path,
) -> None:
    """The last guard lets a hidden name through inside a public advocate's own name:
    "Nneka Obiora" is the public username of one and the name of a limited one.
    Once the public one is renamed, the page that says it names the limited one,
    and must not be kept unsearched (found by review: a fresh export refused,
    the reused one published)."""
    registry = project_copy(tmp_path / "registry")
    add(
        registry,
        "registry/advocates/hidden-one.yaml",
        "id: hidden-one\nusername: Hidden One\nname: Nneka Obiora\nvisibility: limited\n"
        "languages: [en]\ncountries: [NG]\n",
    )
    edit(
        registry,
        "registry/feedback/2026-06-sigrid-havnevik-endorsement.yaml",
        lambda t: t.replace("fair, and she", "fair (Nneka Obiora agreed), and she"),
    )
    site = tmp_path / "site"
    export(registry, site)
    before = files(site)
    assert "Nneka Obiora agreed" in before["en/advocates/sigrid-havnevik.html"].decode()
    edit(
        registry,
        "registry/advocates/nneka-obiora.yaml",
        lambda t: t.replace("Nneka Obiora\n", "NObiora\n").replace(":Nneka Obiora", ":NObiora"),
    )
    again = run(
        "export", "--registry", str(registry), "--format", "html", "--out", str(site),
        "--as-of", AS_OF,
    )  # fmt: skip
    assert again.exit_code == 1
    assert "advocates/sigrid-havnevik.html" in again.stderr
    assert "Nothing was written" in again.stderr
    assert files(site) == before


def _parts(language: str) -> dict[str, object]:
    """What the last export kept of each advocate for `language`'s lists."""
    (place,) = (Path(os.environ["HOME"]) / ".cache" / "advoc").glob(f"*.parts-{language}")
    stored = marshal.loads(place.read_bytes())
    assert isinstance(stored, dict)
    parts = stored["parts"]
    assert isinstance(parts, dict)
    return parts


def test_the_lists_remake_only_the_changed_advocates_rows(tmp_path: Path) -> None:
    """The list of advocates made again after one advocate changed takes every other
    row from the export before; her old row is dropped, her new one kept."""
    registry = project_copy(tmp_path / "registry")
    site = tmp_path / "site"
    export(registry, site)
    before = _parts("en")
    advocates = len(list((registry / "registry/advocates").glob("*.yaml")))
    rows = {key for key in before if key.startswith("r")}
    assert len(rows) == advocates  # each public advocate's row
    assert {key for key in before if key.startswith("s")}  # who speaks: one entry each
    edit(registry, LIN, lambda t: t.replace("  - access\n", "  - access\n  - copyright\n"))
    export(registry, site)
    after = _parts("en")
    assert len(after) == len(before)
    gone, new = before.keys() - after.keys(), after.keys() - before.keys()
    assert {key[0] for key in gone} == {"r", "s"} and len(gone) == 2  # hers, row and entry
    assert len(new) == 2
    (row,) = (after[key] for key in new if key.startswith("r"))
    assert "copyright" in str(row)


def test_kept_parts_that_are_not_what_advoc_keeps_are_made_again(tmp_path: Path) -> None:
    """A cache file is never trusted further than its shape: parts of the wrong kind
    or shape, or a file that is not advoc's, are made again, and the site is the one
    a fresh export makes."""

    def spoil(registry: Path, site: Path) -> str:
        folder = Path(os.environ["HOME"]) / ".cache" / "advoc"
        for number, place in enumerate(sorted(folder.glob("*.parts-*"))):
            if number == 0:
                place.write_bytes(b"not what advoc wrote")
                continue
            stored = marshal.loads(place.read_bytes())
            stored["parts"] = {
                key: 42 if key.startswith("s") else ("<b>", 1, None, "no")
                for key in stored["parts"]
            }
            place.write_bytes(marshal.dumps(stored))
        _rename(registry, site)  # so that the lists are made again
        return AS_OF

    said, _ = exported_again(tmp_path, spoil)
    assert not_made_again(said) > 0


def test_a_decision_ratified_within_the_day_is_shown_ratified_when_the_site_is_exported_again(
    tmp_path: Path,
) -> None:
    """How a closed decision stands is kept from the export before while nothing but
    the advocates changed; an urgent one owes a ratification, which is judged at
    the instant: exported an hour before and an hour after its ratification closed
    (the same day, one advocate changed between), the banner is shown ratified."""
    registry = project_copy(tmp_path / "registry")
    # the one open decision to the year before: how an open decision stands changes
    # by the hour, and would have its year's page made again whatever else happened
    edit(
        registry,
        f"registry/decisions/{OPEN_DECISION}.yaml",
        lambda t: t.replace("opened: 2026-10-26", "opened: 2025-10-26"),
    )
    site = tmp_path / "site"
    before, after = "2026-11-12T07:00Z", "2026-11-12T09:00Z"  # it closed at 08:00Z
    export(registry, site, before)
    year = "en/decisions/2026.html"
    earlier = (site / year).read_bytes()
    _topics(registry, site)
    said = export(registry, site, after)
    assert not_made_again(said) > 0
    export(registry, tmp_path / "fresh", after)
    again, anew = files(site), files(tmp_path / "fresh")
    assert again == anew
    assert again[year] != earlier  # the banner's ratification: due, then done


def _section(page: str, section_id: str) -> str:
    start = page.index(f'<section id="{section_id}"')
    return page[start : page.index("</section>", start)]


def test_who_speaks_shows_under_each_country_the_mandates_that_cover_it(tmp_path: Path) -> None:
    """An advocate listed under two countries with different mandates has a different
    entry under each, also when the entries are kept between exports (found by
    review: the entry made first was shown under every country)."""
    registry = project_copy(tmp_path / "registry")
    edit(
        registry,
        LIN,
        lambda t: t.replace(
            "      countries:\n        - TW\n      projects:",
            "      countries:\n        - JP\n      projects:",
        ),
    )
    site = tmp_path / "site"
    export(registry, site)
    edit(registry, LIN, lambda t: t.replace("  - access\n", "  - access\n  - copyright\n"))
    export(registry, site)  # her entries again, from what the export before kept
    export(registry, tmp_path / "fresh")
    for exported in (files(site), files(tmp_path / "fresh")):
        page = exported["en/who.html"].decode()
        taiwan, japan = _section(page, "country-TW"), _section(page, "country-JP")
        assert 'data-advocate="lin-shu-yu"' in taiwan and 'data-advocate="lin-shu-yu"' in japan
        assert "Spokesperson" not in taiwan.split('data-advocate="lin-shu-yu"')[1][:2000]
        assert "Spokesperson" in japan.split('data-advocate="lin-shu-yu"')[1][:2000]


def test_a_decision_closing_later_in_the_day_is_shown_as_it_stands_each_hour(
    tmp_path: Path,
) -> None:
    """A decision closed after the instant an export is judged at is still open then
    (the site sees decisions as they stood): exported again two hours later the
    same day, it has been open two hours longer (found by review: it was kept
    as settled, and its year's page with it)."""
    registry = project_copy(tmp_path / "registry")
    edit(
        registry,
        f"registry/decisions/{OPEN_DECISION}.yaml",
        lambda t: t.replace("status: open\n", "status: adopted\n").replace(
            "opened: 2026-10-26T10:00:00+08:00\n",
            "opened: 2026-10-26T10:00:00+08:00\nclosed: 2026-11-01T20:00:00Z\n",
        ),
    )
    site = tmp_path / "site"
    export(registry, site, "2026-11-01T10:00Z")
    earlier = (site / "en/decisions/2026.html").read_bytes()
    said = export(registry, site, "2026-11-01T12:00Z")
    assert not_made_again(said) > 0
    export(registry, tmp_path / "fresh", "2026-11-01T12:00Z")
    again, anew = files(site), files(tmp_path / "fresh")
    assert again == anew
    assert again["en/decisions/2026.html"] != earlier  # open two hours longer


@pytest.mark.parametrize(
    ("change", "worked_out_here"),
    [
        ("nothing", 2),
        ("an advocate's topics", 2),
        ("an hour later", 2),
        ("the next day", 3),  # the guess fails: what every page depends on changed
        ("a decision's title", 3),
    ],
)
def test_decisions_judged_in_a_child_give_the_site_a_fresh_export_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str, worked_out_here: int
) -> None:
    """With as many decisions as a large registry has (here, any), how each decision
    stands is worked out in a forked child while this process digests the rest
    (`reuse._standings`), on the guess that only advocates changed since the export
    before; when something else did, it is worked out here afresh. Either way the
    site is byte for byte the one a fresh export makes. Counted here: the first
    export and the fresh one work it out in this process (nothing was kept for
    them), the export again only when the guess failed."""
    from advoc import parallel
    from advoc.export import reuse

    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    here = []
    standings = reuse._standings

    def counted(*args: object) -> object:
        here.append(os.getpid())  # a child's count stays in the child
        return standings(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(reuse, "_standings", counted)
    exported_again(tmp_path, CHANGES[change])
    assert here == [os.getpid()] * worked_out_here
