"""
What the matcher reads of each event, gathered once: its time, its place, its kinds, its actors.

A `Profile` holds plain values only, so the comparisons are small pure
functions of two profiles' parts and the blocking can sort and bucket them.
A `Place` is how exactly an event is placed: a *disc* (coordinates and a
radius from its spatial precision) when it is placed at a point, or an
*area* (an admin2, an admin1, a country, or anywhere) when it is known only
to lie somewhere inside one. The admin chain comes from `Dataset.ancestors`,
each name reduced by `names.area_key` so that gazetteers that spell an area
differently still meet.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final

import attrs

from conflict_events.formats.frames import event_actor_roles
from conflict_events.matching.crosswalk import possible_classes
from conflict_events.matching.names import actor_keys, area_key
from conflict_events.model import (
    Dataset,
    Estimate,
    Event,
    Location,
    LocationKind,
    SpatialPrecision,
)
from conflict_events.temporal import FuzzyDate, Span

__all__ = ["PRECISION_RADIUS_KM", "AreaLevel", "Place", "Profile", "profiles"]

#: The radius (km) within which an event placed at a point with this precision lies.
PRECISION_RADIUS_KM: Final[Mapping[SpatialPrecision, float]] = {
    SpatialPrecision.EXACT: 5.0,
    SpatialPrecision.NEAR: 25.0,
    SpatialPrecision.ADMIN2: 75.0,
    SpatialPrecision.LINEAR: 100.0,
}


class AreaLevel(enum.IntEnum):
    """How finely a place is known, from a point down to anywhere."""

    POINT = 0
    ADMIN2 = 1
    ADMIN1 = 2
    COUNTRY = 3
    ANYWHERE = 4


_AREA_OF_PRECISION: Final = {
    SpatialPrecision.ADMIN1: AreaLevel.ADMIN1,
    SpatialPrecision.COUNTRY: AreaLevel.COUNTRY,
    SpatialPrecision.INTERNATIONAL: AreaLevel.ANYWHERE,
}
_AREA_OF_KIND: Final = {
    LocationKind.ADMIN3: AreaLevel.ADMIN2,
    LocationKind.ADMIN2: AreaLevel.ADMIN2,
    LocationKind.ADMIN1: AreaLevel.ADMIN1,
    LocationKind.COUNTRY: AreaLevel.COUNTRY,
    LocationKind.REGION: AreaLevel.ANYWHERE,
}


@attrs.frozen
class Place:
    """
    Where an event may be: a disc around a point, or somewhere inside an admin area.

    Fields:
        location: The event's location id, or None.
        latitude: Degrees north of the point (or the area's centre), or None.
        longitude: Degrees east of the point, or None.
        radius_km: The disc's radius; 0 for an area.
        level: How finely the place is known.
        country: The `names.area_key` of the country, or None.
        admin1: The key of the admin1 area, or None.
        admin2: The key of the admin2 area, or None.
        names: The `names.area_key` of the place's own name and aliases when it is a
            settlement or site (not an admin area): a place named without coordinates
            still meets the same place named with them.
    """

    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float = 0.0
    level: AreaLevel = AreaLevel.ANYWHERE
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    names: frozenset[str] = frozenset()

    @property
    def is_disc(self) -> bool:
        """True when the event is placed at a point within ``radius_km``."""
        return self.level is AreaLevel.POINT

    def admin_path(self) -> tuple[str | None, str | None, str | None]:
        """(country, admin1, admin2) keys, None where unknown."""
        return (self.country, self.admin1, self.admin2)


@attrs.frozen
class Profile:
    """
    One event as the matcher sees it.

    Fields:
        id: The event's id.
        when: The event's date or span.
        first: Ordinal of the first day the event may cover.
        last: Ordinal of the last day it may cover (open spans: the last day there is).
        place: Where it may be.
        classes: The event classes it may be (`crosswalk.possible_classes`).
        own_types: Its classifications as (scheme, path) pairs, and its own class.
        actors: For each actor it names, every key that actor is known by.
        fatalities: Its reported deaths, or None.
    """

    id: str
    when: FuzzyDate | Span
    first: int
    last: int
    place: Place
    classes: frozenset[str]
    own_types: frozenset[tuple[str, tuple[str, ...]]]
    actors: tuple[frozenset[str], ...]
    fatalities: Estimate | None


def _coordinates(chain: list[Location]) -> tuple[float, float] | None:
    for place in chain:
        if place.latitude is not None and place.longitude is not None:
            return place.latitude, place.longitude
    return None


def _named(chain: list[Location], kind: LocationKind) -> str | None:
    for place in chain:
        if place.kind is kind:
            return area_key(place.name)
    return None


def _own_names(place: Location) -> frozenset[str]:
    if place.kind in _AREA_OF_KIND:
        return frozenset()
    return frozenset(area_key(name) for name in (place.name, *place.aliases))


class _Places:
    """Each location's place, found once up its parents."""

    def __init__(self, dataset: Dataset) -> None:
        self._dataset = dataset
        self._chains: dict[str, list[Location]] = {}

    def chain(self, ident: str) -> list[Location]:
        found = self._chains.get(ident)
        if found is None:
            found = [self._dataset.location(ident), *self._dataset.ancestors(ident)]
            self._chains[ident] = found
        return found

    def place(self, ident: str | None, precision: SpatialPrecision | None) -> Place:
        if ident is None:
            return Place()
        chain = self.chain(ident)
        point = _coordinates(chain[:1])
        level = _AREA_OF_PRECISION.get(precision) if precision is not None else None
        if level is None:
            level = AreaLevel.POINT if point is not None else _AREA_OF_KIND.get(chain[0].kind)
        if level is None:
            # A settlement or site without coordinates: known to its nearest admin area.
            kinds = [place.kind for place in chain[1:]]
            level = next((_AREA_OF_KIND[k] for k in kinds if k in _AREA_OF_KIND), None)
            level = AreaLevel.ANYWHERE if level is None else level
        country = _named(chain, LocationKind.COUNTRY)
        if country is None:
            country = next((place.country for place in chain if place.country), None)
        centre = point or _coordinates(chain)
        radius = 0.0
        if level is AreaLevel.POINT:
            radius = PRECISION_RADIUS_KM.get(precision or SpatialPrecision.NEAR, 25.0)
        return Place(
            location=ident,
            latitude=None if centre is None else centre[0],
            longitude=None if centre is None else centre[1],
            radius_km=radius,
            level=level,
            country=country,
            admin1=_named(chain, LocationKind.ADMIN1) if level <= AreaLevel.ADMIN1 else None,
            admin2=_named(chain, LocationKind.ADMIN2) if level <= AreaLevel.ADMIN2 else None,
            names=_own_names(chain[0]),
        )


def _own_types(event: Event) -> frozenset[tuple[str, tuple[str, ...]]]:
    found = {
        (c.scheme.casefold(), tuple(p.casefold() for p in c.path)) for c in event.classifications
    }
    found.add(("class", (type(event).event_type,)))
    return frozenset(found)


def profiles(dataset: Dataset) -> list[Profile]:
    """The profile of every event of *dataset*, in dataset order."""
    places = _Places(dataset)
    keys: dict[str, frozenset[str]] = {}

    def actor(ident: str) -> frozenset[str]:
        found = keys.get(ident)
        if found is None:
            found = keys[ident] = actor_keys(dataset.actor(ident))
        return found

    found: list[Profile] = []
    for event in dataset.events:
        named = dict.fromkeys(ident for ident, _role in event_actor_roles(event))
        found.append(
            Profile(
                id=event.id,
                when=event.when,
                first=event.when.earliest.toordinal(),
                last=event.when.latest.toordinal(),
                place=places.place(event.location, event.location_precision),
                classes=possible_classes(event),
                own_types=_own_types(event),
                actors=tuple(actor(ident) for ident in named),
                fatalities=event.fatalities,
            )
        )
    return found
