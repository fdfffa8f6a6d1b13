"""
Frames from Parquet columns read the texts of dates and references as dictionaries.

Arrow's full validation then checks a dictionary's entries rather than each
row's text: a text that is no UTF-8 must still be refused as `read_parquet`
refuses it, and the row groups' own dictionaries (or none, for plain pages)
must give the frames of the dataset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from _changed_example import Rows, changed_tables  # noqa: E402

import conflict_events  # noqa: E402
from conflict_events import ValidationError, generate  # noqa: E402
from conflict_events.formats import arrow, frames, parquet_frames  # noqa: E402
from conflict_events.formats.jsonl import read_dataset  # noqa: E402

#: A text written where a reference or a date goes, then made no UTF-8 in the file's bytes.
MARKER = b"zzzz-marker-zzzz"
BROKEN = b"zzzz-\xff\xferker-zzzz"
assert len(BROKEN) == len(MARKER)


def _first(column: str) -> Callable[[Rows], dict[str, Any]]:
    return lambda rows: next(row for row in rows if row[column])


def _plain(column: str) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        _first(column)(rows)[column] = MARKER.decode()

    return change


def _in_list(column: str) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        row = next(row for row in rows if row["type"] == "siege")
        row[column] = [MARKER.decode()]

    return change


def _in_struct(column: str, leaf: str) -> Callable[[Rows], None]:
    def change(rows: Rows) -> None:
        _first(column)(rows)[column][0][leaf] = MARKER.decode()

    return change


BROKEN_TEXTS = {
    "location": _plain("location"),
    "when_edtf": _plain("when_edtf"),
    "new_holder": _plain("new_holder"),
    "besiegers": _in_list("besiegers"),
    "participants.actor": _in_struct("participants", "actor"),
    "attributions.source": _in_struct("attributions", "source"),
}


def _write_marked(directory: Path, change: Callable[[Rows], None], *, dictionary: bool) -> None:
    """The built-in example with *change* made to its events, the marker's bytes then broken."""
    _write_rows(directory, change, dictionary=dictionary)
    part = directory / "events" / "part-0.parquet"
    content = part.read_bytes()
    assert content.count(MARKER) >= 1
    part.write_bytes(content.replace(MARKER, BROKEN))


def _write_rows(directory: Path, change: Callable[[Rows], None], *, dictionary: bool) -> None:
    """The built-in example with *change* made to its events' rows, uncompressed."""
    tables = changed_tables(change)
    for name, table in tables.items():
        (directory / name).mkdir(parents=True)
        pq.write_table(
            table,
            directory / name / "part-0.parquet",
            compression="none",
            use_dictionary=dictionary,
            write_statistics=False,
        )


def _refused_alike(directory: Path) -> list[Any]:
    assert not parquet_frames.computed_on_columns(directory)
    with pytest.raises(ValidationError) as read:
        conflict_events.read_parquet(directory)
    for build in (frames.events_table, frames.event_actors_table):
        with pytest.raises(ValidationError) as framed:
            build(directory)
        assert framed.value.errors == read.value.errors
    return list(read.value.errors)


@pytest.mark.parametrize("dictionary", [True, False], ids=["dictionary-pages", "plain-pages"])
@pytest.mark.parametrize("column", sorted(BROKEN_TEXTS))
def test_a_text_that_is_no_utf8_is_refused(tmp_path: Path, column: str, dictionary: bool) -> None:
    _write_marked(tmp_path / "pq", BROKEN_TEXTS[column], dictionary=dictionary)
    errors = _refused_alike(tmp_path / "pq")
    assert any("invalid Arrow data" in error.message for error in errors), errors
    # The frames' own reading of the part refuses it, not only a later lookup of the value.
    found: list[Any] = []
    part = tmp_path / "pq" / "events" / "part-0.parquet"
    leaves = parquet_frames._dictionary_leaves()
    assert arrow.read_part(tmp_path / "pq", part, found, parquet_frames._wanted, leaves) is None
    assert [error.message.startswith("invalid Arrow data") for error in found] == [True]


@pytest.mark.parametrize("column", sorted(BROKEN_TEXTS))
def test_the_marker_itself_is_only_an_unknown_value(tmp_path: Path, column: str) -> None:
    """Unbroken, the marker is refused as a value reading refuses, not as bad Arrow data."""
    change = BROKEN_TEXTS[column]
    tables_dir = tmp_path / "pq"
    _write_marked(tables_dir, change, dictionary=True)
    part = tables_dir / "events" / "part-0.parquet"
    part.write_bytes(part.read_bytes().replace(BROKEN, MARKER))
    errors = _refused_alike(tables_dir)
    assert not any("invalid Arrow data" in error.message for error in errors)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    folder = tmp_path_factory.mktemp("generated")
    generate.write_jsonl(folder / "events.jsonl", 2_000, seed=5)
    dataset = read_dataset(folder / "events.jsonl")
    conflict_events.write_parquet(dataset, folder / "pq")
    return dataset, folder / "pq"


@pytest.mark.parametrize("dictionary", [True, False], ids=["dictionary-pages", "plain-pages"])
@pytest.mark.parametrize("row_group_size", [97, 1_000, 5_000])
def test_row_groups_with_dictionaries_of_their_own(
    tmp_path: Path, generated: tuple[Any, Path], row_group_size: int, dictionary: bool
) -> None:
    """Each row group's dictionary differs; the frames are still those of the dataset."""
    dataset, directory = generated
    target = tmp_path / "pq"
    for path in directory.rglob("*.parquet"):
        copy = target / path.relative_to(directory)
        copy.parent.mkdir(parents=True, exist_ok=True)
        table = pq.read_table(path)
        pq.write_table(table, copy, row_group_size=row_group_size, use_dictionary=dictionary)
    if row_group_size < 1_000:
        assert pq.ParquetFile(target / "events" / "part-0.parquet").num_row_groups > 1
    assert parquet_frames.computed_on_columns(target)
    events = frames.events_table(target)
    events.validate(full=True)
    assert events.equals(frames.events_table(dataset))
    long = frames.event_actors_table(target)
    long.validate(full=True)
    assert long.equals(frames.event_actors_table(dataset))


def _last_year(precision: str) -> Callable[[Rows], None]:
    """The first event dated 9999, the last year there is, its derived precision *precision*."""

    def change(rows: Rows) -> None:
        rows[0].update(
            when_edtf="9999",
            when_earliest=dt.date(9999, 1, 1),
            when_latest=dt.date(9999, 12, 31),
            when_precision=precision,
        )

    return change


def test_the_last_year_is_a_range(tmp_path: Path) -> None:
    """A year that ends on the last day there is has precision range, as the parser says."""
    _write_rows(tmp_path / "pq", _last_year("range"), dictionary=True)
    assert parquet_frames.computed_on_columns(tmp_path / "pq")
    dataset = conflict_events.read_parquet(tmp_path / "pq")
    assert frames.events_table(tmp_path / "pq").equals(frames.events_table(dataset))
    assert frames.events_table(dataset).column("precision")[0].as_py() == "range"


def test_the_last_year_said_to_be_a_year_is_refused(tmp_path: Path) -> None:
    _write_rows(tmp_path / "pq", _last_year("year"), dictionary=True)
    _refused_alike(tmp_path / "pq")


@pytest.mark.parametrize(
    ("indices", "dictionary"),
    [
        ([2, 0, None, 2, 1], ["best", "at least", "about"]),
        ([1, 0, 1, 2], ["about", "about", "at most"]),  # a value twice, as a writer may give it
        ([], ["about"]),
    ],
)
def test_dictionary_columns_are_given_in_the_order_of_first_use(
    indices: list[int | None], dictionary: list[str]
) -> None:
    """A dictionary column read from a file enters the frame as `dictionary_encode` of its texts."""
    column = pa.DictionaryArray.from_arrays(
        pa.array(indices, pa.int32()), pa.array(dictionary, pa.string())
    )
    ordered = parquet_frames._in_first_order(column)
    assert ordered.equals(column.cast(pa.string()).dictionary_encode())
