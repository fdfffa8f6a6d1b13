"""
Analysis frames: a flat row per event (`events_frame`), or per event and actor.

The tables of `conflict_events.formats.arrow` keep every field so that nothing
is lost; these frames answer the usual first questions instead (how many
deaths, where, when, who) with places resolved up their parents: the
country, admin1 and admin2 names and coordinates come from the location or
its nearest ancestor that has them.

Each frame is built once as a ``pyarrow.Table`` with an explicit schema
(`events_schema`, `event_actors_schema`) and converted: ``backend="pandas"``
through ``Table.to_pandas()``, ``"polars"`` through ``polars.from_arrow``,
``"arrow"`` returns the table itself. pyarrow and pandas come with the extra
``arrow`` (``pip install 'conflict-events[arrow]'``); polars is installed
on its own (``pip install polars``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Final, Protocol

from conflict_events.errors import ConflictEventsError, describe
from conflict_events.model import Dataset, Event, Location, LocationKind, Participant
from conflict_events.model.description import FieldKind, ReferenceKind, description
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START

__all__ = [
    "BACKENDS",
    "EVENTS_COLUMNS",
    "EVENT_ACTORS_COLUMNS",
    "event_actor_roles",
    "event_actors_frame",
    "event_actors_schema",
    "event_actors_table",
    "event_rows",
    "events_frame",
    "events_schema",
    "events_table",
    "place_levels",
]

#: The frame libraries a frame can be returned in.
BACKENDS: Final = ("pandas", "polars", "arrow")
#: The columns of `events_frame`, in order.
EVENTS_COLUMNS: Final = (
    "id",
    "type",
    "earliest",
    "latest",
    "precision",
    "location",
    "location_name",
    "country",
    "admin1",
    "admin2",
    "latitude",
    "longitude",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "fatalities_qualifier",
    "actors",
    "sources",
    "classification",
)
#: The columns of `event_actors_frame`, in order.
EVENT_ACTORS_COLUMNS: Final = ("event", "actor", "role")

_ARROW_HINT: Final = "pip install 'conflict-events[arrow]'"
_POLARS_HINT: Final = "pip install polars (it is not part of any extra but 'test')"


def _pyarrow() -> Any:
    """The pyarrow module, or the error that names the extra to install."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped]  # noqa: PLC0415 - optional extra
    except ModuleNotFoundError as error:
        msg = f"frames need pyarrow ({error.name} is missing): {_ARROW_HINT}"
        raise ConflictEventsError(msg) from None
    return pa


@functools.cache
def _schemas() -> tuple[Any, Any]:
    pa = _pyarrow()
    enum = pa.dictionary(pa.int32(), pa.string())
    events = pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("type", enum, nullable=False),
            pa.field("earliest", pa.date32()),
            pa.field("latest", pa.date32()),
            pa.field("precision", enum),
            pa.field("location", pa.string()),
            pa.field("location_name", pa.string()),
            pa.field("country", enum),
            pa.field("admin1", enum),
            pa.field("admin2", enum),
            pa.field("latitude", pa.float64()),
            pa.field("longitude", pa.float64()),
            pa.field("fatalities_low", pa.int64()),
            pa.field("fatalities_best", pa.int64()),
            pa.field("fatalities_high", pa.int64()),
            pa.field("fatalities_qualifier", enum),
            pa.field("actors", pa.list_(pa.string()), nullable=False),
            pa.field("sources", pa.list_(pa.string()), nullable=False),
            pa.field("classification", enum),
        ]
    )
    actors = pa.schema(
        [
            pa.field("event", pa.string(), nullable=False),
            pa.field("actor", pa.string(), nullable=False),
            pa.field("role", enum, nullable=False),
        ]
    )
    return events, actors


def events_schema() -> Any:
    """The ``pyarrow.Schema`` of `events_table` (built on call: pyarrow is an extra)."""
    return _schemas()[0]


def event_actors_schema() -> Any:
    """The ``pyarrow.Schema`` of `event_actors_table`."""
    return _schemas()[1]


# -- what one row holds ---------------------------------------------------------------------


def event_actor_roles(event: Event) -> Iterator[tuple[str, str]]:
    """
    Yield (actor id, role) for every actor *event* names in a role, in field order.

    The role is the name of the field (``new_holder``, ``besiegers``,
    ``perpetrator_candidates``...) for each field the event's description
    marks as a reference to actors, and the participant's `Role` value
    (``attacker``, ``supporter``...) for each of ``participants``. Claimants
    of attributions and the sides whose deaths ``casualties`` counts are not
    roles in the event and are left out (the ``event_actors`` table of
    `conflict_events.formats.arrow` lists them).
    """
    kind: type = type(event)
    for name, participants in _role_fields(kind):
        value = getattr(event, name)
        if participants:
            for participant in value:
                yield participant.actor, participant.role.value
        else:
            for ident in (value,) if isinstance(value, str) else value or ():
                yield ident, name


@functools.cache
def _role_fields(cls: type) -> tuple[tuple[str, bool], ...]:
    """The fields of *cls* naming actors in a role, in order; True for a list of participants."""
    return tuple(
        (field.name, field.kind is FieldKind.RECORD)
        for field in description(cls).fields
        if (field.kind is FieldKind.REFERENCE and field.spec.reference is ReferenceKind.ACTOR)
        or (field.kind is FieldKind.RECORD and field.spec.record is Participant)
    )


class PlaceBook(Protocol):
    """What resolving places needs: a location by id and its parents (a `Dataset` has both)."""

    def location(self, ident: str) -> Location:
        """The location of id *ident*."""
        ...

    def ancestors(self, ident: str) -> list[Location]:
        """The parents of location *ident*, nearest first."""
        ...


class _Places:
    """Each location's country, admin names and coordinates, found once up its parents."""

    def __init__(self, dataset: PlaceBook) -> None:
        self._dataset = dataset
        self._known: dict[str, tuple[Any, ...]] = {}

    def __call__(self, ident: str | None) -> tuple[Any, ...]:
        """(name, country, admin1, admin2, latitude, longitude) of location *ident*."""
        if ident is None:
            return (None,) * 6
        found = self._known.get(ident)
        if found is None:
            place = self._dataset.location(ident)
            chain = [place, *self._dataset.ancestors(ident)]
            found = self._known[ident] = (
                place.name,
                _first(chain, lambda p: p.country),
                _first(chain, lambda p: p.name if p.kind is LocationKind.ADMIN1 else None),
                _first(chain, lambda p: p.name if p.kind is LocationKind.ADMIN2 else None),
                *(_first(chain, _coordinates) or (None, None)),
            )
        return found


def _first(chain: list[Location], get: Callable[[Location], Any]) -> Any:
    """The first value *get* gives that is not None along *chain*."""
    for place in chain:
        value = get(place)
        if value is not None:
            return value
    return None


def _coordinates(place: Location) -> tuple[float, float] | None:
    if place.latitude is None or place.longitude is None:
        return None
    return place.latitude, place.longitude


def _unique(values: Iterator[str]) -> list[str]:
    """*values* in order, each once."""
    return list(dict.fromkeys(values))


def _bound(day: date, open_side: date) -> date | None:
    return None if day == open_side else day


# -- tables ---------------------------------------------------------------------------------


def _dataset_of(data: object) -> Dataset:
    """*data* itself when it is a `Dataset` (a directory's path is read by `parquet_frames`)."""
    if isinstance(data, Dataset):
        return data
    msg = f"expected a Dataset or the path of a Parquet dataset directory, not {describe(data)}"
    raise TypeError(msg)


def event_rows(dataset: Dataset) -> Iterator[tuple[Any, ...]]:
    """
    The rows of `events_frame` as plain Python tuples, in `EVENTS_COLUMNS` order.

    Needs no pyarrow: the GeoJSON export builds its event properties from them.
    Open bounds are None; ``actors`` and ``sources`` are lists of ids.
    """
    places = _Places(dataset)
    for event in dataset.events:
        start = event.start
        fatalities = event.fatalities
        classification = event.classifications[0] if event.classifications else None
        yield (
            event.id,
            event.event_type,
            _bound(event.when.earliest, UNBOUNDED_START),
            _bound(event.when.latest, UNBOUNDED_END),
            start.precision.value,
            event.location,
            *places(event.location),
            *(
                (None,) * 4
                if fatalities is None
                else (fatalities.low, fatalities.best, fatalities.high, fatalities.qualifier.value)
            ),
            _unique(actor for actor, _ in event_actor_roles(event)),
            _unique(a.source for a in event.attributions if a.source is not None),
            None
            if classification is None
            else f"{classification.scheme}:{'/'.join(classification.path)}",
        )


def place_levels(dataset: Dataset) -> Callable[[str | None], tuple[Any, ...]]:
    """
    A look-up of each location's (name, country, admin1, admin2, latitude, longitude).

    Each comes from the place or its nearest ancestor that has it, as in
    `events_frame`; each place is resolved once, however often it is asked.
    """
    return _Places(dataset)


def events_table(dataset: Dataset | str | os.PathLike[str]) -> Any:
    """
    The rows of `events_frame` as a ``pyarrow.Table`` with schema `events_schema`.

    A Parquet directory's path is computed on its columns
    (`conflict_events.formats.parquet_frames`).

    Raises:
        ConflictEventsError: pyarrow is not installed.
    """
    pa = _pyarrow()
    if isinstance(dataset, str | os.PathLike):
        from conflict_events.formats import parquet_frames  # noqa: PLC0415 - optional extra

        return parquet_frames.events_table(Path(os.fspath(dataset)))
    schema = _schemas()[0]
    columns: dict[str, list[Any]] = {name: [] for name in EVENTS_COLUMNS}
    for row in event_rows(_dataset_of(dataset)):
        for values, value in zip(columns.values(), row, strict=True):
            values.append(value)
    return _table(pa, schema, columns)


def event_actors_table(dataset: Dataset | str | os.PathLike[str]) -> Any:
    """
    The rows of `event_actors_frame` as a ``pyarrow.Table`` with schema `event_actors_schema`.

    Raises:
        ConflictEventsError: pyarrow is not installed.
    """
    pa = _pyarrow()
    if isinstance(dataset, str | os.PathLike):
        from conflict_events.formats import parquet_frames  # noqa: PLC0415 - optional extra

        return parquet_frames.event_actors_table(Path(os.fspath(dataset)))
    schema = _schemas()[1]
    data = _dataset_of(dataset)
    columns: dict[str, list[Any]] = {name: [] for name in EVENT_ACTORS_COLUMNS}
    for event in data.events:
        for actor, role in event_actor_roles(event):
            columns["event"].append(event.id)
            columns["actor"].append(actor)
            columns["role"].append(role)
    return _table(pa, schema, columns)


def _table(pa: Any, schema: Any, columns: dict[str, list[Any]]) -> Any:
    """A table of plain values; dictionary columns are built as strings and encoded."""
    arrays = []
    for field in schema:
        if pa.types.is_dictionary(field.type):
            # Encoding an array of strings keeps a valid (empty) dictionary when all are null.
            arrays.append(pa.array(columns[field.name], pa.string()).dictionary_encode())
        else:
            arrays.append(pa.array(columns[field.name], field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


# -- frames ---------------------------------------------------------------------------------


def _convert(table: Any, backend: str) -> Any:
    if backend == "arrow":
        return table
    if backend == "polars":
        try:
            import polars as pl  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
        except ModuleNotFoundError:
            msg = f"backend 'polars' needs polars: {_POLARS_HINT}"
            raise ConflictEventsError(msg) from None
        return pl.from_arrow(table)
    try:
        import pandas as pd  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415
    except ModuleNotFoundError as error:
        msg = f"backend 'pandas' needs pandas ({error.name} is missing): {_ARROW_HINT}"
        raise ConflictEventsError(msg) from None
    pa = _pyarrow()
    counts = {pa.int64(): pd.Int64Dtype()}
    frame = table.to_pandas(types_mapper=counts.get)
    for name in ("actors", "sources"):
        if name in frame.columns:
            frame[name] = [list(cell) for cell in frame[name]]
    return frame


def _check_backend(backend: str) -> None:
    if backend not in BACKENDS:
        msg = f"unknown backend {describe(backend)}: use one of {', '.join(BACKENDS)}"
        raise ConflictEventsError(msg)


def events_frame(
    dataset_or_parquet_dir: Dataset | str | os.PathLike[str], backend: str = "pandas"
) -> Any:
    """
    One row per event, in dataset order, with its place and figures resolved.

    Columns, in order (see docs/scale.md, "Frames"): ``id``; ``type`` (the
    event type); ``earliest`` and ``latest`` (dates: the first and last day
    ``when`` admits, null on an open side, so ``latest`` is null for an open
    span); ``precision`` (the `Precision` value of the start, ``day``,
    ``month``..., ``range``); ``location`` (id) and ``location_name``;
    ``country`` (ISO code of the location or of its nearest ancestor that
    has one); ``admin1``, ``admin2`` (names of the location itself or of its
    nearest ancestor of kind ``admin1`` / ``admin2``); ``latitude``,
    ``longitude`` (of the location, else of its nearest ancestor with
    coordinates: they may be a parent's); ``fatalities_low``, ``_best``,
    ``_high`` (counts) and ``fatalities_qualifier``; ``actors`` (a list of
    the ids `event_actor_roles` finds, each once, in field order);
    ``sources`` (a list of the attributions' source ids, each once);
    ``classification`` (the first classification as ``scheme:a/b/c``, or
    null).

    Args:
        dataset_or_parquet_dir: A `Dataset`, or the path of a Parquet dataset
            directory as `write_parquet` writes it. A directory's frame is
            computed on its columns without building the events
            (`conflict_events.formats.parquet_frames`): every value the frame
            shows is checked as `read_parquet` checks it, and any fault is
            reported as `read_parquet` reports it; event columns no frame
            shows are not read. To validate every record first, pass
            ``read_parquet(directory)``.
        backend: ``pandas`` (a DataFrame: dates as ``datetime.date`` objects,
            counts as nullable ``Int64``, enum-like columns as categoricals,
            ``actors`` and ``sources`` as Python lists), ``polars`` (a
            DataFrame: ``Date``, ``Int64``, ``Categorical``, ``List(String)``)
            or ``arrow`` (the ``pyarrow.Table``: ``date32``, ``int64``,
            ``float64``, dictionary-encoded strings, ``list<string>``).

    Raises:
        ConflictEventsError: An unknown backend, or the library the backend
            needs is missing (the message names what to install).
        ValidationError: As `read_parquet`, for a Parquet directory.
        FileNotFoundError: As `read_parquet`: the path is not a directory.
    """
    _check_backend(backend)
    return _convert(events_table(dataset_or_parquet_dir), backend)


def event_actors_frame(
    dataset_or_parquet_dir: Dataset | str | os.PathLike[str], backend: str = "pandas"
) -> Any:
    """
    One row per actor an event names in a role: ``event`` (id), ``actor`` (id), ``role``.

    ``role`` is the event field that names the actor (``new_holder``,
    ``previous_holders``, ``besiegers``...) or, for ``participants``, the
    participant's role (``attacker``...); see `event_actor_roles`. Rows
    follow the events' order. Arguments, backends and errors as `events_frame`.
    """
    _check_backend(backend)
    return _convert(event_actors_table(dataset_or_parquet_dir), backend)
