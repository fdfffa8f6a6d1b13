"""
The precomputed answers of control timelines equal the answers computed the straightforward way.

`Timelines.build` keeps, per location, stretches of days with their answer
ready (a change alone in its cluster standing for its two stretches) and
measures how evidence fades in one pass over the changes. Here each answer is
recomputed from the changes alone, per day, with no precomputation: the
changes done by the day, the ones pending, the ones that may have come last.
An optimisation that changes any answer fails here.
"""

from __future__ import annotations

import itertools
import math
from datetime import date, timedelta
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import ControlChange, Extent, FuzzyDate, Span
from conflict_events.model import Attribution, StatementStatus
from conflict_events.reasoning import STATEMENT_WEIGHTS, ControlAnswer, Timelines, change_window
from conflict_events.reasoning.horizon import Fading, HoldingCount

ORIGIN = date(2016, 1, 1).toordinal()
ACTORS = ("a", "b", "c", "d")


@st.composite
def changes(draw: st.DrawFn) -> list[ControlChange]:
    """Changes at one place over a few weeks, so windows often overlap; some partial."""
    result = []
    for index in range(draw(st.integers(1, 12))):
        start = date.fromordinal(ORIGIN + draw(st.integers(0, 60)))
        width = draw(st.sampled_from((0, 0, 0, 1, 3, 9, 30)))
        shape = draw(st.sampled_from(("date", "date", "span", "open")))
        when: FuzzyDate | Span
        if shape == "date":
            when = FuzzyDate(start, start + timedelta(width))
        elif shape == "span":
            end = start + timedelta(width)
            when = Span(
                FuzzyDate.on(start), FuzzyDate(end, end + timedelta(draw(st.integers(0, 3))))
            )
        else:
            when = Span(FuzzyDate(start, start + timedelta(width)), None)
        new = draw(st.sampled_from(ACTORS))
        before = draw(st.sampled_from([(), *((actor,) for actor in ACTORS if actor != new)]))
        said = draw(
            st.sampled_from(
                (
                    (),
                    (Attribution(source="s", status=StatementStatus.CLAIMED, claimant="a"),),
                )  # weighs half
            )
        )
        extent = draw(st.sampled_from((Extent.FULL,) * 5 + (Extent.PARTIAL,)))
        result.append(
            ControlChange(
                id=f"c{index}",
                when=when,
                location="x",
                new_holder=new,
                previous_holders=before,
                extent=extent,
                attributions=said,
            )
        )
    return result


def _days(change: ControlChange) -> tuple[int, int]:
    window = change_window(change)
    return window.earliest.toordinal(), window.latest.toordinal()


def _unique(items: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _weight(change: ControlChange) -> float:
    if not change.attributions:
        return 1.0
    return max(STATEMENT_WEIGHTS[a.status] for a in change.attributions)


def expected(  # noqa: PLR0915 - the whole rule, in one place, on purpose
    given_changes: list[ControlChange], when: date, timelines: Timelines
) -> ControlAnswer:
    """The answer for *when* at "x", recomputed from the changes (no statuses, no parts)."""
    timeline = timelines.timeline("x")
    days = timeline.horizon
    full = sorted(
        (c for c in given_changes if c.extent is Extent.FULL), key=lambda c: (*_days(c), c.id)
    )
    partial = tuple(
        sorted(
            (c for c in given_changes if c.extent is not Extent.FULL),
            key=lambda c: (*_days(c), c.id),
        )
    )
    day = when.toordinal()
    partial = tuple(c for c in partial if _days(c)[0] <= day)
    base = {
        "location": "x",
        "at": when,
        "partial": partial,
        "answered_by": "x",
        "horizon_days": days,
    }
    if not full:
        return ControlAnswer(
            controller=None, candidates=(), certain=False, probabilities={None: 1.0}, **base
        )
    windows = [_days(c) for c in full]
    done = [i for i, (_, last) in enumerate(windows) if last < day]
    pending = [i for i, (first, last) in enumerate(windows) if first <= day <= last]
    if done:  # those done that may have come last, by latest day
        greatest = max(windows[i][0] for i in done)
        last_done = sorted(
            (i for i in done if windows[i][1] >= greatest), key=lambda i: (windows[i][1], i)
        )
        involved = tuple(full[i] for i in last_done)
        prior = _unique(c.new_holder for c in involved)
        complete = True
    else:  # the changes that may come first, and the previous holders they name
        least = min(last for _, last in windows)
        involved = tuple(c for c, (first, _) in zip(full, windows, strict=True) if first <= least)
        prior = _unique(h for c in involved for h in c.previous_holders)
        complete = bool(prior)
    if day < windows[0][0] or (not pending and len(done) == len(full)):
        return _gap(timeline, day, base, windows, prior, involved, before=day < windows[0][0])
    if not pending:
        certain = len(prior) == 1
        return ControlAnswer(
            controller=prior[0] if certain else None,
            candidates=prior,
            certain=certain,
            events=involved,
            probabilities=dict.fromkeys(prior, 1.0 / len(prior)),
            **base,
        )
    clusters: list[list[int]] = []  # chains of overlapping windows
    reach = -1
    for i, (first, last) in enumerate(windows):
        if first > reach:
            clusters.append([])
        clusters[-1].append(i)
        reach = max(reach, last)
    alone = [len(members) == 1 for members in clusters for _ in members]
    probabilities: dict[str | None, float]
    if len(pending) == 1 and alone[pending[0]]:
        change = full[pending[0]]
        events = involved if any(c is change for c in involved) else (*involved, change)
        candidates = prior if change.new_holder in prior else (*prior, change.new_holder)
        first, last = windows[pending[0]]
        share = (day - first + 0.5) / (last - first + 1)
        before = dict.fromkeys(prior, 1.0 / len(prior)) if complete else {None: 1.0}
        probabilities = {h: (1.0 - share) * p for h, p in before.items()}
        probabilities[change.new_holder] = probabilities.get(change.new_holder, 0.0) + share
    else:
        moving = [full[i] for i in pending]
        events = involved + tuple(c for c in moving if all(c is not e for e in involved))
        candidates = _unique([*prior, *(c.new_holder for c in moving)])
        weights: dict[str | None, float] = {}
        for c in events:
            first, last = _days(c)
            if first <= day <= last and c.new_holder in candidates:
                weights[c.new_holder] = max(weights.get(c.new_holder, 0.0), _weight(c))
        shares: dict[str | None, float] = {h: weights.get(h, 1.0) for h in candidates}
        if not complete:
            shares[None] = 1.0
        total = sum(shares.values())
        probabilities = {h: share / total for h, share in shares.items()}
    certain = complete and len(candidates) == 1
    return ControlAnswer(
        controller=candidates[0] if certain else None,
        candidates=candidates,
        certain=certain,
        events=events,
        probabilities=probabilities,
        **base,
    )


def _gap(
    timeline: Any,
    day: int,
    base: dict[str, Any],
    windows: list[tuple[int, int]],
    holders: tuple[str, ...],
    events: tuple[ControlChange, ...],
    *,
    before: bool,
) -> ControlAnswer:
    """Before the first or after the last change: the holder last known, fading with distance."""
    if before and not holders:
        return ControlAnswer(
            controller=None, candidates=(), certain=False, probabilities={None: 1.0}, **base
        )
    anchor = windows[0][0] if before else max(last for _, last in windows)
    low, high = sorted((day, anchor))
    inside = 0
    if timeline.coverage is not None:
        inside = max(0, min(high, timeline.coverage[1]) - max(low, timeline.coverage[0]))
    weight = timeline.turnover.weight(high - low, inside, base["horizon_days"])
    probabilities: dict[str | None, float] = {}
    if weight > 0:
        for holder in holders:
            probabilities[holder] = probabilities.get(holder, 0.0) + weight / len(holders)
    rest = 1.0 - sum(probabilities.values())
    if rest > 1e-12 or not probabilities:
        probabilities[None] = max(rest, 0.0)
    return ControlAnswer(
        controller=None,
        candidates=tuple(h for h, p in probabilities.items() if h is not None and p > 0),
        certain=False,
        events=events,
        probabilities=probabilities,
        last_known=holders[0] if len(holders) == 1 else None,
        evidence_date=date.fromordinal(anchor),
        distance_days=high - low,
        **base,
    )


def assert_same(ours: ControlAnswer, theirs: ControlAnswer) -> None:
    for field in attrs.fields(ControlAnswer):
        if field.name != "probabilities":
            assert getattr(ours, field.name) == getattr(theirs, field.name), field.name
    assert list(ours.probabilities) == list(theirs.probabilities)
    for key, value in ours.probabilities.items():
        assert math.isclose(value, theirs.probabilities[key], abs_tol=1e-12), key


@settings(max_examples=300, deadline=None)
@given(changes())
def test_every_day_answers_as_computed_from_the_changes(given_changes: list[ControlChange]) -> None:
    timelines = Timelines.build(given_changes)
    days = [change_window(c) for c in given_changes]
    first = min(w.earliest for w in days).toordinal() - 3
    last = max(w.latest for w in days).toordinal() + 3
    for ordinal in range(first, last + 1):
        when = date.fromordinal(ordinal)
        assert_same(timelines.controller_at("x", when), expected(given_changes, when, timelines))


@settings(max_examples=100, deadline=None)
@given(st.lists(changes(), min_size=1, max_size=4))
def test_fading_is_measured_as_from_each_change(places: list[list[ControlChange]]) -> None:
    """The holdings counted per place (in order of middle day) and the span the changes report."""
    events = [
        attrs.evolve(change, id=f"{index}-{change.id}", location=f"p{index}")
        for index, place in enumerate(places)
        for change in place
    ]
    count = HoldingCount()
    for index in range(len(places)):
        ordered = sorted(
            (c for c in events if c.location == f"p{index}" and c.extent is Extent.FULL),
            key=lambda c: sum(_days(c)) // 2,
        )
        if not ordered:
            continue
        steps: list[tuple[int, bool | None]] = [(sum(_days(ordered[0])) // 2, None)]
        for before, change in itertools.pairwise(ordered):
            named = (
                before.new_holder in change.previous_holders if change.previous_holders else None
            )
            steps.append((sum(_days(change)) // 2, named))
        count += HoldingCount.of(steps)
    first = min(c.start.earliest for c in events).toordinal()
    last = max((c.end or c.start).latest for c in events).toordinal()
    expected_fading = Fading({None: count} if count != HoldingCount() else {}, first, last)
    assert Timelines.measure(events) == expected_fading
