"""
Progress bars on long work: a tqdm bar on standard error, only where someone watches it.

A bar (total, rate, time left) is shown when standard error is a terminal,
``--quiet`` is not given, tqdm is installed (extra ``progress``) and the work
is big: an input that is a regular file of at least `THRESHOLD_BYTES` bytes
(`file_bar`), or at least `THRESHOLD_RECORDS` records (`count_bar`).
Otherwise nothing is shown and the callback is None, so the work runs as it
would without bars; without tqdm, ``--verbose`` says once how to get them.
The environment variable named by `THRESHOLD_VARIABLE` sets the byte
threshold (a whole number of bytes, so ``0`` shows a bar for every file).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

__all__ = [
    "THRESHOLD_BYTES",
    "THRESHOLD_RECORDS",
    "THRESHOLD_VARIABLE",
    "Advance",
    "count_bar",
    "file_bar",
    "threshold_bytes",
]

#: Called with how much of the work is done so far (bytes read, records written).
Advance = Callable[[int], None]
#: The smallest input file, in bytes, whose reading shows a bar.
THRESHOLD_BYTES: Final = 4 << 20
#: The fewest records whose writing shows a bar (about `THRESHOLD_BYTES` of JSON Lines).
THRESHOLD_RECORDS: Final = 10_000
#: The environment variable that sets the byte threshold (tests lower it).
THRESHOLD_VARIABLE: Final = "CONFLICT_EVENTS_PROGRESS_BYTES"


def threshold_bytes() -> int:
    """`THRESHOLD_BYTES`, or the whole number of bytes `THRESHOLD_VARIABLE` gives (if it is one)."""
    text = os.environ.get(THRESHOLD_VARIABLE, "").strip()
    if text.isascii() and text.isdigit():
        return int(text)
    return THRESHOLD_BYTES


def _watched(arguments: argparse.Namespace) -> bool:
    """True when a bar may be shown: not ``--quiet``, standard error a terminal."""
    if getattr(arguments, "verbosity", 0) < 0:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced by an object without it, or closed
        return False


def _size(path: str | os.PathLike[str]) -> int | None:
    """The size of *path* when it is a regular file (not ``-``, a device, FIFO or directory)."""
    from conflict_events.formats.files import is_stdio  # noqa: PLC0415 - loaded when used

    if is_stdio(path):
        return None
    try:
        status = Path(path).stat()
    except (OSError, ValueError):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


def _tqdm(arguments: argparse.Namespace) -> Any:
    """The tqdm class, or None (saying under ``--verbose``, once, how to install it)."""
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]  # noqa: PLC0415 - optional extra
    except ImportError:
        if getattr(arguments, "verbosity", 0) > 0:
            _hint_once()
        return None
    return tqdm


@functools.cache
def _hint_once() -> None:
    print(
        "no progress bar: tqdm is not installed (pip install 'conflict-events[progress]')",
        file=sys.stderr,
    )


@contextlib.contextmanager
def _bar(arguments: argparse.Namespace, **options: Any) -> Iterator[Advance | None]:
    tqdm = _tqdm(arguments)
    if tqdm is None:
        yield None
        return
    with tqdm(file=sys.stderr, dynamic_ncols=True, **options) as bar:

        def advance(done: int) -> None:
            if done > bar.n:
                bar.update(done - bar.n)

        yield advance


@contextlib.contextmanager
def file_bar(
    arguments: argparse.Namespace,
    path: str | os.PathLike[str],
    *,
    threshold: int | None = None,
) -> Iterator[Advance | None]:
    """
    A bar over the bytes of *path* read so far, or None when no bar is to be shown.

    *threshold* is the smallest file shown (default: `threshold_bytes`). The
    callback takes the bytes read so far; it never moves the bar back.
    """
    size = _size(path) if _watched(arguments) else None
    if size is None or size < (threshold_bytes() if threshold is None else threshold):
        yield None
        return
    name = Path(path).name
    with _bar(
        arguments, total=size, desc=name, unit="B", unit_scale=True, unit_divisor=1024
    ) as advance:
        yield advance


@contextlib.contextmanager
def count_bar(
    arguments: argparse.Namespace,
    total: int,
    *,
    unit: str,
    desc: str | None = None,
    threshold: int = THRESHOLD_RECORDS,
) -> Iterator[Advance | None]:
    """A bar over *total* records (*unit*, as ``events``), or None when no bar is to be shown."""
    if total < threshold or not _watched(arguments):
        yield None
        return
    with _bar(arguments, total=total, desc=desc, unit=f" {unit}", unit_scale=True) as advance:
        yield advance
