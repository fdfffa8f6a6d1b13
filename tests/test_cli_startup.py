"""
The command line imports only what the command being run needs.

``conflict-events --help`` and a usage error of the main parser import no
command module and none of the heavy layers (model, format registry,
reasoning, ...): `conflict_events.cli.build_parser` registers only the
command named on the command line, listing the others by their line of help
from `conflict_events.commands.COMMANDS`. These tests hold the light parser to
the fully built one (every ``COMMAND --help``, the main ``--help``, what any
command line parses to) and the light tables (command lines, format names) to
what they stand for. Nothing here is timed: what is imported is checked.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import subprocess
import sys
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import _format_names
from conflict_events import generate as generator
from conflict_events.cli import build_parser, main
from conflict_events.commands import COMMANDS, _common, generate, load
from conflict_events.formats import files
from conflict_events.formats.registry import FORMATS, readable, writable
from conflict_events.model import SCHEMA_VERSION

#: What ``--help`` and a usage error must not import: each command's heavy dependencies.
HEAVY = (
    "conflict_events.model",
    "conflict_events.formats.registry",
    "conflict_events.formats.documents",
    "conflict_events.reasoning",
    "conflict_events.matching",
    "conflict_events.plot",
    "conflict_events.temporal.resolve",
)

#: Words a command line is drawn from, beside the command names.
TOKENS = ("nope", "-q", "-v", "--format", "json", "x.json", "-", "--", "--from", "jsonl")
TOKENS += ("--to", "--reference", "2017-02-04", "last June")

#: Runs ``main(argv)`` in a fresh interpreter; prints its exit code and what it imported.
_PROBE = """
import json, sys
from conflict_events.cli import main

try:
    code = main(json.loads(sys.argv[1]))
except SystemExit as exit_:
    code = exit_.code
loaded = sorted(name for name in sys.modules if name.startswith("conflict_events"))
print(json.dumps({"code": code, "loaded": loaded}))
"""


def _probe(argv: Sequence[str]) -> tuple[int, list[str]]:
    """(exit code, conflict_events modules imported) of ``main(argv)`` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(argv))],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    return found["code"], found["loaded"]


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:  # type: ignore[type-arg]
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return action


def _heavy(loaded: list[str]) -> list[str]:
    return [name for name in loaded if any(name == h or name.startswith(f"{h}.") for h in HEAVY)]


class TestWhatStartingImports:
    @pytest.mark.parametrize(
        ("argv", "code"),
        [
            (["--help"], 0),
            (["-h"], 0),
            (["nope"], 2),  # an unknown command
            ([], 2),  # no command
            (["--bogus"], 2),  # an unknown option of the main parser
        ],
    )
    def test_help_and_usage_errors_import_no_command(self, argv: list[str], code: int) -> None:
        """The main --help and its usage errors load no command module, nor what one needs."""
        status, loaded = _probe(argv)
        assert status == code
        assert _heavy(loaded) == []
        commands = [name for name in loaded if name.startswith("conflict_events.commands.")]
        assert commands == ["conflict_events.commands._common"]

    def test_the_probe_sees_heavy_imports(self) -> None:
        """Running a command loads its dependencies: the check above can fail."""
        status, loaded = _probe(["info", "--format", "xml", "x.json"])
        assert status == 2
        assert "conflict_events.commands.info" in loaded
        status, loaded = _probe(["schema"])
        assert status == 0
        assert "conflict_events.model" in _heavy(loaded)


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


class TestTheLightParserIsTheFullOne:
    def test_every_command_help_is_the_full_parsers(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """``conflict-events COMMAND --help`` prints what the fully built parser prints."""
        full = _subparsers(build_parser()).choices
        assert list(full) == list(COMMANDS)
        for name in COMMANDS:
            assert _help([name, "--help"], capsys) == full[name].format_help(), name

    def test_the_main_help_is_the_full_parsers(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The main --help lists every command with the same line as the full parser."""
        assert _help(["--help"], capsys) == build_parser().format_help()
        assert build_parser([]).format_help() == build_parser().format_help()

    def test_the_version_is_computed_when_asked(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the program's version and the document format it writes."""
        text = _help(["--version"], capsys)
        assert text.startswith("conflict-events ")
        assert text.endswith(f" (document format {SCHEMA_VERSION})\n")

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.sampled_from([*COMMANDS, *TOKENS]),
            max_size=6,
        )
    )
    def test_any_command_line_parses_as_with_the_full_parser(self, argv: list[str]) -> None:
        """The parser built for *argv* parses it as the full one does: same values, same errors."""

        def parsed(parser: argparse.ArgumentParser) -> tuple[object, str]:
            error = io.StringIO()
            with contextlib.redirect_stderr(error):
                try:
                    result: object = vars(parser.parse_args(argv))
                except SystemExit as exit_:
                    result = exit_.code
            return result, error.getvalue()

        assert parsed(build_parser(argv)) == parsed(build_parser())


class TestTheLightTables:
    def test_each_command_registers_its_line_of_the_table(self) -> None:
        """Each module adds its own command, with the help line `COMMANDS` lists for it."""
        for name, command in COMMANDS.items():
            parser = argparse.ArgumentParser()
            subparsers = parser.add_subparsers()
            load(name).register(subparsers)
            assert list(subparsers.choices) == [name]
            [line] = subparsers._choices_actions
            assert line.help == command.help, name
            assert _common.plain(command.help) == command.help  # listed as it is written

    def test_the_full_parser_lists_the_table(self) -> None:
        """The fully built parser lists every command with its line from the table."""
        lines = {a.dest: a.help for a in _subparsers(build_parser())._choices_actions}
        assert lines == {name: command.help for name, command in COMMANDS.items()}

    def test_the_format_names_are_the_registrys(self) -> None:
        """Names, order, suffixes and abilities of `_format_names` are those of `FORMATS`."""
        assert tuple(FORMATS) == _format_names.NAMES
        assert {name: entry.suffixes for name, entry in FORMATS.items()} == _format_names.SUFFIXES
        assert _format_names.READABLE == readable() == files.READ_FORMATS
        assert _format_names.WRITABLE == writable() == files.WRITE_FORMATS
        assert tuple(n for n, entry in FORMATS.items() if entry.streams) == _format_names.STREAMED

    def test_the_document_format_version_is_the_models(self) -> None:
        """The copy of the document format version the command list shows is the model's."""
        assert _format_names.DOCUMENT_FORMAT_VERSION == SCHEMA_VERSION

    def test_generate_names_writers_of_the_streamed_formats(self) -> None:
        """
        Each format ``generate`` offers names a function of `conflict_events.generate`.

        Those that stream, and JSON, whose document is built in memory.
        """
        assert set(generate.WRITERS) == {*_format_names.STREAMED, "json"}
        for function in generate.WRITERS.values():
            assert callable(getattr(generator, function))
