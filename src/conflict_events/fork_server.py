"""
The fork server that local Dask workers are forked from, started early with their modules.

A worker forked from a fork server starts with what the server imported.
``distributed`` has its server import itself, numpy and pandas; a worker then
imports pyarrow and this package when its first task arrives, a second or
more per worker. `start` launches the server with those modules too, and
returns at once: the server imports them while the caller goes on (the
command line imports the same modules meanwhile, on the other core), so
the workers start ready. A server already running is left as it is.

Layer: bottom; imports the standard library only.
"""

from __future__ import annotations

import multiprocessing
from typing import Final

__all__ = ["PRELOAD", "available", "start"]

#: The modules the server imports before it forks any worker: ``distributed``'s
#: own choice, then what validating, converting and matching tasks use.
PRELOAD: Final = (
    "distributed",
    "dask",
    "msgpack",
    "cloudpickle",
    "tornado",
    "toolz",
    "numpy",
    "pandas",
    "lz4",
    "pyarrow",
    "pyarrow.parquet",
    "conflict_events.dask",
)


def available() -> bool:
    """Whether this system can start processes from a fork server (not on Windows)."""
    return "forkserver" in multiprocessing.get_all_start_methods()


def start() -> bool:
    """
    Launch the fork server with `PRELOAD` if it is not running; return whether there is one.

    Modules that are not installed are skipped by the server itself.
    """
    if not available():
        return False
    from multiprocessing import forkserver  # noqa: PLC0415 - POSIX only

    multiprocessing.get_context("forkserver").set_forkserver_preload(list(PRELOAD))
    forkserver.ensure_running()
    return True
