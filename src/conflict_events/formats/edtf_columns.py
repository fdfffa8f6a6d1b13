"""
The bounds of whole columns of EDTF texts, computed in bulk (extra ``arrow``).

Reading a date column checks that its derived columns (earliest, latest,
precision) say what its EDTF text says. Most texts are plain: a year, a
month or a day, or an interval from one to another or open-ended
(``2016``, ``2016-06``, ``2016-06-01/2016-07``, ``2016-06-01/..``). Their
bounds are computed here with ``pyarrow.compute`` on whole arrays; every other
text (qualified, unspecified digits, seasons, years before 1000...) is parsed
by `conflict_events.temporal.edtf`, each distinct text once. A property test
holds the two answers equal on every text both can read.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any, Final, NamedTuple

# The extra is checked by the modules that import this one.
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from conflict_events.formats.converter import _parse_when as _parsed_when
from conflict_events.temporal import UNBOUNDED_END, FuzzyDate, Span, TemporalError

__all__ = [
    "SPAN_PRECISION",
    "WhenColumns",
    "day_number",
    "parse_when",
    "when_columns",
    "when_parts",
    "when_rows",
]

#: The derived precision of a span (its ends have their own).
SPAN_PRECISION: Final = "interval"
_EPOCH: Final = date(1970, 1, 1).toordinal()
# A year from 1000, a month, a day: the texts computed in bulk (others are parsed).
_PLAIN_DATE: Final = r"[1-9][0-9]{3}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?"
_PLAIN: Final = rf"^(?P<start>{_PLAIN_DATE})(?:/(?P<end>{_PLAIN_DATE}|\.\.))?$"
_OPEN_END: Final = ".."
_YEAR, _MONTH, _DAY = 4, 7, 10  # the lengths of the plain texts
_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DAYS_OF_400_YEARS: Final = 146_097
_CIVIL_TO_EPOCH: Final = 719_468  # days from 0000-03-01 to 1970-01-01


class WhenColumns(NamedTuple):
    """Per text: first and last day (days from 1970), derived precision, precision of the start."""

    earliest: Any
    latest: Any
    precision: Any
    start_precision: Any


def parse_when(text: str) -> FuzzyDate | Span | None:
    """
    The date or span an EDTF text gives, or None when it is no EDTF.

    Parsed by the converter's own cache, so a text the bulk check parses is
    not parsed again when the column's values are read.
    """
    try:
        return _parsed_when(text)
    except TemporalError:
        return None


def day_number(value: date) -> int:
    """*value* as the days from 1970-01-01 that Arrow's ``date32`` holds."""
    return value.toordinal() - _EPOCH


@functools.lru_cache(maxsize=16_384)
def when_parts(value: FuzzyDate | Span) -> tuple[str, int, int, str]:
    """The EDTF text, first and last day (days from 1970) and derived precision of *value*."""
    if isinstance(value, Span):
        return (
            value.to_edtf(),
            day_number(value.earliest),
            day_number(value.latest),
            SPAN_PRECISION,
        )
    return (
        value.to_edtf(),
        day_number(value.earliest),
        day_number(value.latest),
        value.precision._value_,
    )


def _start_precision(value: FuzzyDate | Span) -> str:
    return (value.start if isinstance(value, Span) else value).precision._value_


def when_columns(texts: Any) -> WhenColumns | None:
    """
    The bounds and precisions of each text of *texts* (a string array without nulls).

    None when a text is no EDTF: the caller then reads value by value, which
    says which one and why.
    """
    parts = pc.extract_regex(texts, _PLAIN)
    plain = parts.is_valid()
    fast = _plain_columns(parts.filter(plain)) if plain.true_count else None
    if fast is None:  # none plain, or a plain-looking day that does not exist: parse them all
        plain = pa.array([False] * len(texts), pa.bool_())
        fast = WhenColumns(*(pa.array([], kind) for kind in _TYPES))
    if plain.false_count == 0:
        return fast
    others = pc.indices_nonzero(pc.invert(plain))
    parsed = [parse_when(text) for text in pc.take(texts, others).to_pylist()]
    found = [(when_parts(value), _start_precision(value)) for value in parsed if value is not None]
    if len(found) < len(parsed):
        return None
    slow = (
        pa.array([parts[1] for parts, _ in found], pa.int32()),
        pa.array([parts[2] for parts, _ in found], pa.int32()),
        pa.array([parts[3] for parts, _ in found], pa.string()),
        pa.array([start for _, start in found], pa.string()),
    )
    # Back in the order of the texts: the plain ones' positions, then the others'.
    order = pc.sort_indices(pa.concat_arrays([pc.indices_nonzero(plain), others]))
    return WhenColumns(
        *(
            pc.take(pa.concat_arrays([column, rest]), order)
            for column, rest in zip(fast, slow, strict=True)
        )
    )


def when_rows(texts: Any, derived: list[Any]) -> Any:
    """
    Per row of a date column, the precision of its start; None when the column is refused.

    *texts* are the EDTF texts (null where there is no date; strings, or a
    dictionary of them), *derived* the earliest, latest and precision columns,
    which must say what each text says and be null where it is. Each distinct
    text is read once (each entry of a dictionary: one not used is read too).
    """
    if pa.types.is_dictionary(texts.type):
        if texts.dictionary.null_count:
            return None
        encoded = texts
    else:
        encoded = pc.dictionary_encode(texts)
    expected = when_columns(encoded.dictionary)
    if expected is None:
        return None
    indices = encoded.indices
    for actual, wanted in zip(derived, expected[:3], strict=True):
        if actual.null_count != texts.null_count:
            return None
        if pc.all(pc.equal(actual, pc.take(wanted.cast(actual.type), indices))).as_py() is False:
            return None
        if texts.null_count and not pc.all(pc.equal(actual.is_null(), texts.is_null())).as_py():
            return None
    return pc.take(expected.start_precision, indices)


def _plain_columns(parts: Any) -> WhenColumns | None:
    """The columns of plain texts (split by `_PLAIN`), or None when a day does not exist."""
    start, end = parts.field("start"), parts.field("end")
    first, last, precision, real = _date_bounds(start)
    is_span = pc.not_equal(end, "")
    open_end = pc.equal(end, _OPEN_END)
    closed = pc.and_(is_span, pc.invert(open_end))
    _, end_last, _, end_real = _date_bounds(pc.if_else(closed, end, start))
    # A span's end may not end before its start begins.
    ordered = pc.or_(pc.invert(closed), pc.greater_equal(end_last, first))
    if not pc.all(pc.and_(pc.and_(real, end_real), ordered)).as_py():
        return None
    unbounded = pa.scalar(day_number(UNBOUNDED_END), pa.int64())
    latest = pc.if_else(is_span, pc.if_else(open_end, unbounded, end_last), last)
    return WhenColumns(
        first.cast(pa.int32()),
        latest.cast(pa.int32()),
        pc.if_else(is_span, SPAN_PRECISION, precision),
        precision,
    )


_TYPES: Final = (pa.int32(), pa.int32(), pa.string(), pa.string())


def _number(texts: Any, start: int, stop: int) -> Any:
    return pc.utf8_slice_codeunits(texts, start, stop).cast(pa.int64())


def _date_bounds(texts: Any) -> tuple[Any, Any, Any, Any]:
    """First and last day, precision, and whether the day exists, of plain date texts."""
    length = pc.utf8_length(texts)
    one = pa.scalar(1, pa.int64())
    # "2016" and "2016-06" read as their first day: "2016-01-01", "2016-06-01".
    days = pc.utf8_slice_codeunits(pc.binary_join_element_wise(texts, "-01-01", ""), 0, _DAY)
    year, month, day = _number(days, 0, 4), _number(days, 5, 7), _number(days, 8, 10)
    month_days = _month_days(year, month)
    first = _civilday_number(year, month, day)
    last = pc.if_else(
        pc.equal(length, _DAY),
        first,
        pc.if_else(
            pc.equal(length, _MONTH),
            pc.add(first, pc.subtract(month_days, one)),
            _civilday_number(year, pa.scalar(12, pa.int64()), pa.scalar(31, pa.int64())),
        ),
    )
    precision = pc.if_else(
        pc.equal(length, _DAY), "day", pc.if_else(pc.equal(length, _MONTH), "month", "year")
    )
    return first, last, precision, pc.less_equal(day, month_days)


def _remainder(value: Any, divisor: int) -> Any:
    return pc.subtract(value, pc.multiply(pc.divide(value, divisor), divisor))


def _month_days(year: Any, month: Any) -> Any:
    """The days of each month (years from 1000, so division truncates as it floors)."""
    base = pc.take(pa.array(_MONTH_DAYS, pa.int64()), pc.subtract(month, 1))
    leap = pc.or_(
        pc.and_(pc.equal(_remainder(year, 4), 0), pc.not_equal(_remainder(year, 100), 0)),
        pc.equal(_remainder(year, 400), 0),
    )
    return pc.add(base, pc.and_(leap, pc.equal(month, 2)).cast(pa.int64()))


def _civilday_number(year: Any, month: Any, day: Any) -> Any:
    """Days from 1970-01-01 of a Gregorian date, for years from 1000 (whole-array arithmetic)."""
    march_year = pc.subtract(year, pc.less_equal(month, 2).cast(pa.int64()))
    era = pc.divide(march_year, 400)
    year_of_era = pc.subtract(march_year, pc.multiply(era, 400))
    month_from_march = pc.if_else(pc.greater(month, 2), pc.subtract(month, 3), pc.add(month, 9))
    day_of_year = pc.add(
        pc.divide(pc.add(pc.multiply(month_from_march, 153), 2), 5), pc.subtract(day, 1)
    )
    day_of_era = pc.add(
        pc.add(pc.multiply(year_of_era, 365), pc.divide(year_of_era, 4)),
        pc.subtract(day_of_year, pc.divide(year_of_era, 100)),
    )
    return pc.subtract(pc.add(pc.multiply(era, _DAYS_OF_400_YEARS), day_of_era), _CIVIL_TO_EPOCH)
