"""
The faults every benchmark peer must refuse as the library does.

A peer that skipped a check would be faster for doing less, so `benchmarks/run.py`
refuses to time a peer that accepts any of these, and the test suite sends each
to every peer and to the library and expects the same verdict.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["BASE", "FAULTS", "documents"]

#: A small valid document; each fault changes one thing in a copy of it.
BASE: dict[str, Any] = {
    "schema_version": "1.1.0",
    "actors": [{"id": "a", "name": "A", "kind": "rebel_group"}],
    "locations": [{"id": "l", "name": "L", "kind": "settlement"}],
    "sources": [{"id": "s", "publisher": "P"}],
    "events": [
        {
            "type": "control_change",
            "id": "e",
            "when": "2016",
            "location": "l",
            "new_holder": "a",
        }
    ],
}


def _event(**changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["events"][0].update(changes)


def _deep(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


#: (what, a change of `BASE` that makes it invalid).
FAULTS: tuple[tuple[str, Callable[[dict[str, Any]], None]], ...] = (
    ("an unknown actor id", _event(new_holder="nobody")),
    ("an unknown location id", _event(location="nowhere")),
    ("an unknown source id", _event(attributions=[{"source": "nobody"}])),
    ("a duplicate id", lambda d: d["actors"].append({"id": "a", "name": "B", "kind": "state"})),
    (
        "a location its own ancestor",
        lambda d: d["locations"][0].update(parent="l"),
    ),
    ("a count given as a string", _event(fatalities={"best": "2"})),
    ("a count given as a float", _event(fatalities={"best": 2.0})),
    ("a count out of range", _event(fatalities={"best": -1})),
    ("figures out of order", _event(fatalities={"low": 5, "best": 2})),
    ("a latitude without longitude", lambda d: d["locations"][0].update(latitude=1.0)),
    ("a latitude beyond 90", lambda d: d["locations"][0].update(latitude=91.0, longitude=0.0)),
    ("an unknown field", _event(colour="red")),
    ("an unknown event type", _event(type="skirmish")),
    ("a claim without claimant", _event(attributions=[{"status": "claimed"}])),
    ("an empty classification", _event(classifications=[{"scheme": "a", "path": []}])),
    ("a bad EDTF date", _event(when="2016-13-45")),
    ("the 30th of February", _event(when="2017-02-30")),
    ("month 13", _event(when="2017-13")),
    ("an interval that ends before it starts", _event(when="2016-06-05/2016-06-01")),
    (
        "a range that ends before it starts",
        _event(attributions=[{"stated": "[2016-06-05..2016-06-01]"}]),
    ),
    ("a blank name", lambda d: d["actors"][0].update(name="   ")),
    ("an empty name", lambda d: d["actors"][0].update(name="")),
    ("a bad id", lambda d: d["actors"][0].update(id="a b")),
    ("a bad country code", lambda d: d["actors"][0].update(country="syria")),
    ("a 2^60 integer in extensions", _event(extensions={"n": 2**60})),
    ("a huge whole float in extensions", _event(extensions={"n": 1e300})),
    ("extensions nested 40 deep", _event(extensions={"n": _deep(40)})),
    ("dataset extensions with a 2^60 integer", lambda d: d.update(extensions={"n": 2**60})),
    ("a new holder that is also the previous one", _event(previous_holders=["a"])),
    ("a control change without a place", lambda d: d["events"][0].pop("location")),
    (
        "a timestamp without offset",
        lambda d: d["sources"][0].update(published_at="2016-01-01T00:00:00"),
    ),
    ("true for a count", _event(fatalities={"best": True})),
)


def documents() -> Iterator[tuple[str, bytes]]:
    """Each fault with the JSON text of `BASE` changed by it."""
    for what, change in FAULTS:
        document = copy.deepcopy(BASE)
        change(document)
        yield what, json.dumps(document).encode()
