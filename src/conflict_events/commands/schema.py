"""``conflict-events schema``: print the JSON Schema of the dataset document."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from conflict_events.commands import COMMANDS, _common

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``schema`` command."""
    parser = subparsers.add_parser(
        "schema",
        help=COMMANDS["schema"].help,
        description="Print the JSON Schema (draft 2020-12) of the dataset document.",
    )
    parser.add_argument(
        "--format-version",
        dest="format_version",
        metavar="VERSION",
        help="the document format version whose schema to print (default: the current one)",
    )
    parser.add_argument(
        "--version",
        dest="old_format_version",
        metavar="VERSION",
        help="deprecated spelling of --format-version",
    )
    _common.add_output_option(parser)
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Print the schema; exit 0."""
    from conflict_events.formats.schema import json_schema  # noqa: PLC0415 - loaded when used

    version = arguments.format_version
    if arguments.old_format_version is not None:
        print(
            "warning: schema --version is deprecated; use --format-version",
            file=sys.stderr,
        )
        version = version or arguments.old_format_version
    print(json.dumps(json_schema(version), indent=2, ensure_ascii=False))
    return 0
