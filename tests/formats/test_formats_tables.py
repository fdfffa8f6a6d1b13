"""ACLED and UCDP GED CSV, CSV cell safety, and GeoJSON."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import (
    ArmedClash,
    Attack,
    ControlChange,
    Dataset,
    RemoteViolence,
    SpatialPrecision,
    ValidationError,
)
from conflict_events import strategies as cs
from conflict_events.formats import acled, acled_dates, csv_cells, ucdp
from conflict_events.formats.geojson import to_geojson

DATA = Path(__file__).resolve().parents[1] / "data"
ACLED_2016 = DATA / "acled_v6_africa_2016_sample.csv"
GED_191 = DATA / "ucdp_ged_191_sample.csv"
GED_231 = DATA / "ucdp_ged_231_syria_iraq_sample.csv"


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _file_cells(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    return _cells(text)


class TestCells:
    """Formula injection is neutralised, reversibly."""

    @given(st.text())
    def test_restore_undoes_neutralise(self, text: str) -> None:
        """restore(neutralise(t)) == t for every text."""
        assert csv_cells.restore(csv_cells.neutralise(text)) == text

    @given(st.text(min_size=1))
    def test_no_written_cell_starts_a_formula(self, text: str) -> None:
        """A neutralised cell never starts with = + - @ tab or CR."""
        assert csv_cells.neutralise(text)[0] not in csv_cells.FORMULA_STARTS

    @pytest.mark.parametrize("text", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\rx"])
    def test_formulas_are_prefixed(self, text: str) -> None:
        """Each formula start gets an apostrophe."""
        assert csv_cells.neutralise(text) == "'" + text

    def test_plain_apostrophes_pass_through(self) -> None:
        """A foreign cell starting with an apostrophe and a letter is read as is."""
        assert csv_cells.restore("'tis") == "'tis"
        assert csv_cells.neutralise("'tis") == "'tis"

    def test_acled_export_neutralises_text(self, tmp_path: Path) -> None:
        """An actor named like a formula is written safely and read back unchanged."""
        dataset = acled.read_acled(ACLED_2016)
        first = dataset.actors[0]
        renamed = Dataset(
            actors=(
                type(first)(id=first.id, name="=HYPERLINK(1)", kind=first.kind),
                *dataset.actors[1:],
            ),
            locations=dataset.locations,
            sources=dataset.sources,
            events=dataset.events,
            extensions=dataset.extensions,
        )
        path = tmp_path / "x.csv"
        acled.write_acled(renamed, path)
        assert "'=HYPERLINK(1)" in path.read_text(encoding="utf-8")
        back = acled.read_acled(path)
        assert "=HYPERLINK(1)" in [a.name for a in back.actors]


class TestAcledSample:
    """The real ACLED 2016 file: Windows-1252, CRLF, dd/mm/yyyy, old event types."""

    def test_reads_every_row(self) -> None:
        """All 57 rows become events, actors are de-duplicated with ACLED names as external ids."""
        dataset = acled.read_acled(ACLED_2016)
        assert len(dataset.events) == 57
        assert len({a.name for a in dataset.actors}) == len(dataset.actors)
        assert all(a.external_ids["acled"] == a.name for a in dataset.actors)

    def test_territorial_types_become_control_changes(self) -> None:
        """The 24 rows of the three territorial types are control changes."""
        dataset = acled.read_acled(ACLED_2016)
        changes = dataset.events_of(ControlChange)
        assert len(changes) == 24
        assert all(c.location is not None for c in changes)

    def test_first_row(self) -> None:
        """Row 1: date from dd/mm/yyyy, place with its admin hierarchy, Windows-1252 text."""
        dataset = acled.read_acled(ACLED_2016)
        event = dataset.event("acled:1RTA")
        assert event.when.to_edtf() == "2015-12-29"
        place = dataset.location(event.location or "")
        assert (place.name, place.latitude, event.location_precision) == (
            "Batna",
            35.5553,
            SpatialPrecision.EXACT,
        )
        assert place.precision is None
        assert [p.name for p in dataset.ancestors(place.id)] == ["Batna", "Batna", "Algeria"]
        assert [c.path for c in event.classifications] == [("Riots/Protests",)]
        assert "event_type" not in event.extensions["acled"]["columns"]

    def test_round_trip_keeps_every_cell(self, tmp_path: Path) -> None:
        """ACLED -> us -> ACLED gives back every cell of every column, and an empty loss report."""
        path = tmp_path / "back.csv"
        report = acled.write_acled(acled.read_acled(ACLED_2016), path)
        assert not report
        assert _file_cells(path) == _file_cells(ACLED_2016)

    def test_bad_rows_are_reported_by_line(self, tmp_path: Path) -> None:
        """A bad date and a bad inter code are reported with their line and column."""
        text = ACLED_2016.read_bytes().decode("cp1252").splitlines()
        text[1] = text[1].replace("29/12/2015", "31/02/2015")
        text[3] = text[3].replace(",6,,,0,60,", ",9,,,0,60,")
        path = tmp_path / "bad.csv"
        path.write_text("\r\n".join(text), encoding="utf-8")
        with pytest.raises(ValidationError) as caught:
            acled.read_acled(path)
        assert [e.where for e in caught.value.errors] == ["line 2: EVENT_DATE", "line 4: INTER1"]


class TestAcledFormats:
    """Dates, inter codes and headers of other ACLED versions."""

    @pytest.mark.parametrize(
        "text", ["2023-02-16", "16 February 2023", "16-February-2023", "16/02/2023", "16-Feb-23"]
    )
    def test_date_forms(self, text: str) -> None:
        """Every date form seen in real files reads as the same day."""
        assert acled_dates.parse_date(text).isoformat() == "2023-02-16"

    def test_current_header_with_text_inter(self, tmp_path: Path) -> None:
        """A current-format row with text inter codes reads, and writes back identically."""
        header = ",".join(acled.ACLED_COLUMNS)
        row = (
            "SYR101631,2023-02-16,2023,1,Political violence,Battles,Non-state actor overtakes territory,"
            "Islamic State (Syria),,Rebel group,Military Forces of Syria (2000-),,State forces,"
            "State forces-Rebel group,,760,Middle East,Syria,Homs,Tadmor,Tadmor,Palmyra,34.5601,38.2672,1,"
            'SOHR,Local partner-National,"On 16 February 2023, IS took Palmyra.",12,,1676900000'
        )
        path = tmp_path / "syr.csv"
        path.write_text(header + "\n" + row + "\n", encoding="utf-8")
        dataset = acled.read_acled(path)
        (event,) = dataset.events
        assert isinstance(event, ControlChange)
        assert dataset.actor(event.new_holder).name == "Islamic State (Syria)"
        assert dataset.ancestors(event.location or "")[-1].country == "SYR"
        assert event.extensions["acled"]["columns"] == {
            "region": "Middle East",
            "source_scale": "Local partner-National",
            "timestamp": "1676900000",
        }
        out = tmp_path / "out.csv"
        assert not acled.write_acled(dataset, out)
        assert _file_cells(out) == _file_cells(path)


class TestUcdpSamples:
    """The real GED 19.1 and 23.1 files: both layouts, quoted newlines, -1 sources."""

    @pytest.mark.parametrize(("path", "rows"), [(GED_191, 110), (GED_231, 51)])
    def test_round_trip_keeps_every_cell(self, tmp_path: Path, path: Path, rows: int) -> None:
        """UCDP -> us -> UCDP gives back every cell, and an empty loss report."""
        dataset = ucdp.read_ucdp(path)
        assert len(dataset.events) == rows
        out = tmp_path / "back.csv"
        assert not ucdp.write_ucdp(dataset, out)
        assert _file_cells(out) == _file_cells(path)

    def test_mapping(self) -> None:
        """Types of violence, low/best/high and the date range map onto the model."""
        dataset = ucdp.read_ucdp(GED_191)
        kinds = {type(e) for e in dataset.events}
        assert kinds <= {ArmedClash, Attack}
        assert any(isinstance(e, Attack) and e.civilian_targeting for e in dataset.events)
        event = dataset.event("ucdp:209980")
        assert event.when.to_edtf() == "[2015-05-11..2015-05-12]"
        assert event.fatalities is not None
        assert (event.fatalities.low, event.fatalities.best, event.fatalities.high) == (1, 1, 30)
        assert dataset.actor(event.side_a[0]).external_ids["ucdp"] == "144"

    def test_low_zero_with_best_above(self) -> None:
        """Rows with low 0 and best above 0 read."""
        dataset = ucdp.read_ucdp(GED_191)
        assert any(
            e.fatalities and e.fatalities.low == 0 and (e.fatalities.best or 0) > 0
            for e in dataset.events
        )


class TestFromOurData:
    """us -> ACLED/UCDP -> us: the loss report says precisely what the table cannot hold."""

    @settings(max_examples=30)
    @given(cs.datasets(max_events=4))
    @pytest.mark.parametrize("module", [acled, ucdp])
    def test_write_never_fails_and_reports(self, module: object, dataset: Dataset) -> None:
        """Any dataset writes; every event is either written or reported as not written."""
        writer = acled.write_acled if module is acled else ucdp.write_ucdp
        stream = io.StringIO()
        report = writer(dataset, stream)
        rows = _cells(stream.getvalue())[1:]
        skipped = [loss for loss in report.losses if loss.message.startswith("not written")]
        assert len(rows) + len(skipped) == len(dataset.events)

    def test_precise_losses(self) -> None:
        """Aliases, the second of two sides and a low/high range are reported; names and kinds are not."""
        dataset = acled.read_acled(ACLED_2016)
        event = dataset.events_of(ControlChange)[0]
        holder = dataset.actor(event.new_holder)
        richer = Dataset(
            actors=tuple(
                type(a)(
                    id=a.id,
                    name=a.name,
                    kind=a.kind,
                    aliases=("Alias",),
                    external_ids=a.external_ids,
                )
                if a.id == holder.id
                else a
                for a in dataset.actors
            ),
            locations=dataset.locations,
            sources=dataset.sources,
            events=dataset.events,
            extensions=dataset.extensions,
        )
        report = acled.write_acled(richer, io.StringIO())
        assert report
        assert all(
            loss.path.endswith(".aliases[0]") or loss.path.endswith(".aliases")
            for loss in report.losses
        )


class TestGeoJson:
    """GeoJSON: longitude first, flat properties."""

    def test_points_are_longitude_first(self) -> None:
        """Coordinates are [longitude, latitude]; names accompany references."""
        dataset = acled.read_acled(ACLED_2016)
        collection = to_geojson(dataset)
        assert collection["type"] == "FeatureCollection"
        feature = next(f for f in collection["features"] if f["id"] == "acled:1RTA")
        assert feature["geometry"] == {"type": "Point", "coordinates": [6.1786, 35.5553]}
        assert feature["properties"]["type"] == "demonstration"
        assert feature["properties"]["demonstrators_name"] == "Protesters (Algeria)"
        assert feature["properties"]["fatalities_best"] == 0
        assert all(
            not isinstance(v, (dict, list))
            for f in collection["features"]
            for v in f["properties"].values()
        )

    def test_remote_violence_sample(self) -> None:
        """Old 'Remote violence' rows become remote violence events."""
        dataset = acled.read_acled(ACLED_2016)
        assert len(dataset.events_of(RemoteViolence)) == 4
