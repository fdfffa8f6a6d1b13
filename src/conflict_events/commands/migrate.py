"""
``conflict-events migrate IN OUT``: upgrade a JSON document to the current format version.

Each migration step says on standard error what it changed. The upgraded
document is validated before it is written; OUT is written atomically (a
device or FIFO is written through) and never over IN; IN or OUT ``-`` is
standard input or output. A document of a newer major format version is
refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from conflict_events.commands import COMMANDS, _common

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``migrate`` command."""
    parser = subparsers.add_parser(
        "migrate",
        help=COMMANDS["migrate"].help,
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("input", metavar="IN", help="a JSON dataset document")
    parser.add_argument("output", metavar="OUT", help="where to write the upgraded document")
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Upgrade IN into OUT; exit 0, or 1 when IN cannot be read or upgraded."""
    from conflict_events.formats.documents import from_dict, parse_json  # noqa: PLC0415
    from conflict_events.formats.files import check_in_and_out, read_bytes, save  # noqa: PLC0415
    from conflict_events.formats.versions import migrate_with_report  # noqa: PLC0415
    from conflict_events.model import Dataset  # noqa: PLC0415 - loaded when used

    source, target = arguments.input, arguments.output
    check_in_and_out(Path(source), Path(target))
    result = migrate_with_report(parse_json(read_bytes(source)))
    dataset = from_dict(result.document, Dataset)
    save(dataset, target, "json")
    for change in result.changes:
        _common.note(arguments, f"{source}: {change}")
    if not result.changed:
        _common.note(
            arguments, f"{source}: already format {result.source_version}, nothing to upgrade"
        )
    return 0
