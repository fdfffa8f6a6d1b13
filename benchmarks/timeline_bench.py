"""Control timelines at scale: build from N changes over M locations, then query (a script).

Seeded (42). Each location gets a run of changes ten to sixty days apart, a
third of them with a window of a week or a month instead of one day, each
naming the previous holder. Prints the time to build every timeline and the
queries per second of `Timelines.controller_at` on random (location, day)
pairs, best of --repeat runs for the queries. With --json, one JSON line.

    python benchmarks/timeline_bench.py [--changes 1000000] [--locations 100000]
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import sys
import time
from datetime import date, timedelta

from conflict_events import ControlChange, FuzzyDate
from conflict_events.reasoning import Timelines

ACTORS = [f"actor-{index}" for index in range(12)]
ORIGIN = date(2011, 1, 1)


def generate(changes: int, locations: int, seed: int) -> list[ControlChange]:
    rng = random.Random(seed)
    per_location = max(1, changes // locations)
    result: list[ControlChange] = []
    windows: dict[int, FuzzyDate] = {}
    for place in range(locations):
        day = rng.randrange(0, 300)
        holder = rng.choice(ACTORS)
        for index in range(per_location):
            if len(result) >= changes:
                break
            day += rng.randrange(10, 60)
            width = rng.choice((0, 0, 0, 0, 6, 29))
            key = day * 64 + width
            when = windows.get(key)
            if when is None:
                start = ORIGIN + timedelta(day)
                when = windows[key] = FuzzyDate(start, start + timedelta(width))
            new = rng.choice([a for a in ACTORS if a != holder])
            result.append(
                ControlChange(
                    id=f"c{place}-{index}",
                    when=when,
                    location=f"loc-{place}",
                    new_holder=new,
                    previous_holders=(holder,),
                )
            )
            holder = new
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1_000_000)
    parser.add_argument("--locations", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    arguments = parser.parse_args()

    started = time.perf_counter()
    changes = generate(arguments.changes, arguments.locations, arguments.seed)
    generated = time.perf_counter() - started

    gc.collect()
    started = time.perf_counter()
    timelines = Timelines.build(changes)
    built = time.perf_counter() - started

    rng = random.Random(arguments.seed + 1)
    queries = [
        (f"loc-{rng.randrange(arguments.locations)}", ORIGIN + timedelta(rng.randrange(0, 4000)))
        for _ in range(arguments.queries)
    ]
    best = float("inf")
    for _ in range(arguments.repeat):
        started = time.perf_counter()
        for location, day in queries:
            timelines.controller_at(location, day)
        best = min(best, time.perf_counter() - started)
    result = {
        "changes": len(changes),
        "locations": len(timelines),
        "generate_s": round(generated, 2),
        "build_s": round(built, 2),
        "queries_per_s": round(arguments.queries / best),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    if arguments.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>14}: {value}")
    sys.exit(0)


if __name__ == "__main__":
    main()
