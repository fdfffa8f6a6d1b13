"""
GeoJSON export (RFC 7946): events and places as two layers of point features.

A GIS tool shows one layer per file, so events and places are separate
FeatureCollections (`to_geojson` with ``layer="events"`` or
``"locations"``). Coordinates are written longitude first, as RFC 7946
requires. Properties are flat and readable: an event carries the columns of
`conflict_events.formats.frames.events_frame` (place resolved up its
parents, fatalities low / best / high), and each role names its actors by
id and by name (``new_holder``, ``new_holder_name``); lists are joined with
``"; "``. GeoJSON is a view for maps, not an archive: the JSON document
keeps every field, and each feature's ``id`` leads back to its record.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import date
from typing import IO, Any, Final, Literal

from conflict_events.errors import ConflictEventsError, describe
from conflict_events.formats.atomic import atomic_path
from conflict_events.formats.frames import (
    EVENTS_COLUMNS,
    event_actor_roles,
    event_rows,
    place_levels,
)
from conflict_events.formats.tables import Lookup
from conflict_events.model import Dataset

__all__ = ["LAYERS", "to_geojson", "write_geojson"]

#: The layers a GeoJSON export can hold, one per file.
LAYERS: Final = ("events", "locations")
#: What joins the items of a list in one property.
_JOIN: Final = "; "
#: The columns of the events frame a feature leaves out: its geometry holds them.
_IN_GEOMETRY: Final = frozenset({"latitude", "longitude"})


def _plain(value: Any) -> Any:
    """*value* as a flat GeoJSON property: a date in ISO form, a list joined."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return _JOIN.join(str(item) for item in value) if value else None
    return value


def _point(latitude: float | None, longitude: float | None) -> dict[str, Any] | None:
    if latitude is None or longitude is None:
        return None
    return {"type": "Point", "coordinates": [longitude, latitude]}


def _event_features(dataset: Dataset, lookup: Lookup) -> Iterator[dict[str, Any]]:
    """One feature per event whose own place has coordinates."""
    for event, row in zip(dataset.events, event_rows(dataset), strict=True):
        place = lookup.locations.get(event.location or "")
        point = None if place is None else _point(place.latitude, place.longitude)
        if point is None:
            continue
        properties = {
            name: _plain(value)
            for name, value in zip(EVENTS_COLUMNS, row, strict=True)
            if name not in _IN_GEOMETRY
        }
        precision = event.location_precision
        properties["location_precision"] = None if precision is None else precision.value
        roles: dict[str, list[str]] = {}
        for actor, role in event_actor_roles(event):
            roles.setdefault(role, []).append(actor)
        for role, actors in roles.items():
            properties[role] = _JOIN.join(actors)
            properties[f"{role}_name"] = _JOIN.join(
                lookup.actors[a].name if a in lookup.actors else a for a in actors
            )
        properties["source_names"] = _plain(
            [lookup.sources[s].publisher for s in row[EVENTS_COLUMNS.index("sources")]]
        )
        properties["notes"] = event.notes
        properties["tags"] = _plain(event.tags)
        yield {"type": "Feature", "id": event.id, "geometry": point, "properties": properties}


def _location_features(dataset: Dataset, lookup: Lookup) -> Iterator[dict[str, Any]]:
    """One feature per place with its own coordinates."""
    levels = place_levels(dataset)
    for place in dataset.locations:
        point = _point(place.latitude, place.longitude)
        if point is None:
            continue
        _, country, admin1, admin2, _, _ = levels(place.id)
        parent = lookup.locations.get(place.parent or "")
        properties = {
            "id": place.id,
            "name": place.name,
            "kind": place.kind.value,
            "country": country,
            "admin1": admin1,
            "admin2": admin2,
            "parent": place.parent,
            "parent_name": None if parent is None else parent.name,
            "aliases": _plain(place.aliases),
        }
        yield {"type": "Feature", "id": place.id, "geometry": point, "properties": properties}


def _check_layer(layer: str) -> None:
    if layer not in LAYERS:
        msg = f"unknown GeoJSON layer {describe(layer)}: use one of {', '.join(LAYERS)}"
        raise ConflictEventsError(msg)


def to_geojson(
    dataset: Dataset, layer: Literal["events", "locations"] = "events"
) -> dict[str, Any]:
    """
    The GeoJSON FeatureCollection of one *layer* of *dataset*: its events or its places.

    An event takes the point of its own ``location``, a place its own
    coordinates; records without them are left out (`write_geojson` tells
    how many), never placed at a parent's point or at 0, 0.

    Raises:
        ConflictEventsError: *layer* is neither "events" nor "locations".
    """
    _check_layer(layer)
    lookup = Lookup.of(dataset)
    features = (
        _event_features(dataset, lookup)
        if layer == "events"
        else _location_features(dataset, lookup)
    )
    return {"type": "FeatureCollection", "features": list(features)}


def write_geojson(
    dataset: Dataset,
    target: str | os.PathLike[str] | IO[str],
    layer: Literal["events", "locations"] = "events",
) -> int:
    """
    Write `to_geojson` of *dataset*'s *layer*; return how many of its records had no point.

    A path is written atomically (`conflict_events.formats.atomic.atomic_path`).
    """
    collection = to_geojson(dataset, layer)
    text = json.dumps(collection, ensure_ascii=False, allow_nan=False)
    if isinstance(target, str | os.PathLike):
        with atomic_path(target) as temporary:
            temporary.write_text(text, encoding="utf-8")
    else:
        target.write(text)
    records = len(dataset.events) if layer == "events" else len(dataset.locations)
    return records - len(collection["features"])
