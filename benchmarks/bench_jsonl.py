"""JSON Lines benchmark helpers: write a seeded file, and validate it by streaming.

run.py writes the file once per size and runs `validator` for each library in a
fresh subprocess, so that peak memory (``ru_maxrss``) belongs to that run alone.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conflict_events import Dataset, from_json, to_json


def _module() -> Any:
    try:
        return importlib.import_module("conflict_events.formats.jsonl")
    except ImportError:
        return None


def available() -> list[str]:
    """
    The ways to read the file measured here.

    ``conflict_events`` is ``check_file`` (streaming validation); ``orjson`` is
    a bare ``orjson.loads`` of every line (no validation: the floor);
    ``read_dataset`` reads the whole file into one `Dataset` and ``from_json``
    loads the same dataset from one JSON document (``PATH.json``, written
    beside the file), to compare the two ways in.
    """
    if _module() is None:
        return []
    modes = ["conflict_events", "read_dataset", "from_json"]
    if importlib.util.find_spec("orjson") is not None:
        modes.append("orjson")
    return modes


#: The modes that hold the whole dataset in memory, run on the smaller file only.
WHOLE = ("read_dataset", "from_json")


def write(path: Path, pool: list[Dataset], count: int, *, document: bool = False) -> None:
    """
    Write about *count* records: prefixed copies of the pool, one record per line.

    With *document*, the same records go to ``PATH.json`` as one dataset document.
    """
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
    if document:
        whole = module.read_dataset(path)
        path.with_suffix(".json").write_text(to_json(whole), encoding="utf-8")


def validator(mode: str) -> Callable[[str], int]:
    """A function that validates the file at a path and returns how many records it read."""
    module = _module()

    def lines(path: str) -> int:
        with Path(path).open("rb") as stream:
            return sum(1 for _ in stream)

    def check(path: str) -> int:
        errors = module.check_file(path)
        if errors:
            raise RuntimeError(errors[:3])
        return lines(path)

    def bare(path: str) -> int:
        import orjson  # noqa: PLC0415

        with Path(path).open("rb") as stream:
            return sum(1 for line in stream if orjson.loads(line) is not None)

    def whole(path: str) -> int:
        module.read_dataset(path)
        return lines(path)

    def document(path: str) -> int:
        from_json(Path(path).with_suffix(".json").read_bytes(), Dataset)
        return lines(path)

    runs = {"conflict_events": check, "orjson": bare, "read_dataset": whole, "from_json": document}
    if mode not in runs:
        raise ValueError(mode)
    return runs[mode]
