"""GeoJSON as two layers, events and places, with flat readable properties, on real data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from conflict_events import ConflictEventsError, Dataset
from conflict_events import strategies as cs
from conflict_events.examples import dataset as example
from conflict_events.examples import sample
from conflict_events.formats import acled, ucdp
from conflict_events.formats.frames import EVENTS_COLUMNS, event_actor_roles
from conflict_events.formats.geojson import LAYERS, to_geojson, write_geojson

SAMPLES = {
    "acled": lambda: acled.read_acled(sample("acled_v6_africa_2016_sample.csv")),
    "ucdp": lambda: ucdp.read_ucdp(sample("ucdp_ged_231_syria_iraq_sample.csv")),
    "example": example,
}


def _flat(collection: dict[str, object]) -> bool:
    """Every property of every feature is a plain value: no object, no list."""
    return all(
        not isinstance(value, dict | list)
        for feature in collection["features"]  # type: ignore[attr-defined]
        for value in feature["properties"].values()
    )


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_layer_holds_one_kind_of_record(name: str) -> None:
    """The events layer has only events, the locations layer only places, each at its own point."""
    data = SAMPLES[name]()
    events, places = to_geojson(data, "events"), to_geojson(data, "locations")
    event_ids, place_ids = {e.id for e in data.events}, {p.id for p in data.locations}
    assert events["features"]
    assert places["features"]
    assert {f["id"] for f in events["features"]} <= event_ids
    assert {f["id"] for f in places["features"]} <= place_ids
    by_id = {p.id: p for p in data.locations}
    for feature in places["features"]:
        place = by_id[feature["id"]]
        assert feature["geometry"]["coordinates"] == [place.longitude, place.latitude]
        assert feature["properties"]["kind"] == place.kind.value
    assert _flat(events)
    assert _flat(places)
    assert not any("." in key for f in events["features"] for key in f["properties"])


def test_an_acled_event_reads_as_a_table_row() -> None:
    """An ACLED battle carries its frame columns, its roles by id and name, and no dotted key."""
    data = SAMPLES["acled"]()
    features = {f["id"]: f for f in to_geojson(data)["features"]}
    battle = next(e for e in data.events if e.event_type == "armed_clash")
    properties = features[battle.id]["properties"]
    assert set(EVENTS_COLUMNS) - {"latitude", "longitude"} <= set(properties)
    roles = {role for _, role in event_actor_roles(battle)}
    for role in roles:
        assert properties[f"{role}_name"]
    assert properties["classification"].startswith("acled:")
    assert properties["source_names"]
    assert properties["country"] == data.location(battle.location).country  # type: ignore[arg-type]


def test_a_ucdp_event_keeps_its_figures_and_admin_levels() -> None:
    """UCDP's best / low / high deaths and the admin1 of the place are plain properties."""
    data = SAMPLES["ucdp"]()
    collection = to_geojson(data)
    with_deaths = [
        f["properties"] for f in collection["features"] if f["properties"]["fatalities_best"]
    ]
    assert with_deaths
    for properties in with_deaths:
        assert properties["fatalities_low"] <= properties["fatalities_best"]
        assert properties["fatalities_best"] <= properties["fatalities_high"]
    assert any(f["properties"]["admin1"] for f in collection["features"])


def test_places_name_their_parent_and_levels() -> None:
    """A place of the example names its parent and its admin1, resolved up the chain."""
    features = {f["id"]: f["properties"] for f in to_geojson(example(), "locations")["features"]}
    airport = next(p for p in features.values() if p["name"] == "Deir ez-Zor military airport")
    assert airport["parent_name"] == "Deir ez-Zor"
    assert airport["admin1"] == "Deir ez-Zor province"
    assert airport["country"] == "SYR"


def test_an_unknown_layer_is_refused() -> None:
    with pytest.raises(ConflictEventsError, match="unknown GeoJSON layer 'places'"):
        to_geojson(example(), "places")  # type: ignore[arg-type]
    assert LAYERS == ("events", "locations")


def test_write_counts_the_records_without_a_point(tmp_path: Path) -> None:
    """write_geojson writes one layer and returns how many of its records had no point."""
    data = SAMPLES["acled"]()
    for layer in LAYERS:
        path = tmp_path / f"{layer}.geojson"
        missing = write_geojson(data, path, layer)
        written = json.loads(path.read_text(encoding="utf-8"))
        records = data.events if layer == "events" else data.locations
        assert missing == len(records) - len(written["features"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cs.datasets())
def test_layers_are_flat_and_longitude_first(data: Dataset) -> None:
    """For generated datasets: flat properties, and each point is its own place's [lon, lat]."""
    by_id = {p.id: p for p in data.locations}
    events = to_geojson(data, "events")
    for feature in events["features"]:
        event = data.event(feature["id"])
        place = by_id[event.location]  # type: ignore[index]
        assert feature["geometry"]["coordinates"] == [place.longitude, place.latitude]
    with_points = [
        e
        for e in data.events
        if e.location
        and by_id[e.location].latitude is not None
        and by_id[e.location].longitude is not None
    ]
    assert len(events["features"]) == len(with_points)
    assert _flat(events)
    assert _flat(to_geojson(data, "locations"))
    json.dumps(events, allow_nan=False)


def test_convert_writes_the_layer_asked_for(tmp_path: Path) -> None:
    """``convert --to geojson`` writes the events; ``--layer locations`` the places, with a note."""
    import subprocess
    import sys

    command = Path(sys.executable).with_name("conflict-events")
    source = sample("acled_v6_africa_2016_sample.csv")
    data = SAMPLES["acled"]()
    for layer in LAYERS:
        out = tmp_path / f"{layer}.geojson"
        done = subprocess.run(
            [str(command), "convert", str(source), str(out), "--layer", layer],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(out.read_text(encoding="utf-8")) == to_geojson(data, layer)  # type: ignore[arg-type]
    wrong = subprocess.run(
        [str(command), "convert", str(source), str(tmp_path / "x.jsonl"), "--layer", "locations"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 2
    assert "--layer applies to --to geojson" in wrong.stderr
