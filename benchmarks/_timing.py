"""Timing shared by the benchmark scripts: wall-clock and CPU seconds, and their summaries."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable


def cpu_seconds() -> float:
    """CPU seconds (user and system) of this process and of its children that have ended."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """The wall-clock and the CPU seconds of *action* (CPU: less moved by other work)."""
    started, cpu = time.perf_counter(), cpu_seconds()
    action()
    return time.perf_counter() - started, cpu_seconds() - cpu


def summary(values: list[float]) -> dict[str, float]:
    """The median and the range of *values*."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}
