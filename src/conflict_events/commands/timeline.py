"""
``conflict-events timeline``: who controlled what, when, with the uncertainty shown.

Runs on the built-in example (`conflict_events.examples.dataset`) when no PATH
is given; PATH is any format the other commands read (JSON, JSON Lines, ACLED
or UCDP CSV, a Parquet directory with the extra ``arrow``), or ``-`` for
standard input with ``--from``. ``--at`` answers
for one day; ``--format json`` with ``--at`` prints the single object
DESIGN.md specifies; ``--plot`` draws the timelines (extra ``plot``). The
report is `conflict_events.reasoning.report.timeline_report`, the picture
`conflict_events.plot.draw`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conflict_events._format_names import READABLE
from conflict_events.commands import COMMANDS, _common
from conflict_events.commands.resolve import iso_date
from conflict_events.errors import ConflictEventsError, ValidationError

if TYPE_CHECKING:
    from conflict_events.formats.dataset_table import ReadOptions
    from conflict_events.model import Dataset

__all__ = ["register", "run"]


def register(subparsers: Any) -> None:
    """Add the ``timeline`` subcommand."""
    from conflict_events.reasoning.report import REPORT_FORMATS  # noqa: PLC0415 - to run it

    parser = subparsers.add_parser(
        "timeline",
        help=COMMANDS["timeline"].help,
        description="Control timelines: who held each place, from when to when, with the "
        "uncertainty of every change. Without PATH, runs on the built-in example (the "
        "report of 4 February 2017 on Iraq and Syria).",
    )
    parser.add_argument(
        "path", metavar="PATH", nargs="?", help="a dataset: JSON, JSON Lines, CSV or Parquet"
    )
    parser.add_argument(
        "--from",
        dest="source",
        choices=tuple(dict.fromkeys((*READABLE, "parquet"))),
        help="the format of PATH (default: by extension; JSON when it tells nothing)",
    )
    parser.add_argument(
        "--location",
        metavar="NAME",
        action="append",
        help="a place's id, name or alias (any case), NAME@PARENT, or a transliteration; "
        "repeat it for several places",
    )
    parser.add_argument("--at", metavar="DATE", type=iso_date, help="the day to ask about")
    parser.add_argument(
        "--since", metavar="DATE", type=iso_date, help="list and draw only from this day on"
    )
    parser.add_argument(
        "--until", metavar="DATE", type=iso_date, help="list and draw only up to this day"
    )
    parser.add_argument("--format", choices=REPORT_FORMATS, default="text")
    parser.add_argument(
        "--horizon",
        metavar="DAYS",
        type=_days,
        default=None,
        help="how far evidence reaches before and after itself (default: three average "
        "holdings, measured from the data)",
    )
    parser.add_argument(
        "--plot",
        metavar="FILE",
        help="draw the timelines to FILE.svg, FILE.png or FILE.pdf (matplotlib)",
    )
    _common.add_read_options(parser)
    _common.add_output_option(parser)
    parser.set_defaults(run=run)


def _days(text: str) -> int:
    """A horizon given on the command line: a whole number of days, 1 or more."""
    if not text.isascii() or not text.isdigit() or int(text) < 1 or len(text) > 6:  # noqa: PLR2004
        msg = f"{text[:20]!r} is not a number of days from 1 to 999999"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def _format(path: Path, given: str | None) -> str:
    """The format of PATH: *given*, a directory's Parquet, by extension, else JSON as ever."""
    from conflict_events.formats.files import detect_format  # noqa: PLC0415 - loaded when used

    if given is not None:
        return given
    if path.is_dir():
        return "parquet"
    try:
        return detect_format(path)
    except ConflictEventsError:
        if path.suffix.casefold() == ".csv":  # a CSV file of neither kind: say so
            raise
        return "json"


def _load(path: str | None, given: str | None, options: ReadOptions | None = None) -> Dataset:
    """The dataset at *path* (any format `load` reads, or Parquet), or the built-in example."""
    from conflict_events.formats.files import READ_FORMATS, is_stdio, load  # noqa: PLC0415

    if path is None:
        from conflict_events.examples import dataset  # noqa: PLC0415 - only when asked for

        return dataset()
    fmt = given if is_stdio(path) else _format(Path(path), given)
    if fmt == "parquet" and fmt not in READ_FORMATS:  # a loader without Parquet directories
        try:
            from conflict_events.formats.arrow import read_parquet  # noqa: PLC0415 - extra
        except ModuleNotFoundError as error:
            raise ConflictEventsError(
                f"Parquet needs pyarrow ({error.name} is missing): "
                "pip install 'conflict-events[arrow]'"
            ) from None
        return read_parquet(path)
    try:
        return load(path, fmt, options=options)
    except ValidationError:
        raise
    except ConflictEventsError as error:
        if str(error).startswith(f"{path}: "):  # the file itself cannot be read
            raise type(error)(f"cannot read {error}") from None
        raise


def run(arguments: argparse.Namespace) -> int:
    """Print the control timelines, or the answer for one day; draw them with ``--plot``."""
    from conflict_events.formats.atomic import output_kind  # noqa: PLC0415 - loaded when used
    from conflict_events.formats.files import InputError, check_in_and_out  # noqa: PLC0415
    from conflict_events.plot import PICTURE_SUFFIXES, draw  # noqa: PLC0415
    from conflict_events.reasoning import Timelines  # noqa: PLC0415
    from conflict_events.reasoning.report import timeline_report  # noqa: PLC0415

    if arguments.since and arguments.until and arguments.since > arguments.until:
        raise InputError(f"--since {arguments.since} comes after --until {arguments.until}")
    if arguments.plot:
        if arguments.path:
            check_in_and_out(Path(arguments.path), Path(arguments.plot))
        else:
            output_kind(arguments.plot)
        if Path(arguments.plot).suffix.lower() not in PICTURE_SUFFIXES:
            raise ConflictEventsError(
                f"--plot writes .svg, .png or .pdf files, not {arguments.plot!r}"
            )
    with _common.skipped_rows(arguments, arguments.path or "-") as skipped:
        data = _load(arguments.path, arguments.source, _common.read_options(arguments))
    if skipped.nothing_imported:
        return 1
    timelines = Timelines.build(data, horizon=arguments.horizon)
    location = arguments.location or None
    if arguments.plot:
        draw(
            data,
            arguments.plot,
            timelines,
            location=location,
            at=arguments.at,
            since=arguments.since,
            until=arguments.until,
        )
    text = timeline_report(
        data,
        timelines,
        location=location,
        at=arguments.at,
        fmt=arguments.format,
        since=arguments.since,
        until=arguments.until,
    )
    print(text or _nothing_to_show(arguments))
    return 0


def _nothing_to_show(arguments: argparse.Namespace) -> str:
    """What an empty text report says instead of printing nothing."""
    name = arguments.path or "the built-in example"
    days = [
        f"from {arguments.since}" if arguments.since else "",
        f"up to {arguments.until}" if arguments.until else "",
    ]
    within = " ".join(part for part in days if part)
    return f"{name}: no control changes, statuses or sieges to show" + (
        f" {within}" if within else ""
    )
