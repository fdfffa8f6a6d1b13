"""Construction-time validation of the model classes."""

from datetime import UTC, date, datetime

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conflict_events import (
    Actor,
    ActorKind,
    Attribution,
    ControlChange,
    Dataset,
    Estimate,
    EstimateQualifier,
    FieldError,
    FuzzyDate,
    Location,
    LocationKind,
    Siege,
    Source,
    Span,
    StatementStatus,
    ValidationError,
    from_dict,
)
from conflict_events import strategies as cs
from conflict_events.model.locations import ancestor_loop, ancestor_loop_message

WHEN = FuzzyDate.month(2016, 12)


def place(**changes: object) -> Location:
    return Location(id="palmyra", name="Palmyra", kind=LocationKind.SETTLEMENT, **changes)


class TestLocation:
    @pytest.mark.parametrize("latitude", [90, 90.0, -90.0, 0.0, 34.55])
    def test_latitude_in_range_is_accepted(self, latitude: float) -> None:
        """Latitudes from -90 to 90 inclusive are accepted and stored as floats."""
        location = place(latitude=latitude, longitude=38.27)
        assert location.latitude == latitude
        assert type(location.latitude) is float

    @pytest.mark.parametrize(
        "latitude", [90.0001, -90.0001, float("nan"), float("inf"), "34", True]
    )
    def test_latitude_out_of_range_is_refused(self, latitude: object) -> None:
        """A latitude beyond +-90, not finite, or not a number is refused naming the value."""
        with pytest.raises(FieldError) as caught:
            place(latitude=latitude, longitude=38.27)
        assert caught.value.field == "latitude"
        assert repr(latitude) in str(caught.value)

    @pytest.mark.parametrize("longitude", [180.0001, -180.0001])
    def test_longitude_out_of_range_is_refused(self, longitude: float) -> None:
        """A longitude beyond +-180 is refused."""
        with pytest.raises(FieldError, match="longitude"):
            place(latitude=1.0, longitude=longitude)

    def test_coordinates_come_in_pairs(self) -> None:
        """A latitude without a longitude is refused."""
        with pytest.raises(FieldError, match="longitude"):
            place(latitude=34.5)

    @pytest.mark.parametrize("ident", ["", "-x", "a b", "é", "x" * 129, 5])
    def test_bad_identifiers_are_refused(self, ident: object) -> None:
        """Identifiers are 1-128 ASCII characters starting with a letter or digit."""
        with pytest.raises(FieldError, match="identifier"):
            Location(id=ident, name="x", kind=LocationKind.SETTLEMENT)  # type: ignore[arg-type]

    def test_aliases_must_be_a_list_not_a_string(self) -> None:
        """A string where a list of aliases belongs is refused, not split into characters."""
        with pytest.raises(FieldError, match="not a list"):
            place(aliases="Tadmur")

    def test_lists_become_tuples(self) -> None:
        """Lists given to list fields are stored as tuples, so values stay hashable."""
        location = place(aliases=["Tadmur", "Tadmor"])
        assert location.aliases == ("Tadmur", "Tadmor")
        assert hash(location) == hash(place(aliases=("Tadmur", "Tadmor")))

    def test_country_code_is_alpha3(self) -> None:
        """Country codes are ISO 3166-1 alpha-3."""
        assert place(country="SYR").country == "SYR"
        with pytest.raises(FieldError, match="alpha-3"):
            place(country="SY")

    def test_values_are_frozen(self) -> None:
        """Model values cannot be changed after construction."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            place().name = "Tadmur"  # type: ignore[misc]


class TestEstimate:
    @given(st.lists(st.integers(0, 10**10), min_size=3, max_size=3))
    def test_ordered_figures_are_accepted(self, figures: list[int]) -> None:
        """Any low <= best <= high within bounds is accepted."""
        low, best, high = sorted(figures)
        assert Estimate(low, best, high).figures() == (("low", low), ("best", best), ("high", high))

    @given(
        st.lists(st.integers(0, 10**10), min_size=2, max_size=2, unique=True),
        st.sampled_from([("low", "best"), ("best", "high"), ("low", "high")]),
    )
    def test_disordered_figures_are_refused(self, pair: list[int], names: tuple[str, str]) -> None:
        """A lower figure above an upper one is refused, naming the upper figure."""
        small, large = sorted(pair)
        with pytest.raises(FieldError) as caught:
            Estimate(**{names[0]: large, names[1]: small})
        assert caught.value.field == names[1]

    @pytest.mark.parametrize("bad", [-1, 10**10 + 1, 2.5, "3", True])
    def test_figures_are_bounded_whole_numbers(self, bad: object) -> None:
        """Figures are whole numbers from 0 to 10**10."""
        with pytest.raises(FieldError, match="best"):
            Estimate(best=bad)  # type: ignore[arg-type]

    def test_an_estimate_needs_a_figure(self) -> None:
        """An estimate with no figure at all is refused."""
        with pytest.raises(FieldError, match="at least one"):
            Estimate()

    def test_helpers_state_the_wording(self) -> None:
        """at_least and about keep the qualifier of the report's wording."""
        assert Estimate.at_least(620) == Estimate(
            low=620, best=620, qualifier=EstimateQualifier.AT_LEAST
        )
        assert Estimate.about(100_000).point == 100_000
        assert Estimate(high=40).point == 40


class TestAttribution:
    def test_a_claim_names_its_claimant(self) -> None:
        """A claimed statement without a claimant is refused."""
        with pytest.raises(FieldError, match="claimant"):
            Attribution(status=StatementStatus.CLAIMED)
        assert Attribution(status=StatementStatus.CLAIMED, claimant="sdf").claimant == "sdf"


class TestSource:
    def test_publication_time_needs_an_offset(self) -> None:
        """A naive datetime is refused: a publication time without a zone is ambiguous."""
        with pytest.raises(FieldError, match="UTC offset"):
            Source(id="s", publisher="p", published_at=datetime(2017, 2, 4, 12))  # noqa: DTZ001
        assert Source(id="s", publisher="p", published_at=datetime(2017, 2, 4, 12, tzinfo=UTC))


class TestEvents:
    def test_control_change_needs_a_location(self) -> None:
        """A control change without a place is refused."""
        with pytest.raises(FieldError, match="location"):
            ControlChange(id="c", when=WHEN, new_holder="is")

    def test_new_holder_is_not_a_previous_holder(self) -> None:
        """Taking a place from oneself is refused."""
        with pytest.raises(FieldError, match="new_holder"):
            ControlChange(
                id="c", when=WHEN, location="p", new_holder="is", previous_holders=("is",)
            )

    def test_siege_sides_are_distinct(self) -> None:
        """An actor cannot both besiege and be besieged."""
        with pytest.raises(FieldError, match="besieged"):
            Siege(id="s", when=WHEN, location="p", besiegers=("is",), besieged=("is",))

    def test_siege_needs_a_besieger(self) -> None:
        """A siege with nobody besieging is refused."""
        with pytest.raises(FieldError, match="besiegers"):
            Siege(id="s", when=WHEN, location="p", besiegers=())

    def test_start_and_end_of_spans_and_dates(self) -> None:
        """start/end read a span's ends, or the date itself for a one-off event."""
        siege = Siege(id="s", when=Span(FuzzyDate.year(2014)), location="p", besiegers=("is",))
        assert siege.start == FuzzyDate.year(2014)
        assert siege.end is None
        change = ControlChange(id="c", when=WHEN, location="p", new_holder="is")
        assert change.start == change.end == WHEN

    @given(cs.events())
    def test_generated_events_are_hashable_and_equal_to_copies(self, event: object) -> None:
        """Every event is a hashable value equal to a field-by-field copy."""
        copy = attrs.evolve(event)  # type: ignore[misc]
        assert copy == event
        assert hash(copy) == hash(event)


class TestDataset:
    def test_every_dangling_reference_is_reported(self) -> None:
        """All unresolved references are reported at once, each with its path."""
        with pytest.raises(ValidationError) as caught:
            Dataset(
                locations=(place(parent="syria"),),
                events=(
                    ControlChange(id="c", when=WHEN, location="tadmur", new_holder="is"),
                    Siege(id="s", when=WHEN, location="palmyra", besiegers=("is",), part_of="x"),
                ),
            )
        assert [str(error) for error in caught.value.errors] == [
            "locations[0].parent: unknown location id 'syria'",
            "events[0].location: unknown location id 'tadmur'",
            "events[0].new_holder: unknown actor id 'is'",
            "events[1].part_of: unknown event id 'x'",
            "events[1].besiegers[0]: unknown actor id 'is'",
        ]

    def test_duplicate_ids_are_reported(self) -> None:
        """Two actors with one id are refused."""
        actor = Actor(id="is", name="IS", kind=ActorKind.REBEL_GROUP)
        with pytest.raises(ValidationError, match=r"actors\[1\]\.id: duplicate actor id 'is'"):
            Dataset(actors=(actor, actor))

    def test_parent_cycles_are_refused(self) -> None:
        """A location cannot be its own ancestor."""
        a = Location(id="a", name="A", kind=LocationKind.REGION, parent="b")
        b = Location(id="b", name="B", kind=LocationKind.REGION, parent="a")
        with pytest.raises(ValidationError, match="own ancestor"):
            Dataset(locations=(a, b))

    def test_look_ups_by_id_and_name(self) -> None:
        """Locations are found by id, and by name or alias ignoring case."""
        syria = Location(id="syria", name="Syria", kind=LocationKind.COUNTRY)
        palmyra = place(aliases=("Tadmur",), parent="syria")
        dataset = Dataset(locations=(syria, palmyra))
        assert dataset.location("palmyra") is palmyra
        assert dataset.find_locations("TADMUR") == [palmyra]
        assert dataset.ancestors("palmyra") == [syria]
        with pytest.raises(KeyError):
            dataset.location("raqqa")

    def test_of_sorts_records_into_collections(self) -> None:
        """Dataset.of takes mixed records and sorts them by kind."""
        actor = Actor(id="is", name="IS", kind=ActorKind.REBEL_GROUP)
        change = ControlChange(id="c", when=WHEN, location="palmyra", new_holder="is")
        dataset = Dataset.of([change, place(), actor])
        assert dataset.actors == (actor,)
        assert dataset.events == (change,)
        assert dataset.events_of(ControlChange) == [change]

    @given(cs.datasets(), cs.datasets())
    def test_merging_keeps_every_record(self, first: Dataset, second: Dataset) -> None:
        """Merging two datasets with disjoint ids keeps every record of both."""
        try:
            merged = first.merged_with(second)
        except ValidationError as error:
            assert any("duplicate" in e.message for e in error.errors)
        else:
            assert len(merged.events) == len(first.events) + len(second.events)

    def test_the_fuzzy_date_of_a_dataset_event_is_kept(self) -> None:
        """Uncertain dates survive being placed in a dataset."""
        change = ControlChange(
            id="c",
            when=FuzzyDate(date(2016, 12, 11), date(2016, 12, 20)),
            location="palmyra",
            new_holder="is",
        )
        actor = Actor(id="is", name="IS", kind=ActorKind.REBEL_GROUP)
        assert (
            Dataset(actors=(actor,), locations=(place(),), events=(change,)).event("c").when.days
            == 10
        )


@pytest.mark.parametrize("huge", [10**400, -(10**400), 2**1023])
def test_a_coordinate_too_large_for_a_float_is_refused_at_its_field(huge: int) -> None:
    """An integer no float holds is refused where it stands, not as an overflow of the document."""
    with pytest.raises(FieldError) as caught:
        Location(id="l", name="x", kind=LocationKind.SETTLEMENT, latitude=huge, longitude=1.0)
    assert caught.value.field == "latitude"
    document = {"id": "l", "name": "x", "kind": "settlement", "latitude": 1, "longitude": huge}
    with pytest.raises(ValidationError) as refused:
        from_dict(document, Location)
    assert [error.path for error in refused.value.errors] == ["longitude"]


_IDS = st.sampled_from("abcdef")


@given(st.dictionaries(_IDS, st.one_of(st.none(), _IDS)), _IDS)
def test_an_ancestor_loop_is_found_exactly_when_the_walk_up_never_ends(
    parent_of: dict[str, str | None], start: str
) -> None:
    """Walking up len(parent_of) + 1 steps either ends at an unknown or absent parent, or loops."""
    assume(start in parent_of)
    step: str | None = start
    for _ in range(len(parent_of) + 1):
        step = parent_of.get(step) if step is not None else None
        if step is None or step not in parent_of:
            step = None
            break
    through = ancestor_loop(parent_of, start)
    assert (through is None) == (step is None)
    if through is not None:
        assert through in parent_of
        message = ancestor_loop_message(start, through, parent_of)
        assert "is its own ancestor through" in message
        # The message names every location of the loop, from `through` round to it.
        loop, step = [through], parent_of[through]
        while step != through:
            loop.append(step)
            step = parent_of[step]
        for member in loop[:10]:
            assert repr(member) in message
