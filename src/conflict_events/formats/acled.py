"""
ACLED CSV: import into typed events, actors and places, and export back to the same columns.

Columns are matched by name, in any order and case, for every header version
ACLED has published (the current 31 columns, the 2019-2021 export, and the
upper-case Version 6/7 files with ``ALLY_ACTOR_n``). Dates may be written
``2023-02-16``, ``16 May 2025``, ``01-January-2015``, ``29/12/2015`` or
``9-May-20``; inter codes may be numbers or text. ``docs/formats.md`` has the
mapping tables. This module holds the column mapping; the row loop shared with
UCDP GED is `conflict_events.formats.dataset_table`, and the event types the
writer gives are `conflict_events.formats.acled_types`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import IO, Any, Final, Literal

import attrs

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats import dataset_table, tables
from conflict_events.formats.acled_dates import EventDates, parse_date
from conflict_events.formats.acled_roles import SubEventRoles, roles_of
from conflict_events.formats.acled_types import ACLED_EVENT_TYPES, acled_types
from conflict_events.formats.acled_update import Update, update
from conflict_events.formats.csv_cells import (
    TableSource,
    parse_code,
    parse_coordinate,
    parse_count,
    plain_decimal,
)
from conflict_events.formats.dataset_table import DatasetTable, ReadOptions
from conflict_events.formats.iso3166 import ALPHA3, NUMERIC
from conflict_events.formats.tables import Columns, Lookup, LossReport, at
from conflict_events.model import (
    ActorKind,
    ArmedClash,
    Attack,
    Attribution,
    ChangeMode,
    Classification,
    ControlChange,
    Dataset,
    Declaration,
    Demonstration,
    DemonstrationForm,
    Destruction,
    Estimate,
    EstimateQualifier,
    Event,
    LocationKind,
    Participant,
    RemoteMethod,
    RemoteViolence,
    Role,
    SpatialPrecision,
)
from conflict_events.temporal import FuzzyDate, TemporalError, from_acled, to_acled

__all__ = [
    "ACLED_COLUMNS",
    "Update",
    "acled_rows",
    "import_acled",
    "read_acled",
    "update",
    "write_acled",
]

SYSTEM: Final = "acled"
#: The columns of ACLED's current codebook, in order.
ACLED_COLUMNS: Final = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
_RENAMED: Final = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}
_INTER_TEXT: Final = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
_INTER_CODES: Final = {text.casefold(): code for code, text in _INTER_TEXT.items()}
_GEO: Final = {1: SpatialPrecision.EXACT, 2: SpatialPrecision.NEAR, 3: SpatialPrecision.ADMIN1}
_GEO_CODES: Final = {
    SpatialPrecision.EXACT: 1,
    SpatialPrecision.NEAR: 2,
    SpatialPrecision.LINEAR: 2,
    SpatialPrecision.ADMIN2: 3,
    SpatialPrecision.ADMIN1: 3,
}
_REMOTE: Final = {
    "air/drone strike": RemoteMethod.AIR_STRIKE,
    "shelling/artillery/missile attack": RemoteMethod.SHELLING,
    "remote explosive/landmine/ied": RemoteMethod.REMOTE_EXPLOSIVE,
    "suicide bomb": RemoteMethod.SUICIDE_BOMB,
    "grenade": RemoteMethod.GRENADE,
    "chemical weapon": RemoteMethod.CHEMICAL_WEAPON,
}
#: Protest and riot sub-event types (and the pre-2019 "Riots/Protests" type).
_DEMONSTRATION: Final = {
    "peaceful protest": DemonstrationForm.PEACEFUL,
    "protest with intervention": DemonstrationForm.WITH_INTERVENTION,
    "excessive force against protesters": DemonstrationForm.EXCESSIVE_FORCE,
    "violent demonstration": DemonstrationForm.VIOLENT,
    "mob violence": DemonstrationForm.MOB_VIOLENCE,
}
#: The (sub-)event types in which territory changes hands.
_OTHER: Final = ("Strategic developments", "Other")
#: Model fields whose faults belong to one column.
_FIELD_COLUMNS: Final = {
    "fatalities": "fatalities",
    "notes": "notes",
    "tags": "tags",
    "when": "event_date",
    "attributions": "source",
    "location": "location",
}
_DISORDER: Final = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Strategic developments": "Strategic developments",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
}


def _inter(text: str, column: str) -> int | None:
    text = text.strip()
    if not text or text == "0":
        return None
    code = _INTER_CODES.get(text.casefold())
    if code is not None:
        return code
    try:
        return parse_code(text, column, _INTER_TEXT)
    except ValidationError:
        raise ValidationError(
            [ErrorDetail(column, f"{describe(text)} is not an ACLED inter code (0-8 or its name)")]
        ) from None


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


class _Acled(DatasetTable):
    """ACLED's columns; a header without ``disorder_type`` writes inter codes as numbers."""

    name = "ACLED"
    system = SYSTEM
    default_header = ACLED_COLUMNS
    renamed = _RENAMED
    field_columns = _FIELD_COLUMNS
    required_columns = ("event_date", "event_type")
    id_column = "event_id_cnty"
    timestamp_column = "timestamp"

    def __init__(self, columns: Columns, options: ReadOptions | None = None) -> None:
        super().__init__(columns, options)
        self.numeric_inter = "disorder_type" not in columns
        self.dates = EventDates(self.options.dayfirst)

    def reads_back(self, column: str, text: str, derived: Mapping[str, str]) -> bool:
        """A kept ``event_date`` must give, read day first as files are, the derived date."""
        if column != "event_date":
            return True
        try:
            precision = int(derived.get("time_precision", "") or 1)
            kept = from_acled(parse_date(text), precision)
            return kept == from_acled(date.fromisoformat(derived.get("event_date", "")), precision)
        except (ValidationError, TemporalError, ValueError):
            return False

    def prepare(self, rows: Sequence[dict[str, str]]) -> None:
        """Decide once for the whole file how its slash dates are written."""
        self.dates.decide([row.get("event_date", "") for row in rows])

    def event_row(self, event: Event, lookup: Lookup) -> dict[str, str]:
        """The row of *event*."""
        return _event_row(event, lookup, self.numeric_inter)

    def actor(self, name: str, inter: int | None, column: str, line: int) -> str | None:
        """The actor named in *column*; its kind from the inter code, unknown when blank."""
        if not name:
            return None
        kind = ActorKind.from_acled_inter(inter) if inter else None
        with at(column):
            return self.builder.actor(name, kind, line=line)

    def place(self, row: dict[str, str]) -> str | None:
        b = self.builder
        parent: str | None = None
        country = row.get("country", "").strip()
        if country:
            values: dict[str, Any] = {}
            code3 = _country_code(row)
            if code3 is not None:
                values["country"] = code3
            with at("country", {"country": "iso3" if "iso3" in self.columns else "iso"}):
                parent = b.location(country, LocationKind.COUNTRY, None, **values)
        for column, kind in (
            ("admin1", LocationKind.ADMIN1),
            ("admin2", LocationKind.ADMIN2),
            ("admin3", LocationKind.ADMIN3),
        ):
            if name := row.get(column, "").strip():
                with at(column):
                    parent = b.location(name, kind, parent)
        name = row.get("location", "").strip()
        latitude = parse_coordinate(row.get("latitude", ""), "latitude")
        longitude = parse_coordinate(row.get("longitude", ""), "longitude")
        if not name:
            return parent
        with at("location", {"latitude": "latitude", "longitude": "longitude"}):
            return b.location(
                name, LocationKind.SETTLEMENT, parent, latitude=latitude, longitude=longitude
            )

    def event(self, row: dict[str, str], line: int) -> Event:
        ident = row.get("event_id_cnty", "").strip() or row.get("data_id", "").strip()
        day = self.dates.parse(row.get("event_date", ""))
        precision = parse_code(row.get("time_precision", ""), "time_precision", (1, 2, 3))
        with at("event_date"):
            when = from_acled(day, precision or 1)
        inter1 = _inter(row.get("inter1", ""), "inter1")
        inter2 = _inter(row.get("inter2", ""), "inter2")
        a1 = self.actor(row.get("actor1", "").strip(), inter1, "actor1", line)
        a2 = self.actor(row.get("actor2", "").strip(), inter2, "actor2", line)
        support = [
            self.actor(n, None, "assoc_actor_1", line) for n in _names(row.get("assoc_actor_1", ""))
        ]
        assoc = [
            self.actor(n, None, "assoc_actor_2", line) for n in _names(row.get("assoc_actor_2", ""))
        ]
        participants = [Participant(a, Role.SUPPORTER) for a in support if a] + [
            Participant(a, Role.ASSOCIATED) for a in assoc if a
        ]
        place = self.place(row)
        geo = parse_code(row.get("geo_precision", ""), "geo_precision", _GEO)
        with at("source"):
            attributions = tuple(
                Attribution(source=self.builder.source(n)) for n in _names(row.get("source", ""))
            )
        kind = row.get("event_type", "").strip()
        sub = row.get("sub_event_type", "").strip()
        common: dict[str, Any] = {
            "id": self.builder.event_id(tables.slug("acled:", ident or f"line{line}")),
            "when": when,
            "location": place,
            "location_precision": _GEO.get(geo) if geo is not None else None,
            "attributions": attributions,
            "fatalities": _fatalities(parse_count(row.get("fatalities", ""), "fatalities")),
            "notes": row.get("notes", "").strip() or None,
            "tags": tuple(_names(row.get("tags", ""))),
            "classifications": _classifications(row),
        }
        roles = roles_of(kind, sub)
        if roles is None:
            roles = roles_of("Strategic developments", "Other")
            assert roles is not None  # noqa: S101 - the table has it
        if roles.by_kind and _kind(inter1) not in roles.by_kind and _kind(inter2) in roles.by_kind:
            a1, a2 = a2, a1
        return _build(roles, common, participants, a1, a2, sub or kind, place, row)


def _kind(inter: int | None) -> ActorKind | None:
    return ActorKind.from_acled_inter(inter) if inter else None


def _fatalities(count: int | None) -> Estimate | None:
    """ACLED's figure: the most conservative reported, and 0 also when none was reported."""
    if count is None:
        return None
    if count == 0:
        return Estimate(best=0, qualifier=EstimateQualifier.NONE_REPORTED)
    return Estimate(low=count, best=count, qualifier=EstimateQualifier.CONSERVATIVE)


def _classifications(row: dict[str, str]) -> tuple[Classification, ...]:
    """ACLED's own filing of the row: disorder type, event type, sub-event type, as written."""
    path = tuple(
        text
        for column in ("disorder_type", "event_type", "sub_event_type")
        if (text := row.get(column, "").strip())
    )
    return (Classification(SYSTEM, path),) if path else ()


def _country_code(row: dict[str, str]) -> str | None:
    """The country's ISO 3166 alpha-3 code, from ``iso3`` or the numeric ``iso``."""
    iso3 = row.get("iso3", "").strip().upper()
    if len(iso3) == 3 and iso3.isascii() and iso3.isalpha():  # noqa: PLR2004
        return iso3
    number = row.get("iso", "").strip()
    if number.isascii() and number.isdigit():
        return ALPHA3.get(int(number))
    return None


def _build(
    roles: SubEventRoles,
    common: dict[str, Any],
    participants: list[Participant],
    a1: str | None,
    a2: str | None,
    subject: str,
    place: str | None,
    row: dict[str, str],
) -> Event:
    """The event of *roles*' class with actor1 and actor2 in the fields the codebook gives them."""
    cls = roles.cls
    values: dict[str, Any] = {}
    extra = list(participants)
    for slot, actor in ((roles.actor1, a1), (roles.actor2, a2)):
        if actor is None:
            continue
        if slot.startswith("participant:"):
            extra.append(Participant(actor, Role(slot.removeprefix("participant:"))))
        elif slot in _SINGLE:
            values[slot] = actor
        elif cls is ControlChange and actor == values.get("new_holder"):
            # The same group on both sides of a change of hands: it stays, as a defender.
            extra.append(Participant(actor, Role.DEFENDER))
        else:
            values[slot] = (*values.get(slot, ()), actor)
    common = {**common, "participants": tuple(extra)}
    if cls is ControlChange:
        if "new_holder" not in values:
            raise ValidationError([ErrorDetail("actor1", "a change of territory needs actor1")])
        violent = not roles.event_type.casefold().startswith(("strategic", "non-violent"))
        return ControlChange(
            **common, **values, mode=ChangeMode.ASSAULT if violent else ChangeMode.WITHDRAWAL
        )
    if cls is ArmedClash:
        if "side_a" not in values:
            return Attack(**common, targets=values.get("side_b", ()))
        return ArmedClash(**common, **values)
    if cls is RemoteViolence:
        method = _REMOTE.get((roles.sub_event_type or "").casefold(), RemoteMethod.UNKNOWN)
        return RemoteViolence(**common, **values, method=method)
    if cls is Attack:
        targeted = row.get("civilian_targeting", "").strip().casefold() == "civilians targeted"
        return Attack(
            **common, **values, civilian_targeting=targeted or "civilian_targeting" not in row
        )
    if cls is Demonstration:
        form = _DEMONSTRATION.get(
            (roles.sub_event_type or "").casefold(), DemonstrationForm.UNKNOWN
        )
        return Demonstration(**common, **values, form=form)
    if cls is Destruction and place is not None:
        return Destruction(**common, **values, objects=(place,))
    if "declarant" in values:
        return Declaration(**common, **values, subject=subject or "event")
    others = (*values.get("perpetrator_candidates", ()),)
    return Attack(**common, perpetrator_candidates=others)


#: Event fields that hold one actor (the rest hold several).
_SINGLE: Final = frozenset({"new_holder", "declarant"})


# -- writing -----------------------------------------------------------------------------


def _interaction(codes: list[int], numeric: bool) -> str:
    codes = sorted(codes)
    if not codes:
        return ""
    if numeric:
        return str(codes[0] * 10 + (codes[1] if len(codes) > 1 else 0))
    if len(codes) == 1:
        return f"{_INTER_TEXT[codes[0]]} only"
    if codes == [7, 8]:
        return "External/Other forces-Civilians"
    return "-".join(_INTER_TEXT[c] for c in codes)


def _acled_date(value: FuzzyDate) -> tuple[date, int]:
    """
    `to_acled`, checked to read back: a week that would run outside 0001-9999 becomes its month.

    Raises:
        TemporalError: ACLED cannot hold the date.
    """
    day, precision = to_acled(value)
    try:
        from_acled(day, precision)
    except TemporalError:
        if (value.earliest.year, value.earliest.month) != (value.latest.year, value.latest.month):
            raise
        return to_acled(FuzzyDate.month(value.earliest.year, value.earliest.month))
    return day, precision


def _types_of(event: Event, dataset: Lookup) -> tuple[str, str, str]:
    """The disorder, event and sub-event type: ACLED's own filing if the event has one."""
    for item in event.classifications:
        if item.scheme != SYSTEM:
            continue
        *head, last = item.path
        pair = (head[-1], last) if head else (last, "")
        if pair in ACLED_EVENT_TYPES or roles_of(*pair) is not None:
            disorder = head[0] if len(head) > 1 else _DISORDER.get(pair[0], "")
            return disorder, pair[0], pair[1]
    event_type, sub = acled_types(event, dataset.actor_kinds()) or _OTHER
    return _DISORDER.get(event_type, ""), event_type, sub


def _slot_actor(event: Event, slot: str) -> tuple[bool, str | None]:
    """Whether *event* has *slot*, and the first actor in it (None if it names none)."""
    if slot.startswith("participant:"):
        role = Role(slot.removeprefix("participant:"))
        return True, next((p.actor for p in event.participants if p.role is role), None)
    if slot not in attrs.fields_dict(type(event)):
        return False, None
    value = getattr(event, slot)
    if isinstance(value, tuple):
        return True, value[0] if value else None
    return True, value


def _columns_actors(event: Event, event_type: str, sub: str) -> tuple[str | None, str | None]:
    """actor1 and actor2 of *event*: the fields the role table gives the type, else two sides."""
    roles = roles_of(event_type, sub)
    if roles is not None and isinstance(event, roles.cls):
        (has_first, first), (has_second, second) = (
            _slot_actor(event, roles.actor1),
            _slot_actor(event, roles.actor2),
        )
        if has_first and has_second:
            return first, second
    return tables.two_sides(event)


def _event_row(event: Event, dataset: Lookup, numeric: bool) -> dict[str, str]:
    row: dict[str, str] = {}
    day, precision = _acled_date(event.start)
    disorder, event_type, sub = _types_of(event, dataset)
    ident = event.id.removeprefix("acled:")
    row.update(
        event_id_cnty=ident,
        event_date=day.isoformat(),
        year=str(day.year),
        time_precision=str(precision),
        disorder_type=disorder,
        event_type=event_type,
        sub_event_type=sub,
    )
    a1, a2 = _columns_actors(event, event_type, sub)
    codes: list[int] = []
    for number, ident_ in (("1", a1), ("2", a2)):
        if ident_ is None:
            row[f"inter{number}"] = "0" if numeric else ""
            continue
        actor = dataset.actor(ident_)
        row[f"actor{number}"] = actor.name
        code = actor.kind.acled_inter
        if code is not None:
            codes.append(code)
        row[f"inter{number}"] = (str(code) if numeric else _INTER_TEXT[code]) if code else ""
    for role, column in ((Role.SUPPORTER, "assoc_actor_1"), (Role.ASSOCIATED, "assoc_actor_2")):
        names = [dataset.actor(p.actor).name for p in event.participants if p.role is role]
        row[column] = "; ".join(names)
    row["interaction"] = _interaction(codes, numeric)
    if isinstance(event, Attack) and event.civilian_targeting:
        row["civilian_targeting"] = "Civilians targeted"
    if event.location is not None:
        place = dataset.location(event.location)
        for item in [place, *dataset.ancestors(place.id)]:
            column = {
                LocationKind.COUNTRY: "country",
                LocationKind.ADMIN1: "admin1",
                LocationKind.ADMIN2: "admin2",
                LocationKind.ADMIN3: "admin3",
            }.get(item.kind, "location")
            row.setdefault(column, item.name)
            if item.kind is LocationKind.COUNTRY and item.country:
                row["iso3"] = item.country
                if item.country in NUMERIC:
                    row["iso"] = str(NUMERIC[item.country])
        if place.latitude is not None and place.longitude is not None:
            row["latitude"] = plain_decimal(place.latitude)
            row["longitude"] = plain_decimal(place.longitude)
        located = event.location_precision or place.precision
        if located is not None and located in _GEO_CODES:
            row["geo_precision"] = str(_GEO_CODES[located])
    sources = [dataset.source(a.source).publisher for a in event.attributions if a.source]
    row["source"] = "; ".join(sources)
    row["notes"] = event.notes or ""
    if event.fatalities is not None and event.fatalities.point is not None:
        row["fatalities"] = str(event.fatalities.point)
    row["tags"] = "; ".join(event.tags)
    return row


def acled_rows(dataset: Dataset) -> dataset_table.Rows:
    """
    The ACLED header, one row per event (keyed by header name), and the events left out with why.

    Columns an imported event kept in ``extensions['acled']`` win over derived values.

    Raises:
        ValidationError: The header kept in ``extensions['acled']`` cannot be written.
    """
    return dataset_table.named_rows(_Acled, dataset)


def read_acled(
    source: TableSource,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    duplicates: Literal["error", "newest"] = "error",
    dayfirst: bool | None = None,
) -> Dataset:
    """
    Read an ACLED export into a `Dataset`: a path, an open stream, row dicts or a data frame.

    Raises:
        ValidationError: The header has a name twice, or every row that cannot
            be read, as ``line N: column``.
    """
    options = ReadOptions(on_error=on_error, duplicates=duplicates, dayfirst=dayfirst)
    return dataset_table.read(_Acled, source, options)


def import_acled(
    source: TableSource,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    duplicates: Literal["error", "newest"] = "error",
    dayfirst: bool | None = None,
) -> dataset_table.TableImport:
    """
    Read an ACLED export as `read_acled` does, with the rows skipped, replaced and noticed.

    Raises:
        ValidationError: As `read_acled`.
    """
    options = ReadOptions(on_error=on_error, duplicates=duplicates, dayfirst=dayfirst)
    return dataset_table.import_table(_Acled, source, options)


def write_acled(dataset: Dataset, target: str | os.PathLike[str] | IO[str]) -> LossReport:
    """
    Write *dataset* as ACLED CSV; return what ACLED cannot hold (empty after an ACLED import).

    The report comes from reading the written rows back and comparing them,
    field by field, with *dataset*. An event whose row would not read back is
    not written, and the report says why: every file written reads back.

    Raises:
        ValidationError: The header kept in ``extensions['acled']`` cannot be
            written (nothing is written then).
    """
    return dataset_table.write(_Acled, dataset, target)


def iter_columns() -> Iterator[str]:
    """The current ACLED columns, in order."""
    yield from ACLED_COLUMNS
