"""The format registry: every format the commands offer is in it, complete, documented, and round-trips."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import conflict_events.dask as ced
from conflict_events import Dataset, examples, from_json
from conflict_events import strategies as cs
from conflict_events.cli import build_parser, main
from conflict_events.commands import generate
from conflict_events.errors import ConflictEventsError
from conflict_events.formats import files
from conflict_events.formats.registry import FORMATS, directory_format, readable, writable
from conflict_events.formats.tables import LossReport

DOCS = Path(__file__).resolve().parents[2] / "docs" / "formats.md"
DATA = Path(__file__).resolve().parents[1] / "data"
LOSSLESS = [name for name, entry in FORMATS.items() if entry.lossless]


def _choices(command: str, option: str) -> tuple[str, ...]:
    """The choices the command line offers for *option* of *command*."""
    parser = build_parser()
    [commands] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for action in commands.choices[command]._actions:
        if option in action.option_strings:
            return tuple(action.choices or ())
    raise AssertionError(option)


def _documented() -> dict[str, list[str]]:
    """The rows of the table of formats in docs/formats.md, by format name."""
    rows = {}
    section = DOCS.read_text(encoding="utf-8").split("\n## The formats\n", 1)[1]
    for line in section.split("\n## ", 1)[0].splitlines():
        found = re.fullmatch(r"\| `([a-z]+)` \|(.*)\|", line)
        if found:
            rows[found[1]] = [cell.strip() for cell in found[2].split("|")]
    return rows


class TestCompleteness:
    def test_every_choice_is_a_format_that_can_do_it(self) -> None:
        """
        --from and --format list readable formats, --to writable ones.

        generate offers the streamed ones and JSON (a document built whole).
        """
        assert _choices("convert", "--from") == readable()
        assert _choices("validate", "--format") == readable()
        assert _choices("convert", "--to") == writable()
        for name in _choices("convert", "--from"):
            assert FORMATS[name].read is not None
        for name in _choices("convert", "--to"):
            assert FORMATS[name].write is not None
        for name in _choices("generate", "--format"):
            assert FORMATS[name].streams or name == "json"
            assert FORMATS[name].write is not None
        streamed = {n for n, entry in FORMATS.items() if entry.streams}
        assert set(generate.WRITERS) == {*streamed, "json"}

    def test_every_format_can_be_read_or_written(self) -> None:
        """No entry that does nothing; the one directory format is the one told for directories."""
        for entry in FORMATS.values():
            assert entry.read is not None or entry.write is not None
            assert entry.name in readable() or entry.name in writable()
        assert [entry.name for entry in FORMATS.values() if entry.directory] == ["parquet"]
        assert directory_format().name == "parquet"

    def test_the_docs_list_every_format_as_the_registry_has_it(self) -> None:
        """docs/formats.md has one row per format: suffixes, directory, access, streams."""
        documented = _documented()
        assert list(documented) == list(FORMATS)
        for name, (suffixes, directory, access, streams) in documented.items():
            entry = FORMATS[name]
            assert re.findall(r"`(\.[a-z]+)`", suffixes) == list(entry.suffixes)
            assert directory == ("yes" if entry.directory else "no")
            assert access.startswith(entry.access), name
            assert streams == ("yes" if entry.streams else "no")


class TestRoundTrips:
    @pytest.mark.parametrize("name", [name for name, entry in FORMATS.items() if entry.lossless])
    def test_a_lossless_format_gives_back_the_example(self, tmp_path: Path, name: str) -> None:
        """save then load (the format told from the path) gives the built-in example back."""
        entry = FORMATS[name]
        assert entry.read is not None
        assert entry.write is not None
        path = tmp_path / f"example{entry.suffixes[0] if entry.suffixes else ''}"
        assert files.save(examples.dataset(), path, name) is None
        assert files.detect_format(path) == name
        assert files.load(path) == examples.dataset()
        assert files.check_path(path) == []

    @pytest.mark.parametrize("name", LOSSLESS)
    @settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(dataset=cs.datasets())
    def test_a_lossless_format_keeps_any_dataset(
        self, tmp_path: Path, name: str, dataset: Dataset
    ) -> None:
        """Whatever the dataset, a lossless format's file loads back equal to it."""
        path = tmp_path / f"{len(list(tmp_path.iterdir()))}-{name}"
        assert files.save(dataset, path, name) is None
        assert files.load(path, name) == dataset

    @pytest.mark.parametrize(
        "name",
        [n for n, e in FORMATS.items() if e.read and e.write and not e.lossless],
    )
    def test_a_table_reports_its_losses_then_keeps_what_it_read(
        self, tmp_path: Path, name: str
    ) -> None:
        """ACLED and UCDP GED report what the example loses; what they read back writes back whole."""
        first = files.save(examples.dataset(), tmp_path / "first.csv", name)
        assert isinstance(first, LossReport)
        assert first
        assert files.detect_format(tmp_path / "first.csv") == name
        back = files.load(tmp_path / "first.csv")
        second = files.save(back, tmp_path / "second.csv", name)
        assert isinstance(second, LossReport)
        assert not second, str(second)
        assert files.load(tmp_path / "second.csv", name) == back

    def test_write_only_and_read_only(self, tmp_path: Path) -> None:
        """GeoJSON is written, not read; csv is read as what its header says, not written."""
        files.save(examples.dataset(), tmp_path / "points.geojson", "geojson")
        with pytest.raises(ConflictEventsError, match="cannot read the format 'geojson'"):
            files.load(tmp_path / "points.geojson")
        with pytest.raises(ConflictEventsError, match="cannot write the format 'csv'"):
            files.save(examples.dataset(), tmp_path / "out.csv", "csv")
        assert files.detect_format(DATA / "acled_v6_africa_2016_sample.csv") == "acled"
        assert files.detect_format(DATA / "ucdp_ged_191_sample.csv") == "ucdp"


class TestParquetThroughTheCommands:
    def test_convert_tells_a_parquet_directory_without_from(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A directory input is Parquet; a JSON output is written whole."""
        files.save(examples.dataset(), tmp_path / "pq", "parquet")
        assert main(["convert", str(tmp_path / "pq"), str(tmp_path / "back.json")]) == 0
        back = from_json((tmp_path / "back.json").read_bytes(), Dataset)
        assert back == examples.dataset()
        assert capsys.readouterr().out == ""

    def test_between_streamed_formats_dask_converts_by_the_suffixes(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Parquet to ``*.jsonl`` without --from/--to runs partition by partition, into one file."""
        files.save(examples.dataset(), tmp_path / "pq", "parquet")
        assert main(["convert", str(tmp_path / "pq"), str(tmp_path / "out.jsonl")]) == 0
        assert "records (jsonl)" in capsys.readouterr().out
        assert (tmp_path / "out.jsonl").is_file()
        assert ced.validate(tmp_path / "out.jsonl") == []
        assert files.load(tmp_path / "out.jsonl") == examples.dataset()

    def test_migrate_writes_through_the_registry(self, tmp_path: Path) -> None:
        """migrate's output is the json format's document, read back by load."""
        files.save(examples.dataset(), tmp_path / "old.json", "json")
        assert main(["migrate", str(tmp_path / "old.json"), str(tmp_path / "new.json")]) == 0
        assert (tmp_path / "new.json").read_bytes() == (tmp_path / "old.json").read_bytes()
