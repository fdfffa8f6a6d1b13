"""Timeline benchmark: build control timelines from many control changes, then query them.

Seeded (42). The changes spread over a fixed number of locations; each location
changes hands between a few actors on random days (some dates uncertain: a
month, or a short span). Used by run.py; runs alone too:

    python benchmarks/bench_timeline.py [--changes 1000000] [--queries 200000]

Each is timed beside a plain-Python baseline, in the same process, interleaved
(the order rotates each round, the collector runs before each timing):

* build: group the same `ControlChange` objects by location, sort each
  location's by the earliest and latest day of its date, and keep per location
  the sorted arrays of bounds a query bisects (earliest days, latest days, the
  running greatest latest day, the least latest day); the collector is held
  off as in `Timelines.build`.
* query: for a (location, day), bisect those arrays and build the very
  `ControlAnswer` that `Timelines.controller_at` returns (holder, candidates,
  certainty, probabilities, the answering events, how far the nearest
  evidence is outside the covered days); a sample of answers is checked equal
  to ours before timing, so the baseline cannot be doing less.

Ratios are the baseline's time over ours (above 1: ours is faster), per round;
the median and the range over the rounds are reported.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import math
import random
import statistics
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from itertools import accumulate
from operator import itemgetter
from typing import Any

import attrs

from conflict_events import ControlChange, FuzzyDate, Span

_START = date(1990, 1, 1).toordinal()
_DAYS = 365 * 30


def make_changes(count: int, locations: int, seed: int = 42) -> list[ControlChange]:
    """*count* control changes over *locations* places, seeded."""
    rng = random.Random(seed)
    actors = [f"a{i}" for i in range(20)]
    changes = []
    for index in range(count):
        day = date.fromordinal(_START + rng.randrange(_DAYS))
        shape = rng.random()
        if shape < 0.7:
            when: FuzzyDate | Span = FuzzyDate.on(day)
        elif shape < 0.9:
            when = FuzzyDate.month(day.year, day.month)
        else:
            when = Span(FuzzyDate.on(day), FuzzyDate.on(day + timedelta(days=rng.randrange(1, 30))))
        new, old = rng.sample(actors, 2)
        changes.append(
            ControlChange(
                id=f"c{index}",
                when=when,
                location=f"l{rng.randrange(locations)}",
                new_holder=new,
                previous_holders=(old,),
            )
        )
    return changes


# -- the baselines -------------------------------------------------------------

#: Per location: earliest days, latest days, running greatest latest day, least latest day,
#: the changes (all sorted by earliest then latest day, then id as `Timelines` orders them).
_Arrays = tuple[list[int], list[int], list[int], int, list[ControlChange]]


def baseline_build(changes: Sequence[ControlChange]) -> dict[str, _Arrays]:
    """Group by location, sort by earliest then latest day (then id), keep arrays to bisect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        places: dict[str, list[tuple[int, int, str, ControlChange]]] = {}
        for change in changes:
            when = change.when
            if type(when) is Span:
                first, last = when.start.earliest, (when.end or when.start).latest
            else:
                first, last = when.earliest, when.latest
            item = (first.toordinal(), last.toordinal(), change.id, change)
            found = places.get(change.location)  # type: ignore[arg-type]
            if found is None:
                places[change.location] = [item]  # type: ignore[index]
            else:
                found.append(item)
        by_days = itemgetter(0, 1, 2)
        result: dict[str, _Arrays] = {}
        for place, items in places.items():
            items.sort(key=by_days)
            earliest = [item[0] for item in items]
            latest = [item[1] for item in items]
            result[place] = (
                earliest,
                latest,
                list(accumulate(latest, max)),
                min(latest),
                [item[3] for item in items],
            )
        return result
    finally:
        if enabled:
            gc.enable()


def _unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _window(change: ControlChange) -> tuple[int, int]:
    when = change.when
    if type(when) is Span:
        return when.start.earliest.toordinal(), (when.end or when.start).latest.toordinal()
    return when.earliest.toordinal(), when.latest.toordinal()


def _weight(change: ControlChange, weights: Any) -> float:
    if not change.attributions:
        return 1.0
    return max(weights.get(a.status, 1.0) for a in change.attributions)


class BaselineQuery:
    """
    `controller_at` the straightforward way, for full-extent changes without statuses or parts.

    Every answer is computed at query time from the sorted arrays: the changes
    done by the day (their latest day before it), the ones pending (the day
    inside their window), the ones that may have come last.
    """

    def __init__(self, arrays: dict[str, _Arrays], turnover: Any, coverage: Any, days: int):
        reasoning = importlib.import_module("conflict_events.reasoning")
        self.answer_type = reasoning.ControlAnswer
        self.weights = reasoning.STATEMENT_WEIGHTS
        self.arrays = arrays
        self.turnover = turnover
        self.coverage = coverage
        self.days = days

    @staticmethod
    def _settled(
        arrays: _Arrays, day: int, last_done: int
    ) -> tuple[tuple[str, ...], bool, tuple[ControlChange, ...]]:
        """The holders before the pending changes, whether they are all known, and the events."""
        earliest, latest, reach, least, changes = arrays
        involved: tuple[ControlChange, ...]
        if last_done < 0:  # nothing done: the holders the first changes name as previous
            involved = tuple(changes[: bisect_right(earliest, least)])
            prior = _unique([holder for c in involved for holder in c.previous_holders])
            return prior, bool(prior), involved
        # The done changes that may have come last, in order of their latest day.
        greatest = earliest[last_done]
        last: list[int] = []
        index = last_done
        while index >= 0 and reach[index] >= greatest:
            if greatest <= latest[index] < day:
                last.append(index)
            index -= 1
        last.sort(key=lambda j: (latest[j], j))
        involved = tuple(changes[j] for j in last)
        return _unique([c.new_holder for c in involved]), True, involved

    def __call__(self, location: str, when: date) -> Any:
        arrays = self.arrays[location]
        earliest, latest, reach, _, changes = arrays
        day = when.toordinal()
        count = len(changes)
        started = bisect_right(earliest, day)  # these have begun by the day
        # Pending on the day: begun and not over; the last done one: the greatest earliest day.
        pending: list[int] = []
        last_done = -1
        index = started - 1
        while index >= 0 and (reach[index] >= day or last_done < 0):
            if latest[index] >= day:
                pending.append(index)
            elif last_done < 0:
                last_done = index
            index -= 1
        pending.reverse()
        prior, complete, involved = self._settled(arrays, day, last_done)
        if started == 0 or (not pending and started == count):
            return self._gap(location, when, arrays, started == 0, prior, involved)
        if not pending:
            certain = len(prior) == 1
            return self.answer_type(
                location=location,
                at=when,
                controller=prior[0] if certain else None,
                candidates=prior,
                certain=certain,
                events=involved,
                answered_by=location,
                probabilities=dict.fromkeys(prior, 1.0 / len(prior)),
                horizon_days=self.days,
            )
        first = pending[0]
        probabilities: dict[str | None, float]
        if (
            len(pending) == 1
            and (first == 0 or reach[first - 1] < earliest[first])
            and (first + 1 == count or earliest[first + 1] > latest[first])
        ):  # one change's window, overlapping no other: the new holder's share grows across it
            change = changes[first]
            new = change.new_holder
            events = involved if any(c is change for c in involved) else (*involved, change)
            candidates = prior if new in prior else (*prior, new)
            low, high = earliest[first], latest[first]
            share = (day - low + 0.5) / (high - low + 1)
            before = dict.fromkeys(prior, 1.0 / len(prior)) if complete else {None: 1.0}
            probabilities = {holder: (1.0 - share) * p for holder, p in before.items()}
            probabilities[new] = probabilities.get(new, 0.0) + share
        else:  # overlapping windows: weighed by how the changes inside them are stated
            known = {id(c) for c in involved}
            moving = [changes[j] for j in pending]
            events = involved + tuple(c for c in moving if id(c) not in known)
            candidates = _unique([*prior, *(c.new_holder for c in moving)])
            given: dict[str | None, float] = {}
            for c in events:
                low, high = _window(c)
                if low <= day <= high and c.new_holder in candidates:
                    given[c.new_holder] = max(
                        given.get(c.new_holder, 0.0), _weight(c, self.weights)
                    )
            shares: dict[str | None, float] = {h: given.get(h, 1.0) for h in candidates}
            if not complete or not candidates:
                shares[None] = 1.0
            total = sum(shares.values())
            probabilities = {h: s / total for h, s in shares.items()}
        certain = complete and len(candidates) == 1
        return self.answer_type(
            location=location,
            at=when,
            controller=candidates[0] if certain else None,
            candidates=candidates,
            certain=certain,
            events=events,
            answered_by=location,
            probabilities=probabilities,
            horizon_days=self.days,
        )

    def _gap(
        self,
        location: str,
        when: date,
        arrays: _Arrays,
        before_first: bool,
        holders: tuple[str, ...],
        events: tuple[ControlChange, ...],
    ) -> Any:
        earliest, _, reach, _, _ = arrays
        day = when.toordinal()
        if before_first and not holders:
            return self.answer_type(
                location=location,
                at=when,
                controller=None,
                candidates=(),
                certain=False,
                answered_by=location,
                probabilities={None: 1.0},
                horizon_days=self.days,
            )
        anchor = earliest[0] if before_first else reach[-1]
        low, high = min(day, anchor), max(day, anchor)
        inside = 0
        if self.coverage is not None:
            inside = max(0, min(high, self.coverage[1]) - max(low, self.coverage[0]))
        weight = self.turnover.weight(high - low, inside, self.days)
        probabilities: dict[str | None, float] = {}
        if weight > 0:
            for holder in holders:
                probabilities[holder] = probabilities.get(
                    holder, 0.0
                ) + weight * weight / weight / len(holders)
        rest = 1.0 - sum(probabilities.values())
        if rest > 1e-12 or not probabilities:
            probabilities[None] = max(rest, 0.0)
        return self.answer_type(
            location=location,
            at=when,
            controller=None,
            candidates=tuple(h for h, p in probabilities.items() if h is not None and p > 0),
            certain=False,
            events=events,
            answered_by=location,
            probabilities=probabilities,
            last_known=holders[0] if len(holders) == 1 else None,
            evidence_date=date.fromordinal(anchor),
            distance_days=high - low,
            horizon_days=self.days,
        )


def _same(ours: Any, theirs: Any) -> bool:
    """Equal answers: every field equal, the probabilities to rounding, in the same order."""
    if list(ours.probabilities) != list(theirs.probabilities):
        return False
    if not all(
        math.isclose(
            ours.probabilities[key], theirs.probabilities[key], rel_tol=1e-12, abs_tol=1e-15
        )
        for key in ours.probabilities
    ):
        return False
    fields = [field.name for field in attrs.fields(type(ours)) if field.name != "probabilities"]
    return all(getattr(ours, name) == getattr(theirs, name) for name in fields)


def _rounds(timed: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Seconds of each callable per round, interleaved, the order rotating; collector run first."""
    names = list(timed)
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(repeat):
        for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
            gc.collect()
            began = time.perf_counter()
            timed[name]()
            seconds[name].append(time.perf_counter() - began)
    return seconds


def _ratio(baseline: list[float], ours: list[float]) -> dict[str, float]:
    """The baseline's time over ours per round: median, least and greatest."""
    ratios = [b / o for b, o in zip(baseline, ours, strict=True)]
    return {
        "median": statistics.median(ratios),
        "min": min(ratios),
        "max": max(ratios),
    }


def run(count: int, queries: int, repeat: int, locations: int = 1000) -> dict[str, Any]:
    """Build seconds and controller_at queries per second (median of *repeat*), with baselines."""
    try:
        reasoning = importlib.import_module("conflict_events.reasoning")
        timelines_type = reasoning.Timelines
    except (ImportError, AttributeError):
        return {"absent": "conflict_events.reasoning.Timelines is not there yet"}
    began = time.perf_counter()
    changes = make_changes(count, locations)
    made = time.perf_counter() - began
    rng = random.Random(7)
    asked = [
        (f"l{rng.randrange(locations)}", date.fromordinal(_START + rng.randrange(_DAYS)))
        for _ in range(queries)
    ]
    timelines = timelines_type.build(changes)
    arrays = baseline_build(changes)
    fading = timelines_type.measure(changes)
    turnover = fading.turnover(None)
    baseline = BaselineQuery(arrays, turnover, fading.coverage, turnover.horizon())
    sample = asked[: min(len(asked), 20_000)]
    for location, day in sample:  # the baseline must build the very answer we give
        ours, theirs = timelines.controller_at(location, day), baseline(location, day)
        if not _same(ours, theirs):
            msg = f"baseline answer differs at {location} {day}:\n{ours!r}\n{theirs!r}"
            raise AssertionError(msg)

    def ours_queries() -> None:
        ask = timelines.controller_at
        for location, day in asked:
            ask(location, day)

    def baseline_queries() -> None:
        for location, day in asked:
            baseline(location, day)

    built = _rounds(
        {
            "ours": lambda: timelines_type.build(changes),
            "baseline": lambda: baseline_build(changes),
        },
        repeat,
    )
    asked_s = _rounds({"ours": ours_queries, "baseline": baseline_queries}, repeat)
    return {
        "conflict_events": queries / statistics.median(asked_s["ours"]),
        "build_s": statistics.median(built["ours"]),
        "changes": count,
        "queries": queries,
        "locations": locations,
        "make_changes_s": made,
        "build_s_range": [min(built["ours"]), max(built["ours"])],
        "baseline_build_s": statistics.median(built["baseline"]),
        "baseline_build_s_range": [min(built["baseline"]), max(built["baseline"])],
        "build_vs_baseline": _ratio(built["baseline"], built["ours"]),
        "queries_per_s_range": [queries / max(asked_s["ours"]), queries / min(asked_s["ours"])],
        "baseline_queries_per_s": queries / statistics.median(asked_s["baseline"]),
        "query_vs_baseline": _ratio(asked_s["baseline"], asked_s["ours"]),
        "answers_checked": len(sample),
        "rounds": repeat,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    result = run(args.changes, args.queries, args.repeat)
    print(json.dumps(result))
    if "absent" not in result:
        for name in ("build_vs_baseline", "query_vs_baseline"):
            ratio = result[name]
            print(
                f"{name}: {ratio['median']:.2f}x (range {ratio['min']:.2f}-{ratio['max']:.2f},"
                f" {args.repeat} rounds; above 1: faster than the baseline)"
            )


if __name__ == "__main__":
    main()
