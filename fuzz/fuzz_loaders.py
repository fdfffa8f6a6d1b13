"""
Coverage-guided fuzzing of every text loader with atheris.

Each input picks a loader and feeds it the rest of the bytes. A loader may
return a value or raise its documented error (`ValidationError`, or
`TemporalError` for the temporal parsers); anything else is a crash that
atheris reports with the input that caused it.

    pip install atheris '.[fast]'
    python fuzz/fuzz_loaders.py -atheris_runs=1000000 fuzz/corpus

The corpus directory keeps the inputs that found new coverage between runs.
"""

from __future__ import annotations

import contextlib
import sys
from datetime import date

import atheris

with atheris.instrument_imports():
    from conflict_events import Dataset, Location, ValidationError, from_json
    from conflict_events.temporal import FuzzyDate, Span, TemporalError, resolve

REFERENCE = date(2017, 2, 4)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _load_dataset(data: bytes) -> None:
    from_json(data, Dataset)


def _load_dataset_strictly(data: bytes) -> None:
    from_json(data, Dataset, strict=True)


def _load_location(data: bytes) -> None:
    from_json(data, Location)


def _parse_date(data: bytes) -> None:
    FuzzyDate.parse(_text(data))


def _parse_span(data: bytes) -> None:
    Span.parse(_text(data))


def _resolve(data: bytes) -> None:
    resolve(_text(data), REFERENCE)


LOADERS = (
    (_load_dataset, ValidationError),
    (_load_dataset_strictly, ValidationError),
    (_load_location, ValidationError),
    (_parse_date, TemporalError),
    (_parse_span, TemporalError),
    (_resolve, TemporalError),
)


def test_one_input(data: bytes) -> None:
    """Run the loader the first byte picks on the remaining bytes."""
    if not data:
        return
    loader, expected = LOADERS[data[0] % len(LOADERS)]
    with contextlib.suppress(expected):
        loader(data[1:])


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
