"""
Geometry: the events frame with a point per event, for geopandas and GeoParquet 1.1.

The rows and columns are those of `conflict_events.formats.frames.events_frame`;
the ``geometry`` column is each event's point (longitude, latitude in
OGC:CRS84, that is WGS84 with longitude first), missing where the event has no
coordinates. GeoParquet files are written by geopandas (the extra ``geo``):
WKB points, a ``bbox`` covering column so readers can skip row groups by
extent, and the ``geo`` metadata of version 1.1.0.
"""

from __future__ import annotations

import os
from typing import Any, Final

from conflict_events.errors import ConflictEventsError
from conflict_events.formats.atomic import atomic_path
from conflict_events.formats.frames import events_frame
from conflict_events.model import Dataset

__all__ = ["CRS", "GEOPARQUET_VERSION", "to_geopandas", "write_geoparquet"]

#: The coordinate reference system of every geometry: WGS84, longitude first.
CRS: Final = "OGC:CRS84"
#: The GeoParquet version written.
GEOPARQUET_VERSION: Final = "1.1.0"
_GEO_HINT: Final = "pip install 'conflict-events[geo]'"


def _geopandas() -> Any:
    """The geopandas module, or the error that names the extra to install."""
    try:
        import geopandas  # type: ignore[import-untyped]  # noqa: PLC0415 - optional extra
    except ModuleNotFoundError as error:
        msg = f"geometry needs geopandas ({error.name} is missing): {_GEO_HINT}"
        raise ConflictEventsError(msg) from None
    return geopandas


def to_geopandas(dataset_or_parquet_dir: Dataset | str | os.PathLike[str]) -> Any:
    """
    A ``geopandas.GeoDataFrame``: `events_frame` with each event's point as ``geometry``.

    An event without coordinates (neither its place nor an ancestor has
    them) has a missing geometry, not a point at 0, 0. The CRS is `CRS`.

    Raises:
        ConflictEventsError: geopandas (the extra ``geo``) or pyarrow is missing.
        ValidationError: As `read_parquet`, for a Parquet directory.
    """
    geopandas = _geopandas()
    frame = events_frame(dataset_or_parquet_dir, backend="pandas")
    located = frame["latitude"].notna() & frame["longitude"].notna()
    points = geopandas.points_from_xy(
        frame["longitude"].where(located), frame["latitude"].where(located), crs=CRS
    )
    geometry = geopandas.GeoSeries(points, index=frame.index, crs=CRS)
    geometry[~located] = None
    return geopandas.GeoDataFrame(frame, geometry=geometry, crs=CRS)


def write_geoparquet(
    dataset_or_parquet_dir: Dataset | str | os.PathLike[str], path: str | os.PathLike[str]
) -> None:
    """
    Write the events with their points as a GeoParquet 1.1 file at *path* (replaced whole).

    Points are WKB; a ``bbox`` struct column covers each row's extent, and the
    file's ``geo`` metadata names it, the CRS (`CRS`) and the geometry types.

    Raises:
        ConflictEventsError: geopandas (the extra ``geo``) or pyarrow is missing.
        ValidationError: As `read_parquet`, for a Parquet directory.
        OSError: *path* cannot be written; nothing is left behind.
    """
    frame = to_geopandas(dataset_or_parquet_dir)
    with atomic_path(path) as temporary:
        frame.to_parquet(
            temporary,
            index=False,
            schema_version=GEOPARQUET_VERSION,
            geometry_encoding="WKB",
            write_covering_bbox=True,
        )
