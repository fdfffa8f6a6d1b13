"""docs/cli.md documents every command and option the parser has, and every exit status."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from conflict_events.cli import build_parser

DOC = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_has_a_section_naming_its_options(name: str) -> None:
    """Each subcommand has its ``## name`` section; each of its long options is in the page."""
    assert re.search(rf"^## {re.escape(name)}$", DOC, re.MULTILINE)
    options = {
        option
        for action in _commands()[name]._actions
        for option in action.option_strings
        if option.startswith("--")
    }
    missing = sorted(option for option in options if not re.search(rf"`[^`]*{option}\b", DOC))
    assert missing == []


def test_every_exit_status_is_in_the_table() -> None:
    """The exit status table gives 0, 1, 2 and 130, as every command's --help does."""
    table = re.findall(r"^\| (\d+)[^|]* \|", DOC, re.MULTILINE)
    assert {"0", "1", "2", "130"} <= set(table)
    help_text = _commands()["validate"].format_help()
    for status in ("0", "1", "2", "130"):
        assert re.search(rf"^  {status} ", help_text, re.MULTILINE)
