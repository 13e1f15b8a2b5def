"""The private part of the registry: advocates whose safety requires it live in a
second repository; the public one holds opaque ids, and no public output, file or
new commit names them.

Real repositories in temporary folders, the real CLI; every public byte is
searched for every spelling a wiki reads as their name.
"""

from __future__ import annotations

import json
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import ADVOC, CASES, git, make_repo, run

from advoc.model.public import spellings, wiki_key

NAME = "Grace Hopper"
SECRETS = ("grace hopper", "grace_hopper", "grace-hopper", "gracehopper")


@pytest.fixture
def limited(tmp_path: Path) -> Path:
    """The complete registry, with Grace Hopper (a voter, proposer and closer of
    grant-ada) of limited visibility, in a public repository."""
    root = make_repo(CASES / "positive" / "complete-registry", tmp_path / "public")
    record = root / "registry/advocates/grace-hopper.yaml"
    record.write_text(record.read_text().replace("languages:", "visibility: limited\nlanguages:"))
    git(root, "commit", "--quiet", "--no-verify", "-am", "Grace's visibility is limited")
    return root


def public_bytes(root: Path, revision: str) -> str:
    """Every file of the public tree at `revision`, and what its newest commit added."""
    files = git(root, "ls-tree", "-r", "--name-only", revision).split()
    text = [git(root, "show", f"{revision}:{path}") for path in files]
    message = git(root, "show", "--no-patch", "--format=%B", revision)
    # What the commit adds; what it removes is the history the user was told about.
    diff = git(root, "diff", f"{revision}~1", revision).splitlines()
    added = [line for line in diff if line.startswith("+") and not line.startswith("+++")]
    return "\n".join([*files, *text, message, *added])


def assert_names_nobody(text: str) -> None:
    folded = unicodedata.normalize("NFC", text).casefold()
    for secret in SECRETS:
        assert secret not in folded, secret


def test_migrate_moves_the_limited_advocate_out_and_names_them_nowhere(
    limited: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = git(limited, "rev-parse", "HEAD")
    private = limited.parent / "private"
    result = run("private", "migrate", "--to", str(private), "--registry", str(limited))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "git filter-repo" in result.stdout  # the history it keeps, said plainly
    assert git(limited, "rev-parse", "HEAD") == head  # the checkout is not touched
    assert git(limited, "status", "--porcelain") == ""
    assert_names_nobody(public_bytes(limited, "private-migrate"))
    withheld = git(limited, "show", "private-migrate:registry/withheld.yaml")
    [opaque] = [line.split("- ")[1] for line in withheld.splitlines() if line.startswith("  - ")]
    # The private side: one commit, the full record under the opaque id.
    record = git(private, "show", f"HEAD:registry/advocates/{opaque}.yaml")
    assert NAME in record and "visibility: limited" in record
    # Grace's vote follows her: the opaque id as voter, and a file named for it.
    votes = git(limited, "ls-tree", "-r", "--name-only", "private-migrate", "registry/votes")
    assert any(f"/{opaque}-" in path for path in votes.split())
    git(limited, "checkout", "--quiet", "private-migrate")
    assert run("validate", "--registry", str(limited), "--as-of", "2026-06-01").exit_code == 0
    monkeypatch.setenv("ADVOC_PRIVATE", str(private))
    full = run("validate", "--registry", str(limited), "--as-of", "2026-06-01", "--format", "json")
    assert full.exit_code == 0, full.stdout
    assert full.json()["summary"]["records"] == 21  # the private record is checked too
    listed = run("list", "advocates", "--registry", str(limited))
    assert NAME in listed.stdout and "PRIVATE" in listed.stderr


def test_public_outputs_never_carry_the_private_part(
    limited: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = limited.parent / "private"
    assert (
        run("private", "migrate", "--to", str(private), "--registry", str(limited)).exit_code == 0
    )
    git(limited, "checkout", "--quiet", "private-migrate")
    monkeypatch.setenv("ADVOC_PRIVATE", str(private))  # present, and never exported
    outputs = []
    for output_format in ("html", "json", "csv", "wikitext"):
        out = tmp_path / f"out-{output_format}"
        result = run("export", "--format", output_format, "--out", str(out), "--registry",
                     str(limited), "--as-of", "2026-06-01")  # fmt: skip
        assert result.exit_code == 0, result.stderr
        outputs += [path.read_text(encoding="utf-8") for path in out.rglob("*") if path.is_file()]
    monkeypatch.delenv("ADVOC_PRIVATE")
    commands = (
        ("who",),
        ("list", "advocates", "--format", "json"),
        ("list", "votes"),
        ("show", "decision/grant-ada"),
        ("status", "--as-of", "2026-01-08"),
    )
    for command in commands:
        result = run(*command, "--registry", str(limited))
        assert result.exit_code == 0, result.stderr
        outputs.append(result.stdout + result.stderr)
    assert_names_nobody("\n".join(outputs))


def test_a_failed_migration_leaves_both_repositories_as_they_were(limited: Path) -> None:
    private = limited.parent / "private"
    private.mkdir()
    (private / "notes.txt").write_text("someone's files, not a repository\n")
    refs = git(limited, "for-each-ref")
    result = run("private", "migrate", "--to", str(private), "--registry", str(limited))
    assert result.exit_code in (1, 2) and "Traceback" not in result.stderr
    assert git(limited, "for-each-ref") == refs
    assert sorted(path.name for path in private.iterdir()) == ["notes.txt"]
    inside = run("private", "migrate", "--to", str(limited / "private"), "--registry",
                 str(limited))  # fmt: skip
    assert inside.exit_code in (1, 2) and git(limited, "for-each-ref") == refs


@pytest.mark.parametrize(
    "spelling", ["Grace Hopper", "grace Hopper", "Grace_Hopper", "grace_Hopper", "Grace%20Hopper"]
)
def test_the_last_guard_knows_every_spelling_a_wiki_reads_as_the_name(spelling: str) -> None:
    found = spellings(NAME)
    assert spelling.replace("%20", "_") in found or spelling in {
        text.replace("_", "%20") for text in found
    }


def test_decomposed_characters_are_the_same_name() -> None:
    composed = "Zoë Ünal"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert wiki_key(decomposed) == wiki_key(composed)
    assert decomposed in spellings(composed) and composed.replace(" ", "_") in spellings(composed)


def test_a_decision_whose_title_names_a_limited_advocate_is_refused(limited: Path) -> None:
    refs = git(limited, "for-each-ref")
    result = run(
        "propose", "decision", "--type", "role-grant", "--process", "role-grant",
        "--title", "Grant grace_Hopper the spokesperson role", "--advocate", "grace-hopper",
        "--role", "spokesperson", "--as", "Ada Lovelace", "--registry", str(limited),
    )  # fmt: skip
    assert result.exit_code == 1 and "names an advocate whose visibility is limited" in (
        result.stderr
    )
    assert git(limited, "for-each-ref") == refs


def test_a_decision_about_a_withheld_advocate_gets_an_id_of_no_one(limited: Path) -> None:
    private = limited.parent / "private"
    assert (
        run("private", "migrate", "--to", str(private), "--registry", str(limited)).exit_code == 0
    )
    git(limited, "checkout", "--quiet", "private-migrate")
    opaque = git(limited, "show", "HEAD:registry/withheld.yaml").split("- ")[-1].strip()
    result = run(
        "propose", "decision", "--type", "role-removal", "--process", "role-grant",
        "--title", "Remove a role", "--advocate", opaque, "--role", "spokesperson",
        "--as", "Ada Lovelace", "--registry", str(limited), "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    [path] = [p for p in result.json()["files"] if p.startswith("registry/decisions/")]
    assert "grace" not in path and opaque[2:] not in path.removeprefix("registry/decisions/")[:5]


def test_output_to_a_full_device_is_one_clear_line(tmp_path: Path) -> None:
    assert ADVOC, "advoc is not installed"
    root = CASES / "positive" / "complete-registry"
    with open("/dev/full", "w") as full:
        ended = subprocess.run(
            [ADVOC, "list", "advocates", "--registry", str(root)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert ended.returncode == 2
    assert ended.stderr.strip().splitlines() == [
        "advoc: could not write the output: No space left on device."
    ]


def test_new_id_is_made_from_nothing() -> None:
    result = run("private", "new-id")
    assert result.exit_code == 0
    made = result.stdout.strip()
    assert made.startswith("w-") and len(made) == 12 and json.dumps(made)
