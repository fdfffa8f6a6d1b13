"""
The JSON-style paths errors give a member by: ``events[3].location``, ``extensions['a b']``.

One spelling, used both where errors are made (`conflict_events.formats.documents`)
and where a path is looked up in a JSON text (`conflict_events.formats.json_positions`),
so a path found in an error always names the member it was made for.
"""

from __future__ import annotations

import re
from typing import Final

from conflict_events.errors import describe

__all__ = ["index_path", "join", "key_path"]

_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME_LIMIT: Final = 64


def join(path: str, name: str) -> str:
    """*name* (a field, or an ``[index]``) under *path*; ``""`` is the root."""
    if not path:
        return name
    if name.startswith("["):
        return path + name
    return f"{path}.{name}"


def key_path(path: str, key: str) -> str:
    """The path of an object's member: ``.name`` for a short identifier, else quoted and cut."""
    if len(key) <= _NAME_LIMIT and _IDENTIFIER.fullmatch(key):
        return join(path, key)
    return index_path(path, key)


def index_path(path: str, index: object) -> str:
    """The path of an array's item ``[3]``, or of a member by its quoted key ``['a b']``."""
    return f"{path}[{index}]" if isinstance(index, int) else f"{path}[{describe(index)}]"
