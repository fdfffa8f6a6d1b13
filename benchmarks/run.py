"""
Side-by-side benchmark: conflict_events against msgspec and pydantic v2, with orjson as the floor.

A script, not a test. Each section times the libraries A/B interleaved (the
order rotates every repeat, ``gc.collect()`` before each run) and reports the
median of the repeats as operations per second; the table gives ratios, which
survive noisy shared machines better than absolute times.

    python benchmarks/run.py                  # full sizes, readable table
    python benchmarks/run.py --quick          # small sizes, under a minute
    python benchmarks/run.py --quick --json   # one JSON object on stdout

Sections (see docs/performance.md for what each number means):

* ``load``: JSON bytes -> validated typed objects, events per second;
* ``dump``: typed objects -> JSON bytes, events per second;
* ``jsonl``: streaming validation of a JSON Lines file, records per second and
  peak memory at two sizes (each size in a fresh subprocess);
* ``timeline``: build from 1,000,000 control changes, then queries per second;
* ``allen``: path consistency on networks of 100 / 200 / 400 intervals.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _data  # noqa: E402

from conflict_events import Dataset, ValidationError, from_json, to_json  # noqa: E402

LIBRARIES = ("conflict_events", "pydantic", "msgspec", "orjson")


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def versions() -> dict[str, str]:
    """Python, machine and the versions of every library measured."""
    found = {
        "python": sys.version.split()[0],
        "machine": f"{platform.machine()} {platform.system()} ({os.cpu_count()} cpus)",
    }
    for dist in ("conflict-events", "attrs", "cattrs", "orjson", "msgspec", "pydantic"):
        try:
            found[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            found[dist] = "absent"
    return found


@dataclasses.dataclass
class Rounds:
    """Seconds per run of each entry, wall clock and CPU, one value per interleaved round."""

    wall: dict[str, list[float]]
    cpu: dict[str, list[float]]

    def median(self, name: str) -> float:
        """Median wall seconds of *name*."""
        return statistics.median(self.wall[name])


def interleaved(runs: dict[str, Callable[[], object]], repeat: int) -> Rounds:
    """Time each entry *repeat* times, in an order that rotates every round."""
    names = list(runs)
    rounds = Rounds({name: [] for name in names}, {name: [] for name in names})
    for name in names:  # warm up: caches, lazy imports, generated code
        runs[name]()
    for attempt in range(repeat):
        shift = attempt % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            cpu = time.process_time()
            began = time.perf_counter()
            runs[name]()
            rounds.wall[name].append(time.perf_counter() - began)
            rounds.cpu[name].append(time.process_time() - cpu)
    return rounds


def spread(values: list[float]) -> dict[str, float]:
    """Median, least and greatest of *values*."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def round_ratios(rounds: list[Rounds], ours: str, peer: str) -> dict[str, dict[str, float]]:
    """
    Ours / peer in speed, per round over all documents, for wall and CPU time.

    Round *i* of every document is summed, so each ratio compares runs made
    close together in time; the median and range of the rounds are reported.
    """
    result = {}
    for clock in ("wall", "cpu"):
        ratios = []
        for index in range(len(getattr(rounds[0], clock)[ours])):
            mine = sum(getattr(r, clock)[ours][index] for r in rounds)
            theirs = sum(getattr(r, clock)[peer][index] for r in rounds)
            ratios.append(theirs / mine if mine else float("nan"))
        result[clock] = spread(ratios)
    return result


def load_average() -> list[float] | None:
    """The machine's 1, 5 and 15 minute load averages, where the system tells them."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:  # pragma: no cover - not every system has one
        return None


# -- load and dump -----------------------------------------------------------


def _peers() -> dict[str, Any]:
    peers: dict[str, Any] = {}
    for name in ("pydantic", "msgspec"):
        if _optional(name) is None:
            continue
        peers[name] = importlib.import_module(f"peers.{name}_model")
        _check_fair(name, peers[name])
    return peers


def _check_fair(name: str, peer: Any) -> None:
    """
    Refuse to compare with a peer that accepts what the library refuses.

    A peer that skipped a check would be faster for doing less; each fault of
    `peers.faults.FAULTS` is refused by the library, so the peer must refuse it too.
    """
    from peers import faults  # noqa: PLC0415

    valid = json.dumps(faults.BASE).encode()
    peer.load(valid)
    from_json(valid, Dataset)
    for what, text in faults.documents():
        try:
            from_json(text, Dataset)
        except ValidationError:
            pass
        else:  # pragma: no cover - a fault the library itself accepts
            msg = f"the library accepts {what}; it is not a fault to check peers with"
            raise RuntimeError(msg)
        try:
            peer.load(text)
        except Exception:  # noqa: BLE001 - each peer library raises errors of its own
            continue
        msg = f"the {name} peer accepts {what}, which the library refuses: not a fair peer"
        raise RuntimeError(msg)


def bench_documents(docs: dict[str, bytes], repeat: int) -> dict[str, Any]:
    """Load and dump timings per document: events per second for each library."""
    orjson = _optional("orjson")
    peers = _peers()
    results: dict[str, Any] = {}
    for doc_name, text in docs.items():
        ours = from_json(text, Dataset)
        events = len(ours.events)
        loads: dict[str, Callable[[], object]] = {
            "conflict_events": lambda text=text: from_json(text, Dataset)
        }
        dumps: dict[str, Callable[[], object]] = {
            "conflict_events": lambda ours=ours: to_json(ours)
        }
        for name, peer in peers.items():
            loaded = peer.load(text)
            if len(loaded.events) != events:  # pragma: no cover - a broken peer model
                msg = f"{name} loaded {len(loaded.events)} events, not {events}"
                raise RuntimeError(msg)
            loads[name] = lambda peer=peer, text=text: peer.load(text)
            dumps[name] = lambda peer=peer, loaded=loaded: peer.dump(loaded)
        if orjson is not None:
            plain = orjson.loads(text)
            loads["orjson"] = lambda text=text: orjson.loads(text)
            dumps["orjson"] = lambda plain=plain: orjson.dumps(plain)
        load = interleaved(loads, repeat)
        dump = interleaved(dumps, repeat)
        results[doc_name] = {
            "bytes": len(text),
            "events": events,
            "records": events + len(ours.actors) + len(ours.locations) + len(ours.sources),
            "load_s": {name: load.median(name) for name in loads},
            "dump_s": {name: dump.median(name) for name in dumps},
            "load_rounds": load,
            "dump_rounds": dump,
        }
    return results


def _per_second(documents: dict[str, Any], section: str) -> dict[str, Any]:
    """
    Events per second over all documents together (total events / total median time).

    Beside the rates, ``ratios`` gives ours / each peer in speed: median and
    range over the interleaved rounds, in wall and CPU time.
    """
    key = f"{section}_s"
    out: dict[str, Any] = {}
    for lib in LIBRARIES:
        if all(lib in doc[key] for doc in documents.values()):
            total = sum(doc[key][lib] for doc in documents.values())
            out[lib] = sum(doc["events"] for doc in documents.values()) / total
        else:
            out[lib] = None
    rounds = [doc[f"{section}_rounds"] for doc in documents.values()]
    out["ratios"] = {
        lib: round_ratios(rounds, "conflict_events", lib)
        for lib in LIBRARIES[1:]
        if out[lib] is not None
    }
    return out


# -- JSON Lines --------------------------------------------------------------

_JSONL_CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
from bench_jsonl import validator
run = validator(mode)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
began = time.perf_counter()
count = run(path)
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"records": count, "seconds": seconds, "peak_kib": peak, "base_kib": base}))
"""


def bench_jsonl(pool: list[Dataset], sizes: tuple[int, int], repeat: int) -> dict[str, Any]:
    """Records per second and peak memory for streaming validation at two file sizes."""
    import bench_jsonl as jsonl_adapter  # noqa: PLC0415

    modes = jsonl_adapter.available()
    if "conflict_events" not in modes:
        return {"absent": "conflict_events.formats.jsonl is not there yet"}
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"records-{size}.jsonl"
            smallest = size == min(sizes)
            jsonl_adapter.write(path, pool, size, document=smallest)
            for mode in modes:
                if mode in jsonl_adapter.WHOLE and not smallest:
                    continue
                runs = []
                for _ in range(repeat):
                    done = subprocess.run(
                        [sys.executable, "-c", _JSONL_CHILD, mode, str(path), str(HERE)],
                        check=True,
                        capture_output=True,
                        text=True,
                    )
                    runs.append(json.loads(done.stdout))
                seconds = statistics.median(run["seconds"] for run in runs)
                results.setdefault(mode, {})[size] = {
                    "records_per_s": runs[0]["records"] / seconds,
                    "peak_mib": max(run["peak_kib"] for run in runs) / 1024,
                    "bytes": path.stat().st_size,
                }
    return results


# -- timeline and allen ------------------------------------------------------


def bench_timeline(changes: int, queries: int, repeat: int) -> dict[str, Any]:
    """Seconds to build a control timeline from *changes* changes, and queries per second."""
    import bench_timeline as timeline_adapter  # noqa: PLC0415

    return timeline_adapter.run(changes, queries, repeat)


def bench_allen(sizes: list[int], repeat: int) -> dict[str, float]:
    """Path-consistency runs per second for each network size."""
    from allen_bench import build  # noqa: PLC0415

    results: dict[str, float] = {}
    for size in sizes:
        times = []
        for attempt in range(repeat):
            network = build(size, 0.2, seed=42 + attempt)
            gc.collect()
            began = time.perf_counter()
            network.propagate()
            times.append(time.perf_counter() - began)
        results[str(size)] = 1 / statistics.median(times)
    return results


# -- report ------------------------------------------------------------------


def _spread(values: dict[str, float]) -> str:
    return f"{values['median']:.2f}x [{values['min']:.2f}-{values['max']:.2f}]"


def print_table(summary: dict[str, Any], details: dict[str, Any]) -> None:
    """The readable report: versions, then each section with ratios."""
    info = details["versions"]
    print(" ".join(f"{key} {value}" for key, value in info.items()))
    print(
        f"load average before {details['load_average_before']}, "
        f"after {details['load_average_after']}"
    )
    print()
    for section in ("load", "dump"):
        if section not in summary:
            continue
        print(
            f"{section}: events/s (median of {details['repeat']} rounds); "
            "ours / peer in speed, median [range] over rounds, wall and CPU"
        )
        row = summary[section]
        for lib in LIBRARIES:
            value = row.get(lib)
            shown = "-" if value is None else f"{value:>12,.0f}"
            ratio = row["ratios"].get(lib)
            told = (
                ""
                if ratio is None
                else f"   wall {_spread(ratio['wall'])}   cpu {_spread(ratio['cpu'])}"
            )
            print(f"  {lib:<16} {shown:>12}{told}")
        for doc_name, doc in details["documents"].items():
            seconds = doc[f"{section}_s"]
            parts = ", ".join(f"{lib} {doc['events'] / secs:,.0f}" for lib, secs in seconds.items())
            print(f"    {doc_name} ({doc['bytes'] / 1e6:.1f} MB, {doc['events']} events): {parts}")
            ratios = ", ".join(
                f"vs {lib} {_spread(spread)}" for lib, spread in doc[f"{section}_ratios"].items()
            )
            print(f"      ours {ratios}")
        print()
    print("jsonl: streaming validation")
    jsonl = details["jsonl"]
    if "absent" in jsonl:
        print(f"  absent: {jsonl['absent']}")
    for lib, by_size in jsonl.items():
        if lib == "absent":
            continue
        for size, row in by_size.items():
            print(
                f"  {lib:<16} {size:>9} records ({row['bytes'] / 1e6:.1f} MB): "
                f"{row['records_per_s']:>10,.0f} records/s, peak {row['peak_mib']:.1f} MiB"
            )
    for key in ("peak_memory_ratio", "vs_orjson_per_line", "read_dataset_vs_from_json"):
        if key in summary.get("jsonl", {}):
            print(f"  {key}: {summary['jsonl'][key]:.2f}")
    print()
    print("timeline")
    for key, value in details["timeline"].items():
        print(f"  {key}: {value:,.3f}" if isinstance(value, float) else f"  {key}: {value}")
    print()
    print("allen: path-consistency runs per second")
    for size, value in summary["allen"].items():
        print(f"  {size:>4} intervals: {value:.3f}/s ({1 / value:.2f} s each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under a minute")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=None, help="timed runs per library")
    parser.add_argument("--only", nargs="*", default=None, help="sections to run")
    args = parser.parse_args()
    quick = args.quick
    repeat = args.repeat or (5 if quick else 9)
    sections = set(args.only or ("load", "dump", "jsonl", "timeline", "allen"))

    pool = _data.draw_pool(20 if quick else 150)
    details: dict[str, Any] = {
        "versions": versions(),
        "repeat": repeat,
        "quick": quick,
        "load_average_before": load_average(),
    }
    summary: dict[str, Any] = {}
    if sections & {"load", "dump"}:
        docs = _data.documents(1_000_000 if quick else 10_000_000, pool)
        details["documents"] = bench_documents(docs, repeat)
        summary["load"] = _per_second(details["documents"], "load")
        summary["dump"] = _per_second(details["documents"], "dump")
        for document in details["documents"].values():
            for section in ("load", "dump"):
                rounds = document.pop(f"{section}_rounds")
                document[f"{section}_ratios"] = {
                    lib: round_ratios([rounds], "conflict_events", lib)["wall"]
                    for lib in rounds.wall
                    if lib != "conflict_events"
                }
    if "jsonl" in sections:
        sizes = (2_000, 20_000) if quick else (100_000, 1_000_000)
        details["jsonl"] = bench_jsonl(pool, sizes, 1 if quick else 3)
        summary["jsonl"] = {
            lib: by_size[max(by_size)]["records_per_s"]
            if lib not in ("read_dataset", "from_json")
            else by_size[min(by_size)]["records_per_s"]
            for lib, by_size in details["jsonl"].items()
            if lib != "absent"
        } or {"conflict_events": None}
        measured = details["jsonl"]
        if "conflict_events" in measured:
            small, large = sorted(measured["conflict_events"].items())
            summary["jsonl"]["peak_memory_ratio"] = large[1]["peak_mib"] / small[1]["peak_mib"]
            biggest, least = max(measured["conflict_events"]), min(measured["conflict_events"])
            if "orjson" in measured:
                summary["jsonl"]["vs_orjson_per_line"] = (
                    measured["conflict_events"][biggest]["records_per_s"]
                    / measured["orjson"][biggest]["records_per_s"]
                )
            # read_dataset takes this many times as long as from_json of the same data.
            summary["jsonl"]["read_dataset_vs_from_json"] = (
                measured["from_json"][least]["records_per_s"]
                / measured["read_dataset"][least]["records_per_s"]
            )
    if "timeline" in sections:
        details["timeline"] = bench_timeline(
            100_000 if quick else 1_000_000, 20_000 if quick else 200_000, 1 if quick else 3
        )
        summary["timeline"] = {
            key: details["timeline"].get(key)
            for key in ("conflict_events", "build_s", "build_vs_baseline", "query_vs_baseline")
        }
    if "allen" in sections:
        summary["allen"] = bench_allen([100, 200] if quick else [100, 200, 400], 1 if quick else 3)
    details["load_average_after"] = load_average()
    summary["machine"] = {
        "versions": details["versions"],
        "load_average": [details["load_average_before"], details["load_average_after"]],
    }
    if args.json:
        print(json.dumps(summary))
    else:
        details.setdefault("jsonl", {"absent": "not run"})
        details.setdefault("timeline", {"absent": "not run"})
        details.setdefault("documents", {})
        summary.setdefault("allen", {})
        print_table(summary, details)


if __name__ == "__main__":
    main()
