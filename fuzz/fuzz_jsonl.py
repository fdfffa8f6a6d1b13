"""
Coverage-guided fuzzing of the JSON Lines reader with atheris.

Each input becomes a file: with the first byte even, the bytes as they are;
odd, a valid header line and a valid record first, so the fuzzer reaches the
cross-line checks (references, duplicate ids, parent cycles) sooner.
`jsonl.check_file` must return its list of faults, and `jsonl.read_dataset`
a dataset or a `ValidationError`; anything else is a crash that atheris
reports with its input. The run ends with how many files were valid.

    pip install atheris '.[fast]'
    python fuzz/fuzz_jsonl.py -atheris_runs=1000000 fuzz/corpus-jsonl

``-atheris_runs=N`` bounds the run, so a short one can go into CI.
"""

from __future__ import annotations

import atexit
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from conflict_events import ValidationError
    from conflict_events.formats import jsonl

COUNTS: Counter[str] = Counter()
PREFIX = (
    b'{"type": "dataset", "schema_version": "1.0.0"}\n'
    b'{"type": "actor", "id": "is", "name": "IS", "kind": "rebel_group"}\n'
)
# Memory rather than disk where the machine has it: one small file per input.
_FOLDER = Path(tempfile.mkdtemp(dir="/dev/shm" if os.path.isdir("/dev/shm") else None))
_FILE = _FOLDER / "input.jsonl"


def test_one_input(raw: bytes) -> None:
    """Check, then read, the file the input describes."""
    if not raw:
        return
    _FILE.write_bytes(PREFIX + raw[1:] if raw[0] % 2 else raw[1:])
    faults = jsonl.check_file(_FILE)
    try:
        jsonl.read_dataset(_FILE)
    except ValidationError:
        COUNTS["refused"] += 1
        valid = False
    else:
        COUNTS["valid"] += 1
        valid = True
    if valid == bool(faults):
        msg = f"check_file found {len(faults)} faults but read_dataset {'read' if valid else 'refused'} it"
        raise AssertionError(msg)


def _report() -> None:
    total = sum(COUNTS.values())
    print(
        f"fuzz_jsonl: {total} inputs, {COUNTS['valid']} valid, "
        f"{COUNTS['refused']} refused with ValidationError",
        file=sys.stderr,
    )
    _FILE.unlink(missing_ok=True)
    _FOLDER.rmdir()


if __name__ == "__main__":
    atexit.register(_report)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
