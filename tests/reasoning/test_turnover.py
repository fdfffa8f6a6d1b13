"""How evidence fades: the turnover measured from the data, the horizon, change intervals."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import ControlChange, FieldError, FuzzyDate
from conflict_events.formats import acled
from conflict_events.reasoning import Timelines, Turnover, change_interval
from conflict_events.reasoning.horizon import (
    DEFAULT_REPORTED,
    MIN_HOLDINGS,
    PRIOR_WEIGHT,
    Fading,
    HoldingCount,
)


def turnover(starts: dict[str, list[tuple[int, bool | None]]], last: int) -> Turnover | None:
    """The turnover of places with these changes, watched up to *last*."""
    total = sum((HoldingCount.of(changes) for changes in starts.values()), HoldingCount())
    return total.turnover(last)


DATA = Path(__file__).resolve().parents[1] / "data"


class TestEstimate:
    def test_days_held_over_holdings_ended(self) -> None:
        """Twelve places changing hands every 100 days, watched 50 days past the last change."""
        starts = {f"p{n}": [(0, None), (100, None), (200, None)] for n in range(12)}
        found = turnover(starts, last=250)
        assert found is not None
        assert found.days == pytest.approx((200 + 50) / 2)
        assert found.reported == pytest.approx(DEFAULT_REPORTED)

    def test_too_few_holdings_tell_nothing(self) -> None:
        starts = {"p": [(day * 10, None) for day in range(MIN_HOLDINGS)]}
        assert turnover(starts, last=1000) is None

    def test_mismatched_previous_holders_mean_unreported_changes(self) -> None:
        """Of 20 named previous holders 10 match: half the changes went unreported."""
        changes = [(n * 10, n % 2 == 0) for n in range(21)]
        found = turnover({"p": changes}, last=200)
        assert found is not None
        expected = (10 + PRIOR_WEIGHT * DEFAULT_REPORTED) / (20 + PRIOR_WEIGHT)
        assert found.reported == pytest.approx(expected)

    def test_the_builder_measures_the_data(self) -> None:
        """Changes every 200 days at 15 places, each naming the right previous holder."""
        events = []
        for place in range(15):
            holders = ("a", "b")
            for n in range(4):
                day = date(2010, 1, 1) + timedelta(days=200 * n)
                events.append(
                    ControlChange(
                        id=f"c{place}-{n}",
                        when=FuzzyDate(day, day),
                        location=f"p{place}",
                        new_holder=holders[n % 2],
                        previous_holders=(holders[(n + 1) % 2],) if n else (),
                    )
                )
        built = Timelines.build(events)
        measured = built.timeline("p0").turnover
        assert measured.days == pytest.approx(200)
        assert measured.reported == pytest.approx((45 + PRIOR_WEIGHT * DEFAULT_REPORTED) / 55)
        assert built.horizon == measured.horizon()

    def test_fadings_of_parts_add_up_to_the_whole(self) -> None:
        """Measured over halves of the places and added, the fading is the whole's."""
        events = [
            ControlChange(
                id=f"c{place}-{n}",
                when=FuzzyDate.day(2010 + n, 1 + place % 12, 1),
                location=f"p{place}",
                new_holder="ab"[n % 2],
            )
            for place in range(20)
            for n in range(3)
        ]
        whole = Timelines.measure(events)
        halves = Timelines.measure(events[:30]) + Timelines.measure(events[30:])
        assert halves == whole
        assert whole.turnover(None) == Timelines.build(events).timeline("p0").turnover
        assert Fading() + whole == whole


class TestWeight:
    @given(st.integers(0, 20_000), st.integers(0, 20_000), st.floats(1, 5000), st.floats(0.05, 1))
    def test_a_weight_is_a_chance_falling_with_distance(
        self, distance: int, more: int, days: float, reported: float
    ) -> None:
        fade = Turnover(days=days, reported=reported)
        horizon = 10**9
        near = fade.weight(distance, 0, horizon)
        far = fade.weight(distance + more, 0, horizon)
        assert 0.0 <= far <= near <= 1.0
        assert fade.weight(distance, distance, horizon) >= near

    def test_outside_and_inside(self) -> None:
        fade = Turnover(days=500, reported=0.8)
        assert fade.weight(100, 0, 10_000) == pytest.approx(math.exp(-100 / 400))
        assert fade.weight(100, 100, 10_000) == pytest.approx(math.exp(-0.2 * 100 / 400))
        assert fade.weight(100, 0, 100) == 0.0
        assert fade.horizon() == 1200


class TestInterval:
    def _change(self, first: date, last: date) -> ControlChange:
        return ControlChange(id="c", when=FuzzyDate(first, last), location="x", new_holder="a")

    def test_forms(self) -> None:
        day = date(2016, 3, 27)
        assert change_interval(self._change(day, day)) == (day, day)
        month = self._change(date(2016, 3, 1), date(2016, 3, 31))
        assert change_interval(month) == (date(2016, 3, 2), date(2016, 3, 30))
        assert change_interval(month, 1) == (date(2016, 3, 1), date(2016, 3, 31))

    @given(st.integers(0, 400), st.floats(0.01, 1))
    def test_holds_at_least_the_share_asked(self, width: int, coverage: float) -> None:
        first = date(2016, 1, 1)
        change = self._change(first, first + timedelta(days=width))
        low, high = change_interval(change, coverage)
        assert first <= low <= high <= first + timedelta(days=width)
        assert (high - low).days + 1 >= coverage * (width + 1) - 1e-9

    @pytest.mark.parametrize("coverage", [0, -0.5, 1.5, True, "0.9", float("nan")])
    def test_bad_coverage(self, coverage: object) -> None:
        day = date(2016, 3, 27)
        with pytest.raises(FieldError) as caught:
            change_interval(self._change(day, day), coverage)  # type: ignore[arg-type]
        assert caught.value.field == "coverage"


def test_real_timelines_are_never_certain_decades_away() -> None:
    """No place of a real import is certain, or known at all, decades before or after its data."""
    timelines = Timelines.build(acled.read_acled(DATA / "acled_v6_africa_2016_sample.csv"))
    assert len(timelines.locations) >= 10
    for place in timelines.locations:
        for day in (date(1990, 1, 1), date(2045, 1, 1)):
            answer = timelines.controller_at(place, day)
            assert not answer.certain
            assert answer.probabilities == {None: 1.0}
