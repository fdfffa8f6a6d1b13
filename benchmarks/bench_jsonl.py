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
    """Write *count* records (not yet: the jsonl module has not landed)."""
    raise NotImplementedError(str(path) + str(len(pool)) + str(count))


def validator(mode: str) -> Callable[[str], int]:
    """A function that validates the file at a path and returns how many records it read."""
    raise NotImplementedError(mode)
