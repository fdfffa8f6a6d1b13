"""Arrow tables and Parquet directories: generated schemas, lossless round trips, row errors."""

import subprocess
import sys
import tempfile
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import conflict_events
from conflict_events import ValidationError, examples, strategies
from conflict_events.formats import arrow


class TestRoundTrip:
    @given(strategies.datasets())
    def test_tables_round_trip(self, dataset):
        """Every dataset the public strategies draw comes back equal from its Arrow tables."""
        assert conflict_events.from_arrow(conflict_events.to_arrow(dataset)) == dataset

    @settings(max_examples=15)
    @given(strategies.datasets(), st.sampled_from([None, "year", "country"]))
    def test_parquet_round_trip(self, dataset, partition_by):
        """A Parquet directory, partitioned or not, reads back to an equal dataset."""
        with tempfile.TemporaryDirectory() as tmp:
            conflict_events.write_parquet(dataset, tmp, partition_by=partition_by)
            assert conflict_events.read_parquet(tmp) == dataset

    def test_example_partitioned_by_year(self, tmp_path):
        """Partitioning by year writes Hive directories and keeps the order of events."""
        dataset = examples.dataset()
        conflict_events.write_parquet(dataset, tmp_path, partition_by="year")
        names = {p.name for p in (tmp_path / "events").iterdir()}
        assert {"year=2016", "year=2017"} <= names
        assert all(name.startswith("year=2") for name in names)
        assert conflict_events.read_parquet(tmp_path).events == dataset.events

    def test_unknown_partition_key_is_refused(self, tmp_path):
        """Only year and country partition the events."""
        with pytest.raises(ValueError, match="partition_by must be one of"):
            conflict_events.write_parquet(examples.dataset(), tmp_path, partition_by="month")


class TestSchema:
    def test_columns_follow_the_field_types(self):
        """Dates are EDTF plus date32 bounds, estimates int64 figures, enums dictionaries."""
        schema = arrow.arrow_schema("events")
        assert schema.field("when_edtf").type == pa.string()
        assert schema.field("when_earliest").type == pa.date32()
        assert schema.field("when_latest").type == pa.date32()
        assert pa.types.is_dictionary(schema.field("when_precision").type)
        assert schema.field("fatalities_best").type == pa.int64()
        assert pa.types.is_dictionary(schema.field("type").type)
        assert schema.field("perpetrator_candidates").type == pa.list_(pa.string())
        attribution = schema.field("attributions").type.value_type
        assert attribution.field("stated").type.field("earliest").type == pa.date32()
        extensions = schema.field("extensions").type
        assert extensions.item_type == pa.json_()
        published = arrow.arrow_schema("sources").field("published_at_utc").type
        assert published == pa.timestamp("us", tz="UTC")

    def test_values_are_queryable(self):
        """The date bounds, figures and derived actor roles hold what the records say."""
        dataset = examples.dataset()
        tables = conflict_events.to_arrow(dataset)
        events = tables["events"]
        first = dataset.events[0]
        assert events.column("id")[0].as_py() == first.id
        assert events.column("when_earliest")[0].as_py() == first.start.earliest
        assert events.column("when_edtf")[0].as_py() == first.when.to_edtf()
        roles = tables["event_actors"].to_pylist()
        assert {row["event"] for row in roles} <= {event.id for event in dataset.events}
        assert any(row["field"] == "new_holder" for row in roles)

    def test_open_span_ends_at_the_last_day(self):
        """An open span's latest day is 9999-12-31, as Span.latest says."""
        dataset = examples.dataset()
        table = conflict_events.to_arrow(dataset)["events"]
        for event, latest in zip(
            dataset.events, table.column("when_latest").to_pylist(), strict=True
        ):
            if getattr(event.when, "end", 0) is None:
                assert latest == date(9999, 12, 31)
                break
        else:
            pytest.fail("the example has no open span")

    def test_pandas_and_parquet_readers_see_the_tables(self, tmp_path):
        """to_pandas gives one DataFrame per table; pyarrow reads the JSON logical type."""
        frames = arrow.to_pandas(examples.dataset())
        assert set(frames) == set(arrow.TABLES)
        assert len(frames["events"]) == len(examples.dataset().events)
        conflict_events.write_parquet(examples.dataset(), tmp_path)
        parquet_schema = pq.ParquetFile(tmp_path / "events" / "part-0.parquet").schema
        assert "(JSON)" in str(parquet_schema)


class TestErrors:
    def test_bad_rows_are_reported_by_table_and_row(self):
        """A row that is not a valid record is reported at its row, every fault at once."""
        tables = conflict_events.to_arrow(examples.dataset())
        events = tables["events"]
        index = events.schema.get_field_index("when_edtf")
        bad = pa.array(["not a date", *events.column("when_edtf").to_pylist()[1:]])
        tables["events"] = events.set_column(index, "when_edtf", bad)
        with pytest.raises(ValidationError) as caught:
            conflict_events.from_arrow(tables)
        assert [d.path for d in caught.value.errors] == ["events[0].when"]

    def test_dangling_references_are_found(self):
        """References are checked across tables, as in any Dataset."""
        tables = conflict_events.to_arrow(examples.dataset())
        tables["actors"] = tables["actors"].slice(1)
        with pytest.raises(ValidationError, match="unknown actor id"):
            conflict_events.from_arrow(tables)

    def test_missing_pyarrow_names_the_extra(self):
        """Without pyarrow, the lazy names say which extra to install."""
        code = "import sys; sys.modules['pyarrow'] = None; import conflict_events; conflict_events.to_arrow"
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert result.returncode != 0
        assert "ModuleNotFoundError" in result.stderr
        assert "pip install 'conflict-events[arrow]'" in result.stderr
