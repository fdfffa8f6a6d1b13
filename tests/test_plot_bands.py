"""The picture's bands are the timeline's answers: drawn only where a holder is known, as strong as its chance."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import matplotlib as mpl
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import ControlChange, FuzzyDate, Location, LocationKind
from conflict_events.plot import _SHADES, _draw_answers
from conflict_events.reasoning import Timelines

ORIGIN = date(2015, 1, 1)
PLACE = Location(id="p", name="P", kind=LocationKind.SETTLEMENT)
ACTORS = ("a", "b", "c")


class Recorder:
    """Stands in for matplotlib's axes, keeping each band drawn."""

    def __init__(self) -> None:
        self.bands: list[dict[str, Any]] = []

    def barh(self, row: int, width: float, *, left: float, **style: Any) -> None:
        self.bands.append({"row": row, "width": width, "left": left, **style})


@st.composite
def histories(draw: st.DrawFn) -> list[ControlChange]:
    return [
        ControlChange(
            id=f"c{index}",
            when=FuzzyDate(
                ORIGIN + timedelta(start := draw(st.integers(0, 900))),
                ORIGIN + timedelta(start + draw(st.sampled_from([0, 9, 30]))),
            ),
            location="p",
            new_holder=draw(st.sampled_from(ACTORS)),
        )
        for index in range(draw(st.integers(1, 4)))
    ]


@settings(max_examples=25, deadline=None)
@given(histories(), st.integers(30, 400))
def test_bands_follow_the_answers(changes: list[ControlChange], horizon: int) -> None:
    """Every day inside a band has that holder as its likeliest, at the band's strength."""
    timelines = Timelines.build(changes, locations=[PLACE], horizon=horizon)
    timeline = timelines.timeline("p")
    epoch = date.fromisoformat(str(mpl.rcParams["date.epoch"])[:10])
    colours = {actor: actor for actor in ACTORS}
    axes = Recorder()
    bounds = (ORIGIN - timedelta(500), ORIGIN + timedelta(1499))  # one sample a day
    _draw_answers(axes, 0, timeline, bounds, colours, lambda day: float((day - epoch).days))
    covered: set[date] = set()
    for band in axes.bands:
        first = epoch + timedelta(days=band["left"])
        for offset in range(int(band["width"])):
            day = first + timedelta(offset)
            covered.add(day)
            shares = timeline.controller_at(day).probabilities
            assert max(shares[h] for h in shares if h is not None) == shares[band["color"]]
            strength = round(shares[band["color"]] * _SHADES) / _SHADES
            assert math.isclose(0.9 * strength, band["alpha"])
    for offset in range(0, 2000, 7):
        day = bounds[0] + timedelta(offset)
        shares = timeline.controller_at(day).probabilities
        if shares.get(None) == 1.0:
            assert day not in covered


def test_actor_colours_are_stable_and_never_repeat() -> None:
    """An actor's colour depends on the dataset alone, holders get the safe ones, none repeats."""
    from conflict_events import Actor, ActorKind, Dataset
    from conflict_events.plot import _OKABE_ITO, actor_colours

    actors = tuple(
        Actor(id=f"a{index:02}", name=f"A{index}", kind=ActorKind.REBEL_GROUP)
        for index in range(40)
    )
    holding = ControlChange(id="c", when=FuzzyDate.parse("2016-05"), location="p", new_holder="a39")
    data = Dataset(actors=actors, locations=(PLACE,), events=(holding,))
    colours = actor_colours(data)
    assert colours == actor_colours(data)
    assert colours["a39"] == _OKABE_ITO[0]
    shades = [tuple(mpl.colors.to_rgba(colour)) for colour in colours.values()]
    assert len(set(shades)) == len(actors)
    # No actor is drawn in black or grey: fading, they would read as the legend's grey codes.
    assert all(len({round(part, 3) for part in shade[:3]}) > 1 for shade in shades)
