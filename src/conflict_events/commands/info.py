"""
``conflict-events info PATH``: what a dataset holds, at a glance.

Prints the document format version, the records of each collection, the
events of each type, the days the events may cover (a side no event bounds is
said to be open), the countries of the events' places and the attributions by
status; ``--format json`` prints the same as one JSON object. PATH is any
file the other commands read, its format told from its suffix unless
``--from`` gives it (``-`` reads standard input, ``--from`` required). The
summary is `conflict_events.reasoning.summary.summarize`.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from conflict_events._format_names import READABLE
from conflict_events.commands import COMMANDS, _common

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``info`` command."""
    parser = subparsers.add_parser(
        "info",
        help=COMMANDS["info"].help,
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("path", metavar="PATH", help="a dataset: JSON, JSON Lines, CSV or Parquet")
    parser.add_argument(
        "--from",
        dest="source",
        choices=READABLE,
        help="the format of PATH (default: by suffix)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    _common.add_read_options(parser)
    _common.add_output_option(parser)
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Print the summary of the dataset at PATH; exit 0."""
    from conflict_events.formats.files import load  # noqa: PLC0415 - loaded when used
    from conflict_events.reasoning.summary import summarize, summary_text  # noqa: PLC0415

    with _common.skipped_rows(arguments, arguments.path) as skipped:
        data = load(arguments.path, arguments.source, options=_common.read_options(arguments))
    if skipped.nothing_imported:
        return 1
    summary = summarize(data)
    if arguments.format == "json":
        print(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(summary_text(summary))
    return 0
