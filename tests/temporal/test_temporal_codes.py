"""ACLED time_precision and UCDP GED date_prec, both ways."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given

from conflict_events.strategies import fuzzy_dates
from conflict_events.temporal import FuzzyDate, TemporalError
from conflict_events.temporal.codes import from_acled, from_ucdp, to_acled, to_ucdp

D = date(2016, 12, 11)


class TestAcled:
    @pytest.mark.parametrize(
        ("precision", "edtf"),
        [(1, "2016-12-11"), (2, "[2016-12-08..2016-12-14]"), (3, "2016-12")],
    )
    def test_from_acled(self, precision, edtf):
        """1 is the day, 2 the week centred on it, 3 its month."""
        assert from_acled(D, precision).to_edtf() == edtf

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (FuzzyDate.on(D), (D, 1)),
            (FuzzyDate(date(2016, 12, 8), date(2016, 12, 14)), (D, 2)),
            (FuzzyDate(date(2016, 12, 30), date(2017, 1, 2)), (date(2016, 12, 31), 2)),
            (FuzzyDate.month(2016, 12), (date(2016, 12, 15), 3)),
            (FuzzyDate(date(2016, 11, 1), date(2016, 11, 10)), (date(2016, 11, 1), 3)),
            (FuzzyDate(date(2016, 11, 21), date(2016, 11, 30)), (date(2016, 11, 30), 3)),
        ],
    )
    def test_to_acled(self, value, expected):
        """The most precise code; early and late month windows use the first and last day."""
        assert to_acled(value) == expected

    @given(fuzzy_dates(allow_unbounded=False))
    def test_round_trip_contains(self, value):
        """Reading back an ACLED coding gives bounds that contain the original."""
        try:
            coded = to_acled(value)
        except TemporalError:
            assert value.days > 7
            assert (value.earliest.year, value.earliest.month) != (
                value.latest.year,
                value.latest.month,
            )
        else:
            back = from_acled(*coded)
            assert back.earliest <= value.earliest <= value.latest <= back.latest
            assert not back.approximate

    @pytest.mark.parametrize("code", [0, 4, -1])
    def test_bad_code(self, code):
        """Codes outside 1-3 are refused."""
        with pytest.raises(TemporalError, match="time_precision"):
            from_acled(D, code)

    def test_year_is_too_vague(self):
        """ACLED records nothing less precise than a month."""
        with pytest.raises(TemporalError, match="'2016'"):
            to_acled(FuzzyDate.year(2016))


class TestUcdp:
    @pytest.mark.parametrize(
        ("start", "end", "code"),
        [
            (D, D, 1),
            (D, date(2016, 12, 13), 2),
            (date(2016, 12, 5), date(2016, 12, 11), 3),
            (date(2016, 12, 5), date(2016, 12, 20), 4),
            (date(2016, 12, 1), date(2016, 12, 31), 4),
            (date(2016, 12, 5), date(2017, 1, 3), 4),
            (date(2016, 1, 15), date(2016, 2, 14), 5),
            (date(2016, 1, 1), date(2016, 12, 31), 5),
        ],
    )
    def test_both_ways(self, start, end, code):
        """Bounds are date_start and date_end; the code follows their width."""
        assert to_ucdp(FuzzyDate(start, end)) == (start, end, code)
        assert from_ucdp(start, end, code) == FuzzyDate(start, end)

    @given(
        fuzzy_dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 31), allow_unbounded=False)
    )
    def test_round_trip(self, value):
        """UCDP keeps the bounds exactly, qualifiers aside."""
        try:
            start, end, code = to_ucdp(value)
        except TemporalError:
            assert value.earliest.year != value.latest.year
            assert value.days > 31
        else:
            assert 1 <= code <= 5
            assert from_ucdp(start, end, code) == FuzzyDate(value.earliest, value.latest)

    @pytest.mark.parametrize(
        ("args", "match"),
        [
            ((D, D, 6), "date_prec"),
            ((date(2016, 12, 12), D, 1), "before date_start"),
            (("2016-12-11", D, 1), "datetime.date"),
        ],
    )
    def test_bad_rows(self, args, match):
        """Unknown codes, reversed bounds and strings are refused."""
        with pytest.raises(TemporalError, match=match):
            from_ucdp(*args)

    def test_open_bounds(self):
        """UCDP needs both bounds."""
        with pytest.raises(TemporalError, match="both bounds"):
            to_ucdp(FuzzyDate.parse("[..2016-12-11]"))
