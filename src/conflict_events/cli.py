"""
The ``conflict-events`` command line.

Each subcommand lives in its own module under `conflict_events.commands` and
provides ``register(subparsers)``; this module only dispatches. Exit codes: 0
success, 1 invalid input (every error printed, one per line), 2 usage error.
A bad input never ends in a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from conflict_events.commands import COMMANDS
from conflict_events.errors import ConflictEventsError, ValidationError

__all__ = ["main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="conflict-events",
        description="Typed conflict-event data: validate, convert, and ask who held what, when.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return int(arguments.run(arguments))
    except ValidationError as error:
        for detail in error.errors:
            print(f"error: {detail}", file=sys.stderr)
        return EXIT_INVALID
    except ConflictEventsError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
