"""Bounds of EDTF columns computed in bulk are those the EDTF parser gives, text by text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")

from conflict_events.formats.edtf_columns import (  # noqa: E402
    parse_when,
    when_columns,
    when_parts,
    when_rows,
)
from conflict_events.strategies import fuzzy_dates, spans  # noqa: E402
from conflict_events.temporal import Span  # noqa: E402


def _one_by_one(texts: list[str]) -> list[tuple[int, int, str, str]] | None:
    found = []
    for text in texts:
        value = parse_when(text)
        if value is None:
            return None
        start = value.start if isinstance(value, Span) else value
        _, earliest, latest, precision = when_parts(value)
        found.append((earliest, latest, precision, start.precision.value))
    return found


def _in_bulk(texts: list[str]) -> list[tuple[int, int, str, str]] | None:
    columns = when_columns(pa.array(texts, pa.string()))
    if columns is None:
        return None
    return list(zip(*(column.to_pylist() for column in columns), strict=True))


# Texts near the plain shapes: every year, month and day number, with or without an end.
_DIGITS = st.integers(0, 9999).map(lambda year: f"{year:04d}")
_PART = st.integers(0, 42).map(lambda number: f"-{number:02d}")
_DATE = st.builds(
    lambda year, parts, mark: year + "".join(parts) + mark,
    _DIGITS,
    st.lists(_PART, max_size=2),
    st.sampled_from(["", "", "", "~", "?", "%"]),
)
_NEAR_PLAIN = st.one_of(
    _DATE,
    st.builds(lambda start, end: f"{start}/{end}", _DATE, st.one_of(_DATE, st.just(".."))),
)
_WRITTEN = st.one_of(fuzzy_dates(), spans()).map(lambda value: value.to_edtf())


@given(st.lists(st.one_of(_NEAR_PLAIN, _WRITTEN), max_size=30))
def test_bulk_bounds_are_the_parsers(texts: list[str]) -> None:
    assert _in_bulk(texts) == _one_by_one(texts)


@given(st.lists(_WRITTEN, max_size=30))
def test_every_written_date_is_read_in_bulk(texts: list[str]) -> None:
    found = _in_bulk(texts)
    assert found is not None
    assert found == _one_by_one(texts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016", ("2016-01-01", "2016-12-31", "year", "year")),
        ("2016-02", ("2016-02-01", "2016-02-29", "month", "month")),
        ("1900-02", ("1900-02-01", "1900-02-28", "month", "month")),
        ("2000-02-29", ("2000-02-29", "2000-02-29", "day", "day")),
        ("2016-06/2016-07-04", ("2016-06-01", "2016-07-04", "interval", "month")),
        ("2016-06-01/..", ("2016-06-01", "9999-12-31", "interval", "day")),
        ("2016-06-01~", ("2016-06-01", "2016-06-01", "day", "day")),
        ("2016-06-01/", ("2016-06-01", "9999-12-31", "interval", "day")),
        # Ending on the last day there is (UNBOUNDED_END), a year or month is a range.
        ("9999", ("9999-01-01", "9999-12-31", "range", "range")),
        ("9999-12", ("9999-12-01", "9999-12-31", "range", "range")),
        ("9999-12-31", ("9999-12-31", "9999-12-31", "day", "day")),
        ("9999/..", ("9999-01-01", "9999-12-31", "interval", "range")),
        ("9998/9999", ("9998-01-01", "9999-12-31", "interval", "year")),
    ],
)
def test_plain_and_parsed_texts(text: str, expected: tuple[str, str, str, str]) -> None:
    columns = _in_bulk([text])
    assert columns is not None
    (found,) = columns
    earliest, latest = (pa.scalar(day, pa.date32()).as_py().isoformat() for day in found[:2])
    assert (earliest, latest, *found[2:]) == expected


@pytest.mark.parametrize(
    "text", ["2015-02-29", "2016-13", "2016-06-31", "2016-07/2016-06", "x", ""]
)
def test_a_text_that_is_no_date_fails_the_column(text: str) -> None:
    assert parse_when(text) is None
    assert _in_bulk(["2016", text]) is None


_PRECISION_NAMES = ["year", "month", "day", "range", "decade", "hour"]


@given(
    st.lists(st.tuples(_WRITTEN, st.booleans(), st.sampled_from(_PRECISION_NAMES)), max_size=20),
    st.booleans(),
)
def test_when_rows_checks_a_dictionary_precision_as_its_texts(
    rows: list[tuple[str, bool, str]], encoded: bool
) -> None:
    """
    A precision column given as a dictionary is accepted exactly when its texts are.

    Each row either says the precision its text gives or another name,
    one no text gives among them.
    """
    texts = [text for text, _, _ in rows]
    found = _one_by_one(texts)
    assert found is not None
    precisions = [
        precision if keep else other
        for (_, keep, other), (_, _, precision, _) in zip(rows, found, strict=True)
    ]
    derived = [
        pa.array([earliest for earliest, _, _, _ in found], pa.int32()),
        pa.array([latest for _, latest, _, _ in found], pa.int32()),
    ]
    plain = when_rows(pa.array(texts, pa.string()), [*derived, pa.array(precisions, pa.string())])
    as_dictionary = pa.array(precisions, pa.string()).dictionary_encode()
    text_column = pa.array(texts, pa.string())
    coded = when_rows(
        text_column.dictionary_encode() if encoded else text_column, [*derived, as_dictionary]
    )
    agrees = precisions == [precision for _, _, precision, _ in found]
    assert (plain is not None) == agrees
    assert (coded is not None) == agrees
    if coded is not None and plain is not None:
        starts = [start for _, _, _, start in found]
        assert coded.to_pylist() == plain.to_pylist() == starts
