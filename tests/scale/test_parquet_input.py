"""Parquet dataset directories: every entry and file is checked before a row is read."""

import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import conflict_events
from conflict_events import ValidationError, examples
from conflict_events.formats import arrow

CORPUS = Path(__file__).parent.parent / "data" / "bad" / "parquet"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def _first(directory: Path) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        conflict_events.read_parquet(directory)
    first = caught.value.errors[0]
    return first.path, first.message


class TestCorpus:
    def test_every_case_has_an_expectation(self):
        """No case directory sits in the corpus without its expected error."""
        cases = {path.name for path in CORPUS.iterdir() if path.is_dir()} - {"__pycache__"}
        assert cases == set(EXPECTED)

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_case_is_refused_at_its_path(self, name):
        """The directory is refused with a ValidationError whose first error names path and value."""
        path, message = _first(CORPUS / name)
        assert path == EXPECTED[name]["path"]
        assert EXPECTED[name]["fragment"] in message

    def test_make_reproduces_the_corpus(self, tmp_path):
        """make.py writes the same cases, with the same files, refused with the same errors."""
        subprocess.run(
            [sys.executable, "-B", str(CORPUS / "make.py"), str(tmp_path)],
            check=True,
            capture_output=True,
        )
        made = {path.name for path in tmp_path.iterdir()}
        assert made == set(EXPECTED)
        for name, expected in EXPECTED.items():
            files = sorted(p.relative_to(tmp_path / name) for p in (tmp_path / name).rglob("*"))
            committed = sorted(p.relative_to(CORPUS / name) for p in (CORPUS / name).rglob("*"))
            assert files == committed, name
            path, message = _first(tmp_path / name)
            assert path == expected["path"], name
            assert expected["fragment"] in message, name

    def test_cases_are_small(self):
        """Each case is a few KB."""
        for name in EXPECTED:
            size = sum(p.stat().st_size for p in (CORPUS / name).rglob("*") if p.is_file())
            assert size < 16_000, name


class TestFiles:
    def test_hidden_files_are_skipped(self, tmp_path):
        """Dot files (editor and system files) are not part of a dataset."""
        conflict_events.write_parquet(examples.dataset(), tmp_path)
        (tmp_path / ".DS_Store").write_bytes(b"\0\1")
        (tmp_path / "events" / ".part-0.parquet.crc").write_bytes(b"\0\1")
        assert conflict_events.read_parquet(tmp_path) == examples.dataset()

    def test_a_missing_directory_is_not_found(self, tmp_path):
        """As before: a directory that does not exist raises FileNotFoundError."""
        with pytest.raises(FileNotFoundError):
            conflict_events.read_parquet(tmp_path / "missing")

    def test_every_file_fault_is_reported_at_once(self, tmp_path):
        """Two bad files give two errors, each naming its file."""
        conflict_events.write_parquet(examples.dataset(), tmp_path)
        (tmp_path / "events" / "part-0.parquet").write_bytes(b"not parquet")
        (tmp_path / "actors" / "notes.md").write_text("x", encoding="utf-8")
        with pytest.raises(ValidationError) as caught:
            conflict_events.read_parquet(tmp_path)
        paths = [detail.path for detail in caught.value.errors]
        assert paths == ["actors/notes.md", "events/part-0.parquet"]

    def test_a_bad_event_actors_file_is_refused(self, tmp_path):
        """The derived table is not read, but its files must be Parquet of its schema."""
        conflict_events.write_parquet(examples.dataset(), tmp_path)
        (tmp_path / "event_actors" / "part-0.parquet").write_bytes(b"PAR1")
        path, message = _first(tmp_path)
        assert path == "event_actors/part-0.parquet"
        assert "not a readable Parquet file" in message

    def test_parts_may_differ_in_columns(self, tmp_path):
        """Parts of one table are read whole; a column one part lacks reads as empty there."""
        dataset = examples.dataset()
        conflict_events.write_parquet(dataset, tmp_path)
        actors = pq.read_table(tmp_path / "actors" / "part-0.parquet")
        half = actors.num_rows // 2
        pq.write_table(actors.slice(0, half), tmp_path / "actors" / "part-0.parquet")
        rest = actors.slice(half)
        if rest.column("notes").null_count == rest.num_rows:
            rest = rest.drop_columns(["notes"])
        pq.write_table(rest, tmp_path / "actors" / "part-1.parquet")
        assert conflict_events.read_parquet(tmp_path) == dataset

    def test_positions_must_be_distinct(self, tmp_path):
        """The position column of partitioned events must give each row its own place."""
        dataset = examples.dataset()
        conflict_events.write_parquet(dataset, tmp_path, partition_by="year")
        for part in sorted((tmp_path / "events").rglob("*.parquet")):
            data = pq.read_table(part, partitioning=None)
            index = data.schema.get_field_index("position")
            zeros = pa.array([0] * data.num_rows, pa.int64())
            pq.write_table(data.set_column(index, "position", zeros), part)
        path, message = _first(tmp_path)
        assert path == "events"
        assert "column 'position'" in message

    def test_a_position_column_given_twice_is_refused(self, tmp_path):
        """Two position columns are reported, not a KeyError (found by fuzz_parquet)."""
        conflict_events.write_parquet(examples.dataset(), tmp_path)
        part = tmp_path / "events" / "part-0.parquet"
        data = pq.read_table(part)
        position = pa.array(range(data.num_rows), pa.int64())
        pq.write_table(
            data.append_column("position", position).append_column("position", position), part
        )
        path, message = _first(tmp_path)
        assert path == "events/part-0.parquet"
        assert "column 'position' appears 2 times" in message

    def test_read_table_is_checked(self, tmp_path):
        """read_table gives one checked table with the dataset's metadata."""
        dataset = examples.dataset()
        conflict_events.write_parquet(dataset, tmp_path, partition_by="country")
        events = arrow.read_table(tmp_path, "events")
        assert events.num_rows == len(dataset.events)
        assert "position" not in events.column_names
        assert arrow.METADATA_KEY in events.schema.metadata


class TestNewerMetadataIsNotCopied:
    def test_parquet_to_json_lines_refuses_a_newer_format(self, tmp_path):
        """Converting part files to JSON Lines reads each through iter_table, which checks the header."""
        scale = pytest.importorskip("conflict_events.dask")
        source = tmp_path / "in"
        conflict_events.write_parquet(examples.dataset(), source)
        part = source / "actors" / "part-0.parquet"
        data = pq.read_table(part)
        metadata = {arrow.METADATA_KEY: b'{"schema_version":"999.0.0"}'}
        pq.write_table(data.replace_schema_metadata(metadata), part)
        with pytest.raises(ValidationError, match=r"999\.0\.0 is newer than"):
            scale.convert(source, tmp_path / "out", to="jsonl", client=None)
        written = list((tmp_path / "out").glob("*.jsonl"))
        assert not [path for path in written if path.name.startswith("actors")]
        assert all("999.0.0" not in path.read_text(encoding="utf-8") for path in written)
