"""
The bounds of whole columns of EDTF texts, computed in bulk (extra ``arrow``).

Reading a date column checks that its derived columns (earliest, latest,
precision) say what its EDTF text says. Most texts are plain: a year, a
month or a day, or an interval from one to another or open-ended
(``2016``, ``2016-06``, ``2016-06-01/2016-07``, ``2016-06-01/..``). Their
bounds are computed here on whole arrays (``pyarrow.compute`` splits the
texts, numpy reads the digits from their bytes); every other
text (qualified, unspecified digits, seasons, years before 1000...) is parsed
by `conflict_events.temporal.edtf`, each distinct text once. A property test
holds the two answers equal on every text both can read.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any, Final, NamedTuple

# The extra is checked by the modules that import this one (numpy comes with it).
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from conflict_events.formats.converter import _parse_when as _parsed_when
from conflict_events.temporal import UNBOUNDED_END, FuzzyDate, Span, TemporalError

__all__ = [
    "SPAN_PRECISION",
    "WhenColumns",
    "day_number",
    "parse_when",
    "text_bytes",
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
_FEBRUARY: Final = 2
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

    The precisions are a dictionary array (each distinct one built once).

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
        if not _agrees(actual, wanted, indices):
            return None
        if texts.null_count and not pc.all(pc.equal(actual.is_null(), texts.is_null())).as_py():
            return None
    return pc.take(pc.dictionary_encode(expected.start_precision), indices)


def _agrees(actual: Any, wanted: Any, indices: Any) -> bool:
    """
    Whether column *actual* holds ``wanted[indices]`` in every row it has a value.

    A dictionary column is compared by its entries' places among the wanted
    values, so no row's text is built (a value wanted nowhere matches no row).
    """
    if not pa.types.is_dictionary(actual.type):
        taken = pc.take(wanted.cast(actual.type), indices)
        return pc.all(pc.equal(actual, taken)).as_py() is not False
    values = pc.dictionary_encode(wanted)
    places = pc.fill_null(pc.index_in(actual.dictionary, value_set=values.dictionary), -1)
    found = pc.take(places, actual.indices)
    return pc.all(pc.equal(found, pc.take(values.indices, indices))).as_py() is not False


def _plain_columns(parts: Any) -> WhenColumns | None:
    """The columns of plain texts (split by `_PLAIN`), or None when a day does not exist."""
    first, last, precision, real = _date_bounds(parts.field("start"))
    # The end is "" (no span), ".." (open) or a plain date (4, 7 or 10 characters).
    end = parts.field("end")
    end_length = _lengths(end)
    is_span = end_length > 0
    closed = is_span & (end_length != len(_OPEN_END))
    _, end_last, _, end_real = _date_bounds(end)
    # A span's end may not end before its start begins.
    if not np.all(real & (end_real | ~closed) & (~closed | (end_last >= first))):
        return None
    latest = np.where(is_span, np.where(closed, end_last, day_number(UNBOUNDED_END)), last)
    names = _precision_names()
    return WhenColumns(
        pa.array(first.astype(np.int32)),
        pa.array(latest.astype(np.int32)),
        pc.take(names, pa.array(np.where(is_span, len(_PRECISIONS), precision))),
        pc.take(names, pa.array(precision)),
    )


_TYPES: Final = (pa.int32(), pa.int32(), pa.string(), pa.string())
#: The precision of a plain date, by its length's place in (_YEAR, _MONTH, _DAY), and
#: that of one ending on `UNBOUNDED_END` (``9999``, ``9999-12``).
_PRECISIONS: Final = ("year", "month", "day", "range")
_RANGE: Final = 3


@functools.cache
def _precision_names() -> Any:
    """The precisions of plain dates, then that of a span."""
    return pa.array([*_PRECISIONS, SPAN_PRECISION], pa.string())


def text_bytes(texts: Any) -> tuple[Any, Any]:
    """
    The offsets and the bytes of *texts* (a string array without nulls), as numpy.

    The offsets (``int64``, one more than the texts) index the bytes (``uint8``,
    at least one, a zero when there are none); other string types are cast
    to ``string`` first, whose offsets are 32-bit.
    """
    if texts.type != pa.string():
        texts = texts.cast(pa.string())
    offsets = np.frombuffer(texts.buffers()[1], np.int32)
    offsets = offsets[texts.offset : texts.offset + len(texts) + 1].astype(np.int64)
    data = texts.buffers()[2]
    raw = np.frombuffer(data, np.uint8) if data is not None and data.size else np.zeros(1, np.uint8)
    return offsets, raw


def _lengths(texts: Any) -> Any:
    """The length in bytes of each of *texts* (a string array without nulls), as numpy."""
    return np.diff(text_bytes(texts)[0])


def _date_bounds(texts: Any) -> tuple[Any, Any, Any, Any]:
    """
    First and last day, precision (index in `_PRECISIONS`), and whether the day exists.

    Of each of *texts*, a string array without nulls, read from its bytes:
    the bounds are meaningful where a text is a plain date (`_PLAIN_DATE`),
    whose digits stand at known places; elsewhere they are left to the caller
    to ignore.
    """
    offsets, raw = text_bytes(texts)
    begin, length = offsets[:-1], np.diff(offsets)
    # The characters at the places of YYYY-MM-DD (past a text's end: any, ignored).
    at = np.minimum(begin[:, None] + np.arange(_DAY), len(raw) - 1)
    digit = raw[at].astype(np.int64) - ord("0")
    year = digit[:, 0] * 1000 + digit[:, 1] * 100 + digit[:, 2] * 10 + digit[:, 3]
    month = np.where(length >= _MONTH, digit[:, 5] * 10 + digit[:, 6], 1)
    day = np.where(length >= _DAY, digit[:, 8] * 10 + digit[:, 9], 1)
    month_days = _month_days(year, month)
    first = _civilday_number(year, month, day)
    last = np.where(
        length == _DAY,
        first,
        np.where(length == _MONTH, first + month_days - 1, _civilday_number(year, 12, 31)),
    )
    precision = np.where(length == _DAY, 2, np.where(length == _MONTH, 1, 0))
    # A year or month that ends on the last day there is spans a range, as the parser says.
    precision[(last == day_number(UNBOUNDED_END)) & (length != _DAY)] = _RANGE
    return first, last, precision, day <= month_days


def _month_days(year: Any, month: Any) -> Any:
    """The days of each month (numpy; a month out of 1-12 counts as January, to be ignored)."""
    base = np.array(_MONTH_DAYS, np.int64)[np.clip(month - 1, 0, 11)]
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return base + (leap & (month == _FEBRUARY))


def _civilday_number(year: Any, month: Any, day: Any) -> Any:
    """Days from 1970-01-01 of a Gregorian date (numpy; years from 1000, so all positive)."""
    march_year = year - (month <= _FEBRUARY)
    era = march_year // 400
    year_of_era = march_year - era * 400
    month_from_march = np.where(month > _FEBRUARY, month - 3, month + 9)
    day_of_year = (month_from_march * 153 + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * _DAYS_OF_400_YEARS + day_of_era - _CIVIL_TO_EPOCH
