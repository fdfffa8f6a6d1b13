"""
Values built once per distinct plain JSON value.

Reading JSON meets the same date, estimate or attribution again and again;
a memory keyed by the plain value builds each one once and shares it. A
string is its own key and any other value its ``repr``, which tells apart
JSON values that compare equal (``1``, ``1.0`` and ``True``). A memory holds
at most *limit* values and starts afresh when full, so one long file cannot
fill memory with values met once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeVar

__all__ = ["LIMIT", "remembered"]

#: Distinct plain values a memory holds before it starts afresh.
LIMIT: Final = 1 << 16

_Built = TypeVar("_Built")


def remembered(build: Callable[[Any], _Built], limit: int = LIMIT) -> Callable[..., _Built]:
    """
    *build*, called once per distinct plain value; what it refuses is not remembered.

    The function returned also takes, and ignores, the target type a
    converter's hook is called with, so it serves as one: *build* already
    knows what it builds.
    """
    texts: dict[str, _Built] = {}
    others: dict[str, _Built] = {}

    def known(value: Any, _target: object = None) -> _Built:
        if type(value) is str:
            memory, key = texts, value
        else:
            memory, key = others, repr(value)
        try:
            return memory[key]
        except KeyError:
            if len(memory) >= limit:
                memory.clear()
            built = memory[key] = build(value)
            return built

    return known
