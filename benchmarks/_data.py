"""Seeded benchmark documents: datasets drawn from the public strategies, scaled by copying.

Hypothesis draws a pool of small datasets under a fixed seed (``@seed`` with the
generate phase only and no example database, so two runs draw the same pool).
The pool is then copied with every identifier prefixed (``c12.palmyra``) until
the JSON text reaches the wanted size, and merged into one `Dataset`. When the
package has a built-in example (``conflict_events.examples``), it is scaled the
same way.
"""

from __future__ import annotations

import importlib
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, seed, settings

from conflict_events import Dataset, to_json
from conflict_events import strategies as cs
from conflict_events.model.description import FieldKind, description
from conflict_events.temporal import FuzzyDate, Span

SEED = 42


def draw_pool(count: int, *, seed_value: int = SEED) -> list[Dataset]:
    """*count* datasets drawn from `strategies.datasets` under a fixed seed."""
    pool: list[Dataset] = []

    @seed(seed_value)
    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(cs.datasets(max_events=12))
    def collect(dataset: Dataset) -> None:
        pool.append(dataset)

    collect()
    unique: dict[str, Dataset] = {}
    for dataset in pool:
        unique.setdefault(to_json(dataset), dataset)
    return list(unique.values())


def prefixed(obj: Any, prefix: str) -> Any:
    """A copy of a model object with every id and reference prefixed by *prefix*."""
    if isinstance(obj, (FuzzyDate, Span)) or not attrs.has(type(obj)):
        return obj
    changes: dict[str, Any] = {}
    for field in description(type(obj)).fields:
        value = getattr(obj, field.name)
        if field.kind in (FieldKind.IDENTIFIER, FieldKind.REFERENCE):
            if isinstance(value, str):
                changes[field.name] = prefix + value
            elif isinstance(value, tuple):
                changes[field.name] = tuple(prefix + item for item in value)
        elif isinstance(value, tuple) and value and attrs.has(type(value[0])):
            changes[field.name] = tuple(prefixed(item, prefix) for item in value)
        elif attrs.has(type(value)):
            changes[field.name] = prefixed(value, prefix)
    return attrs.evolve(obj, **changes)


def scale(pool: list[Dataset], target_bytes: int) -> Dataset:
    """One dataset of about *target_bytes* of JSON, made of prefixed copies of *pool*."""
    parts: list[Dataset] = []
    size = 0
    copy = 0
    while size < target_bytes:
        for index, dataset in enumerate(pool):
            part = prefixed(dataset, f"c{copy}.{index}.")
            parts.append(part)
            size += len(to_json(part).encode())
            if size >= target_bytes:
                break
        copy += 1
    return Dataset(
        actors=tuple(a for p in parts for a in p.actors),
        locations=tuple(loc for p in parts for loc in p.locations),
        sources=tuple(s for p in parts for s in p.sources),
        events=tuple(e for p in parts for e in p.events),
        extensions=pool[0].extensions,
    )


def example_dataset() -> Dataset | None:
    """The package's built-in example dataset, when the package has one."""
    try:
        examples = importlib.import_module("conflict_events.examples")
    except ImportError:
        return None
    for name in ("dataset", "example", "palmyra", "load"):
        found = getattr(examples, name, None)
        if isinstance(found, Dataset):
            return found
        if callable(found):
            try:
                value = found()
            except TypeError:
                continue
            if isinstance(value, Dataset):
                return value
    for value in vars(examples).values():
        if isinstance(value, Dataset):
            return value
    return None


def documents(target_bytes: int, pool: list[Dataset]) -> dict[str, bytes]:
    """The JSON documents the load and dump benchmarks use, by name."""
    docs = {"strategies": to_json(scale(pool, target_bytes)).encode()}
    example = example_dataset()
    if example is not None and example.events:
        docs["example"] = to_json(scale([example], target_bytes)).encode()
    return docs
