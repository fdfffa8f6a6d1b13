"""JSON Lines benchmark helpers: write a seeded file, and validate it by streaming.

run.py writes the file once per size and runs `validator` for each library in a
fresh subprocess, so that peak memory (``ru_maxrss``) belongs to that run alone.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conflict_events import Dataset


def _module() -> Any:
    try:
        return importlib.import_module("conflict_events.formats.jsonl")
    except ImportError:
        return None


def available() -> list[str]:
    """The libraries that can stream-validate JSON Lines here."""
    return ["conflict_events"] if _module() is not None else []


def write(path: Path, pool: list[Dataset], count: int) -> None:
    """Write about *count* records: prefixed copies of the pool, one record per line."""
    import _data  # noqa: PLC0415

    module = _module()
    with path.open("w", encoding="utf-8") as stream:
        written = 0
        copy = 0
        while written < count:
            for index, dataset in enumerate(pool):
                part = _data.prefixed(dataset, f"c{copy}.{index}.")
                records = list(module.dataset_records(part))[1:]  # no header line
                written += module.write_records(records, stream)
                if written >= count:
                    break
            copy += 1


def validator(mode: str) -> Callable[[str], int]:
    """A function that validates the file at a path and returns how many records it read."""
    module = _module()
    if mode != "conflict_events":
        raise ValueError(mode)

    def run(path: str) -> int:
        errors = module.check_file(path)
        if errors:
            raise RuntimeError(errors[:3])
        with Path(path).open("rb") as stream:
            return sum(1 for _ in stream)

    return run
