"""The built wheel works on its own: schemas and default rules travel inside it."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import GIT_ENV, PROJECT


def _run(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with advoc installed from its wheel: the bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    built = _run(
        sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", work / "dist",
        PROJECT, cwd=work,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next((work / "dist").glob("advoc-*.whl"))
    # the wheel's dependencies come from the lock, as the tests' own do: with hashes
    # pip checks every requirement, so the wheel is named with its own
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    requirements = work / "requirements.txt"
    requirements.write_text(
        f"-r {PROJECT / 'requirements' / 'test.txt'}\n"
        f"advoc @ {wheel.as_uri()} --hash=sha256:{digest}\n"
    )
    venv.create(work / "env", with_pip=True)
    bin_dir = work / "env" / "bin"
    installed = _run(bin_dir / "pip", "install", "--quiet", "-r", requirements, cwd=work)
    assert installed.returncode == 0, installed.stderr[-2000:]
    return bin_dir


def test_wheel_ships_schemas_and_rules(installed_wheel: Path, tmp_path: Path) -> None:
    listing = _run(
        installed_wheel / "python",
        "-c",
        "import advoc.load.resources as r; print(r.shipped('schemas')); print(r.shipped('rules'))",
        cwd=tmp_path,
    )
    assert listing.returncode == 0, listing.stderr
    assert "site-packages/advoc/_data/schemas" in listing.stdout
    assert "site-packages/advoc/_data/rules" in listing.stdout


def test_init_and_validate_from_an_unrelated_folder(installed_wheel: Path, tmp_path: Path) -> None:
    env = {**os.environ, **GIT_ENV, "HOME": str(tmp_path)}
    env.pop("ADVOC_REGISTRY", None)
    advoc = installed_wheel / "advoc"
    created = _run(advoc, "init", "network", cwd=tmp_path, env=env)
    assert created.returncode == 0, created.stderr
    assert (tmp_path / "network" / "rules" / "processes").is_dir()
    log = _run("git", "log", "--oneline", cwd=tmp_path / "network", env=env)
    assert len(log.stdout.splitlines()) == 1
    checked = _run(advoc, "validate", cwd=tmp_path / "network", env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No problems found" in checked.stdout
    version = _run(advoc, "--version", cwd=tmp_path, env=env)
    assert version.stdout.startswith("advoc ")


def test_the_wheel_exports_a_site_and_ships_the_export_schema(
    installed_wheel: Path, tmp_path: Path
) -> None:
    env = {**os.environ, **GIT_ENV, "HOME": str(tmp_path)}
    env.pop("ADVOC_REGISTRY", None)
    advoc = installed_wheel / "advoc"
    assert _run(advoc, "init", "network", cwd=tmp_path, env=env).returncode == 0
    exported = _run(advoc, "export", "--format", "html", cwd=tmp_path / "network", env=env)
    assert exported.returncode == 0, exported.stderr
    site = tmp_path / "network" / "site"
    assert "border-collapse" in (site / "style.css").read_text(encoding="utf-8")
    assert (site / "en" / "rules" / "principles.html").is_file()
    schema = _run(advoc, "schema", "export", cwd=tmp_path, env=env)
    assert schema.returncode == 0 and '"advoc_export"' in schema.stdout
