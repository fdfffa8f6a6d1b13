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


def interleaved(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds per run for each entry, timed in rotating order."""
    names = list(runs)
    times: dict[str, list[float]] = {name: [] for name in names}
    for name in names:  # warm up: caches, lazy imports, generated code
        runs[name]()
    for attempt in range(repeat):
        shift = attempt % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            began = time.perf_counter()
            runs[name]()
            times[name].append(time.perf_counter() - began)
    return {name: statistics.median(values) for name, values in times.items()}


# -- load and dump -----------------------------------------------------------


def _peers() -> dict[str, Any]:
    peers: dict[str, Any] = {}
    for name in ("pydantic", "msgspec"):
        if _optional(name) is None:
            continue
        peers[name] = importlib.import_module(f"peers.{name}_model")
        _check_fair(name, peers[name])
    return peers


#: Faults every peer must refuse as the library does: (what, a change of a small document).
_FAULTS: tuple[tuple[str, Callable[[dict[str, Any]], None]], ...] = (
    ("an unknown actor id", lambda d: d["events"][0].update(new_holder="nobody")),
    ("an unknown location id", lambda d: d["events"][0].update(location="nowhere")),
    ("a count given as a string", lambda d: d["events"][0].update(fatalities={"best": "2"})),
    ("a count out of range", lambda d: d["events"][0].update(fatalities={"best": -1})),
    ("figures out of order", lambda d: d["events"][0].update(fatalities={"low": 5, "best": 2})),
    ("a latitude without longitude", lambda d: d["locations"][0].update(latitude=1.0)),
    ("an unknown field", lambda d: d["events"][0].update(colour="red")),
    (
        "a claim without claimant",
        lambda d: d["events"][0].update(attributions=[{"status": "claimed"}]),
    ),
    (
        "an empty classification",
        lambda d: d["events"][0].update(classifications=[{"scheme": "a", "path": []}]),
    ),
    ("a bad EDTF date", lambda d: d["events"][0].update(when="2016-13-45")),
)


def _fault_base() -> dict[str, Any]:
    return {
        "schema_version": "1.0.0",
        "actors": [{"id": "a", "name": "A", "kind": "rebel_group"}],
        "locations": [{"id": "l", "name": "L", "kind": "settlement"}],
        "events": [
            {
                "type": "control_change",
                "id": "e",
                "when": "2016",
                "location": "l",
                "new_holder": "a",
            }
        ],
    }


def _check_fair(name: str, peer: Any) -> None:
    """
    Refuse to compare with a peer that accepts what the library refuses.

    A peer that skipped a check would be faster for doing less; each fault of
    `_FAULTS` is refused by the library, so the peer must refuse it too.
    """
    valid = json.dumps(_fault_base()).encode()
    peer.load(valid)
    from_json(valid, Dataset)
    for what, change in _FAULTS:
        document = _fault_base()
        change(document)
        text = json.dumps(document).encode()
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
            "load_s": load,
            "dump_s": dump,
        }
    return results


def _per_second(documents: dict[str, Any], key: str) -> dict[str, float | None]:
    """Events per second over all documents together (total events / total median time)."""
    out: dict[str, float | None] = {}
    for lib in LIBRARIES:
        if all(lib in doc[key] for doc in documents.values()):
            total = sum(doc[key][lib] for doc in documents.values())
            out[lib] = sum(doc["events"] for doc in documents.values()) / total
        else:
            out[lib] = None
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
            jsonl_adapter.write(path, pool, size)
            for mode in modes:
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


def _ratio(value: float | None, other: float | None) -> str:
    if value is None or other is None:
        return "-"
    return f"{value / other:.2f}x"


def print_table(summary: dict[str, Any], details: dict[str, Any]) -> None:
    """The readable report: versions, then each section with ratios."""
    info = details["versions"]
    print(" ".join(f"{key} {value}" for key, value in info.items()))
    print()
    for section in ("load", "dump"):
        if section not in summary:
            continue
        print(f"{section}: events/s (median of {details['repeat']}); ratio = ours / peer")
        row = summary[section]
        ours = row["conflict_events"]
        for lib in LIBRARIES:
            value = row.get(lib)
            shown = "-" if value is None else f"{value:>12,.0f}"
            print(f"  {lib:<16} {shown:>12}   ours vs {lib}: {_ratio(ours, value)}")
        for doc_name, doc in details["documents"].items():
            seconds = doc[f"{section}_s"]
            parts = ", ".join(f"{lib} {doc['events'] / secs:,.0f}" for lib, secs in seconds.items())
            print(f"    {doc_name} ({doc['bytes'] / 1e6:.1f} MB, {doc['events']} events): {parts}")
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
    details: dict[str, Any] = {"versions": versions(), "repeat": repeat, "quick": quick}
    summary: dict[str, Any] = {}
    if sections & {"load", "dump"}:
        docs = _data.documents(1_000_000 if quick else 10_000_000, pool)
        details["documents"] = bench_documents(docs, repeat)
        summary["load"] = _per_second(details["documents"], "load_s")
        summary["dump"] = _per_second(details["documents"], "dump_s")
    if "jsonl" in sections:
        sizes = (2_000, 20_000) if quick else (20_000, 200_000)
        details["jsonl"] = bench_jsonl(pool, sizes, 1 if quick else 3)
        summary["jsonl"] = {
            lib: by_size[max(by_size)]["records_per_s"]
            for lib, by_size in details["jsonl"].items()
            if lib != "absent"
        } or {"conflict_events": None}
        if "conflict_events" in details["jsonl"]:
            small, large = sorted(details["jsonl"]["conflict_events"].items())
            summary["jsonl"]["peak_memory_ratio"] = large[1]["peak_mib"] / small[1]["peak_mib"]
    if "timeline" in sections:
        details["timeline"] = bench_timeline(
            100_000 if quick else 1_000_000, 20_000 if quick else 200_000, 1 if quick else 3
        )
        summary["timeline"] = {
            key: details["timeline"].get(key) for key in ("conflict_events", "build_s")
        }
    if "allen" in sections:
        summary["allen"] = bench_allen([100, 200] if quick else [100, 200, 400], 1 if quick else 3)
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
