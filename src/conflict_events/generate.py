"""
Synthetic conflict-event data for benchmarks and scale tests: plain, seeded and streaming.

`generate_lines` yields a JSON Lines document (a header, then actors, locations,
sources and events) of any size, in memory that does not grow with the number
of events: the world (countries, an admin hierarchy, settlements with parts,
armed actors, sources) is sized from the request and capped, and the events
are written one line at a time from precomputed fragments. The same seed
gives the same bytes.

The data is valid and referentially intact, and it is shaped like the real
thing: settlements change hands in control changes whose previous holder is
the current one, so every timeline is consistent (parts inherit the changes
of their settlement); sieges are laid by a challenger against the holder,
often still open; dates are days, months, approximate days or spans;
fatalities are estimates with qualifiers; some attacks name two candidate
perpetrators; casualty claims are attributed to their claimant; control
statuses report the current holder of a place (and who contests it), between
its changes; demonstrations are by the country's protesters, with a crowd, and
state forces respond to those that are not peaceful. Every event type of
`conflict_events.model.EVENT_TYPES` is drawn.

Layering: this module sits beside `conflict_events.strategies` (it may import
model, temporal and formats); the Parquet writer imports the ``arrow`` extra
only when asked. It is not Hypothesis: a plain `random.Random` per seed.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import json
import os
import random
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar

import attrs

from conflict_events.collector import paused as collector_paused
from conflict_events.formats.atomic import atomic_directory, atomic_path
from conflict_events.formats.documents import dump_json, parse_json
from conflict_events.formats.files import save
from conflict_events.formats.jsonl import RECORD_TYPES, record_from_dict
from conflict_events.model import SCHEMA_VERSION, Dataset
from conflict_events.model.record_kinds import record_kind
from conflict_events.model.spatial import CompassPoint, great_circle_km, initial_bearing

__all__ = [
    "FIRST_DAY",
    "World",
    "generate_lines",
    "iter_records",
    "write_json",
    "write_jsonl",
    "write_parquet",
]

#: Lines written at once by `write_jsonl`, and events between two progress reports.
_BATCH: Final = 4096

#: The table of each record type that is not an event.
_COLLECTIONS: Final = {tag: record_kind(cls).collection for tag, cls in RECORD_TYPES.items()}

#: The first day events may fall on; they run over `_YEARS` years from it.
FIRST_DAY: Final = date(2011, 3, 1)
_YEARS: Final = 12
_COUNTRIES: Final = (
    ("SYR", "Syria", 35.0, 38.5),
    ("IRQ", "Iraq", 33.2, 43.7),
    ("YEM", "Yemen", 15.5, 47.5),
    ("LBY", "Libya", 27.0, 17.0),
    ("MLI", "Mali", 17.5, -4.0),
    ("SOM", "Somalia", 5.2, 46.2),
)
_SYLLABLES: Final = (
    "al", "tal", "deir", "kafr", "ras", "bab", "jis", "ain", "mar", "qal",
    "sha", "ham", "dar", "zor", "bir", "has", "sak", "man", "rij", "ada",
)  # fmt: skip
#: How ACLED files an armed clash, as its exports' three type columns say it.
_ACLED_CLASH: Final = '{"scheme":"acled","path":["Political violence","Battles","Armed clash"]}'
_ACLED_CLASHES: Final = f"[{_ACLED_CLASH}]"
#: Who provides humanitarian access, what declarations declare, the tag of offensives.
_PROVIDER: Final = "aWFP"
_SUBJECT: Final = "ceasefire"
_OFFENSIVE_TAG: Final = "offensive"
_PART_KINDS: Final = ("settlement_part", "airport", "military_base", "dam", "bridge", "university")
_ARMED_KINDS: Final = ("rebel_group", "political_militia", "identity_militia", "external_force")
_PUBLISHERS: Final = ("Reuters", "AFP", "ALBAWABA", "SANA", "Amaq", "ACLED", "UCDP", "OCHA")
_METHODS: Final = ("air_strike", "drone_strike", "shelling", "missile", "remote_explosive")
_TARGETS: Final = ("infrastructure", "cultural_heritage", "residential", "religious", "military")
_ACCESS: Final = ("delivery", "interruption", "resumption", "denial")
_MODALITIES: Final = ("air_drop", "airlift", "convoy", "crossing")
_OUTCOMES: Final = ("ongoing", "succeeded", "failed", "repelled", "abandoned")
_SIEGE_STATUS: Final = ("ongoing", "lifted", "broken", "fell")
_DISASTERS: Final = ("flood", "dam_collapse", "fire")
_WEAPONS: Final = ("gunmen", "suicide bomber", "car bomb", "IED")
_MODES: Final = ("assault", "withdrawal", "agreement", "unknown")
# Demonstrations by form: half of them peaceful.
_FORMS: Final = ("peaceful",) * 4 + (
    "with_intervention",
    "excessive_force",
    "violent",
    "mob_violence",
)
_DEADLY: Final = frozenset({"excessive_force", "violent", "mob_violence"})
_CROWDS: Final = (
    '{"low":12,"high":99,"qualifier":"dozens"}',
    '{"low":200,"high":999,"qualifier":"hundreds"}',
    '{"low":1000,"high":9999,"qualifier":"thousands"}',
    '{"best":50,"qualifier":"approximately"}',
)

# Event kinds by share of 1024; every type of EVENT_TYPES is among them.
_MIX: Final = (
    ("control_change", 110),
    ("control_status", 30),
    ("siege", 30),
    ("armed_clash", 270),
    ("remote_violence", 210),
    ("demonstration", 40),
    ("attack", 110),
    ("casualty_claim", 50),
    ("humanitarian_access", 50),
    ("destruction", 40),
    ("offensive", 44),
    ("declaration", 20),
    ("disaster", 20),
)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def _name(rng: random.Random) -> str:
    parts = [rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))]
    return " ".join(part.capitalize() for part in parts)


class World:
    """
    The places, actors and sources the events of one run refer to.

    Sized from the number of events and capped, so memory stays flat however
    many events are asked for. Holds, per settlement and part, who holds it
    and the last day a change there may have happened.
    """

    def __init__(self, events: int, rng: random.Random) -> None:
        self.rng = rng
        countries = _COUNTRIES[: _clamp(events // 50_000 + 2, 2, len(_COUNTRIES))]
        settlements = _clamp(events // 250, 20, 12_000)
        self.lines: list[str] = []
        self._actors(countries, events)
        self._places(countries, settlements)
        self._sources(_clamp(events // 2_000, 8, 4_000))

    def _actors(self, countries: tuple[tuple[str, str, float, float], ...], events: int) -> None:
        rng = self.rng
        per_country = _clamp(events // 100_000 + 3, 3, 30)
        self.armed: list[list[str]] = []  # by country index
        self.civilians: list[str] = []
        self.protesters: list[str] = []
        self.country_codes = [code for code, *_ in countries]
        lines = self.lines
        for index, (code, name, *_) in enumerate(countries):
            state = f"a{code}-gov"
            lines.append(
                dump_json(
                    {
                        "type": "actor",
                        "id": state,
                        "name": f"Armed forces of {name}",
                        "kind": "state_forces",
                        "country": code,
                        "external_ids": {"acled": f"Military Forces of {name}"},
                    }
                )
            )
            armed = [state]
            for number in range(per_country):
                ident = f"a{code}-{number}"
                record: dict[str, Any] = {
                    "type": "actor",
                    "id": ident,
                    "name": f"{_name(rng)} Brigade",
                    "kind": _ARMED_KINDS[number % len(_ARMED_KINDS)],
                    "country": code,
                }
                if number % 3 == 0:
                    record["aliases"] = [f"{_name(rng)} Front"]
                if number % 4 == 1:
                    record["relations"] = [
                        {"kind": "opposed_to", "target": state, "during": f"{2011 + index}/.."}
                    ]
                lines.append(dump_json(record))
                armed.append(ident)
            civilians = f"a{code}-civ"
            lines.append(
                dump_json(
                    {
                        "type": "actor",
                        "id": civilians,
                        "name": f"Civilians ({name})",
                        "kind": "civilians",
                        "country": code,
                    }
                )
            )
            protesters = f"a{code}-pro"
            lines.append(
                dump_json(
                    {
                        "type": "actor",
                        "id": protesters,
                        "name": f"Protesters ({name})",
                        "kind": "protesters",
                        "country": code,
                    }
                )
            )
            self.armed.append(armed)
            self.civilians.append(civilians)
            self.protesters.append(protesters)
        lines.append(
            dump_json(
                {
                    "type": "actor",
                    "id": "aWFP",
                    "name": "World Food Programme",
                    "kind": "international_organisation",
                }
            )
        )

    def _places(self, countries: tuple[tuple[str, str, float, float], ...], count: int) -> None:
        rng = self.rng
        lines = self.lines
        self.places: list[str] = []  # settlements and parts, the places events happen at
        self.country_of: list[int] = []  # by place
        self.group_of: list[int] = []  # by place: its settlement's index in places
        self.parts_of: dict[int, list[int]] = {}  # settlement index -> part indexes
        admin2: list[tuple[str, int, float, float]] = []
        for index, (code, name, lat, lon) in enumerate(countries):
            lines.append(
                dump_json(
                    {
                        "type": "location",
                        "id": f"L{code}",
                        "name": name,
                        "kind": "country",
                        "country": code,
                    }
                )
            )
            for one in range(6):
                ident1 = f"L{code}-{one}"
                lines.append(
                    dump_json(
                        {
                            "type": "location",
                            "id": ident1,
                            "name": f"{_name(rng)} Governorate",
                            "kind": "admin1",
                            "country": code,
                            "parent": f"L{code}",
                        }
                    )
                )
                for two in range(4):
                    ident2 = f"{ident1}-{two}"
                    lines.append(
                        dump_json(
                            {
                                "type": "location",
                                "id": ident2,
                                "name": f"{_name(rng)} District",
                                "kind": "admin2",
                                "country": code,
                                "parent": ident1,
                            }
                        )
                    )
                    admin2.append((ident2, index, lat + one - 2.5, lon + two - 2))
        previous: tuple[str, float, float] | None = None
        for number in range(count):
            parent, country, lat, lon = admin2[number % len(admin2)]
            ident = f"L{number}"
            record: dict[str, Any] = {
                "type": "location",
                "id": ident,
                "name": _name(rng),
                "kind": "settlement",
                "latitude": round(lat + rng.random(), 4),
                "longitude": round(lon + rng.random(), 4),
                "precision": "exact",
                "country": self.country_codes[country],
                "parent": parent,
            }
            if number % 5 == 0:
                record["aliases"] = [_name(rng)]
                record["external_ids"] = {"geonames": str(100_000 + number)}
            if previous is not None and number % 5 == 1:
                record["relations"] = [_stated_from(previous, record)]
            previous = (ident, record["latitude"], record["longitude"])
            lines.append(dump_json(record))
            settlement = len(self.places)
            self.places.append(ident)
            self.country_of.append(country)
            self.group_of.append(settlement)
            if number % 4 == 0:
                parts = []
                for part in range(2):
                    kind = _PART_KINDS[(number // 4 + part) % len(_PART_KINDS)]
                    part_id = f"L{number}-{part}"
                    location = {
                        "type": "location",
                        "id": part_id,
                        "name": f"{record['name']} {kind.replace('_', ' ')}",
                        "kind": kind,
                        "country": self.country_codes[country],
                        "parent": ident,
                    }
                    if kind == "settlement_part":
                        location["part"] = "side"
                        location["side"] = ("east", "west")[part]
                    lines.append(dump_json(location))
                    parts.append(len(self.places))
                    self.places.append(part_id)
                    self.country_of.append(country)
                    self.group_of.append(settlement)
                self.parts_of[settlement] = parts
        # Who holds each place (an index into the armed actors of its country), and
        # the last day a change in its settlement's group may have happened.
        self.holder = [0] * len(self.places)
        self.last_change = [0] * len(self.places)

    def _sources(self, count: int) -> None:
        self.sources = [f"s{number}" for number in range(count)]
        for number, ident in enumerate(self.sources):
            self.lines.append(
                dump_json(
                    {
                        "type": "source",
                        "id": ident,
                        "publisher": _PUBLISHERS[number % len(_PUBLISHERS)],
                        "title": f"Report {number}",
                        "published": (FIRST_DAY + timedelta(days=number % 4000)).isoformat(),
                        "language": ("en", "ar", "fr")[number % 3],
                    }
                )
            )


def _stated_from(target: tuple[str, float, float], place: dict[str, Any]) -> dict[str, Any]:
    """What a report would say of *place* against *target*: true of their coordinates."""
    ident, lat, lon = target
    km = great_circle_km(lat, lon, place["latitude"], place["longitude"])
    bearing = initial_bearing(lat, lon, place["latitude"], place["longitude"])
    return {
        "target": ident,
        "distance": {"value": {"best": max(1, round(km)), "qualifier": "approximately"}},
        "direction": CompassPoint.nearest(bearing).value,
        "bearing": round(bearing) % 360,
        "attributions": [{"source": "s0"}],
    }


def _estimates(rng: random.Random, count: int) -> list[str]:
    """Fatality estimates as JSON fragments, in every wording the model knows."""
    result = []
    for _ in range(count):
        best = min(int(rng.paretovariate(1.2)) - 1, 100_000)
        style = rng.randrange(6)
        figure: dict[str, int | str]
        if style == 0:
            figure = {"low": best, "best": best, "high": best}
        elif style == 1:
            figure = {"low": best, "best": best, "qualifier": "at_least"}
        elif style == 2:  # noqa: PLR2004
            figure = {"best": best + 10, "qualifier": "approximately"}
        elif style == 3:  # noqa: PLR2004
            figure = {"low": best, "best": best * 2, "high": best * 3 + 1}
        elif style == 4:  # noqa: PLR2004
            figure = {"low": 12, "high": 99, "qualifier": "dozens"}
        else:
            figure = {"best": best}
        result.append(dump_json(figure))
    return result


def generate_lines(events: int, *, seed: int = 0) -> Iterator[str]:
    """
    Yield the lines (without newlines) of a synthetic JSON Lines document of *events* events.

    The header comes first, then actors, locations and sources, then the events
    in date order. Memory does not grow with *events*; the same *seed* gives
    the same lines.

    Raises:
        ValueError: *events* is negative.
    """
    preamble, lines = _document(events, seed)
    yield from preamble
    yield from lines


def _document(events: int, seed: int) -> tuple[list[str], Iterator[str]]:
    """The lines before the events (header, actors, places, sources), and the events' lines."""
    preamble, world, rng = _world(events, seed)
    return preamble, _events(world, events, rng)


def _world(events: int, seed: int) -> tuple[list[str], World, random.Random]:
    """The lines before the events, the world the events refer to, and the random state after it."""
    if events < 0:
        msg = f"the number of events must be 0 or more, not {events}"
        raise ValueError(msg)
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    world = World(events, rng)
    header = dump_json(
        {
            "type": "dataset",
            "schema_version": SCHEMA_VERSION,
            "extensions": {"generator": {"seed": seed, "events": events}},
        }
    )
    return [header, *world.lines], world, rng


_T_co = TypeVar("_T_co", covariant=True)


class _Out(Protocol[_T_co]):
    """
    What one event of each kind becomes: its JSON line (`_Lines`) or cells of its columns.

    The generator decides each event (`_event_stream`) and hands its parts
    over: identifiers and enum values as they are, dates as EDTF texts,
    nested values (estimates, attributions...) as JSON texts; None for a
    member left out.
    """

    def control_change(
        self,
        ident: str,
        when: str,
        where: str,
        new: str,
        previous: str,
        mode: str,
        part_of: str | None,
        said: str,
    ) -> _T_co: ...
    def control_status(
        self,
        ident: str,
        when: str,
        where: str,
        holder: str,
        contested: str | None,
        extent: str | None,
        said: str,
    ) -> _T_co: ...
    def armed_clash(  # noqa: PLR0917 - one argument per member
        self,
        ident: str,
        when: str,
        where: str,
        side_a: str,
        side_b: str,
        participants: str | None,
        casualties: str | None,
        fatalities: str,
        said: str,
    ) -> _T_co: ...
    def remote_violence(
        self,
        ident: str,
        when: str,
        where: str,
        method: str,
        first: str,
        second: str | None,
        fatalities: str,
        said: str,
    ) -> _T_co: ...
    def attack(  # noqa: PLR0917 - one argument per member
        self,
        ident: str,
        when: str,
        where: str,
        perpetrator: str,
        target: str,
        terror: bool,
        weapon: str,
        fatalities: str,
        said: str,
    ) -> _T_co: ...
    def siege(
        self,
        ident: str,
        when: str,
        where: str,
        besieger: str,
        besieged: str,
        population: str,
        status: str,
        said: str,
    ) -> _T_co: ...
    def casualty_claim(
        self,
        ident: str,
        when: str,
        where: str,
        claimant: str,
        claimed: str,
        of: str,
        said: str,
    ) -> _T_co: ...
    def humanitarian_access(
        self,
        ident: str,
        when: str,
        where: str,
        action: str,
        modality: str,
        beneficiaries: str,
        said: str,
    ) -> _T_co: ...
    def destruction(
        self,
        ident: str,
        when: str,
        where: str,
        target: str,
        first: str,
        second: str,
        said: str,
    ) -> _T_co: ...
    def offensive(
        self,
        ident: str,
        when: str,
        where: str,
        attacker: str,
        defender: str,
        outcome: str,
        said: str,
        assessments: str | None,
    ) -> _T_co: ...
    def demonstration(  # noqa: PLR0917 - one argument per member
        self,
        ident: str,
        when: str,
        where: str,
        demonstrators: str,
        form: str,
        responder: str | None,
        crowd: str,
        fatalities: str | None,
        said: str,
    ) -> _T_co: ...
    def declaration(
        self, ident: str, when: str, where: str, declarant: str, said: str
    ) -> _T_co: ...
    def disaster(
        self,
        ident: str,
        when: str,
        where: str,
        disaster: str,
        caused_by: str | None,
        fatalities: str,
    ) -> _T_co: ...


class _Lines:
    """The JSON line of each event (`_Out`): one formatted string, its members in a fixed order."""

    def control_change(
        self,
        ident: str,
        when: str,
        where: str,
        new: str,
        previous: str,
        mode: str,
        part_of: str | None,
        said: str,
    ) -> str:
        part = f',"part_of":"{part_of}"' if part_of is not None else ""
        return (
            f'{{"type":"control_change","id":"{ident}","when":"{when}",'
            f'"location":"{where}","new_holder":"{new}","previous_holders":["{previous}"],'
            f'"mode":"{mode}"{part},"attributions":{said}}}'
        )

    def control_status(
        self,
        ident: str,
        when: str,
        where: str,
        holder: str,
        contested: str | None,
        extent: str | None,
        said: str,
    ) -> str:
        by = f',"contested_by":["{contested}"]' if contested is not None else ""
        how = f',"extent":"{extent}"' if extent is not None else ""
        return (
            f'{{"type":"control_status","id":"{ident}","when":"{when}",'
            f'"location":"{where}","holder":"{holder}"{by}{how},"attributions":{said}}}'
        )

    def armed_clash(  # noqa: PLR0917 - one argument per member
        self,
        ident: str,
        when: str,
        where: str,
        side_a: str,
        side_b: str,
        participants: str | None,
        casualties: str | None,
        fatalities: str,
        said: str,
    ) -> str:
        helped = f'"participants":{participants},' if participants is not None else ""
        by_side = (
            f'"casualties":{casualties},"location_precision":"exact",'
            if casualties is not None
            else ""
        )
        return (
            f'{{"type":"armed_clash","id":"{ident}","when":"{when}","location":"{where}",'
            f'"side_a":["{side_a}"],"side_b":["{side_b}"],{helped}{by_side}'
            f'"fatalities":{fatalities},"attributions":{said},'
            f'"classifications":{_ACLED_CLASHES}}}'
        )

    def remote_violence(
        self,
        ident: str,
        when: str,
        where: str,
        method: str,
        first: str,
        second: str | None,
        fatalities: str,
        said: str,
    ) -> str:
        who = f'"{first}","{second}"' if second is not None else f'"{first}"'
        return (
            f'{{"type":"remote_violence","id":"{ident}","when":"{when}","location":"{where}",'
            f'"method":"{method}","perpetrator_candidates":[{who}],'
            f'"fatalities":{fatalities},"attributions":{said}}}'
        )

    def attack(  # noqa: PLR0917 - one argument per member
        self,
        ident: str,
        when: str,
        where: str,
        perpetrator: str,
        target: str,
        terror: bool,
        weapon: str,
        fatalities: str,
        said: str,
    ) -> str:
        return (
            f'{{"type":"attack","id":"{ident}","when":"{when}","location":"{where}",'
            f'"perpetrator_candidates":["{perpetrator}"],"targets":["{target}"],'
            f'"civilian_targeting":true,"terror":{"true" if terror else "false"},'
            f'"weapon":"{weapon}","fatalities":{fatalities},"attributions":{said}}}'
        )

    def siege(
        self,
        ident: str,
        when: str,
        where: str,
        besieger: str,
        besieged: str,
        population: str,
        status: str,
        said: str,
    ) -> str:
        return (
            f'{{"type":"siege","id":"{ident}","when":"{when}","location":"{where}",'
            f'"besiegers":["{besieger}"],"besieged":["{besieged}"],'
            f'"civilian_population":{population},"status":"{status}","attributions":{said}}}'
        )

    def casualty_claim(
        self,
        ident: str,
        when: str,
        where: str,
        claimant: str,
        claimed: str,
        of: str,
        said: str,
    ) -> str:
        return (
            f'{{"type":"casualty_claim","id":"{ident}","when":"{when}","location":"{where}",'
            f'"claimant":"{claimant}","claimed":{claimed},'
            f'"casualties_of":["{of}"],"attributions":{said}}}'
        )

    def humanitarian_access(
        self,
        ident: str,
        when: str,
        where: str,
        action: str,
        modality: str,
        beneficiaries: str,
        said: str,
    ) -> str:
        return (
            f'{{"type":"humanitarian_access","id":"{ident}","when":"{when}",'
            f'"location":"{where}","action":"{action}","provider":"{_PROVIDER}",'
            f'"modality":"{modality}","beneficiaries":{beneficiaries},"attributions":{said}}}'
        )

    def destruction(
        self,
        ident: str,
        when: str,
        where: str,
        target: str,
        first: str,
        second: str,
        said: str,
    ) -> str:
        return (
            f'{{"type":"destruction","id":"{ident}","when":"{when}","location":"{where}",'
            f'"objects":["{where}"],"target":"{target}",'
            f'"perpetrator_candidates":["{first}","{second}"],"attributions":{said}}}'
        )

    def offensive(
        self,
        ident: str,
        when: str,
        where: str,
        attacker: str,
        defender: str,
        outcome: str,
        said: str,
        assessments: str | None,
    ) -> str:
        ranked = f',"assessments":{assessments}' if assessments is not None else ""
        return (
            f'{{"type":"offensive","id":"{ident}","when":"{when}",'
            f'"location":"{where}","attackers":["{attacker}"],'
            f'"defenders":["{defender}"],"objectives":["{where}"],"outcome":"{outcome}",'
            f'"attributions":{said}{ranked},"tags":["{_OFFENSIVE_TAG}"]}}'
        )

    def demonstration(  # noqa: PLR0917 - one argument per member
        self,
        ident: str,
        when: str,
        where: str,
        demonstrators: str,
        form: str,
        responder: str | None,
        crowd: str,
        fatalities: str | None,
        said: str,
    ) -> str:
        responders = f',"responders":["{responder}"]' if responder is not None else ""
        deaths = f',"fatalities":{fatalities}' if fatalities is not None else ""
        return (
            f'{{"type":"demonstration","id":"{ident}","when":"{when}","location":"{where}",'
            f'"demonstrators":["{demonstrators}"],"form":"{form}"{responders},'
            f'"crowd":{crowd}{deaths},"attributions":{said}}}'
        )

    def declaration(self, ident: str, when: str, where: str, declarant: str, said: str) -> str:
        return (
            f'{{"type":"declaration","id":"{ident}","when":"{when}","location":"{where}",'
            f'"declarant":"{declarant}","subject":"{_SUBJECT}","attributions":{said}}}'
        )

    def disaster(
        self,
        ident: str,
        when: str,
        where: str,
        disaster: str,
        caused_by: str | None,
        fatalities: str,
    ) -> str:
        caused = f',"caused_by":"{caused_by}"' if caused_by is not None else ""
        return (
            f'{{"type":"disaster","id":"{ident}","when":"{when}","location":"{where}",'
            f'"disaster":"{disaster}"{caused},"fatalities":{fatalities}}}'
        )


def _events(world: World, count: int, rng: random.Random) -> Iterator[str]:
    """The JSON lines of *count* events of *world*."""
    return _event_stream(world, count, rng, _Lines())


def _event_stream(  # noqa: PLR0915 - one decision per kind of event
    world: World, count: int, rng: random.Random, out: _Out[_T_co]
) -> Iterator[_T_co]:
    """
    Decide *count* events of *world* in date order, each handed to *out* (`_Out`).

    The world's holders and changes move on as the events are decided, so
    the same seed gives the same events whatever *out* makes of them.
    """
    days = (date(FIRST_DAY.year + _YEARS, FIRST_DAY.month, FIRST_DAY.day) - FIRST_DAY).days
    first = FIRST_DAY.toordinal()
    day_text = [(FIRST_DAY + timedelta(days=n)).isoformat() for n in range(days + 400)]
    month_start = [first + n - (FIRST_DAY + timedelta(days=n)).day + 1 for n in range(days + 400)]
    month_end = []
    for n in range(days + 400):
        this = FIRST_DAY + timedelta(days=n)
        following = (this.replace(day=28) + timedelta(days=4)).replace(day=1)
        month_end.append(following.toordinal() - 1)
    estimates = _estimates(rng, 512)
    mix = [kind for kind, share in _MIX for _ in range(share)]
    places, holder, last_change = world.places, world.holder, world.last_change
    group_of, country_of, parts_of = world.group_of, world.country_of, world.parts_of
    armed, civilians, sources = world.armed, world.civilians, world.sources
    protesters = world.protesters
    n_places, n_sources = len(places), len(sources)
    last_offensive: list[str | None] = [None] * len(armed)
    last_destruction: str | None = None
    last_own = [-1] * n_places
    bits = rng.getrandbits
    reported = [f'[{{"source":"{source}"}}]' for source in sources]
    for number in range(count):
        r = bits(64)
        kind = mix[r & 1023]
        place = (r >> 10) % n_places
        offset = number * days // count if count else 0
        day = day_text[offset]
        country = country_of[place]
        sides = armed[country]
        held = holder[place]
        other = (held + 1 + ((r >> 30) % (len(sides) - 1))) % len(sides)
        source_number = (r >> 36) % n_sources
        source = sources[source_number]
        said = reported[source_number]
        fatalities = estimates[(r >> 46) & 511]
        style = (r >> 55) & 15
        ident = f"e{number}"
        where = places[place]
        if kind == "control_change":
            group = group_of[place]
            ordinal = first + offset
            # A part is not taken twice by the same actor with only inherited changes between.
            if ordinal > last_change[group] and (place == group or last_own[place] != other):
                if style < 3 and month_start[offset] > last_change[group]:  # noqa: PLR2004
                    when, latest = day[:7], month_end[offset]
                elif style == 3:  # noqa: PLR2004
                    when, latest = day + "~", ordinal
                else:
                    when, latest = day, ordinal
                last_change[group] = latest
                new = sides[other]
                members = [place] if place != group else [group, *parts_of.get(group, ())]
                for member in members:
                    holder[member] = other
                last_own[place] = other
                mode = _MODES[style & 3]
                part = last_offensive[country]
                yield out.control_change(
                    ident,
                    when,
                    where,
                    new,
                    sides[held],
                    mode,
                    part if part is not None and style & 1 else None,
                    said,
                )
                continue
            kind = "armed_clash"
        if kind == "control_status":
            group = group_of[place]
            ordinal = first + offset
            # Between changes only: no change of its settlement may overlap the report.
            if ordinal > last_change[group]:
                if style & 8 and offset + 7 <= days:
                    when, latest = f"{day}/{day_text[offset + 7]}", ordinal + 7
                else:
                    when, latest = day, ordinal
                last_change[group] = latest
                yield out.control_status(
                    ident,
                    when,
                    where,
                    sides[held],
                    sides[other] if style & 1 else None,
                    "partial" if (style & 6) == 6 else None,  # noqa: PLR2004
                    said,
                )
                continue
            kind = "armed_clash"
        if kind == "armed_clash":
            ally = sides[(other + 1) % len(sides)]
            strength = (
                ',"strength":{"low":200,"high":999,"qualifier":"hundreds"}' if style & 8 else ""
            )
            helped = (
                f'[{{"actor":"{ally}","role":"supporter"{strength}}}]'
                if style & 4 and ally not in (sides[other], sides[held])
                else None
            )
            # Some clashes break their deaths down by side, as UCDP GED does.
            by_side = (
                f'[{{"group":"side","actor":"{sides[other]}","deaths":{{"best":1}}}},'
                '{"group":"civilians","deaths":{"best":0}}]'
                if style & 2
                else None
            )
            yield out.armed_clash(
                ident, day, where, sides[other], sides[held], helped, by_side, fatalities, said
            )
        elif kind == "remote_violence":
            method = _METHODS[style % len(_METHODS)]
            second = sides[(other + 1) % len(sides)] if style & 8 else None
            yield out.remote_violence(
                ident, day, where, method, sides[other], second, fatalities, said
            )
        elif kind == "attack":
            yield out.attack(
                ident,
                day,
                where,
                sides[other],
                civilians[country],
                bool(style & 4),
                _WEAPONS[style & 3],
                fatalities,
                said,
            )
        elif kind == "siege":
            start = day if style & 1 else day[:7]
            end = ".." if style & 2 else day_text[min(offset + 30 + style * 20, days)]
            status = "ongoing" if end == ".." else _SIEGE_STATUS[1 + (style >> 2) % 3]
            population = (
                f'{{"low":{1000 * (style + 1)},"best":{2500 * (style + 1)},'
                '"qualifier":"approximately"}'
            )
            yield out.siege(
                ident, f"{start}/{end}", where, sides[other], sides[held], population, status, said
            )
        elif kind == "casualty_claim":
            claim = (
                f'[{{"source":"{source}","status":"claimed","claimant":"{sides[other]}",'
                f'"stated":"{day}"}}]'
            )
            yield out.casualty_claim(
                ident, day[:7], where, sides[other], fatalities, sides[held], claim
            )
        elif kind == "humanitarian_access":
            yield out.humanitarian_access(
                ident,
                day,
                where,
                _ACCESS[style & 3],
                _MODALITIES[(style >> 2) & 3],
                f'{{"best":{(style + 1) * 5000}}}',
                said,
            )
        elif kind == "destruction":
            alleged = f'[{{"source":"{source}","status":"alleged"}}]'
            yield out.destruction(
                ident,
                day,
                where,
                _TARGETS[style % len(_TARGETS)],
                sides[other],
                sides[held],
                alleged,
            )
            last_destruction = ident
        elif kind == "offensive":
            outcome = _OUTCOMES[style % len(_OUTCOMES)]
            until = ".." if outcome == "ongoing" else day_text[min(offset + 60, days)]
            ranked = (
                f'[{{"measure":"largest","since":"{day_text[max(0, offset - 365)]}",'
                f'"attributions":{said}}}]'
                if style & 8
                else None
            )
            earlier = last_offensive[country]
            stated = said
            if earlier is not None and style == 15:  # noqa: PLR2004
                # A later offensive a report only considers possible, if the earlier succeeds.
                stated = (
                    f'[{{"source":"{source}","status":"projected","likelihood":"possible",'
                    '"condition":"if the earlier offensive succeeds",'
                    f'"conditional_on":"{earlier}"}}]'
                )
            yield out.offensive(
                ident, f"{day}/{until}", where, sides[other], sides[held], outcome, stated, ranked
            )
            last_offensive[country] = ident
        elif kind == "demonstration":
            form = _FORMS[style % len(_FORMS)]
            yield out.demonstration(
                ident,
                day,
                where,
                protesters[country],
                form,
                None if form == "peaceful" else sides[0],
                _CROWDS[(style >> 1) & 3],
                fatalities if form in _DEADLY else None,
                said,
            )
        elif kind == "declaration":
            yield out.declaration(ident, day, where, sides[other], said)
        else:
            yield out.disaster(
                ident,
                day,
                where,
                _DISASTERS[style % 3],
                last_destruction if last_destruction and style & 1 else None,
                fatalities,
            )


def write_jsonl(
    path: str | os.PathLike[str],
    events: int,
    *,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> int:
    """
    Write a synthetic JSON Lines document; return the number of lines written.

    The file is built beside *path* and renamed over it when complete
    (`conflict_events.formats.atomic.atomic_path`): an error leaves nothing.
    *progress*, when given, is called now and then with the number of events
    written so far, and with *events* at the end.
    """
    preamble, lines = _document(events, seed)
    written = 0
    batch: list[str] = []
    with (
        atomic_path(path) as temporary,
        temporary.open("w", encoding="utf-8", newline="\n") as stream,
    ):
        stream.write("".join(line + "\n" for line in preamble))
        for line in lines:
            batch.append(line)
            if len(batch) >= _BATCH:
                stream.write("\n".join(batch))
                stream.write("\n")
                written += len(batch)
                batch.clear()
                if progress is not None:
                    progress(written)
        if batch:
            stream.write("\n".join(batch))
            stream.write("\n")
            written += len(batch)
    if progress is not None:
        progress(written)
    return len(preamble) + written


def write_json(
    path: str | os.PathLike[str],
    events: int,
    *,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> int:
    """
    Write the dataset `write_jsonl` writes as one JSON document; return its records, header too.

    The document is built whole in memory (a JSON document cannot be
    streamed by kind as the events are made), then written as `save` writes
    JSON: beside *path*, renamed over it when complete.
    """
    with collector_paused():
        records = iter_records(events, seed=seed)
        header = next(records)
        body = list(records)
        dataset = Dataset.of(body)
    dataset = attrs.evolve(
        dataset, schema_version=header.schema_version, extensions=header.extensions
    )
    save(dataset, path, "json")
    if progress is not None:
        progress(events)
    return len(body) + 1


def iter_records(events: int, *, seed: int = 0) -> Iterator[Any]:
    """The typed records (a `Header` first) of the document `generate_lines` writes."""
    for line in generate_lines(events, seed=seed):
        yield record_from_dict(parse_json(line))


def write_parquet(
    directory: str | os.PathLike[str],
    events: int,
    *,
    seed: int = 0,
    chunk: int = 200_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """
    Write a synthetic dataset as a Parquet directory, *chunk* records per part file.

    The layout is that of `conflict_events.formats.arrow.write_parquet`, with
    several ``part-NNNNN.parquet`` files per table; memory holds one chunk.
    The directory is built beside *directory* and renamed into place when
    complete, so an error leaves nothing; *directory* must not exist or be
    empty (`conflict_events.formats.atomic.atomic_directory`). Requires the
    ``arrow`` extra. *progress*, when given, is called now and then with the
    number of events built so far. Returns the number of records written.
    """
    import pyarrow.parquet  # type: ignore[import-untyped]  # noqa: F401, PLC0415 - the extra, first

    with atomic_directory(directory) as root:
        return _write_parts(root, events, seed, chunk, progress)


def _write_parts(
    root: Path, events: int, seed: int, chunk: int, progress: Callable[[int], None] | None
) -> int:
    """
    Write the part files of `write_parquet` into the directory *root*.

    The records before the events are built from the plain data of their
    lines (`conflict_events.formats.arrow_batches.plain_columns`); the
    events are handed to their columns as they are decided, without JSON
    lines (`_Cells`, `conflict_events.formats.arrow_batches.EventCells`).
    Either way no model object is made, and the tables are those
    `conflict_events.formats.arrow.table_of` makes of the records (the tests
    compare them). The files are written on a thread (Parquet writes let go
    of the GIL) while the next table is built.
    """
    from conflict_events.collector import paused  # noqa: PLC0415
    from conflict_events.formats import arrow, arrow_batches  # noqa: PLC0415

    for table in arrow.TABLES:
        (root / table).mkdir()
    preamble, world, rng = _world(events, seed)
    metadata = arrow._header_metadata(json.loads(preamble[0]))  # noqa: SLF001 - the same header
    sink = arrow_batches.EventCells(_LAYOUTS, batch=min(_EVENT_BATCH, chunk))
    elsewhere = (
        arrow_batches.encoding_elsewhere(sink)
        if events >= _ENCODE_ELSEWHERE
        else contextlib.nullcontext()
    )
    # The worker is forked first, before the writing thread starts.
    with paused(), elsewhere, ThreadPoolExecutor(max_workers=_WRITERS) as pool:
        files = _Files(root, pool)
        total = _write_records(preamble[1:], chunk, metadata, files)

        def write_events() -> None:
            table, actors = sink.tables(metadata=metadata)
            files.write("events", table)
            files.write("event_actors", actors)

        stream = _event_stream(world, events, rng, _Cells(sink))
        built = _write_events(stream, sink, chunk, write_events, progress)
        files.wait()
    if progress is not None:
        progress(built)
    return total + built


class _Files:
    """
    The part files of each table, written on the threads of a pool; one part of each pending.

    A table's next part waits for its previous one only, so the files of one
    part (``events``, ``event_actors``) are written while the next part is
    built, side by side when the pool has two threads.
    """

    def __init__(self, root: Path, pool: ThreadPoolExecutor) -> None:
        self._root = root
        self._pool = pool
        self._parts: collections.Counter[str] = collections.Counter()
        self._pending: dict[str, Future[None]] = {}

    def count(self, table: str) -> int:
        """The part files of *table* so far."""
        return self._parts[table]

    def write(self, table: str, data: Any) -> None:
        """Write the next part file of *table* on a thread, once its previous part is written."""
        import pyarrow.parquet as pq  # noqa: PLC0415

        from conflict_events.formats import arrow_batches  # noqa: PLC0415

        previous = self._pending.pop(table, None)
        if previous is not None:
            previous.result()
        path = self._root / table / f"part-{self._parts[table]:05d}.parquet"
        self._parts[table] += 1
        self._pending[table] = self._pool.submit(
            pq.write_table, data, path, row_group_size=arrow_batches.ROW_GROUP_ROWS
        )

    def wait(self) -> None:
        """Wait for the files written so far; raise what writing one raised."""
        pending, self._pending = self._pending, {}
        for future in pending.values():
            future.result()


def _write_records(lines: list[str], chunk: int, metadata: Any, files: _Files) -> int:
    """Write the tables of the records before the events (actors, places, sources)."""
    from conflict_events.formats import arrow, arrow_batches  # noqa: PLC0415

    def write_rows(name: str, rows: list[dict[str, Any]]) -> None:
        columns = [arrow_batches.plain_columns(name, rows)]
        files.write(name, arrow_batches.joined_table(name, columns, metadata=metadata))

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in arrow.RECORD_TABLES}
    for line in lines:
        data = parse_json(line)
        name = _COLLECTIONS[data["type"]]
        rows[name].append(data)
        if len(rows[name]) >= chunk:
            write_rows(name, rows[name])
            rows[name] = []
    for name, left in rows.items():
        if left or (name != "events" and files.count(name) == 0):
            write_rows(name, left)
    return len(lines)


#: Runs an iterator to its end, keeping nothing (`collections.deque` of no length).
_consume: Final[Callable[[Iterator[None]], None]] = collections.deque[None](maxlen=0).extend
#: The threads writing part files (Parquet writes let go of the GIL); a second one (the
#: ``events`` and ``event_actors`` files of the last part side by side) measured no faster
#: on two cores, where the main thread and the encoding worker are busy too.
_WRITERS: Final = 1
#: Events turned into Arrow arrays at once (memory holds one batch of Python values); the
#: nested values new in a batch are encoded on a forked worker from `_ENCODE_ELSEWHERE` events.
_EVENT_BATCH: Final = 10_000
_ENCODE_ELSEWHERE: Final = 30_000

#: The fields each kind of event hands to its columns, in the order `_Cells` gives them.
_LAYOUTS: Final = {
    "control_change": (
        "id", "when", "location", "new_holder", "previous_holders", "mode", "part_of",
        "attributions",
    ),
    "control_status": (
        "id", "when", "location", "holder", "contested_by", "extent", "attributions",
    ),
    "armed_clash": (
        "id", "when", "location", "side_a", "side_b", "participants", "casualties",
        "location_precision", "fatalities", "attributions", "classifications",
    ),
    "remote_violence": (
        "id", "when", "location", "method", "perpetrator_candidates", "fatalities",
        "attributions",
    ),
    "attack": (
        "id", "when", "location", "perpetrator_candidates", "targets", "civilian_targeting",
        "terror", "weapon", "fatalities", "attributions",
    ),
    "siege": (
        "id", "when", "location", "besiegers", "besieged", "civilian_population", "status",
        "attributions",
    ),
    "casualty_claim": (
        "id", "when", "location", "claimant", "claimed", "casualties_of", "attributions",
    ),
    "humanitarian_access": (
        "id", "when", "location", "action", "provider", "modality", "beneficiaries",
        "attributions",
    ),
    "destruction": (
        "id", "when", "location", "objects", "target", "perpetrator_candidates", "attributions",
    ),
    "offensive": (
        "id", "when", "location", "attackers", "defenders", "objectives", "outcome",
        "attributions", "assessments", "tags",
    ),
    "demonstration": (
        "id", "when", "location", "demonstrators", "form", "responders", "crowd", "fatalities",
        "attributions",
    ),
    "declaration": ("id", "when", "location", "declarant", "subject", "attributions"),
    "disaster": ("id", "when", "location", "disaster", "caused_by", "fatalities"),
}  # fmt: skip
_OFFENSIVE_TAGS: Final = (_OFFENSIVE_TAG,)


class _Cells:
    """
    Each event handed to the writer of its type (`_Out`), one cell per field of its `_LAYOUTS`.

    The cells are those of `conflict_events.formats.arrow_batches.EventCells`:
    the parts `_Lines` writes, tuples for fields of many, None where a member
    is left out.
    """

    def __init__(self, sink: Any) -> None:
        self._put = {tag: sink.writer(tag) for tag in _LAYOUTS}

    def control_change(
        self,
        ident: str,
        when: str,
        where: str,
        new: str,
        previous: str,
        mode: str,
        part_of: str | None,
        said: str,
    ) -> None:
        self._put["control_change"](ident, when, where, new, (previous,), mode, part_of, said)

    def control_status(
        self,
        ident: str,
        when: str,
        where: str,
        holder: str,
        contested: str | None,
        extent: str | None,
        said: str,
    ) -> None:
        by = None if contested is None else (contested,)
        self._put["control_status"](ident, when, where, holder, by, extent, said)

    def armed_clash(  # noqa: PLR0917 - one argument per member
        self,
        ident: str,
        when: str,
        where: str,
        side_a: str,
        side_b: str,
        participants: str | None,
        casualties: str | None,
        fatalities: str,
        said: str,
    ) -> None:
        precision = None if casualties is None else "exact"
        self._put["armed_clash"](
            ident,
            when,
            where,
            (side_a,),
            (side_b,),
            participants,
            casualties,
            precision,
            fatalities,
            said,
            _ACLED_CLASHES,
        )

    def remote_violence(
        self,
        ident: str,
        when: str,
        where: str,
        method: str,
        first: str,
        second: str | None,
        fatalities: str,
        said: str,
    ) -> None:
        who = (first,) if second is None else (first, second)
        self._put["remote_violence"](ident, when, where, method, who, fatalities, said)

    def attack(  # noqa: PLR0917 - one argument per member
        self,
        ident: str,
        when: str,
        where: str,
        perpetrator: str,
        target: str,
        terror: bool,
        weapon: str,
        fatalities: str,
        said: str,
    ) -> None:
        self._put["attack"](
            ident,
            when,
            where,
            (perpetrator,),
            (target,),
            True,  # noqa: FBT003 - civilian_targeting
            terror,
            weapon,
            fatalities,
            said,
        )

    def siege(
        self,
        ident: str,
        when: str,
        where: str,
        besieger: str,
        besieged: str,
        population: str,
        status: str,
        said: str,
    ) -> None:
        self._put["siege"](ident, when, where, (besieger,), (besieged,), population, status, said)

    def casualty_claim(
        self,
        ident: str,
        when: str,
        where: str,
        claimant: str,
        claimed: str,
        of: str,
        said: str,
    ) -> None:
        self._put["casualty_claim"](ident, when, where, claimant, claimed, (of,), said)

    def humanitarian_access(
        self,
        ident: str,
        when: str,
        where: str,
        action: str,
        modality: str,
        beneficiaries: str,
        said: str,
    ) -> None:
        self._put["humanitarian_access"](
            ident, when, where, action, _PROVIDER, modality, beneficiaries, said
        )

    def destruction(
        self,
        ident: str,
        when: str,
        where: str,
        target: str,
        first: str,
        second: str,
        said: str,
    ) -> None:
        self._put["destruction"](ident, when, where, (where,), target, (first, second), said)

    def offensive(
        self,
        ident: str,
        when: str,
        where: str,
        attacker: str,
        defender: str,
        outcome: str,
        said: str,
        assessments: str | None,
    ) -> None:
        self._put["offensive"](
            ident,
            when,
            where,
            (attacker,),
            (defender,),
            (where,),
            outcome,
            said,
            assessments,
            _OFFENSIVE_TAGS,
        )

    def demonstration(  # noqa: PLR0917 - one argument per member
        self,
        ident: str,
        when: str,
        where: str,
        demonstrators: str,
        form: str,
        responder: str | None,
        crowd: str,
        fatalities: str | None,
        said: str,
    ) -> None:
        responders = None if responder is None else (responder,)
        self._put["demonstration"](
            ident, when, where, (demonstrators,), form, responders, crowd, fatalities, said
        )

    def declaration(self, ident: str, when: str, where: str, declarant: str, said: str) -> None:
        self._put["declaration"](ident, when, where, declarant, _SUBJECT, said)

    def disaster(
        self,
        ident: str,
        when: str,
        where: str,
        disaster: str,
        caused_by: str | None,
        fatalities: str,
    ) -> None:
        self._put["disaster"](ident, when, where, disaster, caused_by, fatalities)


def _write_events(
    stream: Iterator[None],
    sink: Any,
    chunk: int,
    write: Callable[[], None],
    progress: Callable[[int], None] | None,
) -> int:
    """
    Run the events of *stream* into *sink*, writing a part every *chunk*; the events written.

    Each item of *stream* is one event handed to *sink*: the stream is run
    a batch at a time without a Python loop per event (`_consume`), and the
    rows the sink holds tell how many came.
    """
    batch = sink.batch
    built = in_part = 0
    while True:
        held: int = sink.rows
        wanted = min(batch - held, chunk - in_part)
        _consume(itertools.islice(stream, wanted))
        came: int = sink.rows - held
        built += came
        in_part += came
        if sink.rows >= batch:
            sink.end_batch()
            if progress is not None:
                progress(built)
        if in_part >= chunk:
            write()
            in_part = 0
        if came < wanted:
            break
    if in_part or built == 0:
        write()
    return built
