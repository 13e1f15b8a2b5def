"""The command itself: each run builds only the command it runs."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from advoc.cli.app import COMMANDS, build


@pytest.mark.parametrize("name", [*COMMANDS, "propose vote"])
def test_a_command_built_alone_is_the_command_of_the_whole_app(name: str) -> None:
    """`advoc NAME` builds only NAME (start-up time); its options, help and
    behaviour must be those `advoc --help` leads to."""
    words = name.split()
    runner = CliRunner()
    alone = runner.invoke(build(words[0]), [*words, "--help"], terminal_width=100)
    whole = runner.invoke(build(), [*words, "--help"], terminal_width=100)
    assert alone.exit_code == whole.exit_code == 0
    assert f"Usage: advoc {name}" in alone.stdout
    assert alone.stdout == whole.stdout


def test_an_unknown_command_is_suggested_from_every_command() -> None:
    result = CliRunner().invoke(build(), ["histroy"])
    assert result.exit_code == 2
    assert "history" in result.stderr
