"""
``conflict-events match A B [C ...]``: which events of several datasets may be one incident.

Each input is any format the other commands read (JSON, JSON Lines, ACLED or
UCDP GED CSV, a Parquet directory). Two inputs are matched with
`conflict_events.matching.match` (the first input's event on the left), more
with `match_all` (the lesser id on the left). The pairs are printed as CSV on
standard output, or written to ``-o FILE``: ``left_id``, ``right_id``,
``probability``, and each comparison's level and weight. ``--integrate FILE``
writes every record of the inputs as one dataset whose matches at or above
``--threshold`` are incidents (`conflict_events.matching.integrate`; the
format from FILE's suffix); ``--threshold f1`` takes the one of the highest
expected F1 (`Matches.f1_threshold`). A summary goes to standard error: the pairs by
probability band, the incidents, and the events of each input left unmatched.
"""

from __future__ import annotations

import argparse
import io
import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from conflict_events._format_names import READABLE
from conflict_events.commands import COMMANDS, _common, _progress
from conflict_events.errors import ErrorDetail, ValidationError

if TYPE_CHECKING:
    from conflict_events.matching import Matches
    from conflict_events.model import Dataset

__all__ = ["BANDS", "register", "run"]

#: The probability bands the summary counts pairs in, each from its bound up to the next.
BANDS: Final = (0.5, 0.6, 0.7, 0.8, 0.9)


def _probability(text: str) -> float:
    """A probability given on the command line: a decimal number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0 or not text.strip().replace(".", "", 1).isdigit():
        msg = f"{text[:20]!r} is not a probability from 0 to 1"
        raise argparse.ArgumentTypeError(msg)
    return value


def _threshold(text: str) -> float | None:
    """``--threshold``: a probability, or ``f1`` (None) for `Matches.f1_threshold`."""
    return None if text == "f1" else _probability(text)


def register(subparsers: Any) -> None:
    """Add the ``match`` command."""
    parser = subparsers.add_parser(
        "match",
        help=COMMANDS["match"].help,
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
    )
    parser.add_argument(
        "paths", metavar="PATH", nargs="+", help="two or more datasets, in any format read"
    )
    parser.add_argument(
        "--from",
        dest="source",
        choices=READABLE,
        help="the format of every PATH (default: by extension)",
    )
    parser.add_argument(
        "--threshold",
        type=_threshold,
        default=0.5,
        metavar="P",
        help="the probability from which a pair is one incident (default 0.5); f1: the"
        " threshold of the highest F1 the probabilities expect",
    )
    parser.add_argument(
        "--min-probability",
        dest="min_probability",
        type=_probability,
        default=0.01,
        metavar="P",
        help="leave out pairs less probable than P (default 0.01)",
    )
    parser.add_argument(
        "--integrate",
        metavar="FILE",
        help="write every record as one dataset, the matches as incidents, to FILE",
    )
    _common.add_read_options(parser)
    _common.add_output_option(parser)
    parser.set_defaults(run=run)


def _read(arguments: argparse.Namespace, path: str) -> Dataset | None:
    """The dataset at *path*, its faults naming the file; None when no row could be read."""
    from conflict_events.formats.files import load  # noqa: PLC0415 - loaded when used

    with (
        _common.skipped_rows(arguments, path) as skipped,
        _progress.file_bar(arguments, path) as progress,
    ):
        try:
            data = load(
                path, arguments.source, options=_common.read_options(arguments), progress=progress
            )
        except ValidationError as error:
            raise ValidationError(
                [e.at(file=path) if e.file is None else e for e in error.errors]
            ) from None
    return None if skipped.nothing_imported else data


def _shared_ids(paths: Sequence[str], datasets: Sequence[Dataset]) -> list[ErrorDetail]:
    """
    An error for each event id two of three or more inputs share.

    `match_all` tells the events of several inputs apart by id alone; two
    inputs keep their sides (left and right), so they may share ids.
    """
    seen: dict[str, int] = {}
    errors: list[ErrorDetail] = []
    for position, data in enumerate(datasets):
        for event in data.events:
            first = seen.setdefault(event.id, position)
            if first != position:
                message = (
                    f"event id {event.id!r} is in {paths[first]} too: with three or more "
                    "inputs, ids must be unique across them"
                )
                errors.append(ErrorDetail("events", message, file=paths[position]))
    return errors


def _csv(matches: Matches) -> str:
    """The pairs as CSV text, every cell protected as every CSV the library writes."""
    from conflict_events.formats.csv_cells import plain_decimal, write_table  # noqa: PLC0415

    names = matches.model.comparisons
    header = ["left_id", "right_id", "probability"]
    for name in names:
        header += [f"{name}_level", f"{name}_weight"]
    rows = []
    for found in matches:
        row = [found.left_id, found.right_id, plain_decimal(round(found.probability, 6))]
        for evidence in found.evidence:
            row += [evidence.level or "", plain_decimal(round(evidence.weight, 6))]
        rows.append(row)
    text = io.StringIO()
    write_table(header, rows, text)
    return text.getvalue()


def _summary(
    paths: Sequence[str], datasets: Sequence[Dataset], matches: Matches, threshold: float
) -> list[str]:
    """The pairs by probability band, and each input's events with no pair at *threshold*."""
    lines = [f"{len(matches):,} candidate pair(s)"]
    bounds = (*BANDS, 1.0)
    for low, high in itertools.pairwise(bounds):
        top = high == bounds[-1]  # the last band holds a probability of 1 too
        count = sum(low <= m.probability < high or (top and m.probability == high) for m in matches)
        lines.append(f"  {low:.1f}-{high:.1f}: {count:,}")
    lines.append(f"  below {BANDS[0]:.1f}: {sum(m.probability < BANDS[0] for m in matches):,}")
    matched = {ident for m in matches.above(threshold) for ident in (m.left_id, m.right_id)}
    for path, data in zip(paths, datasets, strict=True):
        alone = sum(event.id not in matched for event in data.events)
        lines.append(
            f"{path}: {alone:,} of {len(data.events):,} event(s) unmatched at {threshold:.4g}"
        )
    return lines


def run(arguments: argparse.Namespace) -> int:
    """Match the inputs; print the pairs; exit 0, or 1 when an input is invalid."""
    from conflict_events.formats.files import (  # noqa: PLC0415 - loaded when used
        InputError,
        check_in_and_out,
        detect_format,
        is_stdio,
        save,
    )
    from conflict_events.matching import integrate, match, match_all  # noqa: PLC0415

    paths: list[str] = arguments.paths
    if len(paths) < 2:  # noqa: PLR2004 - a pair needs two sides
        raise InputError("match needs two or more datasets")
    if arguments.integrate:
        for path in paths:
            if not is_stdio(path):
                check_in_and_out(Path(path), Path(arguments.integrate))
        detect_format(arguments.integrate)
    datasets: list[Dataset] = []
    for path in paths:
        data = _read(arguments, path)
        if data is None:
            return 1
        datasets.append(data)
    shared = _shared_ids(paths, datasets) if len(datasets) > 2 else []  # noqa: PLR2004
    if shared:
        raise ValidationError(shared)
    options = {"min_probability": arguments.min_probability}
    matches = (
        match(datasets[0], datasets[1], **options)
        if len(datasets) == 2  # noqa: PLR2004 - two sides keep their order
        else match_all(datasets, **options)
    )
    print(_csv(matches), end="")
    threshold = arguments.threshold
    if threshold is None:
        threshold = matches.f1_threshold()
    summary = _summary(paths, datasets, matches, threshold)
    if arguments.threshold is None:
        weighed = any(m.probability > 0.0 for m in matches)
        why = "the highest expected F1" if weighed else "no pair to weigh, the default"
        summary.insert(0, f"threshold {threshold:.4g}: {why}")
    if arguments.integrate:
        merged = integrate(datasets, matches, threshold)
        record: Any = merged.extensions.get("matching", {})
        incidents = record.get("incidents", [])
        save(merged, arguments.integrate, detect_format(arguments.integrate))
        summary.append(f"{arguments.integrate}: {len(incidents):,} incident(s)")
    for line in summary:
        _common.note(arguments, line)
    return 0
