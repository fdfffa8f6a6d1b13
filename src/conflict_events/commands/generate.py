"""
``conflict-events generate OUT --events N [--seed S] [--format F]``: synthetic data.

Writes a valid, referentially intact dataset of N events (actors, locations
with an admin hierarchy and parts, control changes forming consistent
timelines, sieges, uncertain dates, estimates, claims). The same seed gives
the same output. ``jsonl`` writes one file; ``json`` one JSON document,
built in memory; ``parquet`` (extra ``arrow``) writes a Parquet dataset
directory, one sub-directory per table; without ``--format``, OUT's extension
chooses (none: parquet), and one of a format generate does not write (a
``.csv``) is a usage error. Either is
built beside OUT and renamed into place when complete: an error, Ctrl-C or
SIGTERM leaves nothing behind. A Parquet OUT must be new or an empty directory.
OUT ``-`` is standard output, written once complete; ``--format jsonl`` must
be given with it.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from conflict_events.commands import COMMANDS, _common, _progress
from conflict_events.errors import ConflictEventsError

__all__ = ["WRITERS", "register", "run"]

#: The function of `conflict_events.generate` that writes N synthetic events, by the name of
#: its format (one that streams, in the registry); looked up when the command runs.
WRITERS: Final[dict[str, str]] = {
    "jsonl": "write_jsonl",
    "json": "write_json",
    "parquet": "write_parquet",
}


def _count(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        value = -1
    if value < 0:
        msg = f"{text!r} is not a whole number of events (0 or more)"
        raise argparse.ArgumentTypeError(msg)
    return value


def register(subparsers: Any) -> None:
    """Add the ``generate`` command."""
    parser = subparsers.add_parser(
        "generate",
        help=COMMANDS["generate"].help,
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument("output", metavar="OUT")
    parser.add_argument("--events", type=_count, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument(
        "--format",
        choices=tuple(WRITERS),
        default=None,
        help="default: by OUT's extension (.jsonl, .json), parquet when it has none",
    )
    parser.set_defaults(run=run)


def _format_of(target: Path) -> str:
    """The format OUT's name asks for: by its extension, Parquet without one."""
    from conflict_events.formats.files import InputError  # noqa: PLC0415 - loaded when used
    from conflict_events.formats.registry import directory_format, suffix_format  # noqa: PLC0415

    if not target.suffix:
        return directory_format().name
    named = suffix_format(target)
    if named is None:  # an extension no format has (.txt, .out): the streaming default
        return "jsonl"
    if named.name not in WRITERS:
        choices = ", ".join(WRITERS)
        msg = f"{target}: generate writes {choices}, not {named.name}; give --format, or convert"
        raise InputError(msg)
    return named.name


def run(arguments: argparse.Namespace) -> int:
    """Write the dataset; report the rate on standard error."""
    from conflict_events import generate  # noqa: PLC0415 - loaded when used
    from conflict_events.formats.files import is_stdio, need_format, output_path  # noqa: PLC0415
    from conflict_events.formats.registry import FORMATS  # noqa: PLC0415

    target = Path(arguments.output)
    if is_stdio(arguments.output):
        fmt = need_format(arguments.format)
        need_format(fmt, directory=FORMATS[fmt].directory)
    fmt = arguments.format or _format_of(target)
    started = time.perf_counter()
    try:
        with (
            output_path(arguments.output) as path,
            _progress.count_bar(
                arguments, arguments.events, unit="events", desc=target.name
            ) as progress,
        ):
            write: Callable[..., int] = getattr(generate, WRITERS[fmt])
            write(path, arguments.events, seed=arguments.seed, progress=progress)
    except ModuleNotFoundError as error:
        raise ConflictEventsError(str(error)) from None
    elapsed = time.perf_counter() - started
    rate = arguments.events / elapsed if elapsed else 0.0
    _common.note(
        arguments,
        f"{target}: {arguments.events:,} events ({fmt}) in {elapsed:.1f} s, {rate:,.0f} events/s",
    )
    return 0
