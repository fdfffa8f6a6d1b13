"""
``conflict-events convert IN OUT --from F --to F``: convert between formats.

``--from`` lists the formats that can be read, ``--to`` those that can be
written; without them each is told from the suffix, and a directory is Parquet. Between two formats
Dask streams (JSON Lines and Parquet) with one of them a directory, or with
``--workers``, the conversion runs partition by partition; any other is read
whole and written whole. OUT is written atomically (a temporary file or
directory beside it, renamed when complete; a device or FIFO is written
through) and never over or inside IN. IN or OUT ``-`` is standard input or
output, its format given by ``--from`` or ``--to``. Writing ACLED or UCDP GED
says on standard error what the table cannot hold (the loss report): how many
values of each field by default, each one with ``--verbose`` or into
``--loss-report FILE``; nothing is dropped silently. ``--skip-invalid``
converts the valid rows of an ACLED or UCDP GED file and prints each row left
out on standard error (``PATH:LINE: column: message``); ``--monthfirst`` reads
an ACLED file's slash dates as mm/dd/yyyy. Reading an IN of a few MB or more
shows a progress bar on standard error when it is a terminal (extra
``progress``), never with ``--quiet``. GeoJSON holds one layer per file:
the events, or the locations with ``--layer locations``.
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conflict_events._format_names import READABLE, WRITABLE
from conflict_events.commands import COMMANDS, _common, _progress, _workers
from conflict_events.errors import ConflictEventsError

if TYPE_CHECKING:
    from conflict_events.formats.registry import Format

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``convert`` command."""
    from conflict_events.formats.geojson import LAYERS  # noqa: PLC0415 - only to run convert

    parser = subparsers.add_parser(
        "convert",
        help=COMMANDS["convert"].help,
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("input", metavar="IN")
    parser.add_argument("output", metavar="OUT")
    parser.add_argument("--from", dest="source", choices=READABLE, help="default: by extension")
    parser.add_argument("--to", dest="target", choices=WRITABLE, help="default: by extension")
    parser.add_argument(
        "--workers",
        type=_workers.workers,
        metavar="N",
        help="convert JSON Lines <-> Parquet partition by partition on N Dask processes",
    )
    parser.add_argument(
        "--layer",
        choices=LAYERS,
        default="events",
        help="with --to geojson: write the events (default) or the locations layer",
    )
    parser.add_argument(
        "--loss-report",
        dest="loss_report",
        metavar="FILE",
        help="write every value ACLED or UCDP GED cannot hold to FILE",
    )
    _common.add_read_options(parser)
    parser.set_defaults(run=run)


def _guess(path: str, given: str | None) -> Format | None:
    """The format of *path* if it can be told now; errors wait until the file is used."""
    from conflict_events.formats.files import detect_format  # noqa: PLC0415 - loaded when used
    from conflict_events.formats.registry import FORMATS  # noqa: PLC0415

    with contextlib.suppress(ConflictEventsError, OSError):
        return FORMATS.get(detect_format(path, given))
    return None


def _streamed(arguments: argparse.Namespace, target: Format | None) -> bool:
    """
    True for Dask: with ``--workers``, or between streamed formats when one is a directory.

    A directory of JSON Lines partitions is told as Parquet, which is right
    here: Dask reads any directory as partitions. IN is looked at only when
    OUT's format streams.
    """
    from conflict_events.formats.files import InputError, is_stdio  # noqa: PLC0415

    if is_stdio(arguments.input) or is_stdio(arguments.output):
        if arguments.workers is not None:
            raise InputError("-: --workers reads and writes files, not standard input or output")
        return False
    if arguments.workers is not None:
        return True
    if target is None or not target.streams:
        return False
    source = _guess(arguments.input, arguments.source)
    return source is not None and source.streams and (source.directory or target.directory)


def _one_jsonl_file(arguments: argparse.Namespace, target: Format | None) -> bool:
    """True for one JSON Lines file to Parquet without --workers: the direct conversion."""
    from conflict_events.formats.files import is_stdio  # noqa: PLC0415

    if arguments.workers is not None or arguments.loss_report or target is None:
        return False
    if is_stdio(arguments.input) or is_stdio(arguments.output) or target.name != "parquet":
        return False
    source = _guess(arguments.input, arguments.source)
    return source is not None and source.name == "jsonl" and Path(arguments.input).is_file()


def _jsonl_to_parquet(arguments: argparse.Namespace) -> int:
    """Convert one JSON Lines file to Parquet on every core (`formats.jsonl_parquet`)."""
    from conflict_events.formats.files import check_in_and_out  # noqa: PLC0415

    check_in_and_out(Path(arguments.input), Path(arguments.output), directory=True)
    try:
        from conflict_events.formats.jsonl_parquet import convert_file  # noqa: PLC0415
    except ModuleNotFoundError as error:
        raise ConflictEventsError(
            f"Parquet needs pyarrow ({error.name} is missing): pip install 'conflict-events[arrow]'"
        ) from None
    count = convert_file(arguments.input, arguments.output)
    _common.note(arguments, f"{arguments.output}: {count:,} records (parquet)", stdout=True)
    return 0


def run(arguments: argparse.Namespace) -> int:
    """Convert IN to OUT; exit 0, or 1 when IN is invalid or no row of it could be read."""
    from conflict_events.formats.files import (  # noqa: PLC0415 - loaded when used
        WRITE_FORMATS,
        InputError,
        check_in_and_out,
        detect_format,
        load,
        output_path,
        save,
        save_text,
    )
    from conflict_events.formats.geojson import write_geojson  # noqa: PLC0415
    from conflict_events.formats.registry import FORMATS, directory_format  # noqa: PLC0415

    guessed = _guess(arguments.output, arguments.target)
    if _one_jsonl_file(arguments, guessed):
        return _jsonl_to_parquet(arguments)
    if _streamed(arguments, guessed):
        to = guessed.name if guessed is not None else directory_format().name
        return _workers.convert(arguments, to)
    source, target = arguments.input, arguments.output
    check_in_and_out(
        Path(source), Path(target), directory=guessed is not None and guessed.directory
    )
    if arguments.loss_report:
        check_in_and_out(Path(source), Path(arguments.loss_report))
    fmt_out = detect_format(target, arguments.target)
    if fmt_out not in WRITE_FORMATS:
        raise ConflictEventsError(f"{target}: cannot write {fmt_out!r}; give --to")
    with (
        _common.skipped_rows(arguments, source) as skipped,
        _progress.file_bar(arguments, source) as progress,
    ):
        dataset = load(
            source, arguments.source, options=_common.read_options(arguments), progress=progress
        )
    if skipped.nothing_imported:
        return 1
    if fmt_out == "geojson":  # one layer per file, as GIS tools read them
        with output_path(target) as path:
            missing = write_geojson(dataset, path, arguments.layer)
        if missing:
            _common.note(
                arguments, f"{target}: {missing:,} {arguments.layer} without a point left out"
            )
        return 0
    if arguments.layer != "events":
        raise InputError(f"--layer applies to --to geojson, not {fmt_out}")
    report = save(dataset, target, fmt_out)
    if arguments.loss_report:
        save_text(str(report) if report is not None else "", arguments.loss_report)
    _common.report_losses(arguments, report)
    if FORMATS[fmt_out].directory:
        _common.note(
            arguments, f"{target}: {len(dataset.events):,} events ({fmt_out})", stdout=True
        )
    return 0
