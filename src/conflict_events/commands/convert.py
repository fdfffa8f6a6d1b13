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
    save_parquet,
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


def _one_document(arguments: argparse.Namespace) -> bool:
    """
    True when one side is Parquet and the other a whole document (JSON, CSV).

    Dask converts only between JSON Lines and Parquet, partition by partition;
    a JSON document or a CSV file is read whole instead, never as JSON Lines.
    """
    if arguments.workers is not None or "parquet" not in (arguments.source, arguments.target):
        return False
    if arguments.target == "parquet":
        source = Path(arguments.input)
        fmt = arguments.source or ("parquet" if source.is_dir() else detect_format(source))
        return fmt not in ("jsonl", "parquet")
    fmt_out = arguments.target or detect_format(arguments.output)
    return fmt_out not in ("jsonl", "parquet")


def _convert_document(arguments: argparse.Namespace) -> int:
    source, target = Path(arguments.input), Path(arguments.output)
    if arguments.target == "parquet":
        check_in_and_out(source, target, directory=True)
        dataset = load(source, arguments.source)
        save_parquet(dataset, target)
        print(f"{target}: {len(dataset.events):,} events (parquet)")
        return 0
    check_in_and_out(source, target)
    fmt_out = arguments.target or detect_format(target)
    if fmt_out not in WRITE_FORMATS:
        raise ConflictEventsError(f"{target}: cannot write {fmt_out!r}; give --to")
    try:
        from conflict_events.formats.arrow import read_parquet  # noqa: PLC0415 - optional extra
    except ModuleNotFoundError as error:
        raise ConflictEventsError(
            f"Parquet needs pyarrow ({error.name} is missing): pip install 'conflict-events[arrow]'"
        ) from None
    report = save(read_parquet(source), target, fmt_out)
    if report:
        print(report, file=sys.stderr)
    return 0


def run(arguments: argparse.Namespace) -> int:
    """Convert IN to OUT; exit 0, or 1 when IN is invalid (nothing is written then)."""
    if _one_document(arguments):
        return _convert_document(arguments)
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
