"""Reading Arrow tables column by column gives exactly what reading them row by row gives."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")

from conflict_events import strategies  # noqa: E402
from conflict_events.errors import ErrorDetail  # noqa: E402
from conflict_events.examples import sample  # noqa: E402
from conflict_events.formats import _arrow_columns, arrow  # noqa: E402
from conflict_events.formats.acled import read_acled  # noqa: E402
from conflict_events.formats.ucdp import read_ucdp  # noqa: E402
from conflict_events.model import Dataset  # noqa: E402


def _row_by_row(table: str, data: Any) -> tuple[list[Any], list[ErrorDetail]]:
    errors: list[ErrorDetail] = []
    records = [record for _, record in arrow._rows(table, data, lambda _, d: errors.append(d))]
    return records, errors


def _same_as_row_by_row(dataset: Dataset) -> None:
    for name, data in arrow.to_arrow(dataset).items():
        if name not in arrow.RECORD_TABLES:
            continue
        fast = _arrow_columns.fast_records(name, data)
        assert fast is not None, f"{name}: a valid table was read row by row"
        records, errors = _row_by_row(name, data)
        assert not errors
        assert fast == records, name
        assert [type(record) for record in fast] == [type(record) for record in records]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.datasets())
def test_valid_tables_are_read_by_column(dataset: Dataset) -> None:
    """Every table of a valid dataset is read by columns, to the records row-by-row reading gives."""
    _same_as_row_by_row(dataset)


@pytest.mark.parametrize(
    ("reader", "name"),
    [
        (read_acled, "acled_v6_africa_2016_sample.csv"),
        (read_ucdp, "ucdp_ged_191_sample.csv"),
        (read_ucdp, "ucdp_ged_231_syria_iraq_sample.csv"),
    ],
)
def test_real_imports_are_read_by_column(reader: Any, name: str) -> None:
    """The real samples' tables (sparse columns, attributions without dates) are read by column."""
    _same_as_row_by_row(reader(sample(name)))


def _changed(data: Any, column: int, row: int, how: str, other: int) -> Any:
    """*data* with one cell changed: nulled, copied from another row, or a day number moved."""
    field = data.schema.field(column)
    plain = arrow.storage_type(field.type)
    values = data.column(column).cast(plain).to_pylist()
    if how == "null":
        values[row] = None
    elif how == "copy":
        values[row] = values[other]
    elif isinstance(values[row], int) and not isinstance(values[row], bool):
        values[row] += 1
    else:
        values[row] = None
    array = pa.array(values, type=plain)
    if plain != field.type:
        array = array.cast(field.type)
    return data.set_column(column, field.with_nullable(nullable=True), array)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.datasets(), st.data())
def test_a_changed_cell_is_refused_or_read_alike(dataset: Dataset, data: st.DataObject) -> None:
    """
    With one cell changed, reading by column refuses what reading row by row refuses.

    When both read the table, they give the same records; when the row-by-row
    reading finds a fault, the column reading gives the table up to it.
    """
    tables = arrow.to_arrow(dataset)
    name = data.draw(st.sampled_from([n for n in arrow.RECORD_TABLES if tables[n].num_rows]))
    table = tables[name]
    column = data.draw(st.integers(0, table.num_columns - 1))
    row = data.draw(st.integers(0, table.num_rows - 1))
    other = data.draw(st.integers(0, table.num_rows - 1))
    how = data.draw(st.sampled_from(["null", "copy", "shift"]))
    changed = _changed(table, column, row, how, other)
    records, errors = _row_by_row(name, changed)
    fast = _arrow_columns.fast_records(name, changed)
    if errors:
        assert fast is None
    elif fast is not None:
        assert fast == records


def test_a_date_column_that_disagrees_is_reported_as_before() -> None:
    """A derived day that the EDTF text does not give is found and reported row by row."""
    dataset = sample_dataset()
    table = arrow.to_arrow(dataset)["events"]
    column = table.schema.get_field_index("when_earliest")
    changed = _changed(table, column, 0, "shift", 0)
    assert _arrow_columns.fast_records("events", changed) is None
    _, errors = _row_by_row("events", changed)
    assert [error.path for error in errors] == ["events[0].when"]
    assert "but the EDTF text" in errors[0].message


def sample_dataset() -> Dataset:
    return read_acled(sample("acled_v6_africa_2016_sample.csv"))


@pytest.mark.parametrize("partition_by", [None, "year"])
def test_part_files_of_several_row_groups_read_back(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, partition_by: str | None
) -> None:
    """Row groups bound the parts' groups, and parts of several groups (nested columns) read back."""
    pq = pytest.importorskip("pyarrow.parquet")
    dataset = sample_dataset()
    monkeypatch.setattr(arrow, "ROW_GROUP_ROWS", 7)
    arrow.write_parquet(dataset, tmp_path, partition_by=partition_by)
    groups = [
        pq.ParquetFile(path).metadata.num_row_groups
        for path in (tmp_path / "events").rglob("*.parquet")
    ]
    assert max(groups) > 1
    for path in tmp_path.rglob("*.parquet"):
        metadata = pq.ParquetFile(path).metadata
        assert all(metadata.row_group(i).num_rows <= 7 for i in range(metadata.num_row_groups))
    assert arrow.read_parquet(tmp_path) == dataset
