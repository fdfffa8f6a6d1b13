"""Path consistency on Allen networks of 100, 200 and 400 intervals (a script, not a test).

Each network comes from real random intervals, so it is consistent: a share of
the pairs gets a constraint holding the true relation plus up to three other
relations, and path consistency must refine the rest. Seeded (42); prints one
line per size with the best of three runs.

    python benchmarks/allen_bench.py [--sizes 100 200 400] [--density 0.2]
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import sys
import time

from conflict_events.temporal.allen import Network, Relation, relation

RELATIONS = list(Relation)


def build(size: int, density: float, seed: int) -> Network:
    rng = random.Random(seed)
    intervals = []
    for _ in range(size):
        start = rng.randrange(0, 10 * size)
        intervals.append((start, start + rng.randrange(1, 5 * size)))
    network = Network()
    for index in range(size):
        network.add(f"e{index}")
    for i in range(size):
        for j in range(i + 1, size):
            if rng.random() < density:
                true = relation(intervals[i], intervals[j])
                extra = rng.sample(RELATIONS, rng.randrange(0, 4))
                network.relate(f"e{i}", f"e{j}", {true, *extra})
    return network


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400])
    parser.add_argument("--density", type=float, default=0.2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]} on {platform.machine()} ({platform.system()})")
    header = ("intervals", "constraints", "build s", "propagate s", "pairs fixed")
    print(f"{header[0]:>9} {header[1]:>11} {header[2]:>8} {header[3]:>12} {header[4]:>11}")
    for size in args.sizes:
        best_build = best_run = float("inf")
        fixed = 0
        constraints = 0
        for attempt in range(args.repeat):
            gc.collect()
            began = time.perf_counter()
            network = build(size, args.density, seed=42 + attempt)
            built = time.perf_counter()
            network.propagate()
            done = time.perf_counter()
            best_build = min(best_build, built - began)
            best_run = min(best_run, done - built)
            names = network.names
            constraints = len(network.constraints)
            fixed = sum(
                network.relation(names[i], names[j]) is not None
                for i in range(size)
                for j in range(i + 1, size)
            )
        print(f"{size:>9} {constraints:>11} {best_build:>8.3f} {best_run:>12.3f} {fixed:>11}")


if __name__ == "__main__":
    main()
