"""
Peak memory of streaming JSON Lines validation, 100,000 events against 1,000,000.

Each size runs in a fresh subprocess, which writes its file (a header, 50
actors, 50 locations, then N events referencing them and, one in ten, an
earlier event) and then runs ``check_file`` over it; the peak resident set
(``ru_maxrss``) of the subprocess is reported. The ratio of the two peaks must
stay within 1.2: memory does not grow with the file.

    python benchmarks/jsonl_memory.py [--small 100000] [--large 1000000]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def write_file(path: Path, events: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"type": "dataset", "schema_version": "1.0.0"}) + "\n")
        for i in range(50):
            out.write(
                json.dumps(
                    {"type": "actor", "id": f"a{i}", "name": f"Actor {i}", "kind": "rebel_group"}
                )
                + "\n"
            )
            out.write(
                json.dumps(
                    {
                        "type": "location",
                        "id": f"l{i}",
                        "name": f"Place {i}",
                        "kind": "settlement",
                        "latitude": 34.5,
                        "longitude": 38.2,
                    }
                )
                + "\n"
            )
        for i in range(events):
            event = {
                "type": "armed_clash",
                "id": f"e{i}",
                "when": f"2016-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                "location": f"l{i % 50}",
                "side_a": [f"a{i % 50}"],
                "side_b": [f"a{(i + 1) % 50}"],
                "fatalities": {"low": 1, "best": 2, "high": 5},
                "notes": "Clashes were reported near the town.",
            }
            if i and i % 10 == 0:
                event["part_of"] = f"e{i - 5}"
            out.write(json.dumps(event) + "\n")


def child(events: int) -> None:
    from conflict_events.formats.jsonl import check_file  # noqa: PLC0415 - after the fork

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "events.jsonl"
        write_file(path, events)
        start = time.perf_counter()
        errors = check_file(path)
        seconds = time.perf_counter() - start
        assert not errors, errors[:3]
        size = path.stat().st_size
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"events": events, "bytes": size, "seconds": seconds, "peak_kib": peak_kib}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.child)
        return
    results = []
    for events in (args.small, args.large):
        output = subprocess.run(
            [sys.executable, __file__, "--child", str(events)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results.append(json.loads(output))
    print(f"Python {platform.python_version()} on {platform.machine()} ({platform.system()})")
    print(f"{'events':>10} {'file MB':>9} {'seconds':>8} {'events/s':>9} {'peak MiB':>9}")
    for r in results:
        print(
            f"{r['events']:>10,} {r['bytes'] / 1e6:>9.1f} {r['seconds']:>8.1f} "
            f"{r['events'] / r['seconds']:>9,.0f} {r['peak_kib'] / 1024:>9.1f}"
        )
    ratio = results[1]["peak_kib"] / results[0]["peak_kib"]
    print(f"peak memory ratio large/small: {ratio:.3f} (budget 1.2)")
    sys.exit(0 if ratio <= 1.2 else 1)


if __name__ == "__main__":
    main()
