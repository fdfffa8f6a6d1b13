"""
GeoJSON export (RFC 7946): events and places with coordinates as point features.

Coordinates are written longitude first, as RFC 7946 requires. Properties are
flat: nested values get dotted names (``fatalities.best``), lists of plain
values are joined with ``"; "``, and every reference to an actor or place is
accompanied by its name (``new_holder_name``), so the table reads well in GIS
tools.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from conflict_events.formats.documents import to_dict
from conflict_events.formats.tables import Lookup
from conflict_events.model import Dataset, Event, Location
from conflict_events.model.description import ReferenceKind, description

__all__ = ["to_geojson", "write_geojson"]


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        if all(not isinstance(item, (dict, list)) for item in value):
            if value:
                out[prefix] = "; ".join(str(item) for item in value)
        else:
            for index, item in enumerate(value):
                _flatten(item, f"{prefix}.{index}", out)
    else:
        out[prefix] = value


def _names(record: Any, lookup: Lookup) -> dict[str, str]:
    names: dict[str, str] = {}
    for field in description(type(record)).references:
        kind = field.spec.reference
        value = getattr(record, field.name)
        if kind not in (ReferenceKind.ACTOR, ReferenceKind.LOCATION) or not value:
            continue
        table = lookup.actors if kind is ReferenceKind.ACTOR else lookup.locations
        idents = value if isinstance(value, tuple) else (value,)
        names[f"{field.name}_name"] = "; ".join(table[i].name for i in idents if i in table)
    return names


def _point(location: Location | None) -> dict[str, Any] | None:
    if location is None or location.latitude is None or location.longitude is None:
        return None
    return {"type": "Point", "coordinates": [location.longitude, location.latitude]}


def _feature(record: Event | Location, kind: str, point: dict[str, Any], lookup: Lookup) -> Any:
    properties: dict[str, Any] = {"record": kind}
    _flatten(to_dict(record), "", properties)
    properties.update(_names(record, lookup))
    if not isinstance(record, Location):
        properties["earliest"] = record.when.earliest.isoformat()
        properties["latest"] = record.when.latest.isoformat() if record.end is not None else None
    return {"type": "Feature", "id": record.id, "geometry": point, "properties": properties}


def to_geojson(dataset: Dataset, *, events: bool = True, locations: bool = True) -> dict[str, Any]:
    """
    A GeoJSON FeatureCollection of the events and places of *dataset* that have coordinates.

    An event takes the point of its ``location``; events and places without
    coordinates are left out (`write_geojson` tells how many).
    """
    lookup = Lookup.of(dataset)
    features: list[Any] = []
    if events:
        features.extend(
            _feature(event, "event", point, lookup)
            for event in dataset.events
            if (point := _point(lookup.locations.get(event.location or ""))) is not None
        )
    if locations:
        features.extend(
            _feature(location, "location", point, lookup)
            for location in dataset.locations
            if (point := _point(location)) is not None
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(dataset: Dataset, target: str | os.PathLike[str] | IO[str]) -> int:
    """Write `to_geojson` of *dataset*; return how many records had no coordinates."""
    collection = to_geojson(dataset)
    text = json.dumps(collection, ensure_ascii=False, allow_nan=False)
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_text(text, encoding="utf-8")
    else:
        target.write(text)
    return len(dataset.events) + len(dataset.locations) - len(collection["features"])
