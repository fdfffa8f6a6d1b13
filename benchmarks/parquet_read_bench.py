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
prints the figures as one JSON object. ``--steps`` adds the CPU seconds of
each step of ``events_frame`` of the directory, run one after the other on
one thread: the part files' footers, reading the events' part files
(with Arrow's full validation), reading the actors, locations and sources
as records, joining the events' columns (references looked up among the
ids read), the date check, the other column checks (which ``events_frame``
runs on a thread of their own while it computes the frame), and computing
the frame's columns.

    python benchmarks/parquet_read_bench.py [--events N] [--rounds R] [--quick] [--json] [--steps]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from _timing import summary, timed

import conflict_events
from conflict_events import generate
from conflict_events.formats import arrow, edtf_columns, event_column_checks, parquet_frames
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


def _frame_steps(directory: Path) -> dict[str, float]:
    """The CPU seconds of each step of ``events_frame`` of *directory*, one after the other."""
    steps: dict[str, float] = {}
    # The module's own steps, timed one by one: no public way gives them.
    leaves = parquet_frames._dictionary_leaves()  # noqa: SLF001
    wanted = parquet_frames._wanted  # noqa: SLF001
    events_columns = parquet_frames._events_columns  # noqa: SLF001
    other_tables = parquet_frames._OTHER_TABLES  # noqa: SLF001
    read_others = parquet_frames._Others.read  # noqa: SLF001
    checked = parquet_frames._checked  # noqa: SLF001
    frame = parquet_frames._events  # noqa: SLF001

    def step(name: str, action: Callable[[], Any]) -> Any:
        result: list[Any] = []
        steps[name] = timed(lambda: result.append(action()))[1]
        return result[0]

    _, files, positions = step("footers", lambda: arrow.checked_parts(directory))
    errors: list[Any] = []
    parts = step(
        "events' part files",
        lambda: [arrow.read_part(directory, p, errors, wanted, leaves) for p in files["events"]],
    )
    read: concurrent.futures.Future[list[Any]] = concurrent.futures.Future()
    read.set_result(parts)
    ids = parquet_frames._EventIds(read, errors)  # noqa: SLF001

    def others() -> Any:
        tables = {
            name: arrow.whole_table(directory, name, files[name], positions[name], errors)
            for name in other_tables
        }
        return read_others(tables, ids)

    records = step("actors, locations, sources", others)
    known = event_column_checks.KnownIds(
        pa.array(list(records.places), pa.string()),
        pa.array([actor.id for actor in records.actors], pa.string()),
        pa.array([source.id for source in records.sources], pa.string()),
    )
    data = step("events' columns", lambda: events_columns(parts, positions["events"], known))
    when = [data[name] for name in event_column_checks.WHEN]
    step("date check", lambda: edtf_columns.when_rows(when[0], when[1:]))
    columns = checked(data, records, known)  # untimed: it runs the checks below on a thread
    columns.confirmed()
    step(
        "other column checks",
        lambda: event_column_checks.check_columns(data, columns.codes),
    )
    step("frame columns", lambda: frame(columns))
    return steps


def run(events: int, rounds: int, *, steps: bool = False) -> dict[str, Any]:
    """The seconds of each measurement and the ratios, over *rounds* interleaved rounds."""
    with tempfile.TemporaryDirectory() as folder:
        actions, dataset = _actions(events, Path(folder))
        wall: dict[str, list[float]] = {name: [] for name in actions}
        cpu: dict[str, list[float]] = {name: [] for name in actions}
        by_step: dict[str, list[float]] = {}
        for _ in range(rounds):
            for name, action in actions.items():
                seconds, used = timed(action)
                wall[name].append(seconds)
                cpu[name].append(used)
            if steps:
                for name, used in _frame_steps(Path(folder) / "parquet").items():
                    by_step.setdefault(name, []).append(used)
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
        "frame_steps_cpu_seconds": {name: summary(values) for name, values in by_step.items()},
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
    if result["frame_steps_cpu_seconds"]:
        print("  events_frame(directory) step by step, CPU (one thread):")
    for name, used in result["frame_steps_cpu_seconds"].items():
        print(
            f"    {name:32s} {1000 * used['median']:7.1f} ms [{1000 * used['min']:.1f}-"
            f"{1000 * used['max']:.1f}]"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="20,000 events, 3 rounds")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--steps", action="store_true", help="also time each step of events_frame(directory)"
    )
    arguments = parser.parse_args(argv)
    events, rounds = (20_000, 3) if arguments.quick else (arguments.events, arguments.rounds)
    result = run(events, rounds, steps=arguments.steps)
    if arguments.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
