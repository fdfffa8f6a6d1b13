"""
UCDP GED CSV: import into typed events, actors and places, and export back to the same columns.

Columns are matched by name, so both layouts read: 19.1 (42 columns, ending
``low,best,high``) and 20.1 onwards (49 columns, ending ``best,high,low,gwnoa,gwnob``).
Dates may be ``YYYY-MM-DD`` or ``YYYY-MM-DD 00:00:00.000``. Each row is an
armed clash (``type_of_violence`` 1 and 2) or a one-sided attack on civilians
(3); ``docs/formats.md`` has the mapping tables.
"""

from __future__ import annotations

import os
from datetime import date
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
    Dataset,
    Estimate,
    Event,
    LocationKind,
    SpatialPrecision,
)
from conflict_events.temporal import FuzzyDate, Span, TemporalError, from_ucdp, to_ucdp

__all__ = ["UCDP_COLUMNS", "read_ucdp", "ucdp_rows", "write_ucdp"]

SYSTEM: Final = "ucdp"
#: The columns of UCDP GED 20.1 and later, in order.
UCDP_COLUMNS: Final = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
]
_PRECISIONS: Final = list(SpatialPrecision)
_TEXT_COLUMNS: Final = frozenset(
    {
        "relid",
        "code_status",
        "conflict_name",
        "dyad_name",
        "side_a",
        "side_b",
        "source_article",
        "source_office",
        "source_date",
        "source_headline",
        "source_original",
        "where_coordinates",
        "where_description",
        "adm_1",
        "adm_2",
        "country",
        "region",
        "geom_wkt",
    }
)
_PUBLISHER: Final = "UCDP"


def _keys(header: list[str]) -> list[str]:
    seen: set[str] = set()
    keys = []
    for position, name in enumerate(header):
        key = name.strip().casefold()
        if not key or key in seen:
            key = f"#{position}"
        seen.add(key)
        keys.append(key)
    return keys


def _day(text: str, column: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ValidationError([ErrorDetail(column, f"{text!r} is not a date")]) from None


def _int(text: str, column: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationError([ErrorDetail(column, f"{text!r} is not a whole number")]) from None


def _float(text: str, column: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValidationError([ErrorDetail(column, f"{text!r} is not a number")]) from None


def _estimate(low: int | None, best: int | None, high: int | None) -> Estimate | None:
    if low is None and best is None and high is None:
        return None
    try:
        return Estimate(low, best, high)
    except ValueError:
        # Out of order in the release; the best figure stands, the columns keep the rest.
        return Estimate(best=best) if best is not None else Estimate(low=low, high=high)


class _Reader:
    def __init__(self) -> None:
        self.builder = RecordBuilder(SYSTEM)

    def side(self, row: dict[str, str], side: str, kind: ActorKind) -> str | None:
        name = row.get(f"side_{side}", "").strip()
        if not name:
            return None
        if row.get(f"gwno{side}", "").strip():
            kind = ActorKind.STATE_FORCES
        external = row.get(f"side_{side}_new_id", "").strip() or None
        return self.builder.actor(name, kind, external)

    def place(self, row: dict[str, str]) -> str | None:
        b = self.builder
        parent: str | None = None
        if country := row.get("country", "").strip():
            parent = b.location(country, LocationKind.COUNTRY)
        if name := row.get("adm_1", "").strip():
            parent = b.location(name, LocationKind.ADMIN1, parent)
        if name := row.get("adm_2", "").strip():
            parent = b.location(name, LocationKind.ADMIN2, parent)
        code = _int(row.get("where_prec", ""), "where_prec")
        if code is not None and not 1 <= code <= len(_PRECISIONS):
            raise ValidationError([ErrorDetail("where_prec", f"{code} is not a code 1-7")])
        name = row.get("where_coordinates", "").strip()
        if not name:
            return parent
        return b.location(
            name,
            LocationKind.SETTLEMENT,
            parent,
            latitude=_float(row.get("latitude", ""), "latitude"),
            longitude=_float(row.get("longitude", ""), "longitude"),
            precision=_PRECISIONS[code - 1] if code else None,
        )

    def event(self, row: dict[str, str], line: int) -> Event:
        violence = _int(row.get("type_of_violence", ""), "type_of_violence")
        if violence not in (1, 2, 3):
            raise ValidationError(
                [ErrorDetail("type_of_violence", f"{violence!r} is not 1, 2 or 3")]
            )
        start = _day(row.get("date_start", ""), "date_start")
        end = _day(row.get("date_end", "") or row.get("date_start", ""), "date_end")
        precision = _int(row.get("date_prec", ""), "date_prec") or 1
        when = from_ucdp(start, end, precision)
        a = self.side(row, "a", ActorKind.STATE_FORCES if violence == 1 else ActorKind.REBEL_GROUP)
        b_kind = ActorKind.CIVILIANS if violence == 3 else ActorKind.REBEL_GROUP  # noqa: PLR2004
        b = self.side(row, "b", b_kind)
        ident = row.get("id", "").strip() or f"line{line}"
        common: dict[str, Any] = {
            "id": self.builder.unique(tables.slug("ucdp:", ident)),
            "when": when,
            "location": self.place(row),
            "attributions": (Attribution(source=self.builder.source(_PUBLISHER)),),
            "fatalities": _estimate(
                _int(row.get("low", ""), "low"),
                _int(row.get("best", ""), "best"),
                _int(row.get("high", ""), "high"),
            ),
        }
        other = tuple(x for x in (b,) if x and x != a)
        if violence == 3 or a is None:  # noqa: PLR2004
            return Attack(
                **common,
                perpetrator_candidates=tuple(x for x in (a,) if x),
                targets=other,
                civilian_targeting=violence == 3,  # noqa: PLR2004
            )
        return ArmedClash(**common, side_a=(a,), side_b=other)


def _when(event: Event) -> FuzzyDate:
    when = event.when
    if isinstance(when, Span):
        return FuzzyDate(when.earliest, when.latest)
    return when


def _event_row(event: Event, data: Lookup) -> dict[str, str]:
    start, end, precision = to_ucdp(_when(event))
    a, b = tables.two_sides(event)
    kinds = [data.actor(x).kind for x in (a, b) if x is not None]
    if isinstance(event, Attack) and event.civilian_targeting:
        violence = 3
    elif ActorKind.STATE_FORCES in kinds:
        violence = 1
    else:
        violence = 2
    row: dict[str, str] = {
        "id": event.id.removeprefix("ucdp:"),
        "year": str(start.year),
        "type_of_violence": str(violence),
        "date_prec": str(precision),
        "date_start": start.isoformat(),
        "date_end": end.isoformat(),
    }
    for side, ident in (("a", a), ("b", b)):
        if ident is None:
            continue
        actor = data.actor(ident)
        row[f"side_{side}"] = actor.name
        if SYSTEM in actor.external_ids and actor.external_ids[SYSTEM] != actor.name:
            row[f"side_{side}_new_id"] = actor.external_ids[SYSTEM]
    if a and b:
        row["dyad_name"] = f"{data.actor(a).name} - {data.actor(b).name}"
    if event.location is not None:
        place = data.location(event.location)
        for item in [place, *data.ancestors(place.id)]:
            column = {
                LocationKind.COUNTRY: "country",
                LocationKind.ADMIN1: "adm_1",
                LocationKind.ADMIN2: "adm_2",
            }.get(item.kind, "where_coordinates")
            row.setdefault(column, item.name)
        if place.latitude is not None and place.longitude is not None:
            row["latitude"] = repr(place.latitude)
            row["longitude"] = repr(place.longitude)
            row["geom_wkt"] = f"POINT ({place.longitude!r} {place.latitude!r})"
        if place.precision is not None:
            row["where_prec"] = str(_PRECISIONS.index(place.precision) + 1)
    if event.fatalities is not None:
        for name, value in event.fatalities.figures():
            if value is not None:
                row[name] = str(value)
    return row


def _header(dataset: Dataset) -> list[str]:
    block = dataset.extensions.get(SYSTEM)
    if isinstance(block, dict) and isinstance(block.get("header"), list):
        return [str(name) for name in block["header"]]
    return list(UCDP_COLUMNS)


def ucdp_rows(dataset: Dataset) -> tuple[list[str], list[dict[str, str]], dict[int, str]]:
    """The UCDP GED header, one row per event, and the events left out with why."""
    header = _header(dataset)
    keys = _keys(header)
    lookup = Lookup.of(dataset)
    rows: list[dict[str, str]] = []
    skipped: dict[int, str] = {}
    for index, event in enumerate(dataset.events):
        try:
            derived = _event_row(event, lookup)
        except (TemporalError, ValueError) as error:
            skipped[index] = str(error)
            continue
        derived.update(tables.kept_columns(event, SYSTEM))
        rows.append({name: derived.get(key, "") for name, key in zip(header, keys, strict=True)})
    return header, rows, skipped


def _read_rows(
    header: list[str], rows: list[tuple[int, list[str]]], *, strict: bool = True
) -> tuple[Dataset, dict[int, list[ErrorDetail]]]:
    keys = _keys(header)
    reader = _Reader()
    events: list[Event] = []
    failed: dict[int, list[ErrorDetail]] = {}
    for line, cells in rows:
        row = {key: restore(cell) for key, cell in zip(keys, cells, strict=False)}
        try:
            event = reader.event(row, line)
            derived = _event_row(event, reader.builder.lookup)
        except (ValidationError, TemporalError, ValueError) as error:
            failed[line] = tables.row_errors(line, error)
            continue
        kept = {key: row.get(key, "") for key in keys if row.get(key, "") != derived.get(key, "")}
        events.append(tables.keep_differences(event, SYSTEM, kept, {}))
    if failed and strict:
        raise ValidationError([detail for details in failed.values() for detail in details])
    return reader.builder.dataset(events, {SYSTEM: {"header": header}}), failed


def read_ucdp(path: str | os.PathLike[str]) -> Dataset:
    """
    Read a UCDP GED CSV file into a `Dataset`.

    Raises:
        ValidationError: Every row that cannot be read, as ``line N: column``.
    """
    header, rows = read_table(path)
    dataset, _ = _read_rows(header, rows)
    return dataset


def write_ucdp(dataset: Dataset, target: str | os.PathLike[str] | IO[str]) -> LossReport:
    """Write *dataset* as UCDP GED CSV; return what UCDP GED cannot hold."""
    header, rows, skipped = ucdp_rows(dataset)
    text = frozenset(n for n, k in zip(header, _keys(header), strict=True) if k in _TEXT_COLUMNS)
    write_table(header, rows, target, text_columns=text)
    return loss_of(dataset, header, rows, skipped)


def loss_of(
    dataset: Dataset, header: list[str], rows: list[dict[str, str]], skipped: dict[int, str]
) -> LossReport:
    """What writing *dataset* as these rows loses."""
    cells = [(i + 2, [row[name] for name in header]) for i, row in enumerate(rows)]
    back, failed = _read_rows(header, cells, strict=False)
    return tables.pair_and_report("UCDP GED", dataset, back, skipped, failed, SYSTEM)
