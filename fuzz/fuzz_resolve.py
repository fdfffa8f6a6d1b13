"""
Coverage-guided fuzzing of `resolve` with atheris, against reference dates the input picks.

The first bytes choose the reference: a day of year 1 or of year 9999 (the ends
of the calendar, where the year searches once fell off), or any day of
0001-9999; the rest is the text. `resolve` may return a value or raise
`TemporalError`; anything else is a crash that atheris reports with its input.
The run ends with how many inputs resolved and how many were refused.

    pip install atheris
    python fuzz/fuzz_resolve.py -atheris_runs=200000 fuzz/corpus-resolve

``-atheris_runs=N`` bounds the run, so a short one can go into CI.
"""

from __future__ import annotations

import atexit
import sys
from collections import Counter
from datetime import date, timedelta

import atheris

with atheris.instrument_imports():
    from conflict_events.temporal import TemporalError, resolve

COUNTS: Counter[str] = Counter()
_FIRST, _LAST = date.min.toordinal(), date.max.toordinal()


def reference_from(data: atheris.FuzzedDataProvider) -> date:
    """A reference date: in year 1, in year 9999 or anywhere, as the input says."""
    where = data.ConsumeIntInRange(0, 3)
    if where == 0:
        return date.min + timedelta(days=data.ConsumeIntInRange(0, 364))
    if where == 1:
        return date.max - timedelta(days=data.ConsumeIntInRange(0, 364))
    if where == 2:  # noqa: PLR2004
        return (date.min, date.max)[data.ConsumeIntInRange(0, 1)]
    return date.fromordinal(data.ConsumeIntInRange(_FIRST, _LAST))


def test_one_input(raw: bytes) -> None:
    """Resolve the text of *raw* against the reference date it picks."""
    data = atheris.FuzzedDataProvider(raw)
    reference = reference_from(data)
    text = data.ConsumeUnicodeNoSurrogates(data.remaining_bytes())
    try:
        resolve(text, reference)
    except TemporalError:
        COUNTS["refused"] += 1
    else:
        COUNTS["resolved"] += 1


def _report() -> None:
    total = sum(COUNTS.values())
    print(
        f"fuzz_resolve: {total} inputs, {COUNTS['resolved']} resolved, "
        f"{COUNTS['refused']} refused with TemporalError",
        file=sys.stderr,
    )


if __name__ == "__main__":
    atexit.register(_report)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
