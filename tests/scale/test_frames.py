"""Analysis frames: one row per event with places resolved up their parents, in three backends."""

import csv
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings

import conflict_events
from conflict_events import ConflictEventsError, examples, strategies
from conflict_events.formats import frames
from conflict_events.formats.acled import read_acled
from conflict_events.formats.arrow import to_arrow
from conflict_events.formats.ucdp import read_ucdp
from conflict_events.model import (
    ControlChange,
    Dataset,
    Location,
    LocationKind,
)
from conflict_events.temporal import FuzzyDate, Span

DATA = Path("/work/shared/data")
ACLED = DATA / "acled_v6_africa_2016_sample.csv"
UCDP = (DATA / "ucdp_ged_191_sample.csv", DATA / "ucdp_ged_231_syria_iraq_sample.csv")


def _plain(value):
    """A pandas cell as the plain Python value Arrow's ``to_pylist`` gives."""
    if isinstance(value, list):
        return value
    if value is None or pd.isna(value):
        return None
    if hasattr(value, "item"):  # numpy and pandas scalars
        return value.item()
    return value


def _columns(frame):
    """Any backend's frame as {column: list of plain Python values}."""
    if isinstance(frame, pd.DataFrame):
        return {name: [_plain(v) for v in frame[name].tolist()] for name in frame.columns}
    if isinstance(frame, pl.DataFrame):
        return {name: frame[name].to_list() for name in frame.columns}
    return {name: frame.column(name).to_pylist() for name in frame.column_names}


def _rows(frame):
    columns = _columns(frame)
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]


def _nearest(dataset, ident, get):
    """The first value *get* gives up the chain of location *ident* (computed independently)."""
    place = dataset.location(ident)
    while place is not None:
        if get(place) is not None:
            return get(place)
        place = None if place.parent is None else dataset.location(place.parent)
    return None


class TestExample:
    @pytest.fixture(scope="class")
    @classmethod
    def rows(cls):
        return {row["id"]: row for row in _rows(conflict_events.events_frame(examples.dataset()))}

    def test_columns_in_contract_order(self):
        """Every backend gives the contract's columns in the contract's order."""
        dataset = examples.dataset()
        for backend in frames.BACKENDS:
            frame = conflict_events.events_frame(dataset, backend=backend)
            assert list(_columns(frame)) == list(frames.EVENTS_COLUMNS)

    def test_palmyra_is_in_syria(self, rows):
        """Events at Palmyra and at its theatre (a child of Palmyra) are in the country of Syria."""
        dataset = examples.dataset()
        syria = dataset.location("syria").country
        assert syria == "SYR"
        at_palmyra = [
            e for e in dataset.events if e.location in ("palmyra", "palmyra-roman-theatre")
        ]
        assert len(at_palmyra) >= 3
        for event in at_palmyra:
            assert rows[event.id]["country"] == syria

    def test_each_row_from_its_event(self, rows):
        """Dates, precision, place and figures of each row are those of its event and location."""
        dataset = examples.dataset()
        assert len(rows) == len(dataset.events)
        for event in dataset.events:
            row = rows[event.id]
            assert row["type"] == event.event_type
            assert row["precision"] == event.start.precision.value
            assert row["location"] == event.location
            if event.location is not None:
                place = dataset.location(event.location)
                assert row["location_name"] == place.name
                assert row["country"] == _nearest(dataset, place.id, lambda p: p.country)
                assert row["latitude"] == _nearest(dataset, place.id, lambda p: p.latitude)
            fatalities = event.fatalities
            assert row["fatalities_best"] == (None if fatalities is None else fatalities.best)
            assert row["sources"] == list(
                dict.fromkeys(a.source for a in event.attributions if a.source is not None)
            )

    def test_open_sides_are_null(self, rows):
        """An open span has no latest day; an open start ("on or before") has no earliest."""
        dataset = examples.dataset()
        opened = [e for e in dataset.events if isinstance(e.when, Span) and e.when.is_open]
        assert opened
        for event in opened:
            assert rows[event.id]["latest"] is None
        held = rows["deir-ez-zor-held"]  # [..2015-02-03]/2017-02-04
        assert held["earliest"] is None
        assert held["latest"] == date(2017, 2, 4)

    def test_admin1_from_an_ancestor(self, rows):
        """Ramadi lies in the ADMIN1 location Anbar, whose name fills admin1."""
        dataset = examples.dataset()
        assert dataset.location("anbar").kind is LocationKind.ADMIN1
        assert rows["ramadi-taken-2015"]["admin1"] == dataset.location("anbar").name
        assert rows["mosul-taken-2014"]["admin1"] is None

    def test_actors_and_roles(self):
        """A participant's role and the control change's fields are the roles of its actors."""
        dataset = examples.dataset()
        long = _rows(conflict_events.event_actors_frame(dataset, backend="arrow"))
        event = dataset.event("palmyra-retaken-2016")
        assert isinstance(event, ControlChange)
        mine = {(row["actor"], row["role"]) for row in long if row["event"] == event.id}
        assert (event.new_holder, "new_holder") in mine
        assert {(a, "previous_holders") for a in event.previous_holders} <= mine
        assert {(p.actor, p.role.value) for p in event.participants} <= mine
        wide = {row["id"]: row for row in _rows(conflict_events.events_frame(dataset, "arrow"))}
        for ident, row in wide.items():
            assert set(row["actors"]) == {r["actor"] for r in long if r["event"] == ident}

    def test_classification_is_scheme_and_path(self):
        """The first classification reads ``scheme:broad/narrow``; no classification is null."""
        event = ControlChange(
            id="e",
            when=FuzzyDate.day(2016, 3, 27),
            location="p",
            new_holder="a",
            classifications=(
                conflict_events.Classification("acled", ("Battles", "Armed clash")),
                conflict_events.Classification("other", ("x",)),
            ),
        )
        dataset = Dataset(
            actors=(
                conflict_events.Actor(
                    id="a", name="A", kind=conflict_events.ActorKind.STATE_FORCES
                ),
            ),
            locations=(Location(id="p", name="P", kind=LocationKind.SETTLEMENT),),
            events=(event,),
        )
        (row,) = _rows(conflict_events.events_frame(dataset, "arrow"))
        assert row["classification"] == "acled:Battles/Armed clash"
        assert row["latitude"] is None
        assert row["country"] is None


class TestBackends:
    def test_same_values_in_every_backend(self):
        """pandas, polars and Arrow frames hold the same values, compared as Python lists."""
        dataset = examples.dataset()
        for build in (conflict_events.events_frame, conflict_events.event_actors_frame):
            arrow_values = _columns(build(dataset, backend="arrow"))
            assert _columns(build(dataset, backend="pandas")) == arrow_values
            assert _columns(build(dataset, backend="polars")) == arrow_values

    def test_types(self):
        """Dates are date32, counts int64, coordinates float64, actors a list of strings."""
        import pyarrow as pa

        table = conflict_events.events_frame(examples.dataset(), backend="arrow")
        assert table.schema == frames.events_schema()
        assert table.schema.field("earliest").type == pa.date32()
        assert table.schema.field("fatalities_best").type == pa.int64()
        assert table.schema.field("latitude").type == pa.float64()
        assert table.schema.field("actors").type == pa.list_(pa.string())
        assert pa.types.is_dictionary(table.schema.field("country").type)
        table.validate(full=True)

    def test_all_null_dictionary_columns(self):
        """A frame whose dictionary columns are all null validates and converts."""
        dataset = Dataset(
            actors=(
                conflict_events.Actor(
                    id="a", name="A", kind=conflict_events.ActorKind.STATE_FORCES
                ),
            ),
            locations=(Location(id="p", name="P", kind=LocationKind.SETTLEMENT),),
            events=(
                ControlChange(id="e", when=FuzzyDate.year(2016), location="p", new_holder="a"),
            ),
        )
        table = conflict_events.events_frame(dataset, backend="arrow")
        table.validate(full=True)
        for name in ("country", "admin1", "admin2", "fatalities_qualifier", "classification"):
            assert table.column(name).null_count == 1
        assert _columns(conflict_events.events_frame(dataset, "pandas")) == _columns(table)
        assert _columns(conflict_events.events_frame(dataset, "polars")) == _columns(table)

    def test_empty_dataset(self):
        """No events give an empty frame of the same columns in every backend."""
        for backend in frames.BACKENDS:
            frame = conflict_events.events_frame(Dataset(), backend=backend)
            assert _columns(frame) == {name: [] for name in frames.EVENTS_COLUMNS}

    def test_unknown_backend(self):
        """An unknown backend is refused with the list of backends."""
        with pytest.raises(ConflictEventsError) as caught:
            conflict_events.events_frame(examples.dataset(), backend="spark")
        for backend in frames.BACKENDS:
            assert backend in str(caught.value)
        assert "'spark'" in str(caught.value)
        with pytest.raises(ConflictEventsError):
            conflict_events.event_actors_frame(examples.dataset(), backend="Pandas")

    def test_missing_polars(self, monkeypatch):
        """Without polars, the polars backend says to install polars."""
        monkeypatch.setitem(sys.modules, "polars", None)
        with pytest.raises(ConflictEventsError, match="pip install polars"):
            conflict_events.events_frame(examples.dataset(), backend="polars")

    def test_missing_pyarrow(self, monkeypatch):
        """Without pyarrow, a frame names the extra to install."""
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        with pytest.raises(ConflictEventsError, match=r"conflict-events\[arrow\]"):
            conflict_events.events_frame(examples.dataset(), backend="arrow")


class TestProperties:
    @settings(max_examples=60)
    @given(strategies.datasets())
    def test_rows_follow_the_dataset(self, dataset):
        """One valid row per event; earliest <= latest; country and admins from the ancestors."""
        table = conflict_events.events_frame(dataset, backend="arrow")
        table.validate(full=True)
        assert table.num_rows == len(dataset.events)
        for event, row in zip(dataset.events, _rows(table), strict=True):
            assert row["id"] == event.id
            if row["earliest"] is not None and row["latest"] is not None:
                assert row["earliest"] <= row["latest"]
            if event.location is None:
                assert row["country"] is None
                assert row["admin1"] is None
                continue
            chain = [dataset.location(event.location), *dataset.ancestors(event.location)]
            countries = [place.country for place in chain if place.country is not None]
            assert row["country"] == (countries[0] if countries else None)
            admins = [place.name for place in chain if place.kind is LocationKind.ADMIN2]
            assert row["admin2"] == (admins[0] if admins else None)

    @settings(max_examples=60)
    @given(strategies.datasets())
    def test_roles_are_the_arrow_tables_actors(self, dataset):
        """The long frame lists what Arrow's event_actors table does, claimants and casualties aside."""
        table = to_arrow(dataset)["event_actors"].to_pylist()
        expected = Counter(
            (row["event"], row["actor"], row["role"] or row["field"])
            for row in table
            if not row["field"].endswith("attributions.claimant")
            and row["field"] != "casualties.actor"
        )
        long = conflict_events.event_actors_frame(dataset, backend="arrow")
        long.validate(full=True)
        got = Counter((r["event"], r["actor"], r["role"]) for r in long.to_pylist())
        assert got == expected


class TestRealData:
    @staticmethod
    def _check_admin1(dataset, path, id_column, admin_column, prefix, encoding="utf-8"):
        with path.open(encoding=encoding, newline="") as handle:
            given_admin1 = {
                f"{prefix}{row[id_column]}": row[admin_column].strip()
                for row in csv.DictReader(handle)
            }
        rows = _rows(conflict_events.events_frame(dataset, backend="polars"))
        assert len(rows) == len(dataset.events)
        checked = 0
        for row in rows:
            if given_admin1.get(row["id"]):
                assert row["admin1"] == given_admin1[row["id"]]
                checked += 1
        assert checked > len(rows) // 2

    def test_acled_sample(self):
        """Each ACLED event's admin1 is the CSV's ADMIN1 (the sample is Windows-1252)."""
        dataset = read_acled(ACLED)
        self._check_admin1(dataset, ACLED, "EVENT_ID_CNTY", "ADMIN1", "acled:", "cp1252")

    @pytest.mark.parametrize("path", UCDP, ids=lambda p: p.name)
    def test_ucdp_samples(self, path):
        """Each UCDP event's admin1 is the CSV's adm_1; every backend agrees."""
        dataset = read_ucdp(path)
        self._check_admin1(dataset, path, "id", "adm_1", "ucdp:")
        arrow_values = _columns(conflict_events.events_frame(dataset, backend="arrow"))
        assert _columns(conflict_events.events_frame(dataset, backend="pandas")) == arrow_values


class TestParquet:
    def test_directory_gives_the_same_frame(self, tmp_path):
        """A Parquet directory written with write_parquet gives the dataset's own frames."""
        dataset = examples.dataset()
        conflict_events.write_parquet(dataset, tmp_path / "pq", partition_by="year")
        for build in (conflict_events.events_frame, conflict_events.event_actors_frame):
            assert _columns(build(tmp_path / "pq", backend="arrow")) == _columns(
                build(dataset, backend="arrow")
            )
            assert _columns(build(str(tmp_path / "pq"))) == _columns(build(dataset))

    @pytest.mark.parametrize("name", ["missing", "file.parquet"])
    def test_not_a_directory(self, tmp_path, name):
        """A path that is not a directory raises what read_parquet raises."""
        path = tmp_path / name
        if name.endswith(".parquet"):
            path.write_bytes(b"PAR1")
        with pytest.raises(FileNotFoundError) as expected:
            conflict_events.read_parquet(path)
        with pytest.raises(FileNotFoundError) as got:
            conflict_events.events_frame(path)
        assert str(got.value) == str(expected.value)

    def test_not_a_dataset_or_path(self):
        """Anything else is a TypeError that names what was given."""
        with pytest.raises(TypeError, match="42"):
            conflict_events.events_frame(42)  # type: ignore[arg-type]

    def test_bad_directory(self, tmp_path):
        """A directory read_parquet refuses is refused with the same errors."""
        (tmp_path / "stray.txt").write_text("x", encoding="utf-8")
        with pytest.raises(conflict_events.ValidationError) as expected:
            conflict_events.read_parquet(tmp_path)
        with pytest.raises(conflict_events.ValidationError) as got:
            conflict_events.events_frame(tmp_path)
        assert got.value.errors == expected.value.errors
