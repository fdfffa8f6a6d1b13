"""
ACLED CSV: import into typed events, actors and places, and export back to the same columns.

Columns are matched by name, in any order and case, for every header version
ACLED has published (the current 31 columns, the 2019-2021 export, and the
upper-case Version 6/7 files with ``ALLY_ACTOR_n``). Dates may be written
``2023-02-16``, ``16 May 2025``, ``01-January-2015``, ``29/12/2015`` or
``9-May-20``; inter codes may be numbers or text. ``docs/formats.md`` has the
mapping tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any, Final

from conflict_events.errors import ErrorDetail, ValidationError
from conflict_events.formats import tables
from conflict_events.formats.csv_cells import read_table, restore, write_table
from conflict_events.formats.tables import Lookup, LossReport, RecordBuilder
from conflict_events.model import (
    ActorKind,
    ArmedClash,
    Attack,
    Attribution,
    ChangeMode,
    ControlChange,
    Dataset,
    Declaration,
    Demonstration,
    DemonstrationForm,
    Destruction,
    Estimate,
    Event,
    LocationKind,
    Participant,
    RemoteMethod,
    RemoteViolence,
    Role,
    SpatialPrecision,
)
from conflict_events.temporal import TemporalError, from_acled, to_acled

__all__ = ["ACLED_COLUMNS", "acled_rows", "read_acled", "write_acled"]

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
_TEXT_COLUMNS: Final = frozenset(
    {
        "actor1",
        "actor2",
        "assoc_actor_1",
        "assoc_actor_2",
        "notes",
        "source",
        "tags",
        "location",
        "admin1",
        "admin2",
        "admin3",
        "country",
        "region",
        "event_id_cnty",
        "sub_event_type",
        "event_type",
        "disorder_type",
        "source_scale",
        "civilian_targeting",
        "interaction",
        "inter1",
        "inter2",
    }
)
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
_DATE_FORMATS: Final = (
    "%Y-%m-%d",
    "%d %B %Y",
    "%d-%B-%Y",
    "%d/%m/%Y",
    "%d-%b-%y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%m/%d/%Y",
)
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
_TERRITORIAL: Final = (
    "government regains territory",
    "non-state actor overtakes territory",
    "non-violent transfer of territory",
)
_DISORDER: Final = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Strategic developments": "Strategic developments",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
}


def _key(name: str, position: int, seen: set[str]) -> str:
    key = _RENAMED.get(name.strip().casefold(), name.strip().casefold())
    if not key or key in seen:
        key = f"#{position}"
    seen.add(key)
    return key


def _keys(header: list[str]) -> list[str]:
    seen: set[str] = set()
    return [_key(name, position, seen) for position, name in enumerate(header)]


def parse_date(text: str) -> date:
    """An ACLED ``event_date`` in any of the forms real files use."""
    text = text.strip()
    for form in _DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise TemporalError(text, "not an ACLED event_date (2023-02-16, 16 May 2025, 29/12/2015 ...)")


def _inter(text: str) -> int | None:
    text = text.strip()
    if not text or text == "0":
        return None
    if text.isdigit():
        code = int(text)
        if 1 <= code <= 8:  # noqa: PLR2004
            return code
    code_ = _INTER_CODES.get(text.casefold())
    if code_ is None:
        raise ValidationError([ErrorDetail("inter", f"{text!r} is not an ACLED inter code")])
    return code_


def _int(text: str, column: str, default: int | None = None) -> int | None:
    text = text.strip()
    if not text:
        return default
    try:
        return int(float(text)) if "." in text else int(text)
    except ValueError:
        raise ValidationError([ErrorDetail(column, f"{text!r} is not a number")]) from None


def _float(text: str, column: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationError([ErrorDetail(column, f"{text!r} is not a number")]) from None


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


class _Reader:
    def __init__(self, numeric_inter: bool) -> None:
        self.builder = RecordBuilder(SYSTEM)
        self.numeric_inter = numeric_inter

    def actor(self, name: str, inter: int | None) -> str | None:
        if not name:
            return None
        kind = ActorKind.from_acled_inter(inter) if inter else ActorKind.UNIDENTIFIED
        return self.builder.actor(name, kind)

    def place(self, row: dict[str, str]) -> str | None:
        b = self.builder
        parent: str | None = None
        country = row.get("country", "").strip()
        iso3 = row.get("iso3", "").strip().upper()
        if country:
            values: dict[str, Any] = {"country": iso3} if len(iso3) == 3 else {}  # noqa: PLR2004
            parent = b.location(country, LocationKind.COUNTRY, None, **values)
        for column, kind in (
            ("admin1", LocationKind.ADMIN1),
            ("admin2", LocationKind.ADMIN2),
            ("admin3", LocationKind.ADMIN3),
        ):
            if name := row.get(column, "").strip():
                parent = b.location(name, kind, parent)
        name = row.get("location", "").strip()
        latitude = _float(row.get("latitude", ""), "latitude")
        longitude = _float(row.get("longitude", ""), "longitude")
        code = _int(row.get("geo_precision", ""), "geo_precision")
        if not name:
            return parent
        return b.location(
            name,
            LocationKind.SETTLEMENT,
            parent,
            latitude=latitude,
            longitude=longitude,
            precision=_GEO.get(code) if code is not None else None,
        )

    def event(self, row: dict[str, str], line: int) -> Event:
        ident = row.get("event_id_cnty", "").strip() or row.get("data_id", "").strip()
        day = parse_date(row.get("event_date", ""))
        precision = _int(row.get("time_precision", ""), "time_precision", 1)
        when = from_acled(day, precision or 1)
        inter1 = _inter(row.get("inter1", ""))
        inter2 = _inter(row.get("inter2", ""))
        a1 = self.actor(row.get("actor1", "").strip(), inter1)
        a2 = self.actor(row.get("actor2", "").strip(), inter2)
        support = [self.actor(n, None) for n in _names(row.get("assoc_actor_1", ""))]
        assoc = [self.actor(n, None) for n in _names(row.get("assoc_actor_2", ""))]
        participants = [Participant(a, Role.SUPPORTER) for a in support if a] + [
            Participant(a, Role.ASSOCIATED) for a in assoc if a
        ]
        place = self.place(row)
        fatalities = _int(row.get("fatalities", ""), "fatalities")
        common: dict[str, Any] = {
            "id": self.builder.unique(tables.slug("acled:", ident or f"line{line}")),
            "when": when,
            "location": place,
            "attributions": tuple(
                Attribution(source=self.builder.source(n)) for n in _names(row.get("source", ""))
            ),
            "fatalities": Estimate(best=fatalities) if fatalities is not None else None,
            "notes": row.get("notes", "").strip() or None,
            "tags": tuple(_names(row.get("tags", ""))),
        }
        kind = row.get("event_type", "").strip()
        sub = row.get("sub_event_type", "").strip()
        label = f"{kind} {sub}".casefold()
        pair = tuple(a for a in (a2,) if a and a != a1)
        if any(kind_ in label for kind_ in _TERRITORIAL):
            if a1 is None:
                raise ValidationError([ErrorDetail("actor1", "a change of territory needs actor1")])
            violent = "non-violent" not in label
            return ControlChange(
                **common,
                participants=tuple(participants),
                new_holder=a1,
                previous_holders=pair,
                mode=ChangeMode.ASSAULT if violent else ChangeMode.WITHDRAWAL,
            )
        actors = tuple(a for a in (a1,) if a)
        if kind.casefold().startswith("battle") and a1:
            return ArmedClash(
                **common, participants=tuple(participants), side_a=actors, side_b=pair
            )
        if "remote" in kind.casefold() or kind.casefold().startswith("explosions"):
            method = _REMOTE.get(sub.casefold(), RemoteMethod.SHELLING)
            return RemoteViolence(
                **common,
                participants=tuple(participants),
                method=method,
                perpetrator_candidates=actors,
                targets=pair,
            )
        targeted = row.get("civilian_targeting", "").strip() != ""
        if kind.casefold() == "violence against civilians" or targeted:
            return Attack(
                **common,
                participants=tuple(participants),
                perpetrator_candidates=actors,
                targets=pair,
                civilian_targeting=True,
            )
        if kind.casefold() in {"protests", "riots", "riots/protests"}:
            violent = kind.casefold() == "riots"
            form = _DEMONSTRATION.get(
                sub.casefold(), DemonstrationForm.VIOLENT if violent else DemonstrationForm.PEACEFUL
            )
            return Demonstration(
                **common,
                participants=tuple(participants),
                demonstrators=actors,
                responders=pair,
                form=form,
            )
        if "looting" in label and place is not None:
            return Destruction(
                **common,
                participants=(*participants, *(Participant(a, Role.TARGET) for a in pair)),
                perpetrator_candidates=actors,
                objects=(place,),
            )
        if a1 is None:
            return Attack(**common, participants=tuple(participants), targets=pair)
        return Declaration(
            **common,
            participants=(*participants, *(Participant(a, Role.PARTICIPANT) for a in pair)),
            declarant=a1,
            subject=sub or kind or "event",
        )


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


def _event_row(event: Event, dataset: Lookup, numeric: bool) -> dict[str, str]:
    row: dict[str, str] = {}
    day, precision = to_acled(event.start)
    event_type, sub = event.acled_types(dataset.actor_kinds()) or (
        "Strategic developments",
        "Other",
    )
    ident = event.id.removeprefix("acled:")
    row.update(
        event_id_cnty=ident,
        event_date=day.isoformat(),
        year=str(day.year),
        time_precision=str(precision),
        disorder_type=_DISORDER.get(event_type, ""),
        event_type=event_type,
        sub_event_type=sub,
    )
    a1, a2 = tables.two_sides(event)
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
        if place.latitude is not None and place.longitude is not None:
            row["latitude"] = repr(place.latitude)
            row["longitude"] = repr(place.longitude)
        if place.precision is not None and place.precision in _GEO_CODES:
            row["geo_precision"] = str(_GEO_CODES[place.precision])
    sources = [dataset.source(a.source).publisher for a in event.attributions if a.source]
    row["source"] = "; ".join(sources)
    row["notes"] = event.notes or ""
    if event.fatalities is not None and event.fatalities.point is not None:
        row["fatalities"] = str(event.fatalities.point)
    row["tags"] = "; ".join(event.tags)
    return row


def _same(a: str, b: str) -> bool:
    return a == b


def _header(dataset: Dataset) -> list[str]:
    block = dataset.extensions.get(SYSTEM)
    if isinstance(block, dict) and isinstance(block.get("header"), list):
        return [str(name) for name in block["header"]]
    return list(ACLED_COLUMNS)


def acled_rows(dataset: Dataset) -> tuple[list[str], list[dict[str, str]], dict[int, str]]:
    """
    The ACLED header, one row per event (keyed by header name), and the events left out with why.

    Columns an imported event kept in ``extensions['acled']`` win over derived values.
    """
    header = _header(dataset)
    keys = _keys(header)
    numeric = "disorder_type" not in keys
    rows: list[dict[str, str]] = []
    skipped: dict[int, str] = {}
    lookup = Lookup.of(dataset)
    for index, event in enumerate(dataset.events):
        try:
            derived = _event_row(event, lookup, numeric)
        except TemporalError as error:
            skipped[index] = str(error)
            continue
        derived.update(tables.kept_columns(event, SYSTEM))
        rows.append({name: derived.get(key, "") for name, key in zip(header, keys, strict=True)})
    return header, rows, skipped


def _read_rows(
    header: list[str], rows: list[tuple[int, list[str]]], *, strict: bool = True
) -> tuple[Dataset, dict[int, list[ErrorDetail]]]:
    keys = _keys(header)
    reader = _Reader(numeric_inter="disorder_type" not in keys)
    events: list[Event] = []
    errors: list[ErrorDetail] = []
    failed: dict[int, list[ErrorDetail]] = {}
    for line, cells in rows:
        row = {key: restore(cell) for key, cell in zip(keys, cells, strict=False)}
        try:
            event = reader.event(row, line)
            derived = _event_row(event, reader.builder.lookup, reader.numeric_inter)
        except (ValidationError, TemporalError, ValueError) as error:
            failed[line] = tables.row_errors(line, error)
            errors.extend(failed[line])
            continue
        kept = {
            key: row.get(key, "")
            for key in keys
            if not _same(row.get(key, ""), derived.get(key, ""))
        }
        events.append(tables.keep_differences(event, SYSTEM, kept, {}))

    if errors and strict:
        raise ValidationError(errors)
    return reader.builder.dataset(events, {SYSTEM: {"header": header}}), failed


def read_acled(path: str | os.PathLike[str]) -> Dataset:
    """
    Read an ACLED CSV export into a `Dataset`.

    Raises:
        ValidationError: Every row that cannot be read, as ``line N: column``.
    """
    header, rows = read_table(path)
    dataset, _ = _read_rows(header, rows)
    return dataset


def write_acled(dataset: Dataset, target: str | os.PathLike[str] | IO[str]) -> LossReport:
    """
    Write *dataset* as ACLED CSV; return what ACLED cannot hold (empty after an ACLED import).

    The report comes from reading the written rows back and comparing them,
    field by field, with *dataset*.
    """
    header, rows, skipped = acled_rows(dataset)
    text = frozenset(n for n, k in zip(header, _keys(header), strict=True) if k in _TEXT_COLUMNS)
    write_table(header, rows, target, text_columns=text)
    return loss_of(dataset, header, rows, skipped)


def loss_of(
    dataset: Dataset, header: list[str], rows: list[dict[str, str]], skipped: dict[int, str]
) -> LossReport:
    """What writing *dataset* as these rows loses."""
    cells = [(i + 2, [row[name] for name in header]) for i, row in enumerate(rows)]
    back, failed = _read_rows(header, cells, strict=False)
    return tables.pair_and_report("ACLED", dataset, back, skipped, failed, SYSTEM)


def iter_columns() -> Iterator[str]:
    """The current ACLED columns, in order."""
    yield from ACLED_COLUMNS
