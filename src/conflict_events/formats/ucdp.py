"""
UCDP GED CSV: import into typed events, actors and places, and export back to the same columns.

Columns are matched by name, so both layouts read: 19.1 (42 columns, ending
``low,best,high``) and 20.1 onwards (49 columns, ending ``best,high,low,gwnoa,gwnob``).
Dates may be ``YYYY-MM-DD`` or ``YYYY-MM-DD 00:00:00.000``. Each row is an
armed clash (``type_of_violence`` 1 and 2) or a one-sided attack on civilians
(3); ``docs/formats.md`` has the mapping tables. This module holds the column
mapping; the row loop shared with ACLED is `conflict_events.formats.dataset_table`.
"""

from __future__ import annotations

import os
from datetime import date
from typing import IO, Any, Final, Literal

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats import dataset_table, tables
from conflict_events.formats.csv_cells import (
    TableSource,
    iso_day,
    parse_code,
    parse_coordinate,
    parse_count,
    plain_decimal,
)
from conflict_events.formats.dataset_table import DatasetTable, ReadOptions
from conflict_events.formats.tables import Lookup, LossReport, at
from conflict_events.model import (
    ActorKind,
    ArmedClash,
    Attack,
    Attribution,
    Casualties,
    CasualtyGroup,
    Classification,
    Dataset,
    Estimate,
    Event,
    LocationKind,
    SpatialPrecision,
)
from conflict_events.temporal import FuzzyDate, Span, from_ucdp, to_ucdp

__all__ = ["UCDP_COLUMNS", "import_ucdp", "read_ucdp", "ucdp_rows", "write_ucdp"]

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
_PUBLISHER: Final = "UCDP"
#: The scheme of UCDP GED's classification, and its words for type_of_violence 1-3.
SCHEME: Final = "ucdp-ged"
_VIOLENCE: Final = {1: "State-based conflict", 2: "Non-state conflict", 3: "One-sided violence"}
_VIOLENCE_CODES: Final = {text: code for code, text in _VIOLENCE.items()}
#: Model fields whose faults belong to one column.
_FIELD_COLUMNS: Final = {
    "fatalities": "best",
    "when": "date_start",
    "location": "where_coordinates",
}


def _day(text: str, column: str) -> date:
    day = iso_day(text)
    if day is None:
        raise ValidationError(
            [
                ErrorDetail(
                    column,
                    f"{describe(text.strip())} is not a date "
                    "(2017-09-11 or 2017-09-11 00:00:00.000)",
                )
            ]
        )
    return day


def _estimate(low: int | None, best: int | None, high: int | None) -> Estimate | None:
    if low is None and best is None and high is None:
        return None
    try:
        return Estimate(low, best, high)
    except ValueError:
        # Out of order in the release; the best figure stands, the columns keep the rest.
        return Estimate(best=best) if best is not None else Estimate(low=low, high=high)


class _Ucdp(DatasetTable):
    """UCDP GED's columns."""

    name = "UCDP GED"
    system = SYSTEM
    default_header = UCDP_COLUMNS
    field_columns = _FIELD_COLUMNS
    required_columns = ("type_of_violence", "date_start")
    id_column = "id"

    def event_row(self, event: Event, lookup: Lookup) -> dict[str, str]:
        """The row of *event*."""
        return _event_row(event, lookup)

    def side(self, row: dict[str, str], side: str, kind: ActorKind | None, line: int) -> str | None:
        """The actor of ``side_a`` or ``side_b``: a state when it has a Gleditsch-Ward number."""
        name = row.get(f"side_{side}", "").strip()
        if not name:
            return None
        if row.get(f"gwno{side}", "").strip():
            kind = ActorKind.STATE_FORCES
        external = row.get(f"side_{side}_new_id", "").strip() or None
        with at(f"side_{side}", {"external_ids": f"side_{side}_new_id"}):
            return self.builder.actor(name, kind, external, line=line)

    def place(self, row: dict[str, str]) -> str | None:
        b = self.builder
        parent: str | None = None
        for column, kind in (
            ("country", LocationKind.COUNTRY),
            ("adm_1", LocationKind.ADMIN1),
            ("adm_2", LocationKind.ADMIN2),
        ):
            if name := row.get(column, "").strip():
                with at(column):
                    parent = b.location(name, kind, parent)
        latitude = parse_coordinate(row.get("latitude", ""), "latitude")
        longitude = parse_coordinate(row.get("longitude", ""), "longitude")
        name = row.get("where_coordinates", "").strip()
        if not name:
            return parent
        with at("where_coordinates", {"latitude": "latitude", "longitude": "longitude"}):
            return b.location(
                name, LocationKind.SETTLEMENT, parent, latitude=latitude, longitude=longitude
            )

    def attributions(self, row: dict[str, str]) -> tuple[Attribution, ...]:
        """UCDP's release, then one source per article listed (office, date, headline)."""
        found = [Attribution(source=self.builder.source(_PUBLISHER))]
        offices = _listed(row.get("source_office", ""))
        dates = _listed(row.get("source_date", ""))
        headlines = _listed(row.get("source_headline", ""))
        if not offices or len(dates) not in (0, len(offices)):
            return tuple(found)
        for position, office in enumerate(offices):
            if not office:
                continue
            published = _stated(dates[position]) if dates else None
            headline = headlines[position] if len(headlines) == len(offices) else ""
            with at("source_office"):
                found.append(Attribution(source=self.builder.article(office, published, headline)))
        return tuple(found)

    def casualties(
        self, row: dict[str, str], a: str | None, b: str | None
    ) -> tuple[Casualties, ...]:
        """The deaths_a, deaths_b, deaths_civilians and deaths_unknown columns: best figures."""
        found: list[Casualties] = []
        for column, group, actor in (
            ("deaths_a", CasualtyGroup.SIDE, a),
            ("deaths_b", CasualtyGroup.SIDE, b),
            ("deaths_civilians", CasualtyGroup.CIVILIANS, None),
            ("deaths_unknown", CasualtyGroup.UNKNOWN, None),
        ):
            count = parse_count(row.get(column, ""), column)
            if count is None or (group is CasualtyGroup.SIDE and actor is None):
                continue
            found.append(Casualties(group=group, actor=actor, deaths=Estimate(best=count)))
        return tuple(found)

    def event(self, row: dict[str, str], line: int) -> Event:
        violence = parse_code(row.get("type_of_violence", ""), "type_of_violence", (1, 2, 3))
        if violence is None:
            raise ValidationError([ErrorDetail("type_of_violence", "is blank; give 1, 2 or 3")])
        start = _day(row.get("date_start", ""), "date_start")
        end_text = row.get("date_end", "")
        end = _day(end_text, "date_end") if end_text.strip() else start
        precision = parse_code(row.get("date_prec", ""), "date_prec", range(1, 6)) or 1
        with at("date_end"):
            when = from_ucdp(start, end, precision)
        # Side A of state-based conflict is always a government; the organised groups of
        # non-state conflict and one-sided violence may be rebels, militias or communal
        # groups, which UCDP does not tell apart; side B of one-sided violence is civilians.
        a = self.side(row, "a", ActorKind.STATE_FORCES if violence == 1 else None, line)
        b_kind = ActorKind.CIVILIANS if violence == 3 else None  # noqa: PLR2004
        b = self.side(row, "b", b_kind, line)
        ident = row.get("id", "").strip() or f"line{line}"
        code = parse_code(row.get("where_prec", ""), "where_prec", range(1, len(_PRECISIONS) + 1))
        common: dict[str, Any] = {
            "id": self.builder.event_id(tables.slug("ucdp:", ident)),
            "when": when,
            "location": self.place(row),
            "location_precision": _PRECISIONS[code - 1] if code else None,
            "attributions": self.attributions(row),
            "fatalities": _estimate(
                parse_count(row.get("low", ""), "low"),
                parse_count(row.get("best", ""), "best"),
                parse_count(row.get("high", ""), "high"),
            ),
            "casualties": self.casualties(row, a, b),
            "classifications": (Classification(SCHEME, (_VIOLENCE[violence],)),),
        }
        if violence == 3 or a is None:  # noqa: PLR2004
            return Attack(
                **common,
                perpetrator_candidates=tuple(x for x in (a,) if x),
                targets=tuple(x for x in (b,) if x),
                civilian_targeting=violence == 3,  # noqa: PLR2004
            )
        return ArmedClash(**common, side_a=(a,), side_b=tuple(x for x in (b,) if x))


def _listed(text: str) -> list[str]:
    """A ``;``-separated UCDP source list, each item stripped (none for a blank cell)."""
    return [part.strip() for part in text.split(";")] if text.strip() else []


def _stated(text: str) -> FuzzyDate | None:
    """A ``source_date`` item as a day, or None when it is not one (the column keeps it)."""
    day = iso_day(text)
    return None if day is None else FuzzyDate.day(day.year, day.month, day.day)


def _when(event: Event) -> FuzzyDate:
    when = event.when
    if isinstance(when, Span):
        return FuzzyDate(when.earliest, when.latest)
    return when


def _event_row(event: Event, data: Lookup) -> dict[str, str]:
    start, end, precision = to_ucdp(_when(event))
    a, b = tables.two_sides(event)
    violence = _violence(event, data, a, b)
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
            row["latitude"] = plain_decimal(place.latitude)
            row["longitude"] = plain_decimal(place.longitude)
            row["geom_wkt"] = f"POINT ({row['longitude']} {row['latitude']})"
        located = event.location_precision or place.precision
        if located is not None:
            row["where_prec"] = str(_PRECISIONS.index(located) + 1)
    if event.fatalities is not None:
        for name, value in event.fatalities.figures():
            if value is not None:
                row[name] = str(value)
    row.update(_deaths(event, a, b))
    row.update(_sources(event, data))
    return row


def _violence(event: Event, data: Lookup, a: str | None, b: str | None) -> int:
    """type_of_violence: UCDP's own filing if the event has one, else from its actors."""
    for item in event.classifications:
        if item.scheme == SCHEME and item.path[0] in _VIOLENCE_CODES:
            return _VIOLENCE_CODES[item.path[0]]
    kinds = [data.actor(x).kind for x in (a, b) if x is not None]
    if isinstance(event, Attack) and event.civilian_targeting:
        return 3
    return 1 if ActorKind.STATE_FORCES in kinds else 2


def _deaths(event: Event, a: str | None, b: str | None) -> dict[str, str]:
    """The deaths_* columns of the event's casualties (a side's only if it is side A or B)."""
    row: dict[str, str] = {}
    for item in event.casualties:
        if item.group is CasualtyGroup.SIDE:
            column = "deaths_a" if item.actor == a else "deaths_b" if item.actor == b else None
        elif item.group is CasualtyGroup.CIVILIANS:
            column = "deaths_civilians"
        else:
            column = "deaths_unknown"
        if column is not None and column not in row and item.deaths.point is not None:
            row[column] = str(item.deaths.point)
    return row


def _sources(event: Event, data: Lookup) -> dict[str, str]:
    """source_office, source_date and source_headline from the articles the event cites."""
    articles = [
        data.source(item.source)
        for item in event.attributions
        if item.source is not None and data.source(item.source).publisher != _PUBLISHER
    ]
    if not articles:
        return {}
    return {
        "source_office": ";".join(source.publisher for source in articles),
        "source_date": ";".join(
            source.published.to_edtf() if source.published is not None else ""
            for source in articles
        ),
        "source_headline": ";".join(source.title or "" for source in articles),
    }


def ucdp_rows(dataset: Dataset) -> dataset_table.Rows:
    """
    The UCDP GED header, one row per event, and the events left out with why.

    Raises:
        ValidationError: The header kept in ``extensions['ucdp']`` cannot be written.
    """
    return dataset_table.named_rows(_Ucdp, dataset)


def read_ucdp(
    source: TableSource,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    duplicates: Literal["error", "newest"] = "error",
    dayfirst: bool | None = None,
) -> Dataset:
    """
    Read UCDP GED into a `Dataset`: a CSV path, an open stream, row dicts or a data frame.

    Raises:
        ValidationError: The header has a name twice, or every row that cannot
            be read, as ``line N: column``.
    """
    options = ReadOptions(on_error=on_error, duplicates=duplicates, dayfirst=dayfirst)
    return dataset_table.read(_Ucdp, source, options)


def import_ucdp(
    source: TableSource,
    *,
    on_error: Literal["raise", "skip"] = "raise",
    duplicates: Literal["error", "newest"] = "error",
    dayfirst: bool | None = None,
) -> dataset_table.TableImport:
    """
    Read a UCDP GED file as `read_ucdp` does, with the rows skipped, replaced and noticed.

    Raises:
        ValidationError: As `read_ucdp`.
    """
    options = ReadOptions(on_error=on_error, duplicates=duplicates, dayfirst=dayfirst)
    return dataset_table.import_table(_Ucdp, source, options)


def write_ucdp(dataset: Dataset, target: str | os.PathLike[str] | IO[str]) -> LossReport:
    """
    Write *dataset* as UCDP GED CSV; return what UCDP GED cannot hold.

    An event whose row would not read back is not written, and the report says
    why: every file written reads back.

    Raises:
        ValidationError: The header kept in ``extensions['ucdp']`` cannot be
            written (nothing is written then).
    """
    return dataset_table.write(_Ucdp, dataset, target)
