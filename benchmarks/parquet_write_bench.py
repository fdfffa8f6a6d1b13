"""
Parquet write speed, side by side with its yardsticks, in one run.

- ``generate --format parquet`` against ``generate --format jsonl``: events per second;
- ``convert IN.jsonl OUT --to parquet`` against ``pyarrow.json.read_json`` +
  ``pyarrow.parquet.write_table`` on the same file: the time ratio.

Each round runs every measurement once, in the same order (interleaved, so
a change in the machine's load touches all alike); the table gives the
median and the range (min-max) over the rounds, of the times and of each
round's ratio. ``--quick`` (50,000 events, 3 rounds) runs in under two
minutes; ``--json`` prints the figures as one JSON object.

    python benchmarks/parquet_write_bench.py [--events N] [--rounds R] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.json as pj
import pyarrow.parquet as pq

from conflict_events import generate
from conflict_events.cli import main as cli


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _fresh(path: Path) -> Path:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    return path


def _convert(source: Path, target: Path) -> None:
    code = cli(["convert", str(source), str(target), "--to", "parquet", "-q"])
    if code != 0:
        msg = f"convert exited {code}"
        raise RuntimeError(msg)


def _pyarrow(source: Path, target: Path) -> None:
    target.mkdir()
    pq.write_table(pj.read_json(source), target / "part-0.parquet")


def _rounds(events: int, rounds: int, work: Path) -> dict[str, list[float]]:
    source = work / "input.jsonl"
    generate.write_jsonl(source, events, seed=1)
    times: dict[str, list[float]] = {
        "generate parquet": [],
        "generate jsonl": [],
        "convert jsonl->parquet": [],
        "pyarrow read_json+write_table": [],
    }
    out = work / "out"
    for _ in range(rounds):
        times["generate parquet"].append(
            _timed(lambda: generate.write_parquet(_fresh(out), events, seed=2))
        )
        times["generate jsonl"].append(
            _timed(lambda: generate.write_jsonl(_fresh(work / "out.jsonl"), events, seed=2))
        )
        times["convert jsonl->parquet"].append(_timed(lambda: _convert(source, _fresh(out))))
        times["pyarrow read_json+write_table"].append(_timed(lambda: _pyarrow(source, _fresh(out))))
    return times


def _summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _report(events: int, times: dict[str, list[float]]) -> dict[str, Any]:
    rates = {
        name: [events / value for value in times[name]]
        for name in ("generate parquet", "generate jsonl")
    }
    ratios = {
        "generate parquet / jsonl (events/s)": [
            p / j for p, j in zip(rates["generate parquet"], rates["generate jsonl"], strict=True)
        ],
        "convert / pyarrow (time)": [
            c / p
            for c, p in zip(
                times["convert jsonl->parquet"],
                times["pyarrow read_json+write_table"],
                strict=True,
            )
        ],
    }
    return {
        "events": events,
        "rounds": len(times["generate parquet"]),
        "load_average": list(os.getloadavg()),
        "seconds": {name: _summary(values) for name, values in times.items()},
        "events_per_second": {name: _summary(values) for name, values in rates.items()},
        "ratios": {name: _summary(values) for name, values in ratios.items()},
    }


def _print_table(report: dict[str, Any]) -> None:
    load = ", ".join(f"{value:.2f}" for value in report["load_average"])
    print(f"{report['events']:,} events, {report['rounds']} interleaved rounds, load {load}")
    print(f"{'measurement':<40} {'median':>12} {'range':>25}")
    for name, figure in report["seconds"].items():
        print(
            f"{name:<40} {figure['median']:>10.2f} s {figure['min']:>10.2f}-{figure['max']:.2f} s"
        )
    for name, figure in report["events_per_second"].items():
        print(
            f"{name + ' (events/s)':<40} {figure['median']:>12,.0f} "
            f"{figure['min']:>12,.0f}-{figure['max']:,.0f}"
        )
    for name, figure in report["ratios"].items():
        print(f"{name:<40} {figure['median']:>11.2f}x {figure['min']:>10.2f}-{figure['max']:.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="50,000 events, 3 rounds")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    arguments = parser.parse_args(argv)
    events, rounds = arguments.events, arguments.rounds
    if arguments.quick:
        events, rounds = 50_000, 3
    with tempfile.TemporaryDirectory(prefix="parquet-bench-") as work:
        report = _report(events, _rounds(events, rounds, Path(work)))
    if arguments.json:
        print(json.dumps(report, indent=2))
    else:
        _print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
