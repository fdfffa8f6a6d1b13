"""Geometry: GeoDataFrames and GeoParquet 1.1 files of the events, on real and generated data."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import conflict_events
from conflict_events import ConflictEventsError, Dataset, examples
from conflict_events import strategies as cs
from conflict_events.formats import acled, ucdp
from conflict_events.formats.geoparquet import CRS, GEOPARQUET_VERSION

geopandas = pytest.importorskip("geopandas")
pq = pytest.importorskip("pyarrow.parquet")
shapely = pytest.importorskip("shapely")

DATA = Path(__file__).resolve().parents[1] / "data"
REAL = [
    ("acled", acled.read_acled, DATA / "acled_v6_africa_2016_sample.csv"),
    ("ged191", ucdp.read_ucdp, DATA / "ucdp_ged_191_sample.csv"),
    ("ged231", ucdp.read_ucdp, DATA / "ucdp_ged_231_syria_iraq_sample.csv"),
]


def _points_match(frame: object) -> None:
    """Each row's geometry is its (longitude, latitude), or missing when it has none."""
    for point, latitude, longitude in zip(
        frame.geometry,
        frame["latitude"],
        frame["longitude"],
        strict=True,  # type: ignore[attr-defined]
    ):
        if latitude is None or (isinstance(latitude, float) and math.isnan(latitude)):
            assert point is None
        else:
            assert (point.x, point.y) == (longitude, latitude)


@pytest.mark.parametrize(("name", "reader", "path"), REAL, ids=[r[0] for r in REAL])
def test_real_imports_become_points(name: str, reader: object, path: Path) -> None:
    data = reader(path)  # type: ignore[operator]
    frame = conflict_events.to_geopandas(data)
    assert isinstance(frame, geopandas.GeoDataFrame)
    assert list(frame["id"]) == [event.id for event in data.events]
    assert frame.crs == geopandas.GeoSeries([], crs=CRS).crs
    _points_match(frame)


def test_an_event_without_coordinates_has_no_point() -> None:
    data = examples.dataset()
    index = next(i for i, e in enumerate(data.events) if type(e).__name__ == "Offensive")
    unplaced = attrs.evolve(data.events[index], location=None, other_locations=())
    events = (*data.events[:index], unplaced, *data.events[index + 1 :])
    frame = conflict_events.to_geopandas(attrs.evolve(data, events=events))
    assert frame.geometry.iloc[index] is None
    assert frame.geometry.iloc[index - 1] is not None


class TestGeoParquet:
    def test_the_file_is_geoparquet_1_1(self, tmp_path: Path) -> None:
        data = acled.read_acled(DATA / "acled_v6_africa_2016_sample.csv")
        path = tmp_path / "events.parquet"
        conflict_events.write_geoparquet(data, path)
        table = pq.read_table(path)
        table.validate(full=True)
        geo = json.loads(table.schema.metadata[b"geo"])
        assert geo["version"] == GEOPARQUET_VERSION
        assert geo["primary_column"] == "geometry"
        column = geo["columns"]["geometry"]
        assert column["encoding"] == "WKB"
        assert column["geometry_types"] == ["Point"]
        assert column["crs"]["id"] == {"authority": "OGC", "code": "CRS84"}
        assert column["covering"] == {
            "bbox": {
                "xmin": ["bbox", "xmin"],
                "ymin": ["bbox", "ymin"],
                "xmax": ["bbox", "xmax"],
                "ymax": ["bbox", "ymax"],
            }
        }
        # Each row's box is its point; the file's bbox holds them all.
        boxes = table.column("bbox").to_pylist()
        points = shapely.from_wkb(table.column("geometry").to_pylist())
        for box, point in zip(boxes, points, strict=True):
            assert (box["xmin"], box["ymin"]) == (box["xmax"], box["ymax"]) == (point.x, point.y)
        west, south, east, north = column["bbox"]
        assert west == min(b["xmin"] for b in boxes)
        assert north == max(b["ymax"] for b in boxes)
        assert south <= north
        assert west <= east

    def test_geopandas_reads_it_back(self, tmp_path: Path) -> None:
        data = ucdp.read_ucdp(DATA / "ucdp_ged_231_syria_iraq_sample.csv")
        path = tmp_path / "events.parquet"
        conflict_events.write_geoparquet(data, path)
        back = geopandas.read_parquet(path)
        frame = conflict_events.to_geopandas(data)
        assert list(back["id"]) == list(frame["id"])
        assert back.geometry.equals(frame.geometry)
        assert back.crs == frame.crs

    def test_it_replaces_a_file_whole_and_leaves_nothing_behind(self, tmp_path: Path) -> None:
        path = tmp_path / "events.parquet"
        path.write_bytes(b"old")
        conflict_events.write_geoparquet(examples.dataset(), path)
        assert pq.read_table(path).num_rows == len(examples.dataset().events)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["events.parquet"]

    def test_a_parquet_directory_is_read_first(self, tmp_path: Path) -> None:
        directory = tmp_path / "dataset"
        conflict_events.write_parquet(examples.dataset(), directory)
        frame = conflict_events.to_geopandas(directory)
        assert list(frame["id"]) == [e.id for e in examples.dataset().events]


def test_without_geopandas_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "geopandas", None)
    with pytest.raises(ConflictEventsError, match=r"conflict-events\[geo\]"):
        conflict_events.to_geopandas(examples.dataset())


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(cs.datasets())
def test_generated_datasets_become_one_point_per_placed_event(data: Dataset) -> None:
    frame = conflict_events.to_geopandas(data)
    assert len(frame) == len(data.events)
    _points_match(frame)
