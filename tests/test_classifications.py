"""Classifications: how source datasets file an event, kept typed on the event."""

from __future__ import annotations

import io

import attrs
import jsonschema
import pytest
from hypothesis import find, given, settings

import conflict_events
from conflict_events import Classification, Dataset, FieldError, ValidationError, examples
from conflict_events import strategies as cs
from conflict_events.formats import acled

ACLED_CLASS = Classification("acled", ("Political violence", "Battles", "Armed clash"))


def _with_classification(classification: Classification) -> Dataset:
    dataset = examples.dataset()
    first = attrs.evolve(dataset.events[0], classifications=(classification,))
    return attrs.evolve(dataset, events=(first, *dataset.events[1:]))


def test_a_classification_needs_a_scheme_and_a_path() -> None:
    with pytest.raises(FieldError) as caught:
        Classification("acled", ())
    assert caught.value.field == "path"
    with pytest.raises(FieldError) as caught:
        Classification(" ", ("Battles",))
    assert caught.value.field == "scheme"
    with pytest.raises(FieldError):
        Classification("acled", ("Battles", ""))


def test_a_classification_round_trips_through_json_and_arrow() -> None:
    dataset = _with_classification(ACLED_CLASS)
    assert conflict_events.from_json(conflict_events.to_json(dataset), Dataset) == dataset
    tables = conflict_events.to_arrow(dataset)
    for table in tables.values():
        table.validate(full=True)
    assert conflict_events.from_arrow(tables) == dataset


def test_the_schema_and_the_loader_refuse_an_empty_path() -> None:
    document = conflict_events.to_dict(_with_classification(ACLED_CLASS))
    document["events"][0]["classifications"][0]["path"] = []
    assert not jsonschema.Draft202012Validator(conflict_events.json_schema()).is_valid(document)
    with pytest.raises(ValidationError) as caught:
        conflict_events.from_dict(document, Dataset)
    assert [error.path for error in caught.value.errors] == ["events[0].classifications[0].path"]


def test_acled_writes_its_own_classification_back() -> None:
    """An ACLED classification is written to ACLED's type columns and read back the same."""
    out = io.StringIO()
    report = acled.write_acled(_with_classification(ACLED_CLASS), out)
    assert not any(loss.path.startswith("events[0].classifications") for loss in report.losses)
    out.seek(0)
    back = acled.read_acled(out)
    assert back.events[0].classifications == (ACLED_CLASS,)


def test_a_table_format_without_the_scheme_reports_it_lost() -> None:
    """ACLED has no column for UCDP's classification: the loss report says so."""
    ucdp_class = Classification("ucdp-ged", ("State-based conflict",))
    report = acled.write_acled(_with_classification(ucdp_class), io.StringIO())
    assert any(loss.path.startswith("events[0].classifications") for loss in report.losses)


@settings(max_examples=30)
@given(cs.events())
def test_drawn_events_carry_classifications_that_round_trip(event: object) -> None:
    assert isinstance(event, conflict_events.EventBase)
    for classification in event.classifications:
        assert classification.path
    assert conflict_events.from_json(conflict_events.to_json(event), type(event)) == event


def test_the_strategies_draw_classifications() -> None:
    found = find(cs.events(), lambda event: bool(event.classifications))
    assert found.classifications
