"""
Where the members of a JSON text are: the line and column of a member named by its error path.

The standard library parses without positions, so a fault found in the parsed
data (``events[3].when``) is placed afterwards by scanning the text once more,
only on the error path: the scan descends only into the members on the way to
the paths asked for and passes over every other value with the C parser. Lines
and columns count from 1; a column counts characters, as the JSON parser's own
syntax errors do.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Final

import attrs

from conflict_events.formats.member_paths import index_path, key_path

__all__ = ["ROOT", "Position", "member_positions"]

#: The path of the whole document.
ROOT: Final = "$"
_SPACE: Final = re.compile(r"[ \t\n\r]*")
_DECODER: Final = json.JSONDecoder()

Place = tuple[int, int]


@attrs.frozen
class Position:
    """Where a member is: its key (None for an array item or the root) and its value."""

    #: The member found: the path asked for, or the nearest member above it in the text.
    path: str
    key: Place | None
    value: Place


def _places(text: str, offsets: Iterable[int]) -> dict[int, Place]:
    """The line and column of each offset in *text*, counting line breaks once for all of them."""
    places: dict[int, Place] = {}
    line, line_start, last = 1, 0, 0
    for offset in sorted(set(offsets)):
        if breaks := text.count("\n", last, offset):
            line += breaks
            line_start = text.rfind("\n", last, offset) + 1
        places[offset] = (line, offset - line_start + 1)
        last = offset
    return places


def _prefixes(path: str) -> set[str]:
    """*path* and every path it may lie under (a split inside a quoted key costs only a look)."""
    found = {"", path}
    for at, char in enumerate(path):
        if char in ".[" and at:
            found.add(path[:at])
    return found


class _Scan:
    """One pass over a JSON text, recording the offsets of the members on the wanted paths."""

    def __init__(self, text: str, wanted: set[str]) -> None:
        self.text = text
        self.descend: set[str] = set()
        for path in wanted:
            self.descend |= _prefixes(path)
        self.seen: dict[str, tuple[int | None, int]] = {}

    def run(self) -> None:
        """Scan the whole text from its first value."""
        self.value(self._space(0), "", None)

    def _space(self, at: int) -> int:
        match = _SPACE.match(self.text, at)
        return match.end() if match else at

    def value(self, at: int, path: str, key: int | None) -> int:
        """Scan the value at *at* (white space skipped) on a wanted path; return its end."""
        self.seen[path] = (key, at)
        text = self.text
        opening = text[at]
        if opening == "{":
            at = self._space(at + 1)
            if text[at] == "}":
                return at + 1
            while True:
                key_at = at
                name, at = _DECODER.raw_decode(text, at)
                at = self._space(self._space(at) + 1)  # past the colon
                at = self._member(at, key_path(path, name), key_at)
                at = self._space(at)
                if text[at] == "}":
                    return at + 1
                at = self._space(at + 1)  # past the comma
        if opening == "[":
            at = self._space(at + 1)
            if text[at] == "]":
                return at + 1
            index = 0
            while True:
                at = self._space(self._member(at, index_path(path, index), None))
                if text[at] == "]":
                    return at + 1
                at = self._space(at + 1)
                index += 1
        return _DECODER.raw_decode(text, at)[1]

    def _member(self, at: int, path: str, key: int | None) -> int:
        if path in self.descend:
            return self.value(at, path, key)
        return _DECODER.raw_decode(self.text, at)[1]


def member_positions(text: str, paths: Iterable[str]) -> dict[str, Position]:
    """
    The position of each member *paths* name in the JSON *text* (``$`` is the whole document).

    A path that names no member of the text (a required field that is missing)
    gets the position of the nearest member above it, the root at the least.
    *text* must be valid JSON; a text that cannot be scanned (nested too deeply
    for this scan) gets no positions at all.
    """
    wanted = {"" if path == ROOT else path for path in paths}
    scan = _Scan(text, wanted)
    try:
        scan.run()
    except (RecursionError, ValueError, IndexError):
        return {}
    nearest = {
        path: max((p for p in _prefixes(path) if p in scan.seen), key=len) for path in wanted
    }
    places = _places(
        text, (offset for found in scan.seen.values() for offset in found if offset is not None)
    )
    positions: dict[str, Position] = {}
    for path, member in nearest.items():
        key, value = scan.seen[member]
        positions[path or ROOT] = Position(
            member or ROOT,
            places[key] if key is not None and member == path else None,
            places[value],
        )
    return positions
