"""
How well `conflict_events.matching` finds incidents across datasets, beside a MELTT-style baseline.

Seeded. A world of places and armed actors (`conflict_events.generate.World`)
hosts true incidents: battles, air strikes and shelling, attacks on civilians,
each on one day at one settlement between two actors, with a true death toll;
some are a second clash of the same sides, at the same place on the same day.
Three datasets then observe them, each degraded as its real counterpart is:

- **ACLED-like** (CSV rows read by `read_acled`): most incidents; day, week
  (``time_precision`` 2, recorded mid-week) or month (3) dates; exact, near
  (a nearby point) or admin (``geo_precision`` 3: the admin2 centre) places;
  the incidents of one day, place and pair of actors aggregated into one
  record; conservative deaths; actors written as ACLED does
  (``Military Forces of Syria (2000-)``, ``Civilians (Syria)``).
- **UCDP-like** (rows read by `read_ucdp`): only deadly incidents; date ranges
  (``date_prec`` 1-5); ``where_prec`` 1-7 (exact, near, admin2 and admin1
  centres, linear, country, international); low/best/high deaths; ``side_a``
  ``Government of Syria``, ``side_b`` the group, sometimes by an alias or
  as a coalition (``Syria insurgents``).
- **report-like** (built as a `Dataset`): a few incidents, dated by an
  expression relative to the report's day (``yesterday``, ``last week``,
  ``mid-February``: `temporal.resolve`), placed at a named settlement or
  province without coordinates, deaths as "at least".

Each record knows the incidents it holds, so every cross-dataset pair is
either truly one incident (their incident sets meet) or not. The scores:

- pairwise precision, recall and F1 of the pairs at or above the threshold
  (0.5), overall and by *precision level* of the pair: its dates (``day``
  when both are one day, ``week`` when both are at most seven days wide,
  ``month+`` otherwise) and its places (``point`` when both carry exact or
  near coordinates, ``named`` when one is a named place without
  coordinates, ``admin`` otherwise); and the same F1 at t*, the threshold
  of the highest expected F1 (``Matches.f1_threshold``, found from the
  probabilities alone, no truth);
- cluster B³ precision, recall and F1 over every record, the pairs joined
  by union-find as `integrate` joins them;
- a calibration table: the pairs in each probability band (0.5-0.6 ...
  0.9-1.0) and the share of them truly one incident.

The baseline does what MELTT (Donnay et al. 2019) does: one global window
of days and one of km for every record, exact equality of a shared taxonomy
(each event's class through `TAXONOMY`), the datasets integrated one after
the other, each new record joined one-to-one to the closest compatible
entry, no probabilities. It is helped: dates are the middle of their bounds,
records without coordinates get the centre of their area from the
generator's gazetteer, and its windows are tuned on the very data scored
(a grid search; the best pair by overall F1 is reported, and by level the
best of the grid for that level alone, an oracle no real run has).

    python benchmarks/matching_bench.py            # 6,000 incidents
    python benchmarks/matching_bench.py --quick    # 1,500 incidents
    python benchmarks/matching_bench.py --json     # one JSON object on stdout
    python benchmarks/matching_bench.py --big      # also time 120,000 incidents (ACLED x UCDP)
    python benchmarks/matching_bench.py --big 30000 --workers 2   # that run in two processes
    python benchmarks/matching_bench.py --incidents N --seed S [--refits R]
    python benchmarks/matching_bench.py --incidents N --seeds 7,8,9   # EM, its refit, per seed
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, Final

import attrs

from conflict_events import Dataset
from conflict_events.formats.acled import read_acled
from conflict_events.formats.ucdp import read_ucdp
from conflict_events.generate import World
from conflict_events.matching import match, match_all
from conflict_events.matching.comparisons import great_circle_km
from conflict_events.matching.matcher import REFIT_ROUNDS
from conflict_events.model import (
    Actor,
    ActorKind,
    ArmedClash,
    Attack,
    Estimate,
    EstimateQualifier,
    Event,
    Location,
    LocationKind,
    RemoteMethod,
    RemoteViolence,
    SpatialPrecision,
)
from conflict_events.temporal import FuzzyDate, TemporalError, resolve

FIRST: Final = date(2015, 1, 1)
SPAN_DAYS: Final = 730
THRESHOLD: Final = 0.5
BANDS: Final = ((0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0))
#: The baseline's grid: windows in days and in km.
DAY_WINDOWS: Final = (0, 1, 2, 3, 7, 15, 31)
KM_WINDOWS: Final = (1, 5, 10, 25, 50, 100, 200)
#: The shared taxonomy of the baseline: each record's own event class, one level.
TAXONOMY: Final = {
    "armed_clash": "battle",
    "remote_violence": "battle",
    "attack": "one-sided",
}
_ISO: Final = {"SYR": 760, "IRQ": 368, "YEM": 887, "LBY": 434, "MLI": 466, "SOM": 706}
_GWNO: Final = {"SYR": 652, "IRQ": 645, "YEM": 679, "LBY": 620, "MLI": 432, "SOM": 520}
_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# -- the world and the truth -------------------------------------------------------------


@attrs.frozen
class Settlement:
    """A place incidents happen at, with its admin chain."""

    id: str
    name: str
    latitude: float
    longitude: float
    admin2: str
    admin1: str
    country: str


@attrs.frozen
class Incident:
    """One true incident."""

    id: str
    day: date
    place: Settlement
    kind: str  # battle, remote, civilians
    actor_a: str
    actor_b: str
    deaths: int


class Gazetteer:
    """The World's places and actors as plain records, with area centres computed."""

    def __init__(self, world: World) -> None:
        records = [json.loads(line) for line in world.lines]
        self.locations = {r["id"]: r for r in records if r["type"] == "location"}
        self.actors = {r["id"]: r for r in records if r["type"] == "actor"}
        self.settlements: list[Settlement] = []
        points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for record in self.locations.values():
            if record["kind"] != "settlement":
                continue
            admin2 = self.locations[record["parent"]]
            admin1 = self.locations[admin2["parent"]]
            country = self.locations[admin1["parent"]]
            found = Settlement(
                record["id"],
                record["name"],
                record["latitude"],
                record["longitude"],
                admin2["id"],
                admin1["id"],
                country["id"],
            )
            self.settlements.append(found)
            for area in (admin2["id"], admin1["id"], country["id"]):
                points[area].append((found.latitude, found.longitude))
        self.centre = {
            area: (sum(p[0] for p in ps) / len(ps), sum(p[1] for p in ps) / len(ps))
            for area, ps in points.items()
        }
        self.armed = world.armed
        self.civilians = world.civilians
        self.codes = world.country_codes

    def name(self, ident: str) -> str:
        """A place's or actor's name."""
        record = self.locations.get(ident) or self.actors[ident]
        return str(record["name"])

    def short(self, ident: str) -> str:
        """An admin area's name without its generic word (``Governorate``, ``District``)."""
        return self.name(ident).rsplit(" ", 1)[0]

    def code(self, settlement: Settlement) -> str:
        """The ISO alpha-3 code of a settlement's country."""
        return str(self.locations[settlement.country]["country"])


def incidents(gazetteer: Gazetteer, count: int, rng: random.Random) -> list[Incident]:
    """
    *count* true incidents over `SPAN_DAYS` days from `FIRST`.

    Places are drawn with a long tail (a few towns see most of the fighting);
    each town has a front, a pair of sides that meet there most often; one
    incident in ten is followed by another of the same sides, place and day.
    """
    towns = gazetteer.settlements
    weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(towns))]
    country_index = {f"L{code}": i for i, code in enumerate(gazetteer.codes)}
    fronts: dict[str, tuple[str, str]] = {}
    found: list[Incident] = []
    while len(found) < count:
        town = rng.choices(towns, weights)[0]
        sides = gazetteer.armed[country_index[town.country]]
        if town.id not in fronts:
            fronts[town.id] = (sides[0], rng.choice(sides[1:]))
        roll = rng.random()
        if roll < 0.55:
            kind = "battle"
        elif roll < 0.8:
            kind = "remote"
        else:
            kind = "civilians"
        if rng.random() < 0.7:
            a, b = fronts[town.id]
        else:
            a, b = rng.sample(sides, 2)
        if kind == "civilians":
            b = gazetteer.civilians[country_index[town.country]]
        elif kind == "remote" and a != sides[0] and b == sides[0]:
            a, b = b, a
        day = FIRST + timedelta(days=rng.randrange(SPAN_DAYS))
        deaths = min(500, int(rng.paretovariate(0.9)) - 1 + (rng.random() < 0.3))
        repeats = 2 if rng.random() < 0.1 else 1
        for _ in range(repeats):
            deaths = max(0, deaths + rng.randint(-2, 2)) if found else deaths
            found.append(Incident(f"i{len(found)}", day, town, kind, a, b, deaths))
    return found[:count]


# -- the observed datasets ---------------------------------------------------------------


@attrs.frozen
class Observed:
    """A dataset, the incidents each of its records holds, and the baseline's view of them."""

    name: str
    dataset: Dataset
    truth: dict[str, frozenset[str]]
    #: event id -> (middle day ordinal, latitude, longitude, taxonomy) for the baseline.
    baseline: dict[str, tuple[float, float, float, str]]


def _offset(lat: float, lon: float, km: float, rng: random.Random) -> tuple[float, float]:
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = km * math.cos(bearing) / 111.195
    dlon = km * math.sin(bearing) / (111.195 * math.cos(math.radians(lat)))
    return round(lat + dlat, 5), round(lon + dlon, 5)


def _acled_actor(gazetteer: Gazetteer, ident: str) -> tuple[str, str]:
    actor = gazetteer.actors[ident]
    country = gazetteer.name(f"L{actor['country']}")
    if actor["kind"] == "state_forces":
        return f"Military Forces of {country} (2000-)", "State forces"
    if actor["kind"] == "civilians":
        return f"Civilians ({country})", "Civilians"
    return str(actor["name"]), "Rebel group"


_ACLED_TYPES: Final = {
    "battle": ("Battles", "Armed clash"),
    "remote": ("Explosions/Remote violence", "Air/drone strike"),
    "civilians": ("Violence against civilians", "Attack"),
}


def acled_like(gazetteer: Gazetteer, truth: Sequence[Incident], rng: random.Random) -> Observed:
    """The ACLED-like dataset: 85 % of incidents, aggregated by day, place and actors."""
    groups: dict[tuple[object, ...], list[Incident]] = defaultdict(list)
    for incident in truth:
        if rng.random() < 0.85:
            key = (
                incident.day,
                incident.place.id,
                incident.kind,
                incident.actor_a,
                incident.actor_b,
            )
            groups[key].append(incident)
    rows: list[dict[str, str]] = []
    held: dict[str, frozenset[str]] = {}
    for number, members in enumerate(groups.values()):
        first = members[0]
        town = first.place
        day, precision = first.day, 1
        roll = rng.random()
        if roll < 0.12:
            precision, day = 2, day + timedelta(days=rng.randint(-3, 3))
        elif roll < 0.2:
            precision, day = 3, day.replace(day=15)
        elif roll < 0.25:
            day += timedelta(days=rng.choice((-1, 1)))
        roll = rng.random()
        name, lat, lon, geo = town.name, town.latitude, town.longitude, 1
        if roll < 0.2:
            geo = 2
            lat, lon = _offset(lat, lon, rng.uniform(3, 15), rng)
            name = f"{town.name} Junction"
        elif roll < 0.3:
            geo = 3
            lat, lon = (round(x, 5) for x in gazetteer.centre[town.admin2])
            name = gazetteer.short(town.admin2)
        event_type, sub = _ACLED_TYPES[first.kind]
        if first.kind == "remote" and gazetteer.actors[first.actor_a]["kind"] != "state_forces":
            sub = "Shelling/artillery/missile attack"
        actor1, inter1 = _acled_actor(gazetteer, first.actor_a)
        actor2, inter2 = _acled_actor(gazetteer, first.actor_b)
        deaths = sum(int(m.deaths * rng.uniform(0.6, 1.0)) for m in members)
        ident = f"{gazetteer.code(town)}{number}"
        rows.append(
            {
                "event_id_cnty": ident,
                "event_date": day.isoformat(),
                "year": str(day.year),
                "time_precision": str(precision),
                "disorder_type": "Political violence",
                "event_type": event_type,
                "sub_event_type": sub,
                "actor1": actor1,
                "inter1": inter1,
                "actor2": actor2,
                "inter2": inter2,
                "iso": str(_ISO[gazetteer.code(town)]),
                "country": gazetteer.name(town.country),
                "admin1": gazetteer.short(town.admin1),
                "admin2": gazetteer.short(town.admin2),
                "location": name,
                "latitude": str(lat),
                "longitude": str(lon),
                "geo_precision": str(geo),
                "source": "Local source",
                "fatalities": str(deaths),
            }
        )
        held["acled:" + ident] = frozenset(m.id for m in members)
    dataset = read_acled(rows)
    return Observed("acled", dataset, _checked(dataset, held), _baseline_view(dataset, gazetteer))


def _ucdp_dates(day: date, rng: random.Random) -> tuple[date, date, int]:
    roll = rng.random()
    if roll < 0.65:
        return day, day, 1
    if roll < 0.72:
        day += timedelta(days=rng.choice((-1, 1)))
        return day, day, 1
    if roll < 0.82:
        width = rng.randint(2, 6)
        start = day - timedelta(days=rng.randrange(width))
        return start, start + timedelta(days=width - 1), 2
    if roll < 0.88:
        start = day - timedelta(days=rng.randrange(7))
        return start, start + timedelta(days=6), 3
    if roll < 0.97:
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return start, end, 4
    return date(day.year, 1, 1), date(day.year, 12, 31), 5


def _ucdp_side(gazetteer: Gazetteer, ident: str, rng: random.Random) -> tuple[str, str]:
    actor = gazetteer.actors[ident]
    country = gazetteer.name(f"L{actor['country']}")
    if actor["kind"] == "state_forces":
        return f"Government of {country}", str(_GWNO[actor["country"]])
    if actor["kind"] == "civilians":
        return "Civilians", ""
    roll = rng.random()
    if roll < 0.1 and actor.get("aliases"):
        return str(actor["aliases"][0]), ""
    if roll < 0.2:
        return f"{country} insurgents", ""
    return str(actor["name"]), ""


def ucdp_like(gazetteer: Gazetteer, truth: Sequence[Incident], rng: random.Random) -> Observed:
    """The UCDP-like dataset: 85 % of the deadly incidents, one row each."""
    rows: list[dict[str, str]] = []
    held: dict[str, frozenset[str]] = {}
    for incident in truth:
        if incident.deaths < 1 or rng.random() >= 0.85:
            continue
        town = incident.place
        start, end, date_prec = _ucdp_dates(incident.day, rng)
        where = rng.choices(range(1, 8), (45, 20, 12, 12, 3, 6, 2))[0]
        lat, lon, name = town.latitude, town.longitude, f"{town.name} town"
        adm1 = gazetteer.short(town.admin1) + " governorate"
        adm2 = gazetteer.short(town.admin2) + " district"
        if where in (2, 5):  # near, linear
            lat, lon = _offset(lat, lon, rng.uniform(3, 25 if where == 2 else 40), rng)
            name = f"near {town.name}"
        elif where == 3:
            lat, lon, name = *gazetteer.centre[town.admin2], adm2
        elif where == 4:
            lat, lon, name, adm2 = *gazetteer.centre[town.admin1], adm1, ""
        elif where >= 6:
            lat, lon = gazetteer.centre[town.country]
            name, adm1, adm2 = gazetteer.name(town.country), "", ""
        a, gwnoa = _ucdp_side(gazetteer, incident.actor_a, rng)
        b, gwnob = _ucdp_side(gazetteer, incident.actor_b, rng)
        kinds = {gazetteer.actors[x]["kind"] for x in (incident.actor_a, incident.actor_b)}
        violence = 3 if incident.kind == "civilians" else 1 if "state_forces" in kinds else 2
        best = max(1, round(incident.deaths * rng.uniform(0.8, 1.3)))
        ident = str(100_000 + len(rows))
        rows.append(
            {
                "id": ident,
                "year": str(start.year),
                "type_of_violence": str(violence),
                "side_a": a,
                "gwnoa": gwnoa,
                "side_b": b,
                "gwnob": gwnob,
                "where_prec": str(where),
                "where_coordinates": name,
                "adm_1": adm1,
                "adm_2": adm2,
                "latitude": f"{lat:.5f}",
                "longitude": f"{lon:.5f}",
                "country": gazetteer.name(town.country),
                "date_prec": str(date_prec),
                "date_start": start.isoformat(),
                "date_end": end.isoformat(),
                "low": str(max(1, round(best * rng.uniform(0.5, 1.0)))),
                "best": str(best),
                "high": str(round(best * rng.uniform(1.0, 2.0))),
            }
        )
        held["ucdp:" + ident] = frozenset({incident.id})
    dataset = read_ucdp(rows)
    return Observed("ucdp", dataset, _checked(dataset, held), _baseline_view(dataset, gazetteer))


def _relative(day: date, rng: random.Random) -> tuple[str, date]:
    """An expression a report dated a few days later uses for *day*, and the report's day."""
    reference = day + timedelta(days=rng.randint(1, 20))
    month = _MONTHS[day.month - 1]
    third = "early" if day.day <= 10 else "mid" if day.day <= 20 else "late"
    options = [
        "yesterday",
        f"on {_WEEKDAYS[day.weekday()]}",
        f"{(reference - day).days} days ago",
        "last week",
        "earlier this month",
        "last month",
        f"{third}-{month}" if third == "mid" else f"{third} {month}",
        f"in {month} {day.year}",
    ]
    rng.shuffle(options)
    for text in options:
        try:
            found = resolve(text, reference)
        except (TemporalError, ValueError):
            continue
        if isinstance(found, FuzzyDate) and found.earliest <= day <= found.latest:
            return text, reference
    return f"in {month} {day.year}", reference  # pragma: no cover - always one above


def report_like(  # noqa: PLR0915 - one record after another
    gazetteer: Gazetteer, truth: Sequence[Incident], rng: random.Random
) -> Observed:
    """The report-like dataset: 25 % of incidents, relative dates, named places only."""
    actors: dict[str, Actor] = {}
    locations: dict[str, Location] = {}
    events: list[Event] = []
    held: dict[str, frozenset[str]] = {}

    def place(ident: str, kind: LocationKind, parent: str | None) -> str:
        own = "rep-" + ident
        if own not in locations:
            record = gazetteer.locations[ident]
            name = record["name"] if kind is not LocationKind.ADMIN1 else gazetteer.short(ident)
            if kind is LocationKind.ADMIN1:
                name += " province"
            locations[own] = Location(
                own, name, kind, parent=parent, country=str(record["country"])
            )
        return own

    def actor(ident: str) -> str:
        record = gazetteer.actors[ident]
        own = "rep-" + ident
        country = gazetteer.name(f"L{record['country']}")
        if record["kind"] == "state_forces":
            name, kind = f"Government of {country}", ActorKind.STATE_FORCES
            own += "-gov"
            if rng.random() < 0.15:
                name, own = f"{country}n army", own + "-army"
        elif record["kind"] == "civilians":
            name, kind = f"Civilians in {country}", ActorKind.CIVILIANS
        else:
            name, kind = str(record["name"]), ActorKind.REBEL_GROUP
        actors.setdefault(own, Actor(own, name, kind))
        return own

    for incident in truth:
        if rng.random() >= 0.25:
            continue
        town = incident.place
        country = place(town.country, LocationKind.COUNTRY, None)
        admin1 = place(town.admin1, LocationKind.ADMIN1, country)
        admin2 = place(town.admin2, LocationKind.ADMIN2, admin1)
        where = admin1 if rng.random() < 0.2 else place(town.id, LocationKind.SETTLEMENT, admin2)
        text, reference = _relative(incident.day, rng)
        when = resolve(text, reference)
        assert isinstance(when, FuzzyDate)
        deaths = None
        if incident.deaths and rng.random() < 0.7:
            deaths = Estimate(
                best=max(1, incident.deaths - rng.randint(0, 3)),
                qualifier=EstimateQualifier.AT_LEAST,
            )
        ident = f"report:{len(events)}"
        a, b = actor(incident.actor_a), actor(incident.actor_b)
        common: dict[str, Any] = {
            "id": ident,
            "when": when,
            "location": where,
            "fatalities": deaths,
            "notes": f"{text} (report of {reference.isoformat()})",
        }
        if incident.kind == "battle":
            event: Event = ArmedClash(**common, side_a=(a,), side_b=(b,))
        elif incident.kind == "remote":
            event = RemoteViolence(
                **common, method=RemoteMethod.AIR_STRIKE, perpetrator_candidates=(a,), targets=(b,)
            )
        else:
            event = Attack(**common, perpetrator_candidates=(a,), targets=(b,))
        events.append(event)
        held[ident] = frozenset({incident.id})
    dataset = Dataset(
        actors=tuple(actors.values()), locations=tuple(locations.values()), events=tuple(events)
    )
    return Observed("report", dataset, held, _baseline_view(dataset, gazetteer))


def _checked(dataset: Dataset, held: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """The truth by the ids the reader gave (it normalises them): every event must be known."""
    missing = [event.id for event in dataset.events if event.id not in held]
    if missing:  # pragma: no cover - a change of the readers' ids
        msg = f"no truth for {missing[:3]}"
        raise RuntimeError(msg)
    return {event.id: held[event.id] for event in dataset.events}


def _baseline_view(
    dataset: Dataset, gazetteer: Gazetteer
) -> dict[str, tuple[float, float, float, str]]:
    """What the baseline reads of each event: the middle day, a point, the taxonomy."""
    found = {}
    for event in dataset.events:
        middle = (event.when.earliest.toordinal() + event.when.latest.toordinal()) / 2
        point = _point(dataset, event.location, gazetteer)
        taxonomy = TAXONOMY.get(type(event).event_type, type(event).event_type)
        found[event.id] = (middle, *point, taxonomy)
    return found


def _point(dataset: Dataset, ident: str | None, gazetteer: Gazetteer) -> tuple[float, float]:
    """A record's coordinates, or (helping the baseline) the true centre of its area."""
    if ident is None:  # pragma: no cover - every generated record has a place
        return (math.nan, math.nan)
    chain = [dataset.location(ident), *dataset.ancestors(ident)]
    for place in chain:
        if place.latitude is not None and place.longitude is not None:
            return place.latitude, place.longitude
    for place in chain:
        own = place.id.removeprefix("rep-")
        if own in gazetteer.centre:
            return gazetteer.centre[own]
        if own in gazetteer.locations:  # a settlement named without coordinates
            record = gazetteer.locations[own]
            return record["latitude"], record["longitude"]
    return (math.nan, math.nan)  # pragma: no cover - every place is in the gazetteer


# -- scoring -----------------------------------------------------------------------------


def _date_level(event: Event) -> str:
    days = (event.when.latest - event.when.earliest).days + 1
    return "day" if days == 1 else "week" if days <= 7 else "month+"


_POINTS: Final = (SpatialPrecision.EXACT, SpatialPrecision.NEAR)
_DATE_ORDER: Final = ("day", "week", "month+")
_PLACE_ORDER: Final = ("point", "named", "admin")


def _place_level(dataset: Dataset, event: Event) -> str:
    if event.location is None:  # pragma: no cover - every generated record has a place
        return "admin"
    location = dataset.location(event.location)
    if location.latitude is not None:
        return "point" if event.location_precision in _POINTS else "admin"
    return "named" if location.kind is LocationKind.SETTLEMENT else "admin"


@attrs.frozen
class Truth:
    """Every record's incidents, dataset and precision levels; the true pairs and clusters."""

    incidents: dict[str, frozenset[str]]
    dataset_of: dict[str, str]
    date_level: dict[str, str]
    place_level: dict[str, str]
    pairs: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, observed: Sequence[Observed]) -> Truth:
        held: dict[str, frozenset[str]] = {}
        dataset_of: dict[str, str] = {}
        date_level: dict[str, str] = {}
        place_level: dict[str, str] = {}
        by_incident: dict[str, list[str]] = defaultdict(list)
        for one in observed:
            for event in one.dataset.events:
                held[event.id] = one.truth[event.id]
                dataset_of[event.id] = one.name
                date_level[event.id] = _date_level(event)
                place_level[event.id] = _place_level(one.dataset, event)
                for incident in one.truth[event.id]:
                    by_incident[incident].append(event.id)
        pairs = set()
        for ids in by_incident.values():
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    if dataset_of[a] != dataset_of[b]:
                        pairs.add(_pair(a, b))
        return cls(held, dataset_of, date_level, place_level, frozenset(pairs))

    def level(self, pair: tuple[str, str]) -> tuple[str, str]:
        """The pair's date level and place level: the coarser of its two records'."""
        a, b = pair
        dates = max(self.date_level[a], self.date_level[b], key=_DATE_ORDER.index)
        places = max(self.place_level[a], self.place_level[b], key=_PLACE_ORDER.index)
        return dates, places

    def matches(self, pair: tuple[str, str]) -> bool:
        """Whether the two records hold one incident."""
        return bool(self.incidents[pair[0]] & self.incidents[pair[1]])


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _prf(true_positive: int, predicted: int, actual: int) -> dict[str, float | int]:
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_pairs": actual,
        "predicted_pairs": predicted,
    }


def pairwise(truth: Truth, predicted: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Pairwise precision, recall and F1, overall and by date level and by place level."""
    found = {_pair(a, b) for a, b in predicted}
    hits = found & truth.pairs
    result: dict[str, Any] = {"all": _prf(len(hits), len(found), len(truth.pairs))}
    for position, name, order in ((0, "date", _DATE_ORDER), (1, "place", _PLACE_ORDER)):
        for level in order:

            def inside(
                pairs: Iterable[tuple[str, str]], pos: int = position, lv: str = level
            ) -> int:
                return sum(1 for p in pairs if truth.level(p)[pos] == lv)

            result[f"{name}:{level}"] = _prf(inside(hits), inside(found), inside(truth.pairs))
    return result


def _components(ids: Iterable[str], edges: Iterable[tuple[str, str]]) -> dict[str, str]:
    parent = {ident: ident for ident in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {ident: find(ident) for ident in parent}


def b_cubed(truth: Truth, predicted: Iterable[tuple[str, str]]) -> dict[str, float]:
    """B³ precision, recall and F1 over every record: clusters by union-find of the pairs."""
    ids = list(truth.incidents)
    mine = _components(ids, predicted)
    real = _components(ids, truth.pairs)
    mine_members: dict[str, set[str]] = defaultdict(set)
    real_members: dict[str, set[str]] = defaultdict(set)
    for ident in ids:
        mine_members[mine[ident]].add(ident)
        real_members[real[ident]].add(ident)
    precision = recall = 0.0
    for ident in ids:
        a, b = mine_members[mine[ident]], real_members[real[ident]]
        shared = len(a & b)
        precision += shared / len(a)
        recall += shared / len(b)
    precision, recall = precision / len(ids), recall / len(ids)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def calibration(truth: Truth, scored: Iterable[tuple[str, str, float]]) -> list[dict[str, Any]]:
    """Per probability band: how many pairs, and the share truly one incident."""
    counts = [[0, 0] for _ in BANDS]
    for a, b, probability in scored:
        for index, (low, high) in enumerate(BANDS):
            if low <= probability < high or (high == 1.0 and probability == 1.0):
                counts[index][0] += 1
                counts[index][1] += truth.matches(_pair(a, b))
                break
    return [
        {
            "band": f"{low:.1f}-{high:.1f}",
            "pairs": n,
            "true_share": round(hits / n, 4) if n else None,
        }
        for (low, high), (n, hits) in zip(BANDS, counts, strict=True)
    ]


# -- the baseline ------------------------------------------------------------------------


def _baseline_candidates(
    observed: Sequence[Observed], days: float, km: float
) -> dict[tuple[int, int], list[tuple[str, str, float, float]]]:
    """Per pair of datasets (i < j): every pair within the widest windows, with its gaps."""
    found: dict[tuple[int, int], list[tuple[str, str, float, float]]] = {}
    cell = km / 111.195 + 1e-9
    for j in range(len(observed)):
        grid: dict[tuple[str, int, int, int], list[str]] = defaultdict(list)
        later = observed[j].baseline
        for ident, (day, lat, lon, taxonomy) in later.items():
            if math.isnan(lat):  # pragma: no cover - every record has a point
                continue
            grid[(taxonomy, int(day // (days + 1)), int(lat // cell), int(lon // cell))].append(
                ident
            )
        for i in range(j):
            rows: list[tuple[str, str, float, float]] = []
            for ident, (day, lat, lon, taxonomy) in observed[i].baseline.items():
                if math.isnan(lat):  # pragma: no cover
                    continue
                t, y, x = int(day // (days + 1)), int(lat // cell), int(lon // cell)
                for dt in (-1, 0, 1):
                    for dy in (-1, 0, 1):
                        for dx in (-2, -1, 0, 1, 2):
                            for other in grid.get((taxonomy, t + dt, y + dy, x + dx), ()):
                                oday, olat, olon, _ = later[other]
                                gap = abs(day - oday)
                                if gap > days:
                                    continue
                                distance = great_circle_km(lat, lon, olat, olon)
                                if distance <= km:
                                    rows.append((ident, other, gap, distance))
            found[(i, j)] = rows
    return found


def baseline(
    observed: Sequence[Observed],
    candidates: dict[tuple[int, int], list[tuple[str, str, float, float]]],
    days: float,
    km: float,
) -> list[tuple[str, str]]:
    """
    MELTT-style integration at one pair of windows: the pairs of records it puts in one entry.

    Datasets are taken in order; each record of a later dataset joins at most
    one entry (the closest compatible one, by days over the day window plus
    km over the km window), and each entry takes at most one record of each
    dataset.
    """
    entry_of: dict[str, int] = {}
    members: list[list[str]] = []
    for ident in observed[0].dataset.events:
        entry_of[ident.id] = len(members)
        members.append([ident.id])
    scale_days, scale_km = max(days, 0.5), max(km, 0.5)
    for j in range(1, len(observed)):
        options: list[tuple[float, str, int]] = []
        for i in range(j):
            for earlier, later, gap, distance in candidates[(i, j)]:
                if gap <= days and distance <= km and earlier in entry_of:
                    score = gap / scale_days + distance / scale_km
                    options.append((score, later, entry_of[earlier]))
        options.sort()
        taken_entries: set[int] = set()
        joined: set[str] = set()
        for _score, later, entry in options:
            if later in joined or entry in taken_entries:
                continue
            joined.add(later)
            taken_entries.add(entry)
            members[entry].append(later)
            entry_of[later] = entry
        for event in observed[j].dataset.events:
            if event.id not in entry_of:
                entry_of[event.id] = len(members)
                members.append([event.id])
    return [(a, b) for group in members for k, a in enumerate(group) for b in group[k + 1 :]]


def tuned_baseline(observed: Sequence[Observed], truth: Truth) -> dict[str, Any]:
    """The baseline over the grid: the best windows by overall F1, and each level's best."""
    candidates = _baseline_candidates(observed, max(DAY_WINDOWS), max(KM_WINDOWS))
    grid = []
    for days in DAY_WINDOWS:
        for km in KM_WINDOWS:
            pairs = baseline(observed, candidates, days, km)
            grid.append(
                {
                    "days": days,
                    "km": km,
                    "pairwise": pairwise(truth, pairs),
                    "b_cubed": b_cubed(truth, pairs),
                }
            )
    best = max(grid, key=lambda g: (g["pairwise"]["all"]["f1"], -g["days"], -g["km"]))
    oracle = {level: max(g["pairwise"][level]["f1"] for g in grid) for level in best["pairwise"]}
    return {
        "best": best,
        "oracle_f1_by_level": oracle,
        "grid": [
            {"days": g["days"], "km": g["km"], "f1": g["pairwise"]["all"]["f1"]} for g in grid
        ],
    }


# -- runs --------------------------------------------------------------------------------


def observe(count: int, seed: int) -> tuple[list[Observed], Truth, Gazetteer]:
    """The three observed datasets of *count* true incidents, and their truth."""
    rng = random.Random(seed)
    gazetteer = Gazetteer(World(count * 4, rng))
    truth = incidents(gazetteer, count, rng)
    observed = [
        acled_like(gazetteer, truth, rng),
        ucdp_like(gazetteer, truth, rng),
        report_like(gazetteer, truth, rng),
    ]
    return observed, Truth.of(observed), gazetteer


def _matcher_scores(observed: Sequence[Observed], truth: Truth, refits: int) -> dict[str, Any]:
    """Ours on the *observed* datasets: time, model, pairwise, B³ and calibration."""
    started = time.perf_counter()
    matches = match_all([o.dataset for o in observed], refits=refits)
    elapsed = time.perf_counter() - started
    ours = [(m.left_id, m.right_id) for m in matches.above(THRESHOLD)]
    best_cut = matches.f1_threshold()
    at_best_cut = [(m.left_id, m.right_id) for m in matches.above(best_cut)]
    return {
        "seconds": round(elapsed, 2),
        "prior": round(matches.model.prior, 5),
        "em_iterations": matches.model.iterations,
        "refits": matches.model.refits,
        "pairwise": pairwise(truth, ours),
        "f1_threshold": round(best_cut, 4),
        "pairwise_at_f1_threshold": pairwise(truth, at_best_cut),
        "b_cubed": b_cubed(truth, ours),
        "calibration": calibration(
            truth, ((m.left_id, m.right_id, m.probability) for m in matches)
        ),
    }


def scores(count: int, seed: int, refits: int = REFIT_ROUNDS) -> dict[str, Any]:
    """The quality section: ours and the tuned baseline on *count* incidents."""
    observed, truth, _ = observe(count, seed)
    return {
        "incidents": count,
        "records": {o.name: len(o.dataset.events) for o in observed},
        "true_pairs": len(truth.pairs),
        "threshold": THRESHOLD,
        "matcher": _matcher_scores(observed, truth, refits),
        "baseline": tuned_baseline(observed, truth),
    }


def seeds_table(count: int, seeds: Sequence[int]) -> dict[str, Any]:
    """Per seed: the tuned baseline's F1 and ours with and without the refit, by level."""
    rows = []
    for seed in seeds:
        observed, truth, _ = observe(count, seed)
        best = tuned_baseline(observed, truth)["best"]["pairwise"]
        plain = _matcher_scores(observed, truth, 0)
        refitted = _matcher_scores(observed, truth, REFIT_ROUNDS)
        row: dict[str, Any] = {"seed": seed}
        for level in ("all", "date:month+", "place:admin"):
            row[level] = {
                "baseline": best[level]["f1"],
                "em": plain["pairwise"][level]["f1"],
                "refit": refitted["pairwise"][level]["f1"],
                "refit t*": refitted["pairwise_at_f1_threshold"][level]["f1"],
            }
        row["seconds"] = {"em": plain["seconds"], "refit": refitted["seconds"]}
        row["refits"] = refitted["refits"]
        row["f1_threshold"] = refitted["f1_threshold"]
        band = next(b for b in refitted["calibration"] if b["band"] == "0.8-0.9")
        row["calibration_0.8-0.9"] = band["true_share"]
        rows.append(row)
    return {"incidents": count, "seeds": rows}


def seeds_markdown(report: dict[str, Any]) -> str:
    """The per-seed report as one Markdown table."""
    levels = ("all", "date:month+", "place:admin")
    who_is = ("baseline", "EM", "refit", "refit t*")
    head = ["seed"] + [f"{level} {who}" for level in levels for who in who_is]
    lines = [
        (
            f"{report['incidents']:,} true incidents per seed; F1 at threshold {THRESHOLD}, and"
            " at t*, the refit's threshold of the highest expected F1."
        ),
        "",
        _row([*head, "t*", "0.8-0.9 true", "rounds", "seconds EM / refit"]),
        _row(["---"] * (len(head) + 4)),
    ]
    for row in report["seeds"]:
        cells: list[object] = [row["seed"]]
        for level in levels:
            cells += [f"{row[level][who]:.3f}" for who in ("baseline", "em", "refit", "refit t*")]
        cells.append(row["f1_threshold"])
        share = row["calibration_0.8-0.9"]
        cells.append("-" if share is None else f"{share:.1%}")
        cells.append(row["refits"])
        cells.append(f"{row['seconds']['em']} / {row['seconds']['refit']}")
        lines.append(_row(cells))
    return "\n".join(lines)


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (worker processes)."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def scaled(count: int, seed: int, workers: int = 1, refits: int = REFIT_ROUNDS) -> dict[str, Any]:
    """
    The time and memory of `match` on the ACLED-like and UCDP-like data of *count* incidents.

    With *workers* above 1, `match` runs its parts in that many processes; the
    CPU seconds count theirs too, and the workers' peak RSS is the largest one's.
    """
    before = _peak_mib()
    rng = random.Random(seed)
    started = time.perf_counter()
    gazetteer = Gazetteer(World(count * 4, rng))
    truth = incidents(gazetteer, count, rng)
    acled = acled_like(gazetteer, truth, rng)
    ucdp = ucdp_like(gazetteer, truth, rng)
    built = time.perf_counter() - started
    del truth
    gc.collect()
    loaded = _peak_mib()
    started, cpu = time.perf_counter(), _cpu_s()
    matches = match(acled.dataset, ucdp.dataset, workers=workers, refits=refits)
    elapsed, cpu = time.perf_counter() - started, _cpu_s() - cpu
    left, right = len(acled.dataset.events), len(ucdp.dataset.events)
    return {
        "incidents": count,
        "left": left,
        "right": right,
        "generate_and_read_s": round(built, 1),
        "workers": workers,
        "refits": matches.model.refits,
        "match_s": round(elapsed, 1),
        "match_cpu_s": round(cpu, 1),
        "load_average": round(os.getloadavg()[0], 2),
        "events_per_s": round((left + right) / elapsed),
        "matches": len(matches),
        "peak_rss_mib_before": round(before),
        "peak_rss_mib_loaded": round(loaded),
        "peak_rss_mib_after_match": round(_peak_mib()),
        "peak_rss_mib_worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def run(
    count: int,
    *,
    seed: int = 7,
    big: int | None = None,
    workers: int = 1,
    refits: int = REFIT_ROUNDS,
) -> dict[str, Any]:
    """The whole report: the machine, the scores, and (with *big*) a scaled run."""
    report: dict[str, Any] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "seed": seed,
        "quality": scores(count, seed, refits),
    }
    if big:
        report["scale"] = scaled(big, seed, workers, refits)
    return report


# -- printing ----------------------------------------------------------------------------


def _row(cells: Sequence[object]) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def table(report: dict[str, Any]) -> str:
    """The report as Markdown tables."""
    quality = report["quality"]
    ours, base = quality["matcher"], quality["baseline"]
    best = base["best"]
    lines = [
        f"{quality['incidents']:,} true incidents; records: "
        + ", ".join(f"{k} {v:,}" for k, v in quality["records"].items())
        + f"; {quality['true_pairs']:,} true cross-dataset pairs; threshold {THRESHOLD}"
        + f" (t*, the threshold of the highest expected F1: {ours['f1_threshold']}).",
        f"Baseline windows tuned by overall F1: {best['days']} days, {best['km']} km.",
        "",
        _row(
            [
                "pairs",
                "true pairs",
                "ours P",
                "ours R",
                "ours F1",
                "baseline P",
                "baseline R",
                "baseline F1",
                "baseline best F1 at this level",
                "gain",
                "ours F1 at t*",
                "gain at t*",
            ]
        ),
        _row(["---"] * 12),
    ]
    for level, mine in ours["pairwise"].items():
        theirs = best["pairwise"][level]
        lines.append(
            _row(
                [
                    level,
                    mine["true_pairs"],
                    f"{mine['precision']:.3f}",
                    f"{mine['recall']:.3f}",
                    f"{mine['f1']:.3f}",
                    f"{theirs['precision']:.3f}",
                    f"{theirs['recall']:.3f}",
                    f"{theirs['f1']:.3f}",
                    f"{base['oracle_f1_by_level'][level]:.3f}",
                    f"{100 * (mine['f1'] - theirs['f1']):+.1f}",
                    f"{ours['pairwise_at_f1_threshold'][level]['f1']:.3f}",
                    f"{100 * (ours['pairwise_at_f1_threshold'][level]['f1'] - theirs['f1']):+.1f}",
                ]
            )
        )
    mb, bb = ours["b_cubed"], best["b_cubed"]
    lines += [
        "",
        _row(["clusters (B³)", "precision", "recall", "F1"]),
        _row(["---"] * 4),
        _row(["ours", f"{mb['precision']:.3f}", f"{mb['recall']:.3f}", f"{mb['f1']:.3f}"]),
        _row(["baseline", f"{bb['precision']:.3f}", f"{bb['recall']:.3f}", f"{bb['f1']:.3f}"]),
        "",
        _row(["probability", "pairs", "truly one incident"]),
        _row(["---"] * 3),
    ]
    for band in ours["calibration"]:
        share = "-" if band["true_share"] is None else f"{band['true_share']:.1%}"
        lines.append(_row([band["band"], band["pairs"], share]))
    lines.append("")
    lines.append(
        f"Matcher: {ours['seconds']} s, prior {ours['prior']}, "
        f"{ours['em_iterations']} EM iterations, {ours['refits']} rounds of refit."
    )
    scale = report.get("scale")
    if scale:
        lines.append(
            f"Scale: {scale['left']:,} x {scale['right']:,} events matched in "
            f"{scale['match_s']} s ({scale['events_per_s']:,} events/s, "
            f"{scale['workers']} worker(s), {scale['refits']} rounds of refit, "
            f"{scale['match_cpu_s']} CPU s, load average "
            f"{scale['load_average']}); peak RSS {scale['peak_rss_mib_loaded']:,} MiB loaded, "
            f"{scale['peak_rss_mib_after_match']:,} MiB after matching, "
            f"{scale['peak_rss_mib_worker']:,} MiB in the largest worker."
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="1,500 incidents")
    parser.add_argument("--incidents", type=int, default=None, help="true incidents (6,000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--big", nargs="?", type=int, const=120_000, default=None,
                        help="also time match on N incidents (120,000)")  # fmt: skip
    parser.add_argument("--workers", type=int, default=1,
                        help="processes for the --big run's match (1)")  # fmt: skip
    parser.add_argument("--refits", type=int, default=REFIT_ROUNDS,
                        help=f"EM's refit rounds, at most ({REFIT_ROUNDS}; 0: none)")  # fmt: skip
    parser.add_argument("--seeds", type=lambda text: [int(x) for x in text.split(",")],
                        help="per seed S1,S2,...: baseline, EM and refit F1")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    options = parser.parse_args(argv)
    count = options.incidents or (1_500 if options.quick else 6_000)
    if options.seeds:
        by_seed = seeds_table(count, options.seeds)
        print(json.dumps(by_seed) if options.json else seeds_markdown(by_seed))
        return 0
    report = run(
        count, seed=options.seed, big=options.big, workers=options.workers, refits=options.refits
    )
    print(json.dumps(report) if options.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
