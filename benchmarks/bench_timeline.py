"""Timeline benchmark: build control timelines from many control changes, then query them.

Seeded (42). The changes spread over a fixed number of locations; each location
changes hands between a few actors on random days (some dates uncertain: a
month, or a short span). Used by run.py; runs alone too:

    python benchmarks/bench_timeline.py [--changes 1000000] [--queries 200000]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import random
import statistics
import time
from datetime import date, timedelta
from typing import Any

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


def run(count: int, queries: int, repeat: int, locations: int = 1000) -> dict[str, Any]:
    """Build seconds and controller_at queries per second (median of *repeat*)."""
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
    builds, runs = [], []
    for _ in range(repeat):
        gc.collect()
        began = time.perf_counter()
        timelines = timelines_type.build(changes)
        builds.append(time.perf_counter() - began)
        gc.collect()
        began = time.perf_counter()
        for location, day in asked:
            timelines.controller_at(location, day)
        runs.append(time.perf_counter() - began)
        del timelines
    return {
        "conflict_events": queries / statistics.median(runs),
        "build_s": statistics.median(builds),
        "changes": count,
        "queries": queries,
        "locations": locations,
        "make_changes_s": made,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.changes, args.queries, args.repeat)))


if __name__ == "__main__":
    main()
