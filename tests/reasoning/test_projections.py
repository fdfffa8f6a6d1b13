"""What a report only considers possible is no evidence of control: timelines leave it out."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import (
    Attribution,
    ControlChange,
    ControlStatus,
    FuzzyDate,
    StatementStatus,
)
from conflict_events.reasoning import Timelines

ORIGIN = date(2015, 1, 1)
PROJECTED = Attribution(status=StatementStatus.PROJECTED)


@st.composite
def changes(draw: st.DrawFn) -> list[ControlChange]:
    return [
        ControlChange(
            id=f"c{index}",
            when=FuzzyDate.day(*(ORIGIN + timedelta(draw(st.integers(0, 900)))).timetuple()[:3]),
            location="p",
            new_holder=draw(st.sampled_from(["a", "b", "c"])),
            attributions=draw(st.sampled_from([(), (Attribution(),)])),
        )
        for index in range(draw(st.integers(1, 4)))
    ]


@settings(max_examples=40, deadline=None)
@given(changes(), st.integers(0, 1200), st.sampled_from(["a", "b", "c"]), st.booleans())
def test_a_projection_changes_no_answer(
    history: list[ControlChange], offset: int, holder: str, as_status: bool
) -> None:
    """Adding a projected change or status leaves every answer of the timeline as it was."""
    when = FuzzyDate.day(*(ORIGIN + timedelta(offset)).timetuple()[:3])
    projection: ControlChange | ControlStatus = (
        ControlStatus(id="x", when=when, location="p", holder=holder, attributions=(PROJECTED,))
        if as_status
        else ControlChange(
            id="x", when=when, location="p", new_holder=holder, attributions=(PROJECTED,)
        )
    )
    before = Timelines.build(history, horizon=365)
    after = Timelines.build([*history, projection], horizon=365)
    for day in range(-100, 1400, 37):
        asked = ORIGIN + timedelta(day)
        assert after.controller_at("p", asked) == before.controller_at("p", asked)


def test_a_change_with_one_reported_statement_counts() -> None:
    """A change a source reports beside a projection is evidence: only all-projected ones drop."""
    when = FuzzyDate.parse("2016-05-01")
    mixed = ControlChange(
        id="m",
        when=when,
        location="p",
        new_holder="a",
        attributions=(PROJECTED, Attribution(status=StatementStatus.REPORTED)),
    )
    answer = Timelines.build([mixed], horizon=365).controller_at("p", date(2016, 6, 1))
    assert answer.candidates == ("a",)
    projected = ControlChange(
        id="m", when=when, location="p", new_holder="a", attributions=(PROJECTED,)
    )
    alone = Timelines.build([projected], horizon=365).controller_at("p", date(2016, 6, 1))
    assert alone.candidates == ()
