"""
How well the timelines' probabilities match the truth, against two baselines.

Seeded. Each place gets a true control history (a few actors taking it in
turn on random days of 2010-2020). Reports of it are then degraded as real
ones are: a share of the changes never reported, dates coarsened to a week or
a month, previous holders not always named, and a share of reported statuses
that name the wrong holder. The timelines built from the reports are asked
about random days of 2008-2022, inside and outside the evidence, and scored
against the true holder:

- *Brier score* over the actors (lower is better), the unknown mass spread
  evenly over them, as a reader who knows nothing would;
- *log loss* of the true holder (lower is better), floored at 1e-6;
- *certain and wrong*: the share of answers marked certain whose holder is
  not the true one (a certain answer should never be wrong);
- *90 % interval coverage*: the share of reported changes whose central 90 %
  interval (`change_interval`) holds the true day of the change.

The same reports are scored three ways: the timelines' default (evidence
fading as a survival curve fitted to the reports' own holding times, slower
inside the data's span, to a horizon of three average holdings); "last known
forever" (no fade, what the timelines did before horizons); and "unknown
outside evidence" (a horizon of one day).

    python benchmarks/timeline_calibration.py [--places 2000] [--queries 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import random
from datetime import date, timedelta
from typing import Any

from conflict_events import ControlChange, ControlStatus, FuzzyDate, Location, LocationKind
from conflict_events.reasoning import Timelines, change_interval
from conflict_events.reasoning.horizon import Turnover

ACTORS = ("a", "b", "c", "d", "e")
#: The span the reports cover; the true histories run on before and after it.
FIRST, LAST = date(2010, 1, 1), date(2020, 12, 31)
TRUE_FIRST, TRUE_LAST = date(2004, 1, 1), date(2026, 12, 31)
ASKED_FIRST, ASKED_LAST = date(2008, 1, 1), date(2022, 12, 31)
#: (name, share of changes reported, share of dates coarsened to a week, to a month,
#:  share of previous holders named, share of statuses naming the wrong holder,
#:  share of changes reported late: dated the day of the report, 1-14 days after)
LEVELS = (
    ("mild", 0.95, 0.2, 0.1, 0.9, 0.02, 0.02),
    ("moderate", 0.8, 0.3, 0.3, 0.7, 0.05, 0.05),
    ("severe", 0.6, 0.3, 0.5, 0.5, 0.1, 0.1),
)
#: (name, the options of `Timelines.build`): ours, then the two baselines.
METHODS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("survival fade (default)", {}),
    ("last known forever", {"horizon": 10**9, "turnover": Turnover(days=1e15, reported=1.0)}),
    ("unknown outside evidence", {"horizon": 1}),
)


def _history(rng: random.Random) -> list[tuple[date, str]]:
    """
    The true holders of one place: (first day, holder), the first from long before.

    Places change hands at the same rate before, during and after the span
    the reports cover (two to ten times over 23 years), as a war goes on
    before a dataset starts and after it stops.
    """
    holder = rng.choice(ACTORS)
    history = [(date.min, holder)]
    span = (TRUE_LAST - TRUE_FIRST).days
    for day in sorted(rng.sample(range(span), rng.randint(2, 10))):
        holder = rng.choice([actor for actor in ACTORS if actor != holder])
        history.append((TRUE_FIRST + timedelta(day), holder))
    return history


def _true_holder(history: list[tuple[date, str]], day: date) -> str:
    holder = history[0][1]
    for start, who in history:
        if start <= day:
            holder = who
    return holder


def _window(rng: random.Random, day: date, week: float, month: float, late: float) -> FuzzyDate:
    """The reported date of a change on *day*: the day, its week, its month, or a later day."""
    if rng.random() < late:
        reported = day + timedelta(days=rng.randint(1, 14))
        return FuzzyDate(reported, reported)
    draw = rng.random()
    if draw < month:
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return FuzzyDate(start, end)
    if draw < month + week:
        start = day - timedelta(days=day.weekday())
        return FuzzyDate(start, start + timedelta(days=6))
    return FuzzyDate(day, day)


def _reports(
    rng: random.Random, place: str, history: list[tuple[date, str]], level: tuple[Any, ...]
) -> list[ControlChange | ControlStatus]:
    """What the reports say of one place's history, degraded as *level* says."""
    _, reported, week, month, named, wrong, late = level
    events: list[ControlChange | ControlStatus] = []
    for index in range(1, len(history)):
        day, holder = history[index]
        if not FIRST <= day <= LAST or rng.random() > reported:
            continue
        previous = (history[index - 1][1],) if rng.random() < named else ()
        events.append(
            ControlChange(
                id=f"{place}-c{index}",
                when=_window(rng, day, week, month, late),
                location=place,
                new_holder=holder,
                previous_holders=previous,
            )
        )
    for number in range(rng.randint(0, 2)):
        day = FIRST + timedelta(rng.randrange((LAST - FIRST).days))
        holder = _true_holder(history, day)
        if rng.random() < wrong:
            holder = rng.choice([actor for actor in ACTORS if actor != holder])
        events.append(
            ControlStatus(
                id=f"{place}-s{number}",
                when=FuzzyDate(day, day),
                location=place,
                holder=holder,
            )
        )
    return events


def _score(shares: dict[str | None, float], truth: str) -> tuple[float, float]:
    """Brier score over the actors and log loss of *truth*; unknown is spread evenly."""
    unknown = shares.get(None, 0.0) / len(ACTORS)
    chance = {actor: shares.get(actor, 0.0) + unknown for actor in ACTORS}
    brier = sum((p - (actor == truth)) ** 2 for actor, p in chance.items())
    return brier, -math.log(max(chance[truth], 1e-6))


def _coverage(events: list[ControlChange | ControlStatus], truth: dict[str, date]) -> float:
    """The share of reported changes whose 90 % interval holds the true day of the change."""
    changes = [event for event in events if isinstance(event, ControlChange)]
    inside = 0
    for change in changes:
        first, last = change_interval(change, 0.9)
        inside += first <= truth[change.id] <= last
    return inside / max(len(changes), 1)


def run(places: int, queries: int, seed: int = 7) -> list[dict[str, Any]]:
    """Score every method at every level of degradation; one row per pair."""
    rows = []
    for level in LEVELS:
        rng = random.Random(f"{seed}-{level[0]}")
        locations, events, asked = [], [], []
        truth: dict[str, date] = {}
        for number in range(places):
            place = f"p{number}"
            history = _history(rng)
            truth.update((f"{place}-c{i}", day) for i, (day, _) in enumerate(history) if i)
            locations.append(Location(id=place, name=place, kind=LocationKind.SETTLEMENT))
            events.extend(_reports(rng, place, history, level))
            for _ in range(queries):
                day = ASKED_FIRST + timedelta(rng.randrange((ASKED_LAST - ASKED_FIRST).days))
                asked.append((place, day, _true_holder(history, day)))
        covered = _coverage(events, truth)
        for name, options in METHODS:
            built = Timelines.build(events, locations=locations, **options)
            brier = loss = wrong = certain = 0.0
            for place, day, truth in asked:
                answer = built.controller_at(place, day)
                one_brier, one_loss = _score(answer.probabilities, truth)
                brier += one_brier
                loss += one_loss
                certain += answer.certain
                wrong += answer.certain and answer.controller != truth
            rows.append(
                {
                    "degradation": level[0],
                    "method": name,
                    "brier": round(brier / len(asked), 4),
                    "log_loss": round(loss / len(asked), 4),
                    "certain": round(certain / len(asked), 4),
                    "certain_and_wrong": round(wrong / max(certain, 1), 4),
                    "interval_coverage": round(covered, 4),
                    "queries": len(asked),
                }
            )
    return rows


def main() -> None:
    """Print the scores as a Markdown table, or as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--places", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=10, help="per place")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    rows = run(arguments.places, arguments.queries)
    if arguments.json:
        print(json.dumps(rows, indent=2))
        return
    print(
        "| degradation | method | Brier | log loss | certain | certain and wrong "
        "| 90 % interval coverage |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['degradation']} | {row['method']} | {row['brier']} | {row['log_loss']} "
            f"| {row['certain']:.1%} | {row['certain_and_wrong']:.1%} "
            f"| {row['interval_coverage']:.1%} |"
        )


if __name__ == "__main__":
    main()
