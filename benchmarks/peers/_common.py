"""
What the peer models share: patterns, bounds and the cross-field checks.

The reference table is read from the model's description, so the peers
check exactly the references our `Dataset` checks. Dates and spans are
EDTF strings; the peers check them with the JSON Schema's patterns (real
calendar days included) and build no date objects, which is less work than
ours, which parses each into bounds.
"""

from __future__ import annotations

import functools
import itertools
import math
from typing import Any

from conflict_events import model
from conflict_events.formats.schema import EDTF_DATE_PATTERN, EDTF_PATTERN
from conflict_events.model.description import description
from conflict_events.model.fields import (
    COUNTRY_PATTERN,
    ID_PATTERN,
    INVISIBLE,
    MAX_COUNT,
    MAX_EXTENSION_DEPTH,
    MAX_JSON_INT,
    VISIBLE_TEXT_PATTERN,
)
from conflict_events.model.spatial import MAX_BEARING as MAX_BEARING_DEGREES
from conflict_events.temporal import edtf

__all__ = [
    "COUNTRY_PATTERN",
    "DATE_PATTERN",
    "ID_PATTERN",
    "MAX_COUNT",
    "TEXT_MIN",
    "TEXT_PATTERN",
    "VERSION_PATTERN",
    "WHEN_PATTERN",
    "check_attribution",
    "check_control_change",
    "check_control_status",
    "check_dataset",
    "check_estimate",
    "check_json",
    "check_location",
    "check_siege",
    "visible",
]

TEXT_MIN = 1
#: A text holds a visible character (a blank name is refused).
TEXT_PATTERN = VISIBLE_TEXT_PATTERN


def visible(text: str) -> str:
    """*text*, if it holds a visible character: the check as one C-level ``str.strip``."""
    if not text.strip(INVISIBLE):
        raise ValueError(f"{text!r} has no visible character")
    return text


#: Bearings are whole degrees, 0 to 359.
MAX_BEARING = MAX_BEARING_DEGREES
VERSION_PATTERN = r"^(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})$"
#: An EDTF date (levels 0 and 1, and ``[a..b]``), as the library's JSON Schema states it:
#: real calendar days only (the order of a range's ends no pattern can check).
DATE_PATTERN = EDTF_DATE_PATTERN
#: An EDTF date or interval, as the JSON Schema states it.
WHEN_PATTERN = EDTF_PATTERN

_KINDS = {"actor": "actors", "location": "locations", "source": "sources", "event": "events"}


def _reference_table() -> dict[str, tuple[tuple[str, str, bool], ...]]:
    """For each model class name: (field, collection, is_list) for every reference field."""
    classes = [
        model.Actor,
        model.ActorRelation,
        model.Location,
        model.Source,
        model.Attribution,
        model.Participant,
        model.SpatialRelation,
        model.Assessment,
        *model.EVENT_TYPES.values(),
    ]
    table = {}
    for cls in classes:
        table[cls.__name__] = tuple(
            (f.name, _KINDS[f.spec.reference.value], f.spec.many)
            for f in description(cls).references
            if f.spec.reference is not None
        )
    return table


REFERENCES = _reference_table()
#: Nested objects that hold references of their own.
NESTED = ("relations", "attributions", "participants", "assessments")
#: The fields that hold an EDTF range or interval, whose ends must come in order.
ORDERED = ("when", "during", "stated", "published", "since")


@functools.lru_cache(maxsize=65536)
def _in_order(text: str) -> bool:
    """
    Whether the ends of an EDTF range or interval come in order.

    No pattern can compare two dates, so the text is parsed, once per distinct
    text as the library does.
    """
    try:
        edtf.parse(text)
    except ValueError:
        return False
    return True


def check_order(text: str | None) -> None:
    """A range or interval does not end before it starts."""
    if text is not None and ("/" in text or ".." in text) and not _in_order(text):
        raise ValueError(f"{text!r} ends before it starts")


def check_json(value: Any, depth: int = 0) -> None:
    """Extensions hold only what JSON holds exactly: bounded integers and depth, finite numbers."""
    if depth > MAX_EXTENSION_DEPTH:
        raise ValueError(f"extensions nest deeper than {MAX_EXTENSION_DEPTH} levels")
    kind = type(value)
    if kind is int:
        if not -MAX_JSON_INT <= value <= MAX_JSON_INT:
            raise ValueError(f"{value} is beyond +-{MAX_JSON_INT}")
    elif kind is float:
        if not math.isfinite(value) or (abs(value) > MAX_JSON_INT and value.is_integer()):
            raise ValueError(f"{value} is not a number JSON holds exactly")
    elif kind is list:
        for item in value:
            check_json(item, depth + 1)
    elif kind is dict:
        for item in value.values():
            check_json(item, depth + 1)


def check_estimate(low: int | None, best: int | None, high: int | None) -> None:
    """low <= best <= high, and at least one is known."""
    if low is None and best is None and high is None:
        raise ValueError("an estimate needs at least one of low, best or high")
    known = [value for value in (low, best, high) if value is not None]
    for lower, upper in itertools.pairwise(known):
        if lower > upper:
            raise ValueError("need low <= best <= high")


def check_location(latitude: float | None, longitude: float | None) -> None:
    """Both coordinates or neither."""
    if (latitude is None) != (longitude is None):
        raise ValueError("latitude and longitude are given together or not at all")


def check_attribution(status: Any, claimant: str | None) -> None:
    """Claims and denials name their claimant."""
    if status in {model.StatementStatus.CLAIMED, model.StatementStatus.DENIED} and not claimant:
        raise ValueError("a claim must name its claimant")


def check_location_part(parent: str | None, part: Any, side: Any) -> None:
    """A part of a place names the place; a side names the part."""
    if part is not None and parent is None:
        raise ValueError("a part must name its parent")
    if side is not None and part is None:
        raise ValueError("a side must name its part")


def check_spatial_relation(kind: Any, distance: Any, direction: Any, bearing: Any) -> None:
    """A stated relation states something."""
    if kind is None and distance is None and direction is None and bearing is None:
        raise ValueError("a spatial relation needs a kind, distance, direction or bearing")


def check_casualties(group: Any, actor: str | None) -> None:
    """Deaths of a side name the side."""
    if group is model.CasualtyGroup.SIDE and not actor:
        raise ValueError("deaths of a side must name its actor")


def check_control_change(location: str | None, new: str, previous: tuple[str, ...]) -> None:
    """A control change has a place, and the new holder is not a previous one."""
    if location is None:
        raise ValueError("a control change needs a location")
    if new in previous:
        raise ValueError("new holder is also a previous holder")


def check_control_status(location: str | None, holder: str, contested_by: tuple[str, ...]) -> None:
    """A reported status has a place, and the holder does not contest itself."""
    if location is None:
        raise ValueError("a control status needs a location")
    if holder in contested_by:
        raise ValueError("holder also contests")


def check_siege(
    location: str | None, besiegers: tuple[str, ...], besieged: tuple[str, ...]
) -> None:
    """A siege has a place, and no side is on both."""
    if location is None:
        raise ValueError("a siege needs a location")
    if set(besiegers) & set(besieged):
        raise ValueError("a besieged actor is also a besieger")


_Plan = tuple[tuple[str, ...], bool, tuple[str, ...], tuple[tuple[str, str, bool], ...]]
_PLANS: dict[type, _Plan] = {}


def _plan(obj: Any) -> _Plan:
    """What the walk reads from objects of this class: found once per class, as ours does."""
    plan = _PLANS.get(type(obj))
    if plan is None:
        plan = _PLANS[type(obj)] = (
            tuple(name for name in ORDERED if hasattr(obj, name)),
            hasattr(obj, "extensions"),
            tuple(name for name in NESTED if hasattr(obj, name)),
            REFERENCES[type(obj).__name__],
        )
    return plan


def _walk(obj: Any, indexes: dict[str, set[str]], errors: list[str]) -> None:
    ordered, extended, nested, references = _plan(obj)
    for name in ordered:
        check_order(getattr(obj, name))
    if extended and obj.extensions:
        check_json(obj.extensions)
    for name, collection, many in references:
        value = getattr(obj, name)
        known = indexes[collection]
        if many:
            errors.extend(item for item in value if item not in known)
        elif value is not None and value not in known:
            errors.append(value)
    for name in nested:
        for item in getattr(obj, name):
            _walk(item, indexes, errors)


def check_dataset(
    actors: Any, locations: Any, sources: Any, events: Any, extensions: dict[str, Any]
) -> None:
    """
    Unique ids, every reference resolves, no location is its own ancestor.

    The same walk checks what the field types cannot state: ranges and
    intervals in order, and extensions that JSON holds exactly.
    """
    collections = {"actors": actors, "locations": locations, "sources": sources, "events": events}
    indexes: dict[str, set[str]] = {}
    errors: list[str] = []
    for name, items in collections.items():
        ids = {item.id for item in items}
        if len(ids) != len(items):
            errors.append(f"duplicate id in {name}")
        indexes[name] = ids
    for items in collections.values():
        for item in items:
            _walk(item, indexes, errors)
    check_json(extensions)
    parents = {loc.id: loc.parent for loc in locations}
    for loc in locations:
        seen = {loc.id}
        parent = loc.parent
        while parent is not None and parent in parents:
            if parent in seen:
                errors.append(f"location {loc.id} is its own ancestor")
                break
            seen.add(parent)
            parent = parents[parent]
    if errors:
        raise ValueError(f"{len(errors)} reference error(s), first: {errors[0]}")
