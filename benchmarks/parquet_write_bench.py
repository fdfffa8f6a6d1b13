"""
Parquet write speed, side by side with its yardsticks, in one run.

- ``generate --format parquet`` against ``generate --format jsonl``: events per second;
- ``convert IN.jsonl OUT --to parquet`` against ``pyarrow.json.read_json`` +
  ``pyarrow.parquet.write_table`` on the same file: the time ratio;
- ``convert --workers 2`` and ``--workers 1`` (Dask, the cluster's start
  included, the file cut into ranges of ``conflict_events.dask._RANGE_BYTES``)
  against the same: the time ratios, 2 workers against 1, and against
  ``--workers 2`` with the file left whole (one task, as before the ranges).

Each round runs every measurement once, in the same order (interleaved, so
a change in the machine's load touches all alike); the table gives the
median and the range (min-max) over the rounds, of the times and of each
round's ratio. ``--quick`` (50,000 events, 3 rounds) runs in under two
minutes; ``--json`` prints the figures as one JSON object; ``--convert``
measures the conversions only (not ``generate``), ``--generate`` ``generate`` only.

By default the rounds run in this process, so from the second round on the
writers' memories of distinct values are warm (the same seed gives the same
values). ``--fresh`` runs each measurement in a new process, as a command
does: the timer still starts after the imports, but every memory is cold.

    python benchmarks/parquet_write_bench.py [--events N] [--rounds R] [--quick] [--fresh] [--json]
                                             [--convert | --generate]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pyarrow.json as pj
import pyarrow.parquet as pq
from _timing import summary, timed

from conflict_events import generate
from conflict_events.cli import main as cli


def _fresh(path: Path) -> Path:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    return path


def _convert(source: Path, target: Path, *workers: str) -> None:
    code = cli(["convert", str(source), str(target), "--to", "parquet", "-q", *workers])
    if code != 0:
        msg = f"convert exited {code}"
        raise RuntimeError(msg)


def _convert_whole(source: Path, target: Path) -> None:
    """``convert --workers 2`` with the file one task (no ranges)."""
    import conflict_events.dask as ced  # noqa: PLC0415 - the extra dask

    with mock.patch.object(ced, "_RANGE_BYTES", 2**62):
        _convert(source, target, "--workers", "2")


def _pyarrow(source: Path, target: Path) -> None:
    target.mkdir()
    pq.write_table(pj.read_json(source), target / "part-0.parquet")


def _actions(events: int, work: Path) -> dict[str, Callable[[], object]]:
    """Each measurement, by name, on the input file and output paths under *work*."""
    source, out = work / "input.jsonl", work / "out"
    return {
        "generate parquet": lambda: generate.write_parquet(_fresh(out), events, seed=2),
        "generate jsonl": lambda: generate.write_jsonl(_fresh(work / "out.jsonl"), events, seed=2),
        "convert jsonl->parquet": lambda: _convert(source, _fresh(out)),
        "convert --workers 2": lambda: _convert(source, _fresh(out), "--workers", "2"),
        "convert --workers 1": lambda: _convert(source, _fresh(out), "--workers", "1"),
        "convert --workers 2, whole file": lambda: _convert_whole(source, _fresh(out)),
        "pyarrow read_json+write_table": lambda: _pyarrow(source, _fresh(out)),
    }


#: The measurements of ``--generate``.
_GENERATIONS = ("generate parquet", "generate jsonl")
#: The measurements of ``--convert``.
_CONVERSIONS = (
    "convert jsonl->parquet",
    "convert --workers 2",
    "convert --workers 1",
    "convert --workers 2, whole file",
    "pyarrow read_json+write_table",
)


def _in_new_process(name: str, events: int, work: Path) -> tuple[float, float]:
    """The seconds of one measurement in a new Python process (imports not counted)."""
    command = [
        sys.executable,
        __file__,
        "--one",
        name,
        "--events",
        str(events),
        "--work",
        str(work),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


def _rounds(
    events: int, rounds: int, work: Path, *, fresh: bool = False, only: tuple[str, ...] = ()
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """The wall-clock and the CPU seconds of each measurement (those *only* names), by round."""
    generate.write_jsonl(work / "input.jsonl", events, seed=1)
    actions = _actions(events, work)
    if only:
        actions = {name: actions[name] for name in only}
    times: dict[str, list[float]] = {name: [] for name in actions}
    cpu: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            wall, used = _in_new_process(name, events, work) if fresh else timed(action)
            times[name].append(wall)
            cpu[name].append(used)
    return times, cpu


def _report(
    events: int, times: dict[str, list[float]], cpu: dict[str, list[float]]
) -> dict[str, Any]:
    rates = {
        name: [events / value for value in times[name]]
        for name in ("generate parquet", "generate jsonl")
        if name in times
    }

    def ratio(numerator: str, denominator: str) -> list[float]:
        pairs = zip(times[numerator], times[denominator], strict=True)
        return [n / d for n, d in pairs]

    ratios: dict[str, list[float]] = {}
    if rates:
        ratios["generate parquet / jsonl (events/s)"] = [
            p / j for p, j in zip(rates["generate parquet"], rates["generate jsonl"], strict=True)
        ]
    pyarrow = "pyarrow read_json+write_table"
    if pyarrow in times:
        ratios["convert / pyarrow (time)"] = ratio("convert jsonl->parquet", pyarrow)
        ratios["convert --workers 2 / pyarrow (time)"] = ratio("convert --workers 2", pyarrow)
        ratios["convert --workers 1 / pyarrow (time)"] = ratio("convert --workers 1", pyarrow)
        ratios["convert --workers 2 / 1"] = ratio("convert --workers 2", "convert --workers 1")
        ratios["convert --workers 2 / whole file"] = ratio(
            "convert --workers 2", "convert --workers 2, whole file"
        )
    return {
        "events": events,
        "rounds": len(next(iter(times.values()))),
        "load_average": list(os.getloadavg()),
        "seconds": {name: summary(values) for name, values in times.items()},
        "cpu_seconds": {name: summary(values) for name, values in cpu.items()},
        "events_per_second": {name: summary(values) for name, values in rates.items()},
        "ratios": {name: summary(values) for name, values in ratios.items()},
    }


def _print_table(report: dict[str, Any]) -> None:
    load = ", ".join(f"{value:.2f}" for value in report["load_average"])
    where = "a new process each" if report["fresh"] else "one process"
    print(
        f"{report['events']:,} events, {report['rounds']} interleaved rounds ({where}), load {load}"
    )
    print(f"{'measurement':<40} {'median':>12} {'range':>25}")
    for name, figure in report["seconds"].items():
        print(
            f"{name:<40} {figure['median']:>10.2f} s {figure['min']:>10.2f}-{figure['max']:.2f} s"
        )
    for name, figure in report["cpu_seconds"].items():
        print(
            f"{name + ' (CPU)':<40} {figure['median']:>10.2f} s "
            f"{figure['min']:>10.2f}-{figure['max']:.2f} s"
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
    parser.add_argument("--fresh", action="store_true", help="each measurement in a new process")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--convert", action="store_true", help="the conversions only")
    choice.add_argument("--generate", action="store_true", help="generate only")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a measurement's name, for --fresh
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    events, rounds = arguments.events, arguments.rounds
    if arguments.one is not None:
        # What the commands import on their first call, imported before the timer starts.
        importlib.import_module("conflict_events.formats.jsonl_parquet")
        importlib.import_module("conflict_events.commands.convert")
        print(*timed(_actions(events, arguments.work)[arguments.one]))
        return 0
    if arguments.quick:
        events, rounds = 50_000, 3
    with tempfile.TemporaryDirectory(prefix="parquet-bench-") as work:
        only = _CONVERSIONS if arguments.convert else _GENERATIONS if arguments.generate else ()
        times, cpu = _rounds(events, rounds, Path(work), fresh=arguments.fresh, only=only)
        report = _report(events, times, cpu)
    report["fresh"] = arguments.fresh
    if arguments.json:
        print(json.dumps(report, indent=2))
    else:
        _print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
