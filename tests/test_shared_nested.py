"""Records that share one nested value (as reading by columns makes them) are checked each."""

from __future__ import annotations

import attrs
import pytest

from conflict_events import ValidationError, examples
from conflict_events.model import Attribution


def test_a_shared_nested_record_with_an_unknown_reference_is_reported_for_each_event() -> None:
    """The walk that skips nested records known to resolve never skips one that does not."""
    dataset = examples.dataset()
    shared = Attribution(source="unknown-source")
    events = (
        tuple(attrs.evolve(event, attributions=(shared,)) for event in dataset.events[:2])
        + dataset.events[2:]
    )
    with pytest.raises(ValidationError) as raised:
        attrs.evolve(dataset, events=events)
    paths = [error.path for error in raised.value.errors]
    assert paths == ["events[0].attributions[0].source", "events[1].attributions[0].source"]


def test_a_shared_nested_record_that_resolves_is_accepted() -> None:
    """Sharing one valid nested record between events changes nothing."""
    dataset = examples.dataset()
    shared = dataset.events[0].attributions[0]
    events = tuple(attrs.evolve(event, attributions=(shared,)) for event in dataset.events)
    assert attrs.evolve(dataset, events=events).events == events
