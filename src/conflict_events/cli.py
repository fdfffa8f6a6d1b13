"""
The ``conflict-events`` command line.

Each subcommand lives in its own module under `conflict_events.commands` and
provides ``register(subparsers)``; the parser registers only the command it
is asked to run and lists the others by their line of help
(`conflict_events.commands.COMMANDS`), so that ``--help`` or a mistyped
command imports no command's dependencies. This module only dispatches, and turns
every fault into lines on standard error in one place (`main`). Exit codes: 0
success, 1 invalid data or a file that cannot be written (every error printed,
one per line, ``error: PATH: reason``), 2 usage error or an input that cannot
be read (`conflict_events.formats.files.InputError`: missing, unreadable, ``-``
without its format), 130 on Ctrl-C, 128 + N on signal N (SIGTERM, SIGHUP). A
bad input never ends in a traceback. Every subcommand gets ``-q``/``-v`` and
the exit codes in its help from `conflict_events.commands._common`.

SIGTERM and SIGHUP (unless ignored, as under ``nohup``) raise `Terminated`
while a command runs, so the clean-up of every writer runs as for Ctrl-C: no
temporary file or directory is left behind.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import Any

from conflict_events import commands
from conflict_events.commands import COMMANDS, _common
from conflict_events.errors import ConflictEventsError, ValidationError

__all__ = ["Terminated", "main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: The signals that end a command as Ctrl-C does, clean-up included.
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(BaseException):
    """Raised in the main thread when the process gets SIGTERM or SIGHUP during a command."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, _frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Make SIGTERM and SIGHUP raise `Terminated` in the block; ignored signals stay ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for number in _SIGNALS:
        if signal.getsignal(number) is signal.SIG_DFL:
            previous[number] = signal.signal(number, _terminate)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def _os_error(error: OSError) -> str:
    """``PATH: reason`` for a file that cannot be read or written."""
    reason = error.strerror or str(error)
    return reason if error.filename is None else f"{error.filename}: {reason}"


def _version_text() -> str:
    """``conflict-events X (document format Y)``: what ``--version`` prints."""
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    from conflict_events.model import SCHEMA_VERSION  # noqa: PLC0415

    try:
        program = version("conflict-events")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree without install
        program = "unknown"
    return f"conflict-events {program} (document format {SCHEMA_VERSION})"


class _Version(argparse._VersionAction):  # noqa: SLF001 - its printing, with a lazy text
    """``--version``: its text (`_version_text`) is computed only when it is given."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        self.version = _version_text()
        super().__call__(parser, namespace, values, option_string)


def _command_name(argv: Sequence[str]) -> str | None:
    """
    The command *argv* names: its first argument that is not an option, if any.

    The main parser takes no option with a value, so that argument is the one
    argparse reads as COMMAND.
    """
    return next((argument for argument in argv if not argument.startswith("-")), None)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """
    The argument parser; with *argv*, only the command it names is registered whole.

    The other commands are listed by their line of help (`COMMANDS`) without
    their options, so that their modules are not imported. Without *argv*
    every command is registered whole (shell completion, tests and docs).
    ``COMMAND --help`` prints the same either way.
    """
    parser = argparse.ArgumentParser(
        prog="conflict-events",
        description="Typed conflict-event data: validate, convert, and ask who held what, when.",
    )
    parser.add_argument(
        "--version",
        action=_Version,
        help="print the program's version and the document format it writes, then exit",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = None if argv is None else _command_name(argv)
    for name, command in COMMANDS.items():
        if argv is None or name == wanted:
            commands.load(name).register(subparsers)
        else:
            subparsers.add_parser(name, help=command.help)
    for name, subparser in subparsers.choices.items():
        _common.finish(subparser)
        _plain_listing(subparsers, name)
    return parser


def _plain_listing(subparsers: argparse._SubParsersAction[Any], name: str) -> None:
    """The line of *name* in the main ``--help``, in plain text too."""
    for action in subparsers._choices_actions:  # noqa: SLF001 - no public way
        if action.dest == name:
            action.help = _common.plain(action.help)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    given = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(given)
    try:
        arguments = parser.parse_args(given)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    with _signals_raise():
        return _run(arguments)


def _command(arguments: argparse.Namespace) -> int:
    """
    Run the command, its output going to ``-o FILE`` when given.

    FILE is written whole, through the atomic writer, once the command has
    returned (whatever its exit code: a validate report of errors is output
    too); a command that raises leaves FILE as it was.
    """
    target = getattr(arguments, "output_file", None)
    if target is None or target == "-":
        return int(arguments.run(arguments))
    from conflict_events.formats.atomic import atomic_path  # noqa: PLC0415 - only with -o FILE

    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        code = int(arguments.run(arguments))
    with atomic_path(target) as temporary:
        temporary.write_text(captured.getvalue(), encoding="utf-8")
    return code


def _input_name(arguments: argparse.Namespace) -> str | None:
    """The one input a command read (``convert``'s IN, the PATH of the others), if it has one."""
    for name in ("input", "path"):
        value = getattr(arguments, name, None)
        if isinstance(value, str):
            return value
    return None


def _unreadable(error: ConflictEventsError) -> bool:
    """True for an input that cannot be read at all (an `InputError`): a usage error."""
    from conflict_events.formats.files import InputError  # noqa: PLC0415 - not for --help

    return isinstance(error, InputError)


def _run(arguments: argparse.Namespace) -> int:
    """Run the command; every fault it raises becomes lines on standard error and an exit code."""
    try:
        code = _command(arguments)
        try:
            sys.stdout.flush()
        except OSError as error:
            if error.filename is None:
                error.filename = "standard output"
            raise
    except ValidationError as error:
        name = _input_name(arguments)
        for detail in error.errors:
            placed = detail.at(file=name) if name is not None and detail.file is None else detail
            print(f"error: {placed}", file=sys.stderr)
        return EXIT_INVALID
    except ConflictEventsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE if _unreadable(error) else EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated as stop:
        print(f"terminated ({signal.Signals(stop.signum).name})", file=sys.stderr)
        return 128 + stop.signum
    except BrokenPipeError:
        return EXIT_OK
    except OSError as error:
        print(f"error: {_os_error(error)}", file=sys.stderr)
        return EXIT_INVALID
    return code
