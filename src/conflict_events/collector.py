"""
Python's cyclic garbage collector held off during bulk work.

Loading or writing a dataset makes hundreds of thousands of small objects and
no reference cycles, so every collection the allocations trigger walks them
all for nothing: about a quarter of a bulk load and two fifths of a bulk dump.
`paused` switches the collector off for a block and back on when the last
paused block ends, whatever it raises; a collector already off stays off.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["paused"]

_lock = threading.Lock()
_depth = 0
_restore = False


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """Hold the cyclic collector off in the block; blocks nest, across threads too."""
    global _depth, _restore  # noqa: PLW0603 - one collector per process
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _restore:
                gc.enable()
