"""The Arrow tables to_arrow builds are valid for every reader, and every valid dataset round-trips."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import conflict_events
from conflict_events import Dataset, strategies
from conflict_events.formats import arrow
from conflict_events.formats.acled import read_acled
from conflict_events.formats.ucdp import read_ucdp
from conflict_events.model import (
    Actor,
    ActorKind,
    ActorRelation,
    Attribution,
    Location,
    LocationKind,
    Participant,
    RelationKind,
    Source,
)
from conflict_events.model.events import Attack
from conflict_events.temporal import FuzzyDate

DATA = Path(__file__).parent.parent / "data"

# Whole minutes, as ISO 8601 writes offsets (the model refuses any other).
_OFFSETS = st.integers(-1439, 1439).map(lambda minutes: timezone(timedelta(minutes=minutes)))
_EXTREME_TIMES = st.one_of(
    st.datetimes(max_value=datetime(1, 1, 3), timezones=_OFFSETS),  # noqa: DTZ001
    st.datetimes(min_value=datetime(9999, 12, 29), timezones=_OFFSETS),  # noqa: DTZ001
    st.datetimes(timezones=_OFFSETS),
)


@st.composite
def _extreme_datasets(draw: st.DrawFn) -> Dataset:
    """Datasets of the public strategy, their sources' times moved towards year 1 and 9999."""
    dataset = draw(strategies.datasets())
    sources = tuple(
        attrs.evolve(source, published_at=draw(st.none() | _EXTREME_TIMES))
        for source in dataset.sources
    )
    return attrs.evolve(dataset, sources=sources)


def _check_valid(tables: dict[str, object]) -> None:
    for table in tables.values():
        table.validate(full=True)  # type: ignore[attr-defined]


def _bare() -> Dataset:
    """A dataset whose every optional field, nested ones included, is absent."""
    return Dataset(
        actors=(
            Actor(id="a", name="A", kind=ActorKind.STATE_FORCES),
            Actor(
                id="b",
                name="B",
                kind=ActorKind.STATE_FORCES,
                relations=(
                    ActorRelation(RelationKind.MEMBER_OF, "a", attributions=(Attribution(),)),
                ),
            ),
        ),
        locations=(Location(id="l", name="L", kind=LocationKind.SETTLEMENT),),
        sources=(Source(id="s", publisher="P"),),
        events=(
            Attack(
                id="e",
                when=FuzzyDate.parse("2016"),
                targets=("a",),
                participants=(Participant("b"),),
                attributions=(Attribution(source="s"), Attribution()),
            ),
        ),
    )


class TestValidTables:
    @settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
    @given(_extreme_datasets())
    def test_generated_datasets_round_trip_through_valid_tables(self, dataset):
        """Every table is valid Arrow (Table.validate(full=True)) and reads back equal."""
        tables = conflict_events.to_arrow(dataset)
        _check_valid(tables)
        assert conflict_events.from_arrow(tables) == dataset

    @settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
    @given(_extreme_datasets(), st.sampled_from([None, "year", "country"]))
    def test_generated_datasets_round_trip_through_parquet(self, tmp_path_factory, dataset, key):
        """A Parquet directory of every drawn dataset, extreme times included, reads back equal."""
        target = tmp_path_factory.mktemp("parquet")
        conflict_events.write_parquet(dataset, target, partition_by=key)
        assert conflict_events.read_parquet(target) == dataset

    def test_all_optionals_absent(self, tmp_path):
        """Columns (and nested fields) that are all null still make valid dictionaries."""
        dataset = _bare()
        tables = conflict_events.to_arrow(dataset)
        _check_valid(tables)
        for name, table in tables.items():
            assert len(table.to_pandas()) == table.num_rows, name
            assert pl.from_arrow(table).height == table.num_rows, name
        assert conflict_events.from_arrow(tables) == dataset
        conflict_events.write_parquet(dataset, tmp_path)
        assert conflict_events.read_parquet(tmp_path) == dataset

    @pytest.mark.parametrize(
        ("reader", "name"),
        [
            (read_acled, "acled_v6_africa_2016_sample.csv"),
            (read_ucdp, "ucdp_ged_191_sample.csv"),
            (read_ucdp, "ucdp_ged_231_syria_iraq_sample.csv"),
        ],
    )
    def test_imports_are_read_by_pandas_and_polars(self, reader, name):
        """Real imports (attributions without a stated date) give tables pandas and polars read."""
        dataset = reader(DATA / name)
        tables = conflict_events.to_arrow(dataset)
        _check_valid(tables)
        for table_name in arrow.TABLES:
            table = tables[table_name]
            assert len(table.to_pandas()) == table.num_rows, table_name
            assert pl.from_arrow(table).height == table.num_rows, table_name
        assert conflict_events.from_arrow(tables) == dataset
