"""Arrow tables given to from_arrow: schema, metadata and cell values are checked before anything is read."""

from datetime import UTC, datetime, timedelta, timezone

import attrs
import pyarrow as pa
import pytest

import conflict_events
from conflict_events import ValidationError, examples
from conflict_events.formats import arrow

_STRING_MAP = pa.map_(pa.string(), pa.string())
_JSON_MAP = pa.map_(pa.string(), pa.json_())


def _tables() -> dict[str, pa.Table]:
    return conflict_events.to_arrow(examples.dataset())


def _errors(tables: dict[str, pa.Table]) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as caught:
        conflict_events.from_arrow(tables)
    return [(detail.path, detail.message) for detail in caught.value.errors]


def _replace(table: pa.Table, name: str, column: pa.Array) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, column)


def _plain(kind: pa.DataType) -> pa.DataType:
    """*kind* with its dictionaries as strings, to build nested values from Python."""
    if pa.types.is_dictionary(kind):
        return pa.string()
    if pa.types.is_list(kind):
        return pa.list_(_plain(kind.value_type))
    if pa.types.is_struct(kind):
        return pa.struct([field.with_type(_plain(field.type)) for field in kind])
    return kind


def _first(tables: dict[str, pa.Table]) -> tuple[str, str]:
    return _errors(tables)[0]


class TestSchema:
    def test_a_list_is_not_read_as_a_mapping(self):
        """A list<string> where external ids (a map) belong is refused, not turned into pairs."""
        tables = _tables()
        actors = tables["actors"]
        tables["actors"] = _replace(
            actors, "external_ids", pa.array([["ab", "cd"]] * actors.num_rows)
        )
        path, message = _first(tables)
        assert path == "actors"
        assert "column 'external_ids'" in message
        assert "list<item: string>" in message
        assert "map<string, string>" in message

    def test_an_unknown_column_is_named(self):
        """A column the table does not have is an error: it would be lost on reading."""
        tables = _tables()
        actors = tables["actors"]
        tables["actors"] = actors.append_column("colour", pa.array(["red"] * actors.num_rows))
        assert _first(tables) == ("actors", "unknown column 'colour'")

    def test_an_unknown_table_is_named(self):
        """A table name that is not one of TABLES is refused with the names it may have."""
        tables = _tables()
        tables["evnts"] = tables.pop("events")
        path, message = _first(tables)
        assert path == "evnts"
        assert "unknown table 'evnts'" in message
        assert "events" in message

    def test_a_column_given_twice_is_refused(self):
        """Two columns of one name are ambiguous."""
        tables = _tables()
        actors = tables["actors"]
        tables["actors"] = actors.append_column("notes", actors.column("notes"))
        assert _first(tables) == ("actors", "column 'notes' appears 2 times")

    def test_a_nested_type_is_checked(self):
        """A wrong type deep in a list of structs is named by its place in the column."""
        tables = _tables()
        schema = arrow.arrow_schema("events")
        kind = schema.field("attributions").type
        stated = kind.value_type.field("stated").type
        changed = pa.struct(
            [
                *(f for f in kind.value_type if f.name != "stated"),
                pa.field(
                    "stated",
                    pa.struct(
                        [
                            *(f for f in stated if f.name != "precision"),
                            pa.field("precision", pa.string()),
                        ]
                    ),
                ),
            ]
        )
        events = tables["events"]
        tables["events"] = _replace(
            events, "attributions", pa.nulls(events.num_rows, pa.list_(changed))
        )
        path, message = _first(tables)
        assert path == "events"
        assert "column 'attributions'" in message

    def test_events_without_a_type_column_are_refused_by_row(self):
        """Without the type column no row says what it is (found by fuzz_parquet)."""
        tables = _tables()
        tables["events"] = tables["events"].drop_columns(["type"])
        path, message = _first(tables)
        assert path == "events[0].type"
        assert "missing" in message

    def test_a_missing_optional_column_reads_as_empty(self):
        """Missing columns stand for absent values, as the docstring of iter_table says."""
        tables = _tables()
        tables["actors"] = tables["actors"].drop_columns(["notes"])
        dataset = conflict_events.from_arrow(tables)
        assert all(actor.notes is None for actor in dataset.actors)

    def test_nullability_is_not_compared(self):
        """A non-null flag on a column changes nothing: nulls are checked row by row."""
        tables = _tables()
        actors = tables["actors"]
        strict = pa.schema(
            [field.with_nullable(field.name not in ("id", "name")) for field in actors.schema],
            metadata=actors.schema.metadata,
        )
        tables["actors"] = actors.cast(strict)
        assert conflict_events.from_arrow(tables) == examples.dataset()

    def test_a_table_that_is_not_a_table_is_refused(self):
        """Anything but a pyarrow.Table is named."""
        tables = _tables()
        tables["actors"] = {"id": ["a"]}
        path, message = _first(tables)
        assert path == "actors"
        assert "not a pyarrow.Table" in message


class TestMetadata:
    def _with_metadata(self, text: bytes, only: str | None = None) -> dict[str, pa.Table]:
        return {
            name: table.replace_schema_metadata({arrow.METADATA_KEY: text})
            if only in (None, name)
            else table
            for name, table in _tables().items()
        }

    def test_a_newer_major_version_is_refused(self):
        """Metadata claiming format 999.0.0 is refused as a JSON document would be."""
        path, message = _first(self._with_metadata(b'{"schema_version":"999.0.0"}', "events"))
        assert path == "events"
        assert "schema_version" in message
        assert "999.0.0 is newer than" in message

    def test_an_older_version_without_a_step_is_refused(self):
        """A version older than any this library upgrades is refused with the versions it reads."""
        path, message = _first(self._with_metadata(b'{"schema_version":"0.9.0"}'))
        assert path == "actors"
        assert "older than any" in message

    def test_bad_json_is_refused(self):
        """Metadata that is not JSON names the table."""
        path, message = _first(self._with_metadata(b"{"))
        assert path == "actors"
        assert "invalid JSON" in message

    def test_metadata_must_be_an_object(self):
        """A JSON list is not a header."""
        path, message = _first(self._with_metadata(b"[1]"))
        assert path == "actors"
        assert "[1] is not an object" in message

    def test_unknown_metadata_keys_are_refused(self):
        """Records do not travel in metadata; an unknown key would be lost."""
        path, message = _first(self._with_metadata(b'{"schema_version":"1.0.0","actors":[]}'))
        assert path == "actors"
        assert "unknown field 'actors'" in message

    def test_tables_must_agree(self):
        """Two tables with different extensions: which are the dataset's is not guessed."""
        tables = _tables()
        for name, value in (("actors", b"1"), ("events", b"2")):
            text = b'{"schema_version":"1.0.0","extensions":{"x":' + value + b"}}"
            tables[name] = tables[name].replace_schema_metadata({arrow.METADATA_KEY: text})
        path, message = _first(tables)
        assert path == "events"
        assert "metadata conflict_events.extensions" in message
        assert "differs from that of actors" in message

    def test_versions_must_agree(self):
        """A newer minor version in one table and the current one in another disagree."""
        major, minor, _ = conflict_events.SCHEMA_VERSION.split(".")
        newer = f"{major}.{int(minor) + 1}.0"
        metadata = f'{{"schema_version":"{newer}"}}'.encode()
        path, message = _first(self._with_metadata(metadata, "events"))
        assert path == "events"
        assert f"metadata conflict_events.schema_version '\"{newer}\"' differs" in message

    def test_a_table_without_extensions_takes_the_others(self):
        """Part files of partitions without the header carry no extensions: nothing is lost."""
        dataset = attrs.evolve(examples.dataset(), extensions={"x": 1})
        tables = conflict_events.to_arrow(dataset)
        tables["events"] = conflict_events.to_arrow(examples.dataset())["events"]
        assert conflict_events.from_arrow(tables) == dataset

    def test_the_header_is_read(self):
        """Extensions in the metadata come back as the dataset's."""
        dataset = attrs.evolve(examples.dataset(), extensions={"x": [1, {"y": None}]})
        assert conflict_events.from_arrow(conflict_events.to_arrow(dataset)) == dataset


class TestCells:
    def test_bad_json_in_extensions_names_row_and_key(self):
        """Extension values are JSON texts; a bad one is reported at its row and key."""
        tables = _tables()
        actors = tables["actors"]
        values = [[("k", "{bad")]] + [[]] * (actors.num_rows - 1)
        tables["actors"] = _replace(
            actors, "extensions", pa.array(values, _STRING_MAP).cast(_JSON_MAP)
        )
        path, message = _first(tables)
        assert path == "actors[0].extensions['k']"
        assert "column 'extensions'" in message
        assert "invalid JSON" in message

    def test_a_key_given_twice_is_refused(self):
        """A map with a key twice would lose one value."""
        tables = _tables()
        actors = tables["actors"]
        values = [[("wikidata", "Q1"), ("wikidata", "Q2")]] + [[]] * (actors.num_rows - 1)
        tables["actors"] = _replace(actors, "external_ids", pa.array(values, _STRING_MAP))
        path, message = _first(tables)
        assert path == "actors[0].external_ids['wikidata']"
        assert "'wikidata' appears 2 times" in message

    def test_a_null_extension_value_is_refused(self):
        """A JSON null is the text 'null'; a missing text is not a value."""
        tables = _tables()
        actors = tables["actors"]
        values = [[("k", None)]] + [[]] * (actors.num_rows - 1)
        tables["actors"] = _replace(
            actors, "extensions", pa.array(values, _STRING_MAP).cast(_JSON_MAP)
        )
        path, message = _first(tables)
        assert path == "actors[0].extensions['k']"
        assert "null" in message

    def test_a_date_bound_out_of_range_is_refused(self):
        """A derived date that is no calendar day is named, not an OverflowError."""
        tables = _tables()
        events = tables["events"]
        days = pa.array([2**31 - 1] * events.num_rows, pa.int32()).cast(pa.date32())
        tables["events"] = _replace(events, "when_earliest", days)
        path, message = _first(tables)
        assert path == "events[0].when"
        assert "column 'when_earliest'" in message
        assert str(2**31 - 1) in message

    def test_derived_dates_must_match_the_edtf(self):
        """The date bounds users query must say what the EDTF text says."""
        tables = _tables()
        events = tables["events"]
        days = pa.array([0] * events.num_rows, pa.int32()).cast(pa.date32())
        tables["events"] = _replace(events, "when_earliest", days)
        path, message = _first(tables)
        assert path == "events[0].when"
        assert "1970-01-01" in message
        assert "EDTF text '" in message

    def test_a_bad_edtf_is_reported_at_its_row(self):
        """Bad EDTF in a nested date names the attribution and its value."""
        dataset = examples.dataset()
        tables = conflict_events.to_arrow(dataset)
        events = tables["events"]
        rows = events.column("attributions").to_pylist()
        row = next(i for i, items in enumerate(rows) if items and items[0]["stated"])
        rows[row][0]["stated"]["edtf"] = "2017-13-45"
        kind = events.schema.field("attributions").type
        tables["events"] = _replace(events, "attributions", pa.array(rows, _plain(kind)).cast(kind))
        errors = _errors(tables)
        assert errors[0][0] == f"events[{row}].attributions[0].stated"
        assert "2017-13-45" in errors[0][1]

    def test_an_offset_of_a_day_is_refused(self):
        """A UTC offset must be under 24 hours."""
        tables = _tables()
        sources = tables["sources"]
        offsets = pa.array([86_400_000_000] * sources.num_rows, pa.duration("us"))
        utc = pa.array([0] * sources.num_rows, pa.int64()).cast(pa.timestamp("us", tz="UTC"))
        tables["sources"] = _replace(
            _replace(sources, "published_at_offset", offsets), "published_at_utc", utc
        )
        path, message = _first(tables)
        assert path == "sources[0].published_at"
        assert "column 'published_at_offset'" in message
        assert "86400000000" in message

    def test_a_time_beyond_9999_is_refused(self):
        """A UTC time whose local time is after 9999 is named, not an OverflowError."""
        tables = _tables()
        sources = tables["sources"]
        utc = pa.array([2**62] * sources.num_rows, pa.int64()).cast(pa.timestamp("us", tz="UTC"))
        offsets = pa.array([0] * sources.num_rows, pa.duration("us"))
        tables["sources"] = _replace(
            _replace(sources, "published_at_utc", utc), "published_at_offset", offsets
        )
        path, message = _first(tables)
        assert path == "sources[0].published_at"
        assert "column 'published_at_utc'" in message

    def test_a_time_without_its_offset_is_refused(self):
        """A missing offset is not taken to be UTC: that would invent it."""
        tables = _tables()
        sources = tables["sources"]
        utc = pa.array([0] * sources.num_rows, pa.int64()).cast(pa.timestamp("us", tz="UTC"))
        nulls = pa.nulls(sources.num_rows, pa.duration("us"))
        tables["sources"] = _replace(
            _replace(sources, "published_at_utc", utc), "published_at_offset", nulls
        )
        path, message = _first(tables)
        assert path == "sources[0].published_at"
        assert "published_at_offset" in message

    def test_a_column_of_another_event_type_is_refused(self):
        """A weapon on a control change would be dropped: it is an error at its row."""
        dataset = examples.dataset()
        tables = conflict_events.to_arrow(dataset)
        events = tables["events"]
        tags = events.column("type").to_pylist()
        row = tags.index("control_change")
        weapons = [None] * events.num_rows
        weapons[row] = "rifle"
        tables["events"] = _replace(events, "weapon", pa.array(weapons, pa.string()))
        path, message = _first(tables)
        assert path == f"events[{row}]"
        assert "column 'weapon'" in message
        assert "'rifle'" in message
        assert "control_change" in message


class TestTimestamps:
    @pytest.mark.parametrize(
        "value",
        [
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
            datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=23, minutes=59))),
            datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=timezone(-timedelta(hours=23))),
            datetime(2017, 2, 4, 12, 30, tzinfo=timezone(timedelta(hours=5, minutes=45))),
            datetime(1970, 1, 1, tzinfo=UTC),
        ],
    )
    def test_extreme_times_are_written_and_read_back(self, value, tmp_path):
        """Times whose UTC instant is before year 1 or after 9999 round-trip with their offset."""
        dataset = examples.dataset()
        source = attrs.evolve(dataset.sources[0], published_at=value)
        dataset = attrs.evolve(dataset, sources=(source, *dataset.sources[1:]))
        tables = conflict_events.to_arrow(dataset)
        tables["sources"].validate(full=True)
        back = conflict_events.from_arrow(tables)
        assert back == dataset
        assert back.sources[0].published_at.utcoffset() == value.utcoffset()
        conflict_events.write_parquet(dataset, tmp_path)
        assert conflict_events.read_parquet(tmp_path) == dataset
