"""
What bounds `resolve` and the EDTF parsers: input length, nesting, the calendar's ends.

Termination and linear work are checked without a clock: `_calls` counts the
Python function calls a resolution makes and stops it past a budget linear in
the length of the text.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events.temporal import FuzzyDate, Span, TemporalError, resolve
from conflict_events.temporal.resolve import MAX_LENGTH, MAX_NESTING

REPORT = date(2017, 2, 4)


class _OverBudgetError(BaseException):
    """Raised inside the traced code once it makes more calls than allowed."""


def _budget(text: str) -> int:
    """Function calls allowed for one resolution of *text*: linear in its length."""
    return 2_000 + 50 * len(text)


def _calls(function: Callable[[], object], budget: int) -> int:
    """Run *function*; return how many Python calls it made, or fail past *budget*."""
    count = 0

    def trace(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal count
        if event == "call":
            count += 1
            if count > budget:
                raise _OverBudgetError

    previous = sys.gettrace()
    sys.settrace(trace)
    try:
        function()
    except TemporalError:
        pass
    except _OverBudgetError:
        pytest.fail(f"more than {budget} calls: the resolution does not terminate in linear time")
    finally:
        sys.settrace(previous)
    return count


def _resolve_within_budget(text: str, reference: date) -> None:
    _calls(lambda: resolve(text, reference), _budget(text))


class TestCalendarEnds:
    @pytest.mark.parametrize(
        ("text", "reference"),
        [
            ("March 1st", date(1, 2, 1)),
            ("February 29", date(3, 1, 1)),
            ("29 feb", date(1, 1, 1)),
            ("December 31", date(1, 12, 30)),
        ],
    )
    def test_yearless_date_before_year_one_is_refused(self, text, reference):
        """The latest such day on or before the reference would fall before year 1: an error."""
        _resolve_within_budget(text, reference)
        with pytest.raises(TemporalError, match="before year 1") as info:
            resolve(text, reference)
        assert info.value.text == text

    @pytest.mark.parametrize(
        ("text", "reference", "expected"),
        [
            ("February 29", date(4, 3, 1), date(4, 2, 29)),
            ("February 29", date(8, 2, 28), date(4, 2, 29)),
            ("February 29", date(1904, 2, 28), date(1896, 2, 29)),
            ("March 1st", date(2, 2, 1), date(1, 3, 1)),
            ("December 31", date(9999, 12, 31), date(9999, 12, 31)),
        ],
    )
    def test_yearless_date_is_the_latest_on_or_before_the_reference(
        self, text, reference, expected
    ):
        """The search back over years is bounded: eight years find every February 29."""
        assert resolve(text, reference) == FuzzyDate.on(expected)

    @pytest.mark.parametrize(
        ("text", "reference"),
        [
            ("next december", date(9999, 12, 15)),
            ("next winter", date(9999, 3, 1)),
            ("next year", date(9999, 6, 1)),
            ("tomorrow", date(9999, 12, 31)),
            ("yesterday", date(1, 1, 1)),
            ("last june", date(1, 3, 1)),
            ("after 9999", REPORT),
            ("before 0001-01-01", REPORT),
        ],
    )
    def test_past_the_ends_of_the_calendar_is_an_error(self, text, reference):
        """Whatever would leave 0001-9999 is a TemporalError naming the text."""
        _resolve_within_budget(text, reference)
        with pytest.raises(TemporalError) as info:
            resolve(text, reference)
        assert info.value.text == text


class TestLength:
    def test_text_over_the_limit_is_refused(self):
        """1,001 characters are refused; the message names the length and the limit."""
        text = "last june" + " " * (MAX_LENGTH - 8)
        assert len(text) == MAX_LENGTH + 1
        with pytest.raises(TemporalError, match=f"{MAX_LENGTH + 1} characters") as info:
            resolve(text, REPORT)
        assert f"{MAX_LENGTH:,}" in str(info.value) or str(MAX_LENGTH) in str(info.value)
        assert info.value.text == text

    def test_text_at_the_limit_is_read(self):
        """Exactly the limit is still read."""
        text = "last june" + " " * (MAX_LENGTH - 9)
        assert resolve(text, REPORT) == FuzzyDate.month(2016, 6)

    def test_message_of_a_long_text_is_bounded(self):
        """The message quotes the start of a long text, not all of it."""
        with pytest.raises(TemporalError) as info:
            resolve("x" * 100_000, REPORT)
        assert len(str(info.value)) < 300
        assert len(info.value.text) == 100_000

    def test_edtf_message_of_a_long_text_is_bounded(self):
        """The EDTF parsers name a long text by its start and length."""
        with pytest.raises(TemporalError, match="100000 characters") as info:
            FuzzyDate.parse("2" * 100_000)
        assert len(str(info.value)) < 300


class TestNesting:
    def test_deep_nesting_is_refused(self):
        """'before ' 140 times (under the length limit) is refused by the nesting limit."""
        text = "before " * 140 + "2015"
        assert len(text) <= MAX_LENGTH
        with pytest.raises(TemporalError, match=f"nest more than {MAX_NESTING} deep") as info:
            resolve(text, REPORT)
        assert info.value.text == text

    def test_two_kilobytes_of_nesting_are_an_error(self):
        """'before ' 340 times (2 KB), which overflowed the stack, is a TemporalError."""
        with pytest.raises(TemporalError, match="over the limit"):
            resolve("before " * 340 + "2015", REPORT)

    @pytest.mark.parametrize("word", ["by", "until", "no later than", "no earlier than"])
    def test_nesting_up_to_the_limit_is_read(self, word):
        """MAX_NESTING nested qualifiers are read, one more is refused."""
        text = f"{word} " * MAX_NESTING + "2015"
        assert resolve(text, REPORT) == resolve(f"{word} 2015", REPORT)
        with pytest.raises(TemporalError, match="nest"):
            resolve(f"{word} {text}", REPORT)

    def test_every_qualifier_counts(self):
        """since, by and mid each count as one level."""
        text = "since " + "by " * (MAX_NESTING - 2) + "mid 2015"
        assert resolve(text, REPORT) == Span(FuzzyDate(date.min, date(2015, 8, 31)), None)
        with pytest.raises(TemporalError, match="nest"):
            resolve("since by " + text[len("since ") :], REPORT)

    def test_nested_between_is_bounded(self):
        """Each side of 'between' counts its own nesting."""
        side = "by " * (MAX_NESTING - 1)
        value = resolve(f"between {side}2015 and {side}2016", REPORT)
        assert value == Span(
            FuzzyDate(date.min, date(2015, 12, 31)), FuzzyDate(date.min, date(2016, 12, 31))
        )
        with pytest.raises(TemporalError, match="nest"):
            resolve(f"between {side}2015 and by {side}2016", REPORT)


class TestTwoDigitYears:
    @pytest.mark.parametrize(
        ("text", "reference", "year"),
        [
            ("4 feb 17", date(1850, 6, 1), 1817),
            ("4 feb 17", date(2017, 2, 4), 2017),
            ("4 feb 98", date(2017, 2, 4), 1998),
            ("4 feb 67", date(2017, 2, 4), 1967),
            ("4 feb 66", date(2017, 2, 4), 1966),
            ("4 feb 17", date(9999, 1, 1), 9917),
            ("february 4th, 17", date(3017, 1, 1), 3017),
        ],
    )
    def test_the_reference_decides_the_century(self, text, reference, year):
        """A two-digit year is the latest year ending in those digits not after the reference's."""
        assert resolve(text, reference) == FuzzyDate.day(year, 2, 4)

    @pytest.mark.parametrize("text", ["4 feb 17", "4 feb 00"])
    def test_no_year_before_the_reference_is_refused(self, text):
        """In year 1 no earlier year ends in 17 or 00: refused, never a year after the report."""
        with pytest.raises(TemporalError, match="no year ending in"):
            resolve(text, date(1, 6, 1))


# -- properties ----------------------------------------------------------------------

_WORDS = [
    "before", "after", "since", "between", "and", "from", "to", "until", "by", "early", "mid",
    "late", "the", "end", "of", "beginning", "last", "next", "this", "past", "in", "on", "at",
    "over", "for", "about", "year", "years", "month", "week", "day", "days", "ago", "now",
    "today", "yesterday", "tomorrow", "same", "february", "feb", "march", "december", "winter",
    "summer", "29", "29th", "1st", "31", "4", "17", "00", "99", "0001", "2017", "9999", "1990s",
    "2016-11", "2017-24", "201x", "..", "/", "-", ",", ".", "?", "~", "%", "[", "]", "x", "t",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=MAX_LENGTH),
    st.text(alphabet="0123456789 ,./-xtz?~%[]:+abfjmnoy", max_size=MAX_LENGTH),
    st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join),
    st.tuples(st.sampled_from(_WORDS), st.integers(1, 400)).map(
        lambda pair: (pair[0] + " ") * pair[1]
    ),
    st.tuples(
        st.sampled_from(["", "since ", "before ", "after ", "early ", "between "]),
        st.sampled_from(["february", "feb", "march", "december", "jan."]),
        st.sampled_from(["1st", "28", "29", "29th", "31", "4"]),
        st.sampled_from(["", ", 17", " 00", " 99", ", 0001", " 9999", " and march 1"]),
    ).map("{0[0]}{0[1]} {0[2]}{0[3]}".format),
).map(lambda text: text[:MAX_LENGTH])

references = st.one_of(
    st.dates(date(1, 1, 1), date(4, 12, 31)),
    st.dates(date(9996, 1, 1), date(9999, 12, 31)),
    st.sampled_from([date.min, date.max, date(1, 12, 31), date(9999, 1, 1)]),
    st.dates(),
)


class TestProperties:
    @given(texts, references)
    def test_resolve_terminates(self, text, reference):
        """Any text up to the limit returns a value or raises TemporalError, in linear work."""
        _resolve_within_budget(text, reference)

    @given(
        st.text(min_size=1, max_size=50), st.integers(MAX_LENGTH + 1, 5 * MAX_LENGTH), references
    )
    def test_over_the_limit_is_refused(self, head, length, reference):
        """Text longer than MAX_LENGTH raises TemporalError naming its length."""
        text = (head * length)[:length]
        with pytest.raises(TemporalError, match=f"{length} characters"):
            resolve(text, reference)

    @given(texts)
    def test_edtf_parsers_raise_only_temporal_errors(self, text):
        """FuzzyDate.parse and Span.parse return or raise TemporalError, nothing else."""
        for parse in (FuzzyDate.parse, Span.parse):
            with contextlib.suppress(TemporalError):
                parse(text)


CORPUS = Path(__file__).parents[1] / "data" / "bad" / "resolve"


@pytest.mark.parametrize(
    ("name", "case"),
    sorted(json.loads((CORPUS / "expected.json").read_text(encoding="utf-8")).items()),
)
def test_bad_corpus(name, case):
    """Each file of tests/data/bad/resolve is refused with its expected message."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    with pytest.raises(TemporalError, match=re.escape(case["fragment"])):
        resolve(text, date.fromisoformat(case["reference"]))
