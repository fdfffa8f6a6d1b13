"""match, match_all and integrate on the real samples and on coarsened, shuffled copies of them."""

import random
from functools import cache

import attrs
import pytest

from conflict_events import ConflictEventsError, Dataset, ValidationError
from conflict_events.examples import sample
from conflict_events.formats.acled import read_acled
from conflict_events.formats.ucdp import read_ucdp
from conflict_events.matching import Match, Matches, integrate, match, match_all
from conflict_events.model import LocationKind, SpatialPrecision
from conflict_events.temporal import FuzzyDate, Span

SAMPLES = {
    "ucdp231": ("ucdp_ged_231_syria_iraq_sample.csv", read_ucdp),
    "ucdp191": ("ucdp_ged_191_sample.csv", read_ucdp),
    "acled": ("acled_v6_africa_2016_sample.csv", read_acled),
}


@cache
def loaded(name: str) -> Dataset:
    file, reader = SAMPLES[name]
    return reader(sample(file))


def _month(day: FuzzyDate) -> FuzzyDate:
    if (day.earliest.year, day.earliest.month) != (day.latest.year, day.latest.month):
        return day
    return FuzzyDate.month(day.earliest.year, day.earliest.month)


def copy_id(ident: str) -> str:
    return "copy-" + ident


@cache
def coarsened(name: str, seed: int = 0) -> Dataset:
    """The sample with dates widened to their month, places dropped to admin1, renamed, shuffled."""
    dataset = loaded(name)
    events = []
    for event in dataset.events:
        when = event.when
        if isinstance(when, Span):
            when = Span(_month(when.start), None if when.end is None else _month(when.end))
        else:
            when = _month(when)
        location = event.location
        if location is not None:
            chain = [dataset.location(location), *dataset.ancestors(location)]
            areas = [p for p in chain if p.kind is LocationKind.ADMIN1] or [
                p for p in chain if p.kind is LocationKind.COUNTRY
            ]
            location = areas[0].id if areas else location
        events.append(
            attrs.evolve(
                event,
                id=copy_id(event.id),
                when=when,
                location=location,
                location_precision=SpatialPrecision.ADMIN1,
            )
        )
    random.Random(seed).shuffle(events)  # noqa: S311 - a test's fixed shuffle
    return attrs.evolve(dataset, events=tuple(events))


def _best(matches: Matches, ident: str) -> float:
    return max((m.probability for m in matches if m.left_id == ident), default=0.0)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_sample_finds_each_event_as_its_own_best_match(name: str) -> None:
    dataset = loaded(name)
    matches = match(dataset, dataset, min_probability=0.0)
    own = {m.left_id: m.probability for m in matches if m.left_id == m.right_id}
    for event in dataset.events:
        assert own[event.id] == _best(matches, event.id)
        assert own[event.id] > 0.5


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_matcher_finds_the_events_in_a_coarsened_shuffled_copy(name: str) -> None:
    dataset, copy = loaded(name), coarsened(name)
    matches = match(dataset, copy, min_probability=0.0)
    truth = {(e.id, copy_id(e.id)) for e in dataset.events}
    found = {(m.left_id, m.right_id) for m in matches}
    assert truth <= found  # blocking loses none
    above = {(m.left_id, m.right_id) for m in matches.above(0.5)}
    # Coarsening makes some events twins (same admin1, month, type, actors and deaths):
    # their copies share the probability, so at 0.5 what is found is right.
    assert len(truth & above) / len(above) >= 0.95
    assert len(truth & above) / len(truth) >= 0.75
    # Without rivals each pair has its pattern's probability, never below its shared one,
    # and nearly every twin is above 0.5 again (events placed only by country stay below).
    alone = match(dataset, copy, min_probability=0.0, rivals=False)
    shared = {(m.left_id, m.right_id): m.probability for m in matches}
    assert all(m.probability >= shared[m.left_id, m.right_id] - 1e-12 for m in alone)
    assert len(truth & {(m.left_id, m.right_id) for m in alone.above(0.5)}) / len(truth) >= 0.95
    for left, right in truth:  # the truth's pattern is its event's best (or ties it)
        probability = next(m.probability for m in alone if (m.left_id, m.right_id) == (left, right))
        assert probability == _best(alone, left)


def _as_set(matches: Matches) -> dict[tuple[str, str], tuple[float, tuple[object, ...]]]:
    return {(m.left_id, m.right_id): (m.probability, m.evidence) for m in matches}


def test_match_is_symmetric() -> None:
    left, right = loaded("ucdp191"), coarsened("ucdp191")
    one = match(left, right)
    two = match(right, left)
    assert _as_set(one) == _as_set(Matches(tuple(m.swapped() for m in two), two.model))
    assert one.model == two.model


def _renamed(dataset: Dataset, prefix: str) -> Dataset:
    return attrs.evolve(
        dataset, events=tuple(attrs.evolve(e, id=prefix + e.id) for e in dataset.events)
    )


def test_match_all_does_not_depend_on_the_order_of_datasets() -> None:
    datasets = [
        loaded("ucdp191"),
        coarsened("ucdp191"),
        _renamed(coarsened("ucdp191", seed=1), "again-"),
    ]
    first = match_all(datasets)
    for order in ([2, 0, 1], [1, 2, 0]):
        again = match_all([datasets[i] for i in order])
        assert _as_set(again) == _as_set(first)
    ids = {m.left_id for m in first} | {m.right_id for m in first}
    assert any(i.startswith("again-") for i in ids)
    assert all(m.left_id <= m.right_id for m in first)


def test_events_of_one_dataset_are_never_paired_by_match_all() -> None:
    dataset = loaded("ucdp231")
    assert len(match_all([dataset])) == 0


def test_a_match_unpacks_and_explains_itself() -> None:
    dataset = loaded("ucdp231")
    matches = match(dataset, dataset)
    left_id, _right_id, probability, evidence = matches[0]
    assert isinstance(matches[0], Match)
    assert 0.0 <= probability <= 1.0
    assert [e.comparison for e in evidence] == ["date", "place", "type", "actors", "fatalities"]
    assert all(e.weight == 0.0 for e in evidence if e.level is None)
    assert matches.of(left_id)[0].probability >= matches.of(left_id)[-1].probability


def test_a_given_model_is_applied_as_it_is() -> None:
    dataset, copy = loaded("ucdp231"), coarsened("ucdp231")
    fitted = match(dataset, copy)
    again = match(dataset, copy, model=fitted.model)
    assert _as_set(again) == _as_set(fitted)


@pytest.mark.parametrize("backend", ["pandas", "polars", "arrow"])
def test_matches_as_frames(backend: str) -> None:
    dataset = loaded("ucdp231")
    matches = match(dataset, dataset)
    frame = matches.to_frame(backend)
    assert len(frame) == len(matches)
    columns = list(frame.columns) if backend != "arrow" else frame.column_names
    assert columns[:3] == ["left_id", "right_id", "probability"]
    assert "date_level" in columns
    assert "fatalities_weight" in columns


def test_an_unknown_backend_and_bad_options_are_errors() -> None:
    dataset = loaded("ucdp231")
    with pytest.raises(ConflictEventsError, match="unknown backend 'excel'"):
        match(dataset, dataset).to_frame("excel")
    with pytest.raises(ConflictEventsError, match="min_probability must be between 0 and 1, not 2"):
        match(dataset, dataset, min_probability=2)
    with pytest.raises(ConflictEventsError, match="matches_per_event must be above 0"):
        match(dataset, dataset, matches_per_event=0)


def test_integrate_clusters_matches_and_keeps_every_record() -> None:
    dataset, copy = loaded("ucdp231"), coarsened("ucdp231")
    matches = match(dataset, copy)
    joined = integrate([dataset, copy], matches, threshold=0.5)
    assert len(joined.events) == len(dataset.events) + len(copy.events)
    incidents = joined.extensions["matching"]["incidents"]
    members = [ident for incident in incidents for ident in incident["events"]]
    assert len(members) == len(set(members))
    for event in dataset.events:
        mine = joined.event(event.id)
        theirs = joined.event(copy_id(event.id))
        # Nothing is lost or changed but the extension.
        assert attrs.evolve(mine, extensions=event.extensions) == event
        assert mine.extensions["matching"]["incident"] == theirs.extensions["matching"]["incident"]
        assert copy_id(event.id) in {m["event"] for m in mine.extensions["matching"]["matches"]}
    assert integrate([copy, dataset], matches, threshold=0.5).extensions == joined.extensions


def test_integrate_refuses_unknown_events_and_a_second_pass() -> None:
    dataset = loaded("ucdp231")
    stray = Match("ucdp:nope", dataset.events[0].id, 0.9, ())
    with pytest.raises(ValidationError) as caught:
        integrate([dataset], [stray])
    assert caught.value.errors[0].path == "matches[0].left_id"
    assert "'ucdp:nope'" in caught.value.errors[0].message
    joined = integrate([dataset, coarsened("ucdp231")], match(dataset, coarsened("ucdp231")))
    with pytest.raises(ValidationError, match="integrate a dataset once"):
        integrate([joined], [])
    with pytest.raises(ValidationError, match="is not between 0 and 1"):
        integrate([dataset], [], threshold=1.5)
