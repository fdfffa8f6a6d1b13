"""
Scale benchmark: generate, convert JSON Lines -> Parquet, sizes, validated loads, Dask validation.

    python benchmarks/scale_bench.py                 # 5,000,000 events
    python benchmarks/scale_bench.py --quick         # 200,000 events
    python benchmarks/scale_bench.py --events 1000000 --partition 250000
    python benchmarks/scale_bench.py --parquet-validate 400000 --rounds 3

``--parquet-validate N`` measures only ``validate --workers 2`` (and 1) on a
Parquet directory of N generated events against ``read_parquet`` in one
process, each a fresh command, in interleaved rounds (the machine's load
average is printed with each round): wall times, medians and their ratios.
``--row-groups ROWS`` first rewrites the part files in row groups of ROWS
rows (0: one row group per file).

Prints one line per measurement and a JSON summary at the end. Peak memory per
worker is the largest ``ru_maxrss`` among the workers of a fresh cluster after
validating the first half of the partitions, then all of them (N doubles).
"""

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dask
import distributed
import pyarrow as pa
import pyarrow.parquet as pq

import conflict_events.dask as ced
from conflict_events.formats import arrow
from conflict_events.formats.jsonl import iter_records
from conflict_events.generate import generate_lines


def _size(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def _generate(directory, events, per_partition, seed):
    directory.mkdir(parents=True)
    started = time.perf_counter()
    number, written, stream = 0, 0, None
    for line in generate_lines(events, seed=seed):
        if stream is None or written >= per_partition:
            if stream is not None:
                stream.close()
            stream = (directory / f"part-{number:04d}.jsonl").open("w", encoding="utf-8")
            number, written = number + 1, 0
        stream.write(line)
        stream.write("\n")
        written += 1
    stream.close()
    return time.perf_counter() - started, number


def _peak_rss_mb(client):
    peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return max(peaks.values()) / 1024


def _validate(paths, workers):
    with ced.local_client(workers) as client:
        started = time.perf_counter()
        errors = ced.validate(paths, client=client)
        elapsed = time.perf_counter() - started
        peak = _peak_rss_mb(client)
    assert errors == [], errors[:5]
    return elapsed, peak


_READ_PARQUET = (
    "import sys, time; from conflict_events import read_parquet; "
    "started = time.perf_counter(); read_parquet(sys.argv[1]); "
    "print(time.perf_counter() - started)"
)


def _wall(command):
    """Wall-clock and CPU seconds (user and system, with the worker processes) of *command*."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _regroup(directory, rows):
    """Write each part file again in row groups of *rows* rows (0: one row group per file)."""
    for path in sorted(directory.rglob("*.parquet")):
        table = pq.read_table(path)
        pq.write_table(table, path, row_group_size=rows or max(1, table.num_rows))


def _parquet_validate(events, rounds, seed, work, row_groups):
    """validate --workers 2 and 1 against one-process read_parquet, interleaved rounds."""
    directory = work / "parquet"
    cli = [sys.executable, "-m", "conflict_events"]
    work.mkdir(parents=True, exist_ok=True)
    if directory.exists():
        print(f"{directory}: kept from an earlier run (--keep), not generated again")
    else:
        subprocess.run(
            [
                *cli,
                "generate",
                str(directory),
                "--events",
                str(events),
                "--seed",
                str(seed),
                "--format",
                "parquet",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if row_groups is not None:
        _regroup(directory, row_groups)
    groups = [pq.ParquetFile(p).metadata.num_row_groups for p in directory.rglob("*.parquet")]
    print(f"{directory}: {len(groups)} part files, {sum(groups)} row groups")
    runs = {
        "validate_workers_2": [*cli, "validate", "--workers", "2", str(directory)],
        "read_parquet_one_process": [sys.executable, "-c", _READ_PARQUET, str(directory)],
        "validate_workers_1": [*cli, "validate", "--workers", "1", str(directory)],
    }
    times = {name: [] for name in runs}
    cpu = {name: [] for name in runs}
    for number in range(rounds):
        load = os.getloadavg()[0]
        line = []
        for name, command in runs.items():
            wall, used = _wall(command)
            times[name].append(wall)
            cpu[name].append(used)
            line.append(f"{name} {wall:.1f} s ({used:.1f} s CPU)")
        print(f"round {number + 1} (load {load:.2f}): " + ", ".join(line))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["read_parquet_one_process"]
    result = {
        "events": events,
        "rounds": rounds,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_after": round(os.getloadavg()[0], 2),
        "median_s": {name: round(value, 2) for name, value in medians.items()},
        "ratio_to_read_parquet": {name: round(value / base, 2) for name, value in medians.items()},
        "median_cpu_s": {name: round(statistics.median(v), 2) for name, v in cpu.items()},
        "versions": {"dask": dask.__version__, "pyarrow": pa.__version__},
    }
    print(json.dumps(result))


def main():  # noqa: PLR0915 - one measurement after another
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--quick", action="store_true", help="200,000 events")
    parser.add_argument("--partition", type=int, default=250_000, help="lines per JSONL file")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    parser.add_argument(
        "--parquet-validate",
        type=int,
        metavar="N",
        help="only validate --workers against read_parquet on N events",
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --parquet-validate")
    parser.add_argument(
        "--row-groups",
        type=int,
        metavar="ROWS",
        help="with --parquet-validate: rewrite the part files in row groups of ROWS (0: one)",
    )
    options = parser.parse_args()
    if options.parquet_validate:
        work = Path(options.keep or tempfile.mkdtemp(prefix="scale-bench-"))
        try:
            _parquet_validate(
                options.parquet_validate, options.rounds, options.seed, work, options.row_groups
            )
        finally:
            if not options.keep:
                shutil.rmtree(work, ignore_errors=True)
        return
    events = 200_000 if options.quick else options.events
    per = min(options.partition, max(events // 4, 1000))
    work = Path(options.keep or tempfile.mkdtemp(prefix="scale-bench-"))
    results = {
        "events": events,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "versions": {
            "pyarrow": pa.__version__,
            "dask": dask.__version__,
            "distributed": distributed.__version__,
        },
    }
    try:
        elapsed, partitions = _generate(work / "jsonl", events, per, options.seed)
        results["generate_s"] = round(elapsed, 2)
        results["generate_events_per_s"] = round(events / elapsed)
        results["partitions"] = partitions
        rate = events / elapsed
        print(f"generate: {events:,} events in {elapsed:.1f} s ({rate:,.0f} events/s, one core)")

        with ced.local_client(2) as client:
            started = time.perf_counter()
            ced.convert(work / "jsonl", work / "parquet", to="parquet", client=client)
            elapsed = time.perf_counter() - started
        results["jsonl_to_parquet_2_workers_s"] = round(elapsed, 1)
        print(f"JSONL -> Parquet (2 workers): {elapsed:.1f} s ({events / elapsed:,.0f} events/s)")

        jsonl_size, parquet_size = _size(work / "jsonl"), _size(work / "parquet")
        results["jsonl_bytes"], results["parquet_bytes"] = jsonl_size, parquet_size
        ratio = parquet_size / jsonl_size
        print(f"JSONL {jsonl_size >> 20:,} MiB, Parquet {parquet_size >> 20:,} MiB ({ratio:.0%})")

        # Validated load of one partition's events, one process: Parquet rows vs JSON lines.
        last = max((work / "jsonl").glob("*.jsonl"))
        started = time.perf_counter()
        from_json = sum(1 for _ in iter_records(last))
        json_rate = from_json / (time.perf_counter() - started)
        part = max((work / "parquet" / "events").glob("*.parquet"))
        started = time.perf_counter()
        table = pq.read_table(part)
        from_parquet = sum(1 for _ in arrow.iter_table("events", table))
        parquet_rate = from_parquet / (time.perf_counter() - started)
        results["load_json_events_per_s"] = round(json_rate)
        results["load_parquet_events_per_s"] = round(parquet_rate)
        print(f"validated load (events/s): JSON {json_rate:,.0f}, Parquet {parquet_rate:,.0f}")

        files = sorted((work / "jsonl").glob("*.jsonl"))
        one, _ = _validate(files, 1)
        two, peak_full = _validate(files, 2)
        _, peak_half = _validate(files[: max(1, len(files) // 2)], 2)
        results.update(
            validate_1_worker_s=round(one, 1),
            validate_2_workers_s=round(two, 1),
            speedup=round(one / two, 2),
            peak_rss_per_worker_mb_half=round(peak_half),
            peak_rss_per_worker_mb_full=round(peak_full),
        )
        print(f"Dask validation: 1 worker {one:.1f} s, 2 workers {two:.1f} s ({one / two:.2f}x)")
        print(f"peak RSS per worker: {peak_half:,.0f} MiB for N/2, {peak_full:,.0f} MiB for N")
        print(json.dumps(results))
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
