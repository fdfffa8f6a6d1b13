"""
Parquet read speed, side by side with its yardsticks on the same events, in one run.

- ``read_parquet`` of a Parquet dataset directory against ``from_json`` of the
  same dataset as one JSON document (bytes in memory), both validating
  every record and every reference;
- the floor: ``pyarrow.parquet.read_table`` of every part file and
  ``to_pylist`` of every column, which reads the same columns into Python
  and checks nothing;
- ``events_frame`` of the directory (backend ``arrow``) against ``from_json``.

Each round runs every measurement once, in the same order (interleaved, so a
change in the machine's load touches all alike); the table gives each
round's ratio as the median and the range over the rounds. CPU seconds are
given beside wall-clock ones: on a shared machine they move less.
``--quick`` (20,000 events, 3 rounds) runs in under a minute; ``--json``
prints the figures as one JSON object.

    python benchmarks/parquet_read_bench.py [--events N] [--rounds R] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
from _timing import summary, timed

import conflict_events
from conflict_events import generate
from conflict_events.formats.jsonl import read_dataset
from conflict_events.model import Dataset


def _floor(directory: Path) -> None:
    """Every column of every part file as Python values, unchecked."""
    for path in sorted(directory.rglob("*.parquet")):
        for column in pq.read_table(path).columns:
            column.to_pylist()


def _actions(events: int, work: Path) -> tuple[dict[str, Callable[[], object]], Dataset]:
    source = work / "events.jsonl"
    generate.write_jsonl(source, events, seed=4)
    dataset = read_dataset(source)
    document = conflict_events.to_json(dataset).encode()
    directory = work / "parquet"
    conflict_events.write_parquet(dataset, directory)
    if conflict_events.read_parquet(directory) != dataset:
        msg = "read_parquet did not give back the dataset"
        raise RuntimeError(msg)
    actions: dict[str, Callable[[], object]] = {
        "from_json": lambda: conflict_events.from_json(document, Dataset),
        "read_parquet": lambda: conflict_events.read_parquet(directory),
        "floor (read_table + to_pylist)": lambda: _floor(directory),
        "events_frame(directory)": lambda: conflict_events.events_frame(directory, "arrow"),
    }
    return actions, dataset


def run(events: int, rounds: int) -> dict[str, Any]:
    """The seconds of each measurement and the ratios, over *rounds* interleaved rounds."""
    with tempfile.TemporaryDirectory() as folder:
        actions, dataset = _actions(events, Path(folder))
        wall: dict[str, list[float]] = {name: [] for name in actions}
        cpu: dict[str, list[float]] = {name: [] for name in actions}
        for _ in range(rounds):
            for name, action in actions.items():
                seconds, used = timed(action)
                wall[name].append(seconds)
                cpu[name].append(used)
    ratios = {
        "read_parquet speed / from_json": [
            j / p for j, p in zip(wall["from_json"], wall["read_parquet"], strict=True)
        ],
        "read_parquet time / floor": [
            p / f
            for p, f in zip(
                wall["read_parquet"], wall["floor (read_table + to_pylist)"], strict=True
            )
        ],
        "events_frame speed / from_json": [
            j / e for j, e in zip(wall["from_json"], wall["events_frame(directory)"], strict=True)
        ],
    }
    return {
        "events": len(dataset.events),
        "rounds": rounds,
        "load_average": list(os.getloadavg()),
        "seconds": {name: summary(values) for name, values in wall.items()},
        "cpu_seconds": {name: summary(values) for name, values in cpu.items()},
        "ratios": {name: summary(values) for name, values in ratios.items()},
    }


def _print(result: dict[str, Any]) -> None:
    print(f"{result['events']:,} events, {result['rounds']} rounds, load {result['load_average']}")
    for name, wall in result["seconds"].items():
        used = result["cpu_seconds"][name]
        print(
            f"  {name:34s} {wall['median']:7.3f} s [{wall['min']:.3f}-{wall['max']:.3f}]"
            f"  CPU {used['median']:.3f} s"
        )
    for name, ratio in result["ratios"].items():
        print(f"  {name:34s} {ratio['median']:6.2f}x [{ratio['min']:.2f}-{ratio['max']:.2f}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="20,000 events, 3 rounds")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    arguments = parser.parse_args(argv)
    events, rounds = (20_000, 3) if arguments.quick else (arguments.events, arguments.rounds)
    result = run(events, rounds)
    if arguments.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
