"""A Parquet directory's frames, computed on its columns, are those of the dataset read whole."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from _changed_example import Rows, changed_tables  # noqa: E402

import conflict_events  # noqa: E402
from conflict_events import ValidationError, examples, generate, strategies  # noqa: E402
from conflict_events.examples import sample  # noqa: E402
from conflict_events.formats import frames, parquet_frames  # noqa: E402
from conflict_events.formats.acled import read_acled  # noqa: E402
from conflict_events.formats.ucdp import read_ucdp  # noqa: E402
from conflict_events.model import Dataset, Location, LocationKind  # noqa: E402
from conflict_events.model.locations import MAX_ANCESTORS  # noqa: E402

BAD_CORPUS = Path(__file__).parent.parent / "data" / "bad" / "parquet"


def _same_frames(dataset: Dataset, directory: Path) -> None:
    # Computed on the columns: a valid directory is never sent to read_parquet.
    assert parquet_frames.computed_on_columns(directory)
    events = frames.events_table(directory)
    events.validate(full=True)
    assert events.equals(frames.events_table(dataset))
    long = frames.event_actors_table(directory)
    long.validate(full=True)
    assert long.equals(frames.event_actors_table(dataset))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.datasets())
def test_generated_datasets(dataset: Dataset) -> None:
    with tempfile.TemporaryDirectory() as folder:
        conflict_events.write_parquet(dataset, Path(folder) / "pq")
        _same_frames(dataset, Path(folder) / "pq")


@pytest.mark.parametrize("partition_by", [None, "year", "country"])
def test_generated_events_in_partitions(tmp_path: Path, partition_by: str | None) -> None:
    source = tmp_path / "events.jsonl"
    generate.write_jsonl(source, 3_000, seed=11)
    dataset = conflict_events.formats.jsonl.read_dataset(source)
    conflict_events.write_parquet(dataset, tmp_path / "pq", partition_by=partition_by)
    _same_frames(dataset, tmp_path / "pq")


@pytest.mark.parametrize(
    "dataset",
    [
        pytest.param(examples.dataset(), id="example"),
        pytest.param(read_acled(sample("acled_v6_africa_2016_sample.csv")), id="acled"),
        pytest.param(read_ucdp(sample("ucdp_ged_191_sample.csv")), id="ucdp-191"),
        pytest.param(read_ucdp(sample("ucdp_ged_231_syria_iraq_sample.csv")), id="ucdp-231"),
        pytest.param(Dataset(), id="empty"),
    ],
)
def test_real_and_built_in_data(tmp_path: Path, dataset: Dataset) -> None:
    conflict_events.write_parquet(dataset, tmp_path / "pq")
    _same_frames(dataset, tmp_path / "pq")


# -- faults: each is refused as read_parquet refuses it -----------------------------------


def _refused_alike(directory: Path) -> None:
    assert not parquet_frames.computed_on_columns(directory)
    with pytest.raises(ValidationError) as read:
        conflict_events.read_parquet(directory)
    for build in (frames.events_table, frames.event_actors_table):
        with pytest.raises(ValidationError) as framed:
            build(directory)
        assert framed.value.errors == read.value.errors


_CORPUS_CASES = sorted(json.loads((BAD_CORPUS / "expected.json").read_text(encoding="utf-8")))
#: Faults in event columns that no frame shows: the frames neither read nor check them.
_NOT_SHOWN = {"column-of-another-type": "weapon"}


@pytest.mark.parametrize("name", [name for name in _CORPUS_CASES if name not in _NOT_SHOWN])
def test_bad_corpus(name: str) -> None:
    _refused_alike(BAD_CORPUS / name)


@pytest.mark.parametrize("name", sorted(_NOT_SHOWN))
def test_a_fault_in_a_column_not_shown(tmp_path: Path, name: str) -> None:
    """The frames are those of the directory without the faulty column, which reading refuses."""
    with pytest.raises(ValidationError):
        conflict_events.read_parquet(BAD_CORPUS / name)
    fixed = tmp_path / "fixed"
    for path in (BAD_CORPUS / name).rglob("*.parquet"):
        target = fixed / path.relative_to(BAD_CORPUS / name)
        target.parent.mkdir(parents=True, exist_ok=True)
        table = pq.read_table(path)
        if _NOT_SHOWN[name] in table.column_names:
            table = table.drop_columns([_NOT_SHOWN[name]])
        pq.write_table(table, target)
    dataset = conflict_events.read_parquet(fixed)
    assert frames.events_table(BAD_CORPUS / name).equals(frames.events_table(dataset))


def _rows_of(events: Rows, kind: str) -> list[int]:
    return [index for index, row in enumerate(events) if row["type"] == kind]


def _first_of(kind: str) -> Callable[[Rows], int]:
    return lambda events: _rows_of(events, kind)[0]


def _set(column: str, value: Any, row: Callable[[Rows], int] = lambda _: 0) -> Any:
    def change(events: Rows) -> None:
        events[row(events)][column] = value

    return change


def _bad_participant(**fields: Any) -> Any:
    def change(events: Rows) -> None:
        row = next(r for r in events if r["participants"])
        row["participants"][0].update(fields)

    return change


def _among(events: Rows) -> None:
    row = events[_first_of("control_change")(events)]
    row["previous_holders"] = [*(row["previous_holders"] or []), row["new_holder"]]


def _besieged_besiegers(events: Rows) -> None:
    row = events[_first_of("siege")(events)]
    row["besieged"] = [*(row["besieged"] or []), row["besiegers"][0]]


def _null_item(column: str) -> Any:
    """A null item in the first non-empty list of structs *column* (a participant, an attribution)."""

    def change(events: Rows) -> None:
        row = next(r for r in events if r[column])
        row[column] = [*row[column], None]

    return change


def _source(events: Rows) -> None:
    row = next(r for r in events if r["attributions"])
    row["attributions"][0]["source"] = "no-such-source"


def _classification(**fields: Any) -> Any:
    def change(events: Rows) -> None:
        events[0]["classifications"] = [{"scheme": "acled", "path": ["Battles"], **fields}]

    return change


def _duplicate_id(events: Rows) -> None:
    events[1]["id"] = events[0]["id"]


def _null_date(events: Rows) -> None:
    for part in ("edtf", "earliest", "latest", "precision"):
        events[0][f"when_{part}"] = None


def _attack_with_holder(events: Rows) -> None:
    holder = events[_first_of("control_change")(events)]["new_holder"]
    events[_first_of("attack")(events)]["new_holder"] = holder


def _out_of_order(events: Rows) -> None:
    events[0].update(fatalities_low=None, fatalities_best=5, fatalities_high=3)


FAULTS = {
    "duplicate id": _duplicate_id,
    "id pattern": _set("id", "not an id"),
    "unknown type": _set("type", "skirmish"),
    "derived date differs": _set("when_earliest", 1),
    "no EDTF": _set("when_edtf", "June 2016"),
    "no date": _null_date,
    "fatalities out of order": _out_of_order,
    "negative fatalities": _set("fatalities_best", -1),
    "unknown qualifier": _set("fatalities_qualifier", "dozens"),
    "unknown location": _set("location", "nowhere"),
    "required location": _set("location", None, _first_of("control_change")),
    "unknown holder": _set("new_holder", "nobody", _first_of("control_change")),
    "required holder": _set("new_holder", None, _first_of("control_change")),
    "unknown in a role list": _set("besiegers", ["nobody"], _first_of("siege")),
    "null in a role list": _set("besiegers", [None], _first_of("siege")),
    "field of another type": _attack_with_holder,
    "holder among previous holders": _among,
    "besieged besiegers": _besieged_besiegers,
    "unknown participant": _bad_participant(actor="nobody"),
    "null participant actor": _bad_participant(actor=None),
    "unknown participant role": _bad_participant(role="referee"),
    "null participant": _null_item("participants"),
    "null attribution": _null_item("attributions"),
    "unknown source": _source,
    "empty classification path": _classification(path=[]),
    "null classification scheme": _classification(scheme=None),
    "null class in a path": _classification(path=["Battles", None]),
}


def _tampered(directory: Path, change: Callable[[Rows], None]) -> None:
    """Write the built-in example with *change* made to its events' rows."""
    tables = changed_tables(change)
    for name, table in tables.items():
        (directory / name).mkdir(parents=True)
        pq.write_table(table, directory / name / "part-0.parquet")


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_faults_are_those_of_reading(tmp_path: Path, fault: str) -> None:
    _tampered(tmp_path / "pq", FAULTS[fault])
    _refused_alike(tmp_path / "pq")


def test_an_untouched_copy_is_computed_on_columns(tmp_path: Path) -> None:
    """The tampering itself changes nothing: the copy without a change is accepted."""
    _tampered(tmp_path / "pq", lambda _: None)
    _same_frames(examples.dataset(), tmp_path / "pq")


def test_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        frames.events_table(tmp_path / "missing")


@given(
    st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=40), min_size=0, max_size=12)
)
def test_each_value_once_per_row_in_order(rows: list[list[str]]) -> None:
    """Short rows are deduplicated by neighbours, long ones by sorting: both keep first places."""
    numbers = [row for row, values in enumerate(rows) for _ in values]
    values = pa.array([value for values in rows for value in values], pa.string())
    encoded = values.dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    lists = parquet_frames._unique_lists(numbers, codes, len(rows), encoded.dictionary)
    lists.validate(full=True)
    assert lists.to_pylist() == [list(dict.fromkeys(values)) for values in rows]


def test_places_up_a_chain_longer_than_the_walk(tmp_path: Path) -> None:
    """Place values come from at most MAX_ANCESTORS parents up, as the dataset's frame takes them."""
    base = examples.dataset()
    chain = [
        Location(
            id="top",
            name="Top",
            kind=LocationKind.COUNTRY,
            country="SYR",
            latitude=1.0,
            longitude=2.0,
        )
    ]
    for level in range(MAX_ANCESTORS + 6):
        kind = LocationKind.ADMIN1 if level == 2 else LocationKind.SETTLEMENT
        chain.append(Location(id=f"l{level}", name=f"L{level}", kind=kind, parent=chain[-1].id))
    deep, shallow = chain[-1].id, "l10"
    events = (
        attrs.evolve(base.events[0], location=deep),
        attrs.evolve(base.events[1], location=shallow),
        *base.events[2:],
    )
    dataset = attrs.evolve(base, locations=(*base.locations, *chain), events=events)
    conflict_events.write_parquet(dataset, tmp_path / "pq")
    _same_frames(dataset, tmp_path / "pq")
    places = frames.events_table(tmp_path / "pq").slice(0, 2).select(["country", "admin1"])
    assert places.to_pylist() == [
        {"country": None, "admin1": None},  # beyond the walk
        {"country": "SYR", "admin1": "L2"},
    ]


def test_event_ids_are_looked_up_in_the_parts_read_meanwhile() -> None:
    """The ids the other tables' references are checked against come from the parts being read."""
    import concurrent.futures

    from conflict_events.errors import ErrorDetail

    parts = [pa.table({"id": ["e1", "e2"]}), pa.table({"id": ["e3"]})]
    reading: concurrent.futures.Future[list[Any]] = concurrent.futures.Future()
    ids = parquet_frames._EventIds(reading, [])
    reading.set_result(parts)
    assert "e3" in ids
    assert "e4" not in ids
    assert sorted(ids) == ["e1", "e2", "e3"]
    faulty = parquet_frames._EventIds(reading, [ErrorDetail("events/part-0.parquet", "unreadable")])
    assert len(faulty) == 0
