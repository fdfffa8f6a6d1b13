"""The fast paths agree with the slow ones they stand in for: same values, same refusals."""

from __future__ import annotations

from typing import Any

import pytest
from cattrs.errors import ClassValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from conflict_events import Dataset, ValidationError, from_dict, to_dict
from conflict_events import strategies as cs
from conflict_events.formats import converter
from conflict_events.formats.converter import detailed_converter, fast_converter
from conflict_events.model import Event
from conflict_events.model.dataset import _resolves, iter_references
from conflict_events.model.fields import ReferenceKind
from conflict_events.temporal import FuzzyDate, Span, TemporalError


def _records(dataset: Dataset) -> list[Any]:
    return [*dataset.actors, *dataset.locations, *dataset.sources, *dataset.events]


class TestReferenceCheck:
    """The constructor's quick reference check finds what `iter_references` finds."""

    @given(cs.datasets(), st.data())
    def test_agrees_with_iter_references(self, dataset: Dataset, data: st.DataObject) -> None:
        """With some ids taken out of the indexes, both say the same record is unresolved."""
        indexes: dict[ReferenceKind, dict[str, Any]] = {kind: {} for kind in ReferenceKind}
        for kind, items in (
            (ReferenceKind.ACTOR, dataset.actors),
            (ReferenceKind.LOCATION, dataset.locations),
            (ReferenceKind.SOURCE, dataset.sources),
            (ReferenceKind.EVENT, dataset.events),
        ):
            for item in items:
                if data.draw(st.booleans(), label=f"keep {kind.value} {item.id}"):
                    indexes[kind][item.id] = item
        known: set[int] = set()  # shared across records, as the dataset shares it
        for record in _records(dataset):
            expected = all(ident in indexes[kind] for _, kind, ident in iter_references(record))
            assert _resolves(record, indexes) is expected
            assert _resolves(record, indexes, known) is expected

    @given(cs.datasets())
    def test_full_indexes_resolve_everything(self, dataset: Dataset) -> None:
        """In a valid dataset every record resolves."""
        indexes = {
            ReferenceKind.ACTOR: {a.id: a for a in dataset.actors},
            ReferenceKind.LOCATION: {loc.id: loc for loc in dataset.locations},
            ReferenceKind.SOURCE: {s.id: s for s in dataset.sources},
            ReferenceKind.EVENT: {e.id: e for e in dataset.events},
        }
        assert all(_resolves(record, indexes) for record in _records(dataset))


class TestConverters:
    """The fast converter and the detailed one build the same values and refuse the same input."""

    @given(cs.datasets())
    def test_same_value_on_valid_input(self, dataset: Dataset) -> None:
        """Both converters read a valid document back to the same, equal dataset."""
        document = to_dict(dataset)
        fast = fast_converter().structure(document, Dataset)
        detailed = detailed_converter().structure(to_dict(dataset), Dataset)
        assert fast == detailed == dataset

    @given(cs.datasets(max_events=3), st.data())
    def test_both_refuse_a_corrupted_document(self, dataset: Dataset, data: st.DataObject) -> None:
        """A value of the wrong JSON type anywhere is refused by the fast converter and the detailed one."""
        document = to_dict(dataset)
        paths: list[list[Any]] = []

        def walk(node: Any, keys: list[Any]) -> None:
            if keys:
                paths.append(keys)
            if isinstance(node, dict) and (not keys or keys[-1] != "extensions"):
                for key, value in node.items():
                    walk(value, [*keys, key])
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    walk(value, [*keys, index])

        walk(document, [])
        keys = data.draw(st.sampled_from(paths))
        assume("external_ids" not in keys[:-1])
        node = document
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = {"not": "valid"} if not isinstance(node[keys[-1]], dict) else [1]
        # The fast converter refuses a wrong type or a wrong value (FieldError and
        # TemporalError are ValueErrors); the detailed one gathers what it meets.
        with pytest.raises((TypeError, ValueError)):
            fast_converter().structure(document, Dataset)
        with pytest.raises(ClassValidationError):
            detailed_converter().structure(document, Dataset)
        with pytest.raises(ValidationError):
            from_dict(document, Dataset)

    @given(cs.events())
    def test_events_through_the_union(self, event: Event) -> None:
        """An event read through the union equals the one read by its own class."""
        data = to_dict(event)
        assert fast_converter().structure(data, Event) == event
        assert fast_converter().structure(dict(data), type(event)) == event


class TestDateCache:
    """Parsed EDTF values are cached by their text; a cached value equals a fresh parse."""

    @given(cs.edtf_strings())
    def test_cached_equals_fresh(self, text: str) -> None:
        """The cached structure hook returns what FuzzyDate.parse / Span.parse return."""
        fresh = Span.parse(text) if "/" in text else FuzzyDate.parse(text)
        assert converter._structure_when(text, None) == fresh
        assert converter._structure_when(text, None) == fresh  # now from the cache
        if "/" not in text:
            assert converter._structure_fuzzy_date(text, None) == fresh

    @pytest.mark.parametrize("text", ["2017-02-30", "2017-13", "nonsense", "2017/2016", ""])
    def test_bad_text_raises_every_time(self, text: str) -> None:
        """A refused text is refused again on the second try: errors are not cached away."""
        for _ in range(2):
            with pytest.raises((TemporalError, ValueError)):
                converter._structure_when(text, None)

    def test_non_strings_are_refused(self) -> None:
        """Numbers, lists and None are not EDTF text, cached or not."""
        for value in (2017, ["2017"], None, 20.5):
            with pytest.raises(TemporalError):
                converter._structure_when(value, None)
