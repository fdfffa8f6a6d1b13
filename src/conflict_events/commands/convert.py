"""
``conflict-events convert IN OUT --from F --to F``: convert between formats.

Formats: json, jsonl, acled, ucdp (and csv, telling ACLED from UCDP by the
header) on input; json, jsonl, acled, ucdp, geojson on output. OUT is written
atomically (a temporary file beside it, renamed when complete; a device or FIFO
is written through) and never over or inside IN. Writing ACLED or UCDP GED
prints on standard error what the table cannot hold (the loss report); nothing
is dropped silently.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from conflict_events.commands import _workers
from conflict_events.errors import ConflictEventsError
from conflict_events.formats.files import (
    READ_FORMATS,
    WRITE_FORMATS,
    check_in_and_out,
    detect_format,
    load,
    save,
)

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``convert`` command."""
    parser = subparsers.add_parser(
        "convert",
        help="convert between json, jsonl, acled, ucdp and geojson",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("input", metavar="IN")
    parser.add_argument("output", metavar="OUT")
    parser.add_argument(
        "--from", dest="source", choices=(*READ_FORMATS, "parquet"), help="default: by extension"
    )
    parser.add_argument(
        "--to", dest="target", choices=(*WRITE_FORMATS, "parquet"), help="default: by extension"
    )
    parser.add_argument(
        "--workers",
        type=_workers.workers,
        metavar="N",
        help="convert JSON Lines <-> Parquet partition by partition on N Dask processes",
    )
    parser.set_defaults(run=run)


def run(arguments: argparse.Namespace) -> int:
    """Convert IN to OUT; exit 0, or 1 when IN is invalid (nothing is written then)."""
    if arguments.workers is not None or "parquet" in (arguments.source, arguments.target):
        return _workers.convert(arguments)
    source, target = Path(arguments.input), Path(arguments.output)
    check_in_and_out(source, target)
    fmt_out = arguments.target or detect_format(target)
    if fmt_out not in WRITE_FORMATS:
        raise ConflictEventsError(f"{target}: cannot write {fmt_out!r}; give --to")
    dataset = load(source, arguments.source)
    report = save(dataset, target, fmt_out)
    if report:
        print(report, file=sys.stderr)
    return 0
