"""`advoc list` and `advoc who`, on small registries written to disk and on the
project's own registry, through the real command line."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from conftest import (
    PROJECT,
    SNAPSHOTS,
    Result,
    assert_snapshot,
    run,
    vote_files,
    write_registry,
)
from rich.cells import cell_len

from advoc.cli.app import build as build_app
from advoc.commands.listing import COLUMNS, list_records
from advoc.load.loader import load
from advoc.model.kinds import KINDS
from advoc.model.public import WITHHELD, public_registry
from advoc.report.listing import FORMATS, Query, to_table

AS_OF = "2026-06-01"
SECRET_ID = "secret-advocate-x"
SECRET_USER = "Hidden Voice"
SECRET_NEEDLES = (SECRET_ID, SECRET_USER, "Hidden_Voice")

ROLE = """\
id: {id}
name:
  en: {en}
  de: {de}
public_facing: {public}
term: 730d
grant_process: role-grant
removal_process: role-grant
"""

GRANT = """\
id: {id}
title: {title}
type: role-grant
process: role-grant
status: adopted
opened: {opened}T10:00:00Z
closed: {closed}T10:00:00Z
subjects:
  advocates: [{advocate}]
  roles: [{role}]
tally: {{support: 12, oppose: 0, neutral: 0}}
"""

FILES: dict[str, str] = {
    "rules/roles/spokesperson.yaml": ROLE.format(
        id="spokesperson", en="Spokesperson", de="Sprecherin", public="true"
    ),
    "rules/roles/advocate.yaml": ROLE.format(
        id="advocate", en="Advocate", de="Fürsprecherin", public="true"
    ),
    "rules/roles/steward.yaml": ROLE.format(
        id="steward", en="Steward", de="Registerpflege", public="false"
    ),
    "rules/processes/role-grant.yaml": (
        "id: role-grant\nname: Granting a role\napplies_to: [role-grant]\n"
        "min_duration: 7d\nquorum: 10\nthreshold: 0.66\n"
    ),
    "rules/principles/transparency.yaml": (
        "id: transparency\ntitle: Transparency\ntext: Decisions are public.\n"
    ),
    "rules/entry-points/join.yaml": (
        "id: join\ntitle: Join the network\naudience: newcomer\npurpose: join\n"
        "steps:\n  - Read the rules.\n"
    ),
    "registry/groups/levant-chapter.yaml": (
        "id: levant-chapter\nname: Levant chapter\ntype: chapter\ncountries: [LB]\n"
    ),
    "registry/groups/open-data-group.yaml": (
        "id: open-data-group\nname: Open data group\ntype: user-group\ncountries: [IL, 'NO']\n"
    ),
    "registry/campaigns/c-one.yaml": (
        "id: c-one\ntitle: First campaign\nstatus: active\nstart: 2026-01-01\n"
        f"countries: [LB, IR]\ntopics: [censorship]\nadvocates: [amal-haddad, {SECRET_ID}]\n"
    ),
    "registry/campaigns/c-two.yaml": (
        "id: c-two\ntitle: Second campaign\nstatus: concluded\nstart: 2020-01-01\n"
        "end: 2021-01-01\ncountries: ['NO']\ntopics: [copyright]\nprojects: [nowiki]\n"
    ),
    "registry/advocates/amal-haddad.yaml": """\
id: amal-haddad
username: أمل حداد
name:
  ar: أمل حداد
  en: Amal Haddad
languages: [ar, en]
countries: [LB]
topics: [censorship]
groups: [levant-chapter]
media_contact: true
contact:
  - channel: wiki
    target: "User talk:أمل حداد"
roles:
  - role: spokesperson
    start: 2026-01-01
    end: 2027-01-01
    scope:
      countries: [LB]
    granted_by: grant-amal
""",
    "registry/advocates/noa-levi.yaml": """\
id: noa-levi
username: נועה לוי
name:
  he: נועה לוי
  en: Noa Levi
languages: [he, en]
countries: [IL]
topics: [copyright, privacy]
groups: [open-data-group]
contact:
  - channel: mailing-list
    target: advocacy@lists.example.org
roles:
  - role: advocate
    start: 2025-01-01
    end: 2027-01-01
    scope:
      topics: [copyright]
    granted_by: grant-noa
""",
    "registry/advocates/priya-deshmukh.yaml": """\
id: priya-deshmukh
username: Priya D
name: प्रिया देशमुख
languages: [mr, hi]
countries: [IN]
topics: [access]
roles:
  - role: steward
    start: 2026-01-01
    end: 2027-01-01
    granted_by: grant-priya
""",
    "registry/advocates/chen-jing.yaml": """\
id: chen-jing
username: 陈静
name:
  zh-hans: 陈静
  en: Chen Jing
languages: [zh-hans]
countries: [TW]
topics: [copyright]
roles:
  - role: advocate
    start: 2024-01-01
    end: 2025-06-01
    granted_by: grant-chen
""",
    "registry/advocates/ingrid-berg.yaml": """\
id: ingrid-berg
username: IBerg
name: Ingrid Berg
languages: [nb]
countries: [NO]
topics: [copyright]
home_projects: [nowiki]
roles:
  - role: advocate
    start: 2026-02-01
    end: 2028-01-01
    scope:
      countries: ["NO"]
    granted_by: grant-ingrid
  - role: spokesperson
    start: 2026-02-01
    end: 2027-01-01
    scope:
      countries: [SE]
      projects: [svwiki]
    granted_by: grant-ingrid-spokesperson
""",
    f"registry/advocates/{SECRET_ID}.yaml": f"""\
id: {SECRET_ID}
username: {SECRET_USER}
visibility: limited
languages: [fa, en]
countries: [IR, LB]
topics: [censorship, copyright]
groups: [levant-chapter]
media_contact: true
contact:
  - channel: wiki
    target: "User talk:{SECRET_USER}"
roles:
  - role: spokesperson
    start: 2026-01-01
    end: 2027-01-01
    granted_by: grant-secret
""",
    "registry/decisions/grant-amal.yaml": GRANT.format(
        id="grant-amal",
        title="Grant Amal the spokesperson role",
        opened="2025-12-01",
        closed="2025-12-10",
        advocate="amal-haddad",
        role="spokesperson",
    ),
    "registry/decisions/grant-noa.yaml": GRANT.format(
        id="grant-noa",
        title="Grant Noa the advocate role",
        opened="2024-12-01",
        closed="2024-12-10",
        advocate="noa-levi",
        role="advocate",
    ),
    "registry/decisions/grant-priya.yaml": GRANT.format(
        id="grant-priya",
        title="Grant Priya the steward role",
        opened="2025-12-01",
        closed="2025-12-10",
        advocate="priya-deshmukh",
        role="steward",
    ),
    "registry/decisions/grant-chen.yaml": GRANT.format(
        id="grant-chen",
        title="Grant Chen the advocate role",
        opened="2023-12-01",
        closed="2023-12-10",
        advocate="chen-jing",
        role="advocate",
    ),
    "registry/decisions/grant-ingrid.yaml": GRANT.format(
        id="grant-ingrid",
        title="Grant Ingrid the advocate role",
        opened="2026-01-10",
        closed="2026-01-20",
        advocate="ingrid-berg",
        role="advocate",
    ),
    "registry/decisions/grant-ingrid-spokesperson.yaml": GRANT.format(
        id="grant-ingrid-spokesperson",
        title="Grant Ingrid the spokesperson role",
        opened="2026-01-10",
        closed="2026-01-20",
        advocate="ingrid-berg",
        role="spokesperson",
    ),
    "registry/decisions/grant-secret.yaml": GRANT.format(
        id="grant-secret",
        title="Grant the spokesperson role",
        opened="2025-12-01",
        closed="2025-12-10",
        advocate=SECRET_ID,
        role="spokesperson",
    ),
    "registry/decisions/banner-lb.yaml": f"""\
id: banner-lb
title: A banner on Lebanese topics
type: banner
process: role-grant
status: open
opened: 2026-05-20T10:00:00Z
proposer: {SECRET_USER.replace(" ", "_")}
projects: [arwiki]
groups: [levant-chapter]
""",
    **vote_files(
        "banner-lb",
        f"{{user: {SECRET_USER}, position: support, "
        f"comment: 'I support this, says {SECRET_USER}.'}}",
        "{user: Noa Levi, position: support}",
    ),
    "registry/feedback/fb-secret.yaml": f"""\
id: fb-secret
about: advocate/{SECRET_ID}
author: anonymous
date: 2026-03-01
kind: concern
summary: A concern about an advocate.
status: open
""",
    "registry/feedback/fb-amal.yaml": f"""\
id: fb-amal
about: advocate/amal-haddad
author: {SECRET_USER}
date: 2026-03-02
kind: endorsement
summary: Amal answers journalists well.
status: acknowledged
response:
  by: {SECRET_USER}
  date: 2026-03-05
  text: Thank you.
""",
}


@pytest.fixture
def network(tmp_path: Path) -> Path:
    return write_registry(tmp_path / "network", FILES)


def advoc(root: Path, *args: str) -> Result:
    return run(*args, "--registry", str(root), "--as-of", AS_OF)


def ok(root: Path, *args: str) -> Result:
    result = advoc(root, *args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def ids(root: Path, *args: str) -> list[str]:
    result = ok(root, "list", *args, "--format", "json")
    return [record["id"] for record in result.json()["records"]]


def speakers(root: Path, *args: str) -> list[str]:
    result = ok(root, "who", *args, "--format", "json")
    return [speaker["id"] for speaker in result.json()["advocates"]]


def assert_no_secret(text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    for needle in SECRET_NEEDLES:
        assert needle.encode("utf-8") not in data, f"{needle!r} leaked"


# --- filters --------------------------------------------------------------------------


def test_list_advocates_leaves_out_the_limited_one(network: Path) -> None:
    assert ids(network, "advocates") == [
        "amal-haddad",
        "chen-jing",
        "ingrid-berg",
        "noa-levi",
        "priya-deshmukh",
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--country", "LB"), ["amal-haddad"]),
        (("--country", "LB", "--country", "IL"), ["amal-haddad", "noa-levi"]),  # OR
        (("--country", "il", "--topic", "copyright"), ["noa-levi"]),
        (("--country", "IL", "--topic", "censorship"), []),  # AND
        (("--country", "no"), ["ingrid-berg"]),  # NO is Norway, whatever the case
        (("--topic", "copyright"), ["chen-jing", "ingrid-berg", "noa-levi"]),
        (("--language", "zh"), ["chen-jing"]),  # a language matches its variants
        (("--language", "zh-hant"), []),
        (("--language", "he", "--language", "mr"), ["noa-levi", "priya-deshmukh"]),
        (("--group", "levant-chapter"), ["amal-haddad"]),
        (("--project", "nowiki"), ["ingrid-berg"]),
        (("--media-contact",), ["amal-haddad"]),
        (("--role", "spokesperson"), ["amal-haddad", "ingrid-berg"]),
        (
            ("--role", "steward", "--role", "advocate"),
            ["ingrid-berg", "noa-levi", "priya-deshmukh"],
        ),
        (("--role", "advocate", "--active-on", "2024-06-01"), ["chen-jing"]),
        (("--active-on", "2025-06-01"), ["noa-levi"]),  # chen's role ended that day
        (("--active-on", "2025-05-31"), ["chen-jing", "noa-levi"]),
        (("--role", "spokesperson", "--country", "NO"), ["ingrid-berg"]),
    ],
)
def test_list_advocates_filters(network: Path, args: tuple[str, ...], expected: list[str]) -> None:
    assert ids(network, "advocates", *args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("groups", "--type", "chapter"), ["levant-chapter"]),
        (("groups", "--country", "NO"), ["open-data-group"]),
        (("campaigns", "--status", "active"), ["c-one"]),
        (("campaigns", "--topic", "copyright", "--project", "nowiki"), ["c-two"]),
        (("campaigns", "--country", "IR"), ["c-one"]),
        (("decisions", "--status", "open"), ["banner-lb"]),
        (("decisions", "--type", "banner", "--group", "levant-chapter"), ["banner-lb"]),
        (("decisions", "--project", "arwiki"), ["banner-lb"]),
        (("feedback", "--type", "endorsement"), ["fb-amal"]),
        (("feedback", "--status", "open"), []),  # the only open one is about the limited one
        (("roles",), ["advocate", "spokesperson", "steward"]),
        (("entry-point",), ["join"]),
    ],
)
def test_list_other_kinds_filters(
    network: Path, args: tuple[str, ...], expected: list[str]
) -> None:
    assert ids(network, *args) == expected


def test_decisions_about_a_limited_advocate_are_left_out(network: Path) -> None:
    listed = ids(network, "decisions")
    assert "grant-secret" not in listed
    assert "grant-amal" in listed


# --- sorting --------------------------------------------------------------------------


def test_sort_by_name_uses_the_localized_name(network: Path) -> None:
    records = ok(network, "list", "advocates", "--sort", "name", "--format", "json").json()
    names = [record["name"] for record in records["records"]]
    assert names == sorted(names, key=str.casefold)
    assert names[0] == "Amal Haddad"
    assert records["sort"] == "name"


def test_sort_by_a_list_field_puts_missing_values_last(network: Path) -> None:
    listed = ids(network, "advocates", "--sort", "groups")
    assert listed == ["amal-haddad", "noa-levi", "chen-jing", "ingrid-berg", "priya-deshmukh"]


def test_sort_by_a_flag_puts_true_first(network: Path) -> None:
    assert ids(network, "advocates", "--sort", "media-contact")[0] == "amal-haddad"


def test_sort_decisions_by_opened(network: Path) -> None:
    listed = ids(network, "decisions", "--sort", "opened")
    assert listed[0] == "grant-chen"
    assert listed[-1] == "banner-lb"


def test_unknown_sort_field_names_the_sortable_ones(network: Path) -> None:
    result = advoc(network, "list", "groups", "--sort", "founded")
    assert result.exit_code == 2
    assert "'founded'" in result.stderr
    assert "id, name, type, countries, regions, website" in result.stderr
    assert result.stdout == ""


# --- usage errors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "applies_to"),
    [
        (("groups", "--role", "advocate"), "advocates"),
        (("advocates", "--status", "open"), "campaigns, decisions, feedback"),
        (("decisions", "--country", "NO"), "advocates, groups, campaigns"),
        (("roles", "--media-contact"), "advocates"),
        (("campaigns", "--active-on", "2026-01-01"), "advocates"),
        (("processes", "--type", "urgent"), "groups, decisions, feedback"),
    ],
)
def test_a_filter_on_a_kind_without_its_field_is_a_usage_error(
    network: Path, args: tuple[str, ...], applies_to: str
) -> None:
    result = advoc(network, "list", *args)
    assert result.exit_code == 2
    assert "does not apply to" in result.stderr
    assert f"applies to: {applies_to}." in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("advocates", "--role", "spokesman"), "Did you mean spokesperson?"),
        (("advocates", "--group", "levant"), "There is no group 'levant'"),
        (("advocates", "--country", "Norway"), "is not a country code"),
        (("advocates", "--language", "English"), "is not a language code"),
        (("decisions", "--status", "passed"), "adopted, rejected"),
        (("wombats",), "'wombats' is not a kind of record"),
        (("decisons",), "Did you mean decisions?"),
    ],
)
def test_bad_filter_values_are_usage_errors(
    network: Path, args: tuple[str, ...], message: str
) -> None:
    result = advoc(network, "list", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_limited_advocates_cannot_be_probed_through_filters(network: Path) -> None:
    """--group names a group that exists; a limited advocate's id is no role or group."""
    result = advoc(network, "list", "advocates", "--group", SECRET_ID)
    assert result.exit_code == 2
    assert_no_secret(result.stdout)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "advocates", "--active-on", "2026-02-30"), "no such day"),
        (("list", "advocates", "--active-on", "01/02/2026"), "YYYY-MM-DD"),
        (("who", "--as-of", "2026-13-01"), "no such day"),
        (("list", "roles", "--as-of", "tomorrow"), "YYYY-MM-DD"),
    ],
)
def test_bad_dates_are_usage_errors(network: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args, "--registry", str(network))
    assert result.exit_code == 2
    assert message in result.said
    assert "--as-of" in result.said or "--active-on" in result.said


# --- formats --------------------------------------------------------------------------


def test_json_is_a_versioned_object(network: Path) -> None:
    listing = ok(network, "list", "advocates", "--country", "LB", "--format", "json").json()
    assert listing["format"] == 1
    assert listing["kind"] == "advocate"
    assert listing["as_of"] == AS_OF
    assert listing["filters"] == {"country": ["LB"]}
    assert listing["records"] == [
        {
            "id": "amal-haddad",
            "name": "Amal Haddad",
            "username": "أمل حداد",
            "languages": ["ar", "en"],
            "countries": ["LB"],
            "topics": ["censorship"],
            "groups": ["levant-chapter"],
            "home_projects": [],
            "media_contact": True,
            "roles": ["spokesperson"],
        }
    ]
    assert listing["columns"] == list(listing["records"][0])


def test_json_keeps_non_latin_text_unescaped(network: Path) -> None:
    result = ok(network, "list", "advocates", "--format", "json", "--lang", "ar")
    assert "أمل حداد" in result.stdout
    assert "\\u" not in result.stdout


def test_csv_has_a_header_and_one_row_per_record(network: Path) -> None:
    result = ok(network, "list", "advocates", "--format", "csv", "--lang", "he")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["id"] for row in rows] == ids(network, "advocates")
    noa = next(row for row in rows if row["id"] == "noa-levi")
    assert noa["name"] == "נועה לוי"
    assert noa["topics"] == "copyright; privacy"
    assert noa["media_contact"] == "false"
    amal = next(row for row in rows if row["id"] == "amal-haddad")
    assert amal["media_contact"] == "true"
    assert amal["roles"] == "spokesperson"
    priya = next(row for row in rows if row["id"] == "priya-deshmukh")
    assert priya["name"] == "प्रिया देशमुख"


def test_yaml_is_the_json_object(network: Path) -> None:
    as_json = ok(network, "list", "groups", "--format", "json").json()
    as_yaml = yaml.safe_load(ok(network, "list", "groups", "--format", "yaml").stdout)
    assert as_yaml == as_json
    assert as_yaml["records"][1]["countries"] == ["IL", "NO"]  # not false, even in YAML 1.1


def test_table_on_a_pipe_is_plain_and_has_every_script(network: Path) -> None:
    result = ok(network, "list", "advocates", "--lang", "zh-hans")
    assert "\x1b[" not in result.stdout
    assert "─" not in result.stdout
    for name in ("Amal Haddad", "Noa Levi", "प्रिया देशमुख", "陈静", "Ingrid Berg"):
        assert name in result.stdout
    assert result.stdout.splitlines()[-1] == f"5 advocates, as of {AS_OF}."


def test_table_falls_back_to_the_default_language(tmp_path: Path) -> None:
    files = {**FILES, "advoc.yaml": "advoc: 2\nname: Test\ndefault_language: he\n"}
    root = write_registry(tmp_path / "hebrew", files)
    result = ok(root, "list", "advocates", "--lang", "de")
    assert "נועה לוי" in result.stdout
    assert "أمل حداد" in result.stdout  # no name in Hebrew or German: the first one written
    assert "Amal Haddad" not in result.stdout
    roles = ok(root, "list", "roles", "--lang", "de")
    assert "Sprecherin" in roles.stdout


def _format_choices(command: str) -> list[str]:
    """The --format choices the command line offers."""
    built: Any = typer.main.get_command(build_app(command))
    [option] = [p for p in built.commands[command].params if p.name == "output_format"]
    return list(option.type.choices)


def test_table_on_a_terminal_fits_its_width(network: Path) -> None:
    assert list(_format_choices("list")) == list(FORMATS)
    loaded = load(network)
    for kind in KINDS:
        listing = list_records(loaded, Query(kind), date(2026, 6, 1), "en")
        for width in (50, 80, 120):
            table = to_table(listing, terminal=True, color=True, width=width)
            plain = to_table(listing, terminal=True, color=False, width=width)
            assert "\x1b[" in table or not listing.rows
            assert max(cell_len(line) for line in plain.splitlines()[:-1] or [""]) <= width


def test_empty_results_say_so_in_every_format(network: Path) -> None:
    args = ("list", "advocates", "--country", "FR")
    table = ok(network, *args)
    assert (
        table.stdout == f"No advocates matching country FR, as of {AS_OF}. Try fewer "
        "filters, or other values.\n"
    )
    assert ok(network, *args, "--format", "json").json()["records"] == []
    assert ok(network, *args, "--format", "csv").stdout.splitlines() == [
        "id,name,username,languages,countries,topics,groups,home_projects,media_contact,roles"
    ]
    assert yaml.safe_load(ok(network, *args, "--format", "yaml").stdout)["records"] == []


# --- the limited advocate never appears ---------------------------------------------------


@pytest.mark.parametrize("kind", [kind.plural for kind in KINDS.values()])
@pytest.mark.parametrize("output_format", ["table", "json", "yaml", "csv"])
def test_no_listing_names_the_limited_advocate(
    network: Path, kind: str, output_format: str
) -> None:
    result = ok(network, "list", kind, "--format", output_format)
    assert_no_secret(result.stdout)
    assert_no_secret(result.stderr)


def test_votes_and_feedback_by_the_limited_advocate_are_withheld(network: Path) -> None:
    decisions = ok(network, "list", "decisions", "--format", "json").json()["records"]
    assert "banner-lb" in [decision["id"] for decision in decisions]
    feedback = ok(network, "list", "feedback", "--format", "json").json()["records"]
    assert [item["id"] for item in feedback] == ["fb-amal"]


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize(
    "args", [(), ("--country", "IR"), ("--topic", "censorship"), ("--language", "fa")]
)
def test_who_never_names_the_limited_advocate(
    network: Path, output_format: str, args: tuple[str, ...]
) -> None:
    result = ok(network, "who", *args, "--format", output_format)
    assert_no_secret(result.stdout)


@pytest.mark.parametrize("kind", [kind.plural for kind in KINDS.values()])
@pytest.mark.parametrize("output_format", ["table", "json", "yaml", "csv"])
def test_project_registry_listings_leave_out_its_limited_advocate(
    kind: str, output_format: str
) -> None:
    result = run(
        "list", kind, "--registry", str(PROJECT), "--format", output_format, "--as-of", "2026-11-01"
    )
    assert result.exit_code == 0, result.stderr
    assert b"mena-advocate-2025" not in result.stdout.encode("utf-8")
    assert b"w-cyf72qteh9" not in result.stdout.encode("utf-8")
    assert "سرو سبز".encode() not in result.stdout.encode("utf-8")


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_project_registry_who_leaves_out_its_limited_advocate(output_format: str) -> None:
    for args in ((), ("--topic", "censorship"), ("--language", "fa")):
        result = run(
            "who",
            *args,
            "--registry",
            str(PROJECT),
            "--format",
            output_format,
            "--as-of",
            "2026-11-01",
        )
        assert result.exit_code == 0, result.stderr
        assert b"mena-advocate-2025" not in result.stdout.encode("utf-8")
        assert "سرو سبز".encode() not in result.stdout.encode("utf-8")


def test_project_registry_speakers_for_norway() -> None:
    result = run(
        "who",
        "--country",
        "NO",
        "--registry",
        str(PROJECT),
        "--as-of",
        "2026-11-01",
        "--format",
        "json",
    )
    found = result.json()["advocates"]
    assert [speaker["id"] for speaker in found] == ["sigrid-havnevik", "maret-siri"]
    assert found[0]["roles"][0]["granted_by"]["id"] == "2026-grant-sigrid-havnevik-spokesperson"


def test_an_unreadable_advocate_file_stops_public_listings(network: Path) -> None:
    (network / "registry/advocates/broken.yaml").write_text("id: [broken\n", encoding="utf-8")
    for args in (("list", "decisions"), ("who",)):
        result = advoc(network, *args)
        assert result.exit_code == 1
        assert "registry/advocates/broken.yaml" in result.stderr
        assert "advoc validate" in result.stderr
        assert result.stdout == ""


def test_output_naming_a_limited_advocate_elsewhere_is_withheld(tmp_path: Path) -> None:
    files = {
        **FILES,
        "rules/principles/transparency.yaml": (
            f"id: transparency\ntitle: Ask {SECRET_USER} about transparency\ntext: Public.\n"
        ),
    }
    root = write_registry(tmp_path / "leaky", files)
    result = advoc(root, "list", "principles")
    assert result.exit_code == 1
    assert "not printed" in result.stderr
    assert result.stdout == ""
    assert_no_secret(result.stderr)
    assert ok(root, "list", "roles").stdout  # other listings still work


# --- who ----------------------------------------------------------------------------------


def test_who_lists_active_public_facing_advocates_media_contacts_first(network: Path) -> None:
    # priya's steward role is not public-facing; chen's role has ended
    assert speakers(network) == ["amal-haddad", "ingrid-berg", "noa-levi"]


def test_who_orders_by_name_after_media_contacts(network: Path) -> None:
    names = [
        speaker["name"]
        for speaker in ok(network, "who", "--format", "json", "--lang", "he").json()["advocates"]
    ]
    assert names == ["Amal Haddad", "Ingrid Berg", "נועה לוי"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--country", "LB"), ["amal-haddad"]),
        (("--country", "LB", "--country", "IL"), ["amal-haddad", "noa-levi"]),
        (("--topic", "copyright"), ["ingrid-berg", "noa-levi"]),
        (("--topic", "privacy"), []),  # noa's role is scoped to copyright
        (("--country", "NO"), ["ingrid-berg"]),
        (("--country", "SE"), ["ingrid-berg"]),  # her spokesperson role's scope
        (("--project", "svwiki"), ["ingrid-berg"]),
        (("--project", "nowiki"), ["ingrid-berg"]),  # her advocate role has no project scope
        (("--language", "ar", "--country", "LB"), ["amal-haddad"]),
        (("--language", "ar", "--country", "IL"), []),
    ],
)
def test_who_filters(network: Path, args: tuple[str, ...], expected: list[str]) -> None:
    assert speakers(network, *args) == expected


def test_who_shows_only_the_roles_that_authorise_for_the_filter(network: Path) -> None:
    for country, role, decision in (
        ("SE", "spokesperson", "grant-ingrid-spokesperson"),
        ("NO", "advocate", "grant-ingrid"),
    ):
        result = ok(network, "who", "--country", country, "--format", "json").json()
        (ingrid,) = result["advocates"]
        assert [mandate["role"] for mandate in ingrid["roles"]] == [role]
        assert ingrid["roles"][0]["granted_by"]["id"] == decision
        assert ingrid["roles"][0]["granted_by"]["status"] == "adopted"


def test_who_text_names_contacts_roles_and_decisions(network: Path) -> None:
    text = ok(network, "who", "--country", "LB", "--lang", "ar").stdout
    assert "أمل حداد (User:أمل حداد)" not in text  # the username is shown only if it differs
    assert "أمل حداد, media contact" in text
    assert "contact (wiki): User talk:أمل حداد" in text
    assert "speaks as Spokesperson (since 2026-01-01, until 2027-01-01) for countries LB" in text
    assert (
        "authorised by decision grant-amal: Grant Amal the spokesperson role "
        "(adopted, closed 2025-12-10)" in text
    )
    german = ok(network, "who", "--country", "LB", "--lang", "de").stdout
    assert "speaks as Sprecherin" in german


def test_who_json_shape(network: Path) -> None:
    result = ok(network, "who", "--topic", "copyright", "--format", "json").json()
    assert result["format"] == 1
    assert result["as_of"] == AS_OF
    assert result["filters"] == {"topic": ["copyright"]}
    assert result["unmatched"] == []
    noa = result["advocates"][1]
    assert noa["contact"] == [{"channel": "mailing-list", "target": "advocacy@lists.example.org"}]
    assert noa["roles"][0]["scope"] == {"topics": ["copyright"]}


def test_who_empty_result_names_the_filter_that_matched_nothing(network: Path) -> None:
    result = ok(network, "who", "--country", "FR", "--topic", "copyright")
    assert "No advocate speaks for the network on country FR and topic copyright" in result.stdout
    assert "Nothing matched country FR" in result.stdout
    data = ok(network, "who", "--country", "FR", "--topic", "copyright", "--format", "json")
    assert data.json()["unmatched"] == [{"filter": "country", "value": "FR"}]


def test_who_empty_result_when_filters_match_only_apart(network: Path) -> None:
    result = ok(network, "who", "--country", "LB", "--topic", "copyright")
    assert "no one matches them all together" in result.stdout


def test_who_bad_country_is_a_usage_error(network: Path) -> None:
    result = advoc(network, "who", "--country", "Lebanon")
    assert result.exit_code == 2
    assert "'Lebanon' is not a country code" in result.stderr


@pytest.mark.parametrize("command", ["list", "who"])
def test_help_has_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"advoc {command} " in result.stdout


def test_a_public_namesake_of_a_limited_advocate_is_still_listed(tmp_path: Path) -> None:
    """Two people may share a name: the guard must not hide the public one, and
    must still stop the limited one's id."""
    namesake = FILES["registry/advocates/priya-deshmukh.yaml"].replace(
        "name: प्रिया देशमुख", f"name: {SECRET_USER}"
    )
    files = {**FILES, "registry/advocates/priya-deshmukh.yaml": namesake}
    root = write_registry(tmp_path / "namesake", files)
    listing = ok(root, "list", "advocates", "--format", "csv").stdout
    assert f"priya-deshmukh,{SECRET_USER},Priya D" in listing
    assert SECRET_ID not in listing
    files["rules/principles/transparency.yaml"] = (
        f"id: transparency\ntitle: Transparency\ntext: See {SECRET_ID}.\n"
    )
    leaky = write_registry(tmp_path / "leaky-id", files)
    assert advoc(leaky, "list", "principles", "--format", "yaml").exit_code == 0  # text not listed
    titled = {
        **files,
        "rules/principles/transparency.yaml": f"id: transparency\ntitle: {SECRET_ID}\ntext: x\n",
    }
    result = advoc(write_registry(tmp_path / "titled", titled), "list", "principles")
    assert result.exit_code == 1
    assert result.stdout == ""


def test_the_public_registry_copies_only_what_it_changes(network: Path) -> None:
    """Records are read-only: an untouched record is shared, and a record the
    public view edits is a copy, so the loaded registry keeps its own data."""
    loaded = load(network)
    public = public_registry(loaded)
    assert public.get("advocate", "amal-haddad") is not None
    assert public.get("advocate", "amal-haddad").data is loaded.get("advocate", "amal-haddad").data  # type: ignore[union-attr]
    banner = public.get("decision", "banner-lb")
    original = loaded.get("decision", "banner-lb")
    assert banner is not None and original is not None
    votes = {vote.data["user"]: vote for vote in public.of_kind("vote")}
    assert set(votes) == {WITHHELD, "Noa Levi"}
    assert "comment" not in votes[WITHHELD].data
    names = json.dumps([(vote.id, vote.file) for vote in public.of_kind("vote")])
    assert "hidden" not in names.lower()  # a vote's file is named after its voter
    assert {vote.data["user"] for vote in loaded.of_kind("vote")} == {SECRET_USER, "Noa Levi"}
    assert original.data["proposer"] == SECRET_USER.replace(" ", "_")
    assert public.get("advocate", SECRET_ID) is None


def test_a_removal_the_public_view_leaves_out_still_ends_a_role(tmp_path: Path) -> None:
    """One decision removed the roles of Noa and of the hidden advocate: it is not
    listed, but Noa no longer holds her role."""
    removal = (
        "id: remove-two\ntitle: Remove two roles\ntype: role-removal\nprocess: role-grant\n"
        "status: adopted\nopened: 2026-04-20T10:00:00Z\nclosed: 2026-05-01T10:00:00Z\n"
        f"subjects:\n  advocates: [noa-levi, {SECRET_ID}]\n  roles: [advocate]\n"
    )
    noa = FILES["registry/advocates/noa-levi.yaml"] + "    ended_by: remove-two\n"
    files = {
        **FILES,
        "registry/decisions/remove-two.yaml": removal,
        "registry/advocates/noa-levi.yaml": noa,
    }
    root = write_registry(tmp_path / "removal", files)
    assert "remove-two" not in ids(root, "decisions")
    assert "noa-levi" not in ids(root, "advocates", "--role", "advocate")
    assert "noa-levi" in ids(root, "advocates", "--role", "advocate", "--active-on", "2026-04-30")
    assert "noa-levi" not in speakers(root)
    noa_row = ok(root, "list", "advocates", "--format", "json").json()["records"][3]
    assert (noa_row["id"], noa_row["roles"]) == ("noa-levi", [])


# --- snapshots of the project's registry ---------------------------------------------------

LIST_SNAPSHOTS = SNAPSHOTS / "list"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("list-advocates.txt", ("list", "advocates")),
        (
            "list-advocates-spokesperson.csv",
            ("list", "advocates", "--role", "spokesperson", "--format", "csv"),
        ),
        (
            "list-decisions-blackout.txt",
            ("list", "decisions", "--type", "blackout", "--sort", "opened"),
        ),
        ("who-country-no.txt", ("who", "--country", "NO")),
        ("who-topic-censorship.json", ("who", "--topic", "censorship", "--format", "json")),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_project_registry_snapshot(name: str, args: tuple[str, ...]) -> None:
    """Rewrite after an intended change with ADVOC_BLESS=1, and review the diff."""
    result = run(*args, "--registry", str(PROJECT), "--as-of", "2026-11-01")
    assert result.exit_code == 0, result.stderr
    assert_snapshot(LIST_SNAPSHOTS / name, result.stdout)


def test_an_unreadable_decision_is_left_out_with_a_note(network: Path) -> None:
    (network / "registry/decisions/broken-one.yaml").write_text("id: [x\n", encoding="utf-8")
    result = ok(network, "list", "decisions", "--format", "json")
    assert "broken-one" not in result.stdout
    assert "grant-amal" in result.stdout
    assert "1 file of the registry could not be read and is left out" in result.stderr
    assert "broken-one" not in result.stderr  # a count, never a name
    assert "advoc validate" in ok(network, "who").stderr


def test_readme_documents_every_column() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    for kind, columns in COLUMNS.items():
        row = f"| {kind} | " + ", ".join(f"`{column}`" for column in columns) + " |"
        assert row in readme, f"README.md does not list the columns of {kind} as {row}"


def test_a_grant_that_also_names_a_hidden_advocate_is_withheld(tmp_path: Path) -> None:
    grant = FILES["registry/decisions/grant-ingrid-spokesperson.yaml"].replace(
        "advocates: [ingrid-berg]", f"advocates: [ingrid-berg, {SECRET_ID}]"
    )
    files = {**FILES, "registry/decisions/grant-ingrid-spokesperson.yaml": grant}
    root = write_registry(tmp_path / "shared-grant", files)
    (ingrid,) = ok(root, "who", "--country", "SE", "--format", "json").json()["advocates"]
    assert ingrid["roles"][0]["granted_by"] == {
        "id": None,  # a decision's id often holds the name of the advocate it names
        "title": None,
        "status": None,
        "closed": None,
        "withheld": True,
    }
    text = ok(root, "who", "--country", "SE").stdout
    assert "authorised by a decision that is not public" in text
    assert "grant-ingrid-spokesperson" not in text
    assert_no_secret(text)
    shown = ok(root, "who", "--country", "NO", "--format", "json").json()["advocates"][0]
    assert shown["roles"][0]["granted_by"]["withheld"] is False
