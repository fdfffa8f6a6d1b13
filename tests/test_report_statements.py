"""What reports say beyond who, where and when: strengths, spatial statements, parts, claimants,
projections and assessments, held as typed data in every format."""

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given

from conflict_events import (
    SCHEMA_VERSION,
    ActorKind,
    Dataset,
    Estimate,
    EstimateQualifier,
    Extent,
    FieldError,
    Location,
    LocationKind,
    Participant,
    Role,
    ValidationError,
    from_dict,
    from_json,
    json_schema,
    to_dict,
    to_json,
)
from conflict_events import strategies as cs
from conflict_events.examples import dataset
from conflict_events.formats.versions import SUPPORTED_VERSIONS, migrate_with_report
from conflict_events.model import (
    Assessment,
    Attribution,
    CompassPoint,
    Distance,
    DistanceUnit,
    Likelihood,
    PartKind,
    RelationKind,
    SpatialRelation,
    StatementStatus,
    Superlative,
)
from conflict_events.model.fields import MAX_COUNT
from conflict_events.model.spatial import MAX_BEARING


def _place(**fields: Any) -> dict[str, Any]:
    return {"id": "p", "name": "Place", "kind": "settlement", **fields}


def _loading_fault(document: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        from_json(json.dumps(document), Dataset)
    first = caught.value.errors[0]
    return first.path, first.message


class TestStrength:
    def test_a_participant_holds_a_worded_strength(self) -> None:
        """'Hundreds of reinforcements' is a reinforcement participant with an estimate."""
        hundreds = Estimate(low=200, high=999, qualifier=EstimateQualifier.HUNDREDS)
        participant = Participant(actor="is", role=Role.REINFORCEMENT, strength=hundreds)
        assert from_dict(to_dict(participant), Participant) == participant
        assert to_dict(participant)["strength"] == {
            "low": 200,
            "high": 999,
            "qualifier": "hundreds",
        }

    def test_a_strength_that_is_no_estimate_is_refused(self) -> None:
        with pytest.raises(FieldError) as caught:
            Participant(actor="is", strength=300)  # type: ignore[arg-type]
        assert caught.value.field == "strength"


class TestSpatialRelation:
    def test_a_relation_states_something(self) -> None:
        """A relation with only a target says nothing, and is refused at its kind."""
        with pytest.raises(FieldError) as caught:
            SpatialRelation(target="raqqa")
        assert caught.value.field == "kind"

    @pytest.mark.parametrize("bearing", [-1, MAX_BEARING + 1, 2**70, True, 12.5])
    def test_a_bearing_is_whole_degrees_below_360(self, bearing: object) -> None:
        with pytest.raises(FieldError) as caught:
            SpatialRelation(target="raqqa", bearing=bearing)  # type: ignore[arg-type]
        assert caught.value.field == "bearing"

    def test_a_huge_bearing_in_a_document_is_refused_at_its_path(self) -> None:
        """An integer beyond 64 bits is refused with its path, not passed to a writer."""
        document = {
            "schema_version": SCHEMA_VERSION,
            "locations": [
                _place(id="t"),
                _place(relations=[{"target": "t", "bearing": 2**70}]),
            ],
        }
        path, message = _loading_fault(document)
        assert path == "locations[1].relations[0].bearing"
        assert "is not a whole number from 0 to 359" in message

    def test_a_relation_target_must_resolve(self) -> None:
        document = {
            "schema_version": SCHEMA_VERSION,
            "locations": [_place(relations=[{"target": "nowhere", "kind": "near"}])],
        }
        path, message = _loading_fault(document)
        assert path == "locations[0].relations[0].target"
        assert "nowhere" in message

    def test_distance_units_convert(self) -> None:
        """90 miles is 144.8 km; a figure in metres is a thousandth of one in km."""
        assert Distance(Estimate.about(90), DistanceUnit.MILE).kilometres(90) == pytest.approx(
            144.84, abs=0.01
        )
        assert Distance(Estimate.exactly(1), DistanceUnit.METRE).kilometres(500) == 0.5

    def test_compass_points_name_their_bearings(self) -> None:
        assert CompassPoint.SOUTHEAST.degrees == 135
        assert CompassPoint.WEST_SOUTHWEST.degrees == 247.5
        assert CompassPoint.WEST.principal
        assert not CompassPoint.WEST_SOUTHWEST.principal

    def test_the_schema_bounds_the_bearing_as_the_model_does(self) -> None:
        bearing = json_schema()["$defs"]["SpatialRelation"]["properties"]["bearing"]
        (integer,) = [item for item in bearing["anyOf"] if item.get("type") == "integer"]
        assert (integer["minimum"], integer["maximum"]) == (0, MAX_BEARING)

    @given(cs.records(SpatialRelation))
    def test_drawn_relations_round_trip(self, relation: SpatialRelation) -> None:
        assert from_json(to_json(relation), SpatialRelation) == relation
        assert relation.bearing is None or 0 <= relation.bearing <= MAX_BEARING


class TestParts:
    def test_a_part_names_its_parent(self) -> None:
        with pytest.raises(FieldError) as caught:
            Location(id="p", name="Periphery", kind=LocationKind.REGION, part=PartKind.PERIPHERY)
        assert caught.value.field == "parent"
        assert "'periphery' part must name its parent" in str(caught.value)

    def test_a_side_names_its_part(self) -> None:
        with pytest.raises(FieldError) as caught:
            Location(
                id="p", name="West", kind=LocationKind.REGION, parent="m", side=CompassPoint.WEST
            )
        assert caught.value.field == "part"

    def test_the_schema_refuses_a_part_without_a_parent(self) -> None:
        schema = json_schema()
        checker = jsonschema.Draft202012Validator(schema)
        document: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "locations": [_place(part="bank")],
        }
        assert not checker.is_valid(document)
        document["locations"][0]["parent"] = "p"
        assert checker.is_valid(document)

    @given(cs.datasets(max_events=2))
    def test_drawn_parts_keep_their_rules(self, data: Dataset) -> None:
        for location in data.locations:
            assert location.part is None or location.parent is not None
            assert location.side is None or location.part is not None

    def test_every_extent_but_full_is_partial(self) -> None:
        assert [extent for extent in Extent if not extent.partial] == [Extent.FULL]


class TestClaimants:
    @pytest.mark.parametrize(
        "kind", [ActorKind.OFFICIALS, ActorKind.NGO, ActorKind.ACTIVISTS, ActorKind.RESIDENTS]
    )
    def test_civil_kinds_have_no_acled_inter_code(self, kind: ActorKind) -> None:
        assert kind.acled_inter is None

    def test_claims_by_officials_are_found_like_claims_by_parties(self) -> None:
        """Every claimed attribution of the example names a claimant; officials are among them."""
        example = dataset()
        claimants = {
            example.actor(attribution.claimant).kind
            for event in example.events
            for attribution in event.attributions
            if attribution.claimant is not None
        }
        assert claimants == {ActorKind.REBEL_GROUP, ActorKind.OFFICIALS}

    def test_speaks_for_is_a_relation(self) -> None:
        assert RelationKind("speaks_for") is RelationKind.SPEAKS_FOR


class TestProjections:
    def test_a_projection_keeps_its_likelihood_and_condition(self) -> None:
        attribution = Attribution(
            status=StatementStatus.PROJECTED,
            likelihood=Likelihood.POSSIBLE,
            condition="if they take the city",
            conditional_on="capture",
        )
        assert from_dict(to_dict(attribution), Attribution) == attribution
        assert to_dict(attribution)["likelihood"] == "possible"

    def test_conditional_on_must_resolve_to_an_event(self) -> None:
        document = {
            "schema_version": SCHEMA_VERSION,
            "events": [
                {
                    "type": "offensive",
                    "id": "e",
                    "when": "2017",
                    "attackers": ["a"],
                    "attributions": [{"status": "projected", "conditional_on": "missing"}],
                }
            ],
            "actors": [{"id": "a", "name": "A", "kind": "rebel_group"}],
        }
        path, message = _loading_fault(document)
        assert path == "events[0].attributions[0].conditional_on"
        assert "missing" in message


class TestAssessments:
    def test_an_assessment_round_trips(self) -> None:
        assessment = Assessment(measure=Superlative.DEADLIEST, among="the group's offensives")
        assert from_json(to_json(assessment), Assessment) == assessment

    def test_an_unknown_measure_is_refused_at_its_path(self) -> None:
        document = {
            "schema_version": SCHEMA_VERSION,
            "locations": [_place()],
            "events": [
                {
                    "type": "control_status",
                    "id": "e",
                    "when": "2017",
                    "location": "p",
                    "holder": "a",
                    "assessments": [{"measure": "bloodiest"}],
                }
            ],
            "actors": [{"id": "a", "name": "A", "kind": "rebel_group"}],
        }
        path, message = _loading_fault(document)
        assert path == "events[0].assessments[0].measure"
        assert "bloodiest" in message


class TestFormat:
    def test_a_1_0_0_document_reads_unchanged(self) -> None:
        """1.1.0 only adds: a 1.0.0 document migrates with no change and loads without upgrade."""
        assert "1.0.0" in SUPPORTED_VERSIONS
        actor = {"id": "a", "name": "A", "kind": "rebel_group"}
        document = {"schema_version": "1.0.0", "actors": [actor]}
        result = migrate_with_report(document)
        assert not result.changed
        assert result.document["schema_version"] == SCHEMA_VERSION
        loaded = from_json(json.dumps(document), Dataset, upgrade=False)
        assert loaded.actors[0].kind is ActorKind.REBEL_GROUP

    def test_the_example_carries_no_untyped_report_statement(self) -> None:
        """What 1.0.0 kept in extensions (the reinforcements) is typed now."""
        example = dataset()
        assert all(not event.extensions for event in example.events)
        assert from_json(to_json(example), Dataset) == example

    @pytest.mark.parametrize("figure", [MAX_COUNT + 1, -1, 2**64])
    def test_a_distance_figure_is_a_bounded_count(self, figure: int) -> None:
        """A stated distance's figures are counts, bounded in model and schema alike."""
        relation = {"target": "t", "distance": {"value": {"best": figure}, "unit": "mi"}}
        document = {
            "schema_version": SCHEMA_VERSION,
            "locations": [_place(id="t"), _place(relations=[relation])],
        }
        path, _ = _loading_fault(document)
        assert path == "locations[1].relations[0].distance.value.best"
        assert not jsonschema.Draft202012Validator(json_schema()).is_valid(document)
