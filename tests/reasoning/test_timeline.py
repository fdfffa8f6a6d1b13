"""Control timelines: holders over time, parts, partial changes, diagnostics, properties."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import ClassVar

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conflict_events import (
    Actor,
    ActorKind,
    ControlChange,
    ControlStatus,
    Dataset,
    Extent,
    FuzzyDate,
    Location,
    LocationKind,
    Span,
    StatementStatus,
)
from conflict_events import strategies as cs
from conflict_events.reasoning import (
    CONTAINER_KINDS,
    PART_KINDS,
    ControlAnswer,
    ControlTimeline,
    DiagnosticKind,
    Timelines,
    change_window,
    controller_at,
)

ACTORS = ("isis", "regime", "sdf", "iraq")
ORIGIN = date(2015, 1, 1)


def change(
    ident: str,
    when: FuzzyDate | Span,
    new: str,
    previous: tuple[str, ...] = (),
    location: str = "palmyra",
    extent: Extent = Extent.FULL,
) -> ControlChange:
    return ControlChange(
        id=ident,
        when=when,
        location=location,
        new_holder=new,
        previous_holders=previous,
        extent=extent,
    )


def place(ident: str, kind: LocationKind, parent: str | None = None) -> Location:
    return Location(id=ident, name=ident.title(), kind=kind, parent=parent)


def dataset(events: list[ControlChange], locations: list[Location] | None = None) -> Dataset:
    return Dataset(
        actors=[Actor(id=a, name=a, kind=ActorKind.REBEL_GROUP) for a in ACTORS],
        locations=locations or [place("palmyra", LocationKind.SETTLEMENT)],
        events=events,
    )


PALMYRA = [
    change("taken-2015", FuzzyDate.month(2015, 5), "isis", ("regime",)),
    change("retaken-2016", FuzzyDate.month(2016, 3), "regime", ("isis",)),
    change("taken-2016", FuzzyDate(date(2016, 12, 11), date(2016, 12, 20)), "isis", ("regime",)),
]


class TestControllerAt:
    @pytest.mark.parametrize(
        ("day", "controller", "candidates"),
        [
            (date(2014, 1, 1), None, ()),
            (date(2015, 1, 1), None, ("regime",)),
            (date(2015, 12, 1), "isis", ("isis",)),
            (date(2016, 6, 1), "regime", ("regime",)),
            (date(2016, 12, 15), None, ("regime", "isis")),
            (date(2016, 12, 21), None, ("isis",)),
            (date(2015, 5, 31), None, ("regime", "isis")),
            (date(2015, 6, 1), "isis", ("isis",)),
        ],
    )
    def test_palmyra(self, day: date, controller: str | None, candidates: tuple[str, ...]) -> None:
        """
        The holder follows the changes; inside a change's window both are candidates.

        Before the first change and after the last the holder is only last
        known, and unknown beyond the horizon (here 365 days).
        """
        answer = Timelines.build(dataset(PALMYRA), horizon=365).controller_at("palmyra", day)
        assert answer.controller == controller
        assert answer.candidates == candidates
        assert answer.certain is (controller is not None)

    def test_answer_names_the_changes_it_rests_on(self) -> None:
        """Inside a window the answer lists the previous change and the pending one."""
        answer = controller_at(dataset(PALMYRA), "palmyra", date(2016, 12, 15))
        assert answer.event_ids == ("retaken-2016", "taken-2016")
        assert "one of regime, isis" in str(answer)

    def test_known_location_without_record_is_no_record(self) -> None:
        """A location of the data without any change is answered, not an error: no candidates."""
        locations = [
            place("palmyra", LocationKind.SETTLEMENT),
            place("raqqa", LocationKind.SETTLEMENT),
        ]
        answer = Timelines.build(dataset(PALMYRA, locations)).controller_at(
            "raqqa", date(2016, 1, 1)
        )
        assert answer.candidates == ()
        assert answer.controller is None
        assert not answer.certain
        assert not answer.known
        assert str(answer) == "raqqa on 2016-01-01: no record"

    def test_no_previous_holder_is_unknown_before_first_change(self) -> None:
        """Before a first change with no stated previous holder, the holder is unknown."""
        timelines = Timelines.build([change("a", FuzzyDate.day(2016, 1, 1), "isis")])
        before = timelines.controller_at("palmyra", date(2015, 1, 1))
        assert before.candidates == ()
        during = timelines.controller_at("palmyra", date(2016, 1, 1))
        assert during.candidates == ("isis",)
        assert not during.certain
        after = timelines.controller_at("palmyra", date(2016, 1, 2))
        assert (after.last_known, after.certain, after.candidates) == ("isis", False, ("isis",))

    def test_overlapping_windows_leave_the_order_open(self) -> None:
        """After two changes whose order cannot be decided, either new holder may hold it."""
        timelines = Timelines.build(
            [
                change("a", FuzzyDate.month(2016, 3), "regime", ("isis",)),
                change("b", FuzzyDate(date(2016, 3, 20), date(2016, 4, 5)), "isis", ("regime",)),
            ]
        )
        answer = timelines.controller_at("palmyra", date(2016, 5, 1))
        assert set(answer.candidates) == {"regime", "isis"}
        assert not answer.certain

    def test_span_change_counts_over_the_whole_span(self) -> None:
        """A change given as a span may have happened on any of its days."""
        when = Span(FuzzyDate.month(2016, 10), FuzzyDate.month(2017, 1))
        assert change_window(change("a", when, "iraq")) == FuzzyDate(
            date(2016, 10, 1), date(2017, 1, 31)
        )
        open_span = Span(FuzzyDate.month(2016, 10))
        assert change_window(change("b", open_span, "iraq")) == FuzzyDate.month(2016, 10)
        timelines = Timelines.build([change("a", when, "iraq", ("isis",))])
        assert not timelines.controller_at("palmyra", date(2016, 12, 1)).certain
        assert timelines.controller_at("palmyra", date(2017, 2, 1)).last_known == "iraq"

    def test_partial_changes_do_not_change_the_holder(self) -> None:
        """Someone taking part of a place leaves the holder of the whole, and is listed."""
        partial = change("p", FuzzyDate.day(2016, 7, 1), "sdf", ("regime",), extent=Extent.PARTIAL)
        timelines = Timelines.build(dataset([*PALMYRA, partial]))
        answer = timelines.controller_at("palmyra", date(2016, 8, 1))
        assert answer.controller == "regime"
        assert [c.id for c in answer.partial] == ["p"]
        assert timelines.controller_at("palmyra", date(2016, 6, 1)).partial == ()
        assert [c.id for c in timelines.timeline("palmyra").partial_changes] == ["p"]


class TestParts:
    LOCATIONS: ClassVar[list[Location]] = [
        place("syria", LocationKind.COUNTRY),
        place("homs", LocationKind.ADMIN1, "syria"),
        place("palmyra", LocationKind.SETTLEMENT, "homs"),
        place("theatre", LocationKind.HERITAGE_SITE, "palmyra"),
        place("east", LocationKind.SETTLEMENT_PART, "palmyra"),
        place("campus", LocationKind.UNIVERSITY, "east"),
        place("tadmur", LocationKind.SETTLEMENT, "homs"),
        place("dam", LocationKind.DAM, "syria"),
    ]

    def timelines(self, *extra: ControlChange) -> Timelines:
        return Timelines.build(dataset([*PALMYRA, *extra], self.LOCATIONS))

    def test_part_inherits_from_the_whole(self) -> None:
        """A part with no change of its own has its container's holder, through several levels."""
        timelines = self.timelines()
        for part in ("theatre", "east", "campus"):
            answer = timelines.controller_at(part, date(2016, 6, 1))
            assert answer.controller == "regime"
            assert answer.answered_by == "palmyra"

    def test_change_in_a_part_does_not_change_the_whole(self) -> None:
        """Taking the eastern district changes it and its parts, not the city."""
        east = change("east-1", FuzzyDate.day(2016, 7, 1), "sdf", ("regime",), location="east")
        timelines = self.timelines(east)
        assert timelines.controller_at("palmyra", date(2016, 8, 1)).controller == "regime"
        assert timelines.controller_at("east", date(2016, 8, 1)).controller == "sdf"
        assert timelines.controller_at("east", date(2016, 8, 1)).answered_by == "east"
        assert timelines.controller_at("campus", date(2016, 8, 1)).controller == "sdf"
        assert timelines.controller_at("theatre", date(2016, 8, 1)).controller == "regime"
        # A later change to the whole applies to the part again.
        assert timelines.controller_at("east", date(2017, 1, 1)).last_known == "isis"

    def test_admin_units_are_not_holdings(self) -> None:
        """Neither a change in a province reaches its towns, nor a town's change the province."""
        province = change("homs-1", FuzzyDate.day(2016, 7, 1), "sdf", location="homs")
        timelines = self.timelines(province)
        assert timelines.controller_at("tadmur", date(2016, 8, 1)).candidates == ()
        assert timelines.controller_at("palmyra", date(2016, 8, 1)).controller == "regime"
        assert timelines.controller_at("homs", date(2015, 12, 1)).candidates == ()
        assert timelines.controller_at("dam", date(2016, 8, 1)).candidates == ()

    def test_holdings_mark_inherited_stretches(self) -> None:
        """A part's table shows which holdings come from its container."""
        east = change("east-1", FuzzyDate.day(2016, 7, 1), "sdf", ("regime",), location="east")
        holdings = self.timelines(east).holdings("east")
        assert [(h.holders, h.inherited) for h in holdings] == [
            (("regime",), True),
            (("isis",), True),
            (("regime",), True),
            (("sdf",), False),
            (("isis",), True),
        ]


class TestHoldings:
    def test_succession(self) -> None:
        """Holdings run from one change's window to the next, open at both ends."""
        holdings = Timelines.build(PALMYRA).holdings("palmyra")
        assert [h.holders for h in holdings] == [("regime",), ("isis",), ("regime",), ("isis",)]
        assert holdings[0].start is None
        assert holdings[0].end == FuzzyDate.month(2015, 5)
        assert holdings[-1].end is None
        assert holdings[-1].started_by is not None
        assert holdings[-1].started_by.id == "taken-2016"
        assert all(h.ordered and h.certain for h in holdings)

    def test_no_record_has_no_holdings(self) -> None:
        """A location without changes has an empty table."""
        raqqa = place("raqqa", LocationKind.SETTLEMENT)
        assert Timelines.build(PALMYRA, locations=[raqqa]).holdings("raqqa") == ()
        assert ControlTimeline.of("raqqa", []).holdings() == ()

    def test_unordered_holdings_are_marked(self) -> None:
        """Holdings whose opening change overlaps a neighbour are not ordered."""
        holdings = Timelines.build(
            [
                change("a", FuzzyDate.month(2016, 3), "regime", ("isis",)),
                change("b", FuzzyDate.day(2016, 3, 20), "sdf"),
            ]
        ).holdings("palmyra")
        assert [h.ordered for h in holdings] == [False, False, False]


class TestDiagnostics:
    def kinds(self, *events: ControlChange) -> list[tuple[DiagnosticKind, tuple[str, ...]]]:
        return [(d.kind, d.event_ids) for d in Timelines.build(events).diagnostics()]

    def test_consistent_record_has_none(self) -> None:
        """Palmyra's three changes agree with one another."""
        assert self.kinds(*PALMYRA) == []

    def test_previous_holder_mismatch(self) -> None:
        """A change naming a previous holder other than the record's is reported."""
        wrong = change("c", FuzzyDate.day(2017, 1, 5), "regime", ("sdf",))
        found = self.kinds(*PALMYRA, wrong)
        assert (DiagnosticKind.PREVIOUS_HOLDER_MISMATCH, ("taken-2016", "c")) in found

    def test_undecided_order(self) -> None:
        """Overlapping windows with different new holders are reported."""
        found = self.kinds(
            change("a", FuzzyDate.month(2016, 3), "regime", ("isis",)),
            change("b", FuzzyDate.day(2016, 3, 20), "isis", ("regime",)),
        )
        assert found == [(DiagnosticKind.UNDECIDED_ORDER, ("a", "b"))]

    def test_taken_twice(self) -> None:
        """The same actor taking a place twice with no loss between is reported."""
        found = self.kinds(
            change("a", FuzzyDate.day(2016, 3, 1), "regime", ("isis",)),
            change("b", FuzzyDate.day(2016, 5, 1), "regime", ("isis",)),
        )
        assert (DiagnosticKind.TAKEN_TWICE, ("a", "b")) in found
        assert (DiagnosticKind.PREVIOUS_HOLDER_MISMATCH, ("a", "b")) in found

    def test_unknown_before_first(self) -> None:
        """A first change without a previous holder leaves the earlier holder unknown."""
        found = Timelines.build([change("a", FuzzyDate.day(2016, 3, 1), "regime")]).diagnostics()
        assert [d.kind for d in found] == [DiagnosticKind.UNKNOWN_BEFORE_FIRST]
        assert str(found[0]).startswith("palmyra: unknown_before_first: ")


# -- properties ------------------------------------------------------------------------


@st.composite
def change_lists(draw: st.DrawFn, *, max_size: int = 8) -> list[ControlChange]:
    """Changes at one place with windows of 1-30 days within two years, some partial."""
    size = draw(st.integers(0, max_size))
    result = []
    for index in range(size):
        start = draw(st.integers(0, 700))
        width = draw(st.sampled_from([0, 0, 0, 3, 10, 29]))
        new = draw(st.sampled_from(ACTORS))
        previous = draw(st.lists(st.sampled_from(ACTORS), max_size=2, unique=True))
        result.append(
            change(
                f"c{index}",
                FuzzyDate(ORIGIN + timedelta(start), ORIGIN + timedelta(start + width)),
                new,
                tuple(p for p in previous if p != new),
                extent=draw(st.sampled_from([Extent.FULL, Extent.FULL, Extent.PARTIAL])),
            )
        )
    return result


days = st.integers(-400, 1100).map(lambda n: ORIGIN + timedelta(n))
PLACE = place("palmyra", LocationKind.SETTLEMENT)


def brute_force(
    changes: list[ControlChange], day: date, horizon: int = 365
) -> tuple[set[str], bool]:
    """
    The answer by scanning every change: candidates and certainty.

    Certain only between the first and the last change; before and after,
    the nearest change's holders while closer than the horizon, never certain.
    """
    full = [c for c in changes if c.extent is Extent.FULL]
    if not full:
        return set(), False
    windows = {c.id: change_window(c) for c in full}
    first = min(w.earliest for w in windows.values())
    last = max(w.latest for w in windows.values())
    outside = day < first or day > last
    if outside and ((first - day).days >= horizon or (day - last).days >= horizon):
        return set(), False
    done = [c for c in full if windows[c.id].latest < day]
    pending = [c for c in full if windows[c.id].contains(day)]
    if done:
        greatest = max(windows[c.id].earliest for c in done)
        prior = {c.new_holder for c in done if windows[c.id].latest >= greatest}
        complete = True
    else:
        least = min(w.latest for w in windows.values())
        firsts = [c for c in full if windows[c.id].earliest <= least]
        prior = {p for c in firsts for p in c.previous_holders}
        complete = bool(prior)
    candidates = prior | {c.new_holder for c in pending}
    return candidates, complete and len(candidates) == 1 and not outside


class TestProperties:
    @given(change_lists(), st.lists(days, min_size=1, max_size=10))
    def test_agrees_with_brute_force(
        self, changes: list[ControlChange], queries: list[date]
    ) -> None:
        """The binary-searched answer equals a scan over every change."""
        timelines = Timelines.build(changes, locations=[PLACE], horizon=365)
        for day in queries:
            answer = timelines.controller_at("palmyra", day)
            candidates, certain = brute_force(changes, day)
            assert set(answer.candidates) == candidates
            assert len(answer.candidates) == len(candidates)
            assert answer.certain is certain
            assert answer.controller == (answer.candidates[0] if certain else None)

    @given(
        st.lists(st.integers(0, 700), unique=True, max_size=8),
        st.lists(st.sampled_from(ACTORS), min_size=9, max_size=9),
        days,
    )
    def test_exact_days_follow_the_last_change(
        self, offsets: list[int], holders: list[str], day: date
    ) -> None:
        """With exact, consistent days the holder is the last change's new holder."""
        offsets.sort()
        changes = []
        sequence = [holders[0]]
        for index, offset in enumerate(offsets):
            new = holders[index + 1]
            if new == sequence[-1]:
                continue
            changes.append(
                change(f"c{index}", FuzzyDate.on(ORIGIN + timedelta(offset)), new, (sequence[-1],))
            )
            sequence.append(new)
        answer = Timelines.build(changes, locations=[PLACE]).controller_at("palmyra", day)
        if changes:
            _check_last_change(changes, answer, day)
        else:
            assert answer.candidates == ()

    @given(
        change_lists(), st.integers(0, 740), st.sampled_from(ACTORS), st.sampled_from(ACTORS), days
    )
    def test_a_certain_change_keeps_certain_answers_certain(
        self, changes: list[ControlChange], offset: int, new: str, previous: str, day: date
    ) -> None:
        """Adding an exact-day change outside every window keeps certain answers outside them certain."""
        when = ORIGIN + timedelta(offset)
        windows = [change_window(c) for c in changes]
        assume(not any(w.contains(when) or w.contains(day) for w in windows))
        assume(day != when)
        assume(new != previous)
        before = Timelines.build(changes, locations=[PLACE]).controller_at("palmyra", day)
        added = change("x", FuzzyDate.on(when), new, (previous,))
        after = Timelines.build([*changes, added]).controller_at("palmyra", day)
        if before.certain:
            assert after.certain
            if day < when:
                assert after.controller in {before.controller, previous}
            else:
                assert after.controller in {new, before.controller}

    @given(change_lists(max_size=6), days)
    def test_certain_answers_are_one_of_the_holders_named(
        self, changes: list[ControlChange], day: date
    ) -> None:
        """Every candidate is a holder some change names; a certain answer has one."""
        answer = Timelines.build(changes, locations=[PLACE]).controller_at("palmyra", day)
        named = {c.new_holder for c in changes} | {p for c in changes for p in c.previous_holders}
        assert set(answer.candidates) <= named
        assert not answer.certain or len(answer.candidates) == 1


def only_projected(event: ControlChange | ControlStatus) -> bool:
    """Every statement of *event* is a projection: no evidence of control, so timelines skip it."""
    return bool(event.attributions) and all(
        a.status is StatementStatus.PROJECTED for a in event.attributions
    )


def effective_changes(data: Dataset, location: str) -> list[ControlChange]:
    """
    A location's own full changes and, while it is a part of a container, its container's.

    Changes stated only as projections are left out, as timelines leave them out.
    """
    result: list[ControlChange] = []
    current: str | None = location
    while current is not None:
        result.extend(
            e
            for e in data.events_of(ControlChange)
            if isinstance(e, ControlChange) and e.location == current and not only_projected(e)
        )
        place = data.location(current)
        parent = data.location(place.parent) if place.parent else None
        if parent is None or place.kind not in PART_KINDS or parent.kind not in CONTAINER_KINDS:
            break
        current = parent.id
    return result


class TestGeneratedDatasets:
    @given(cs.datasets(max_locations=4, max_events=10), st.lists(days, min_size=1, max_size=5))
    def test_answers_follow_the_part_of_chain(self, data: Dataset, queries: list[date]) -> None:
        """On any valid dataset, each place answers as a scan over its own and its containers' changes.

        Where the place has reported statuses only the consistency of the
        probabilities is checked here.
        """
        timelines = Timelines.build(data, horizon=365)  # the horizon brute_force assumes
        for location in data.locations:
            changes = effective_changes(data, location.id)
            extra = [
                d for c in changes for d in (change_window(c).earliest, change_window(c).latest)
            ]
            statuses = [
                e
                for e in data.events
                if isinstance(e, ControlStatus)
                and e.location == location.id
                and e.extent is Extent.FULL
                and not only_projected(e)
            ]
            for day in [*queries, *extra]:
                answer = timelines.controller_at(location.id, day)
                assert math.isclose(sum(answer.probabilities.values()), 1.0)
                one = [holder for holder, p in answer.probabilities.items() if p == 1.0]
                assert answer.certain is (one not in ([], [None]))
                if statuses:  # statuses are checked in test_evidence.py
                    continue
                candidates, certain = brute_force(changes, day)
                assert set(answer.candidates) == candidates
                assert answer.certain is certain
        for diagnostic in timelines.diagnostics():
            assert set(diagnostic.event_ids) <= {e.id for e in data.events}


class TestReportedStatus:
    """A ControlStatus fills what the changes leave unknown, and is checked against them."""

    PLACE = "deir"

    def status(
        self, when: FuzzyDate | Span, holder: str = "army", ident: str = "s"
    ) -> ControlStatus:
        return ControlStatus(id=ident, when=when, location=self.PLACE, holder=holder)

    def test_a_span_status_answers_surely_inside_and_possibly_at_its_edges(self) -> None:
        """Days the span surely covers are certain; days it may cover give a candidate only."""
        status = self.status(Span(FuzzyDate.month(2015, 1), FuzzyDate.day(2017, 2, 4)))
        timelines = Timelines.build([status])
        sure = timelines.controller_at(self.PLACE, date(2016, 5, 1))
        assert (sure.controller, sure.certain, sure.event_ids) == ("army", True, ("s",))
        edge = timelines.controller_at(self.PLACE, date(2015, 1, 10))
        assert (edge.controller, edge.candidates, edge.certain) == (None, ("army",), False)
        after = timelines.controller_at(self.PLACE, date(2017, 2, 5))
        assert (after.last_known, after.certain, after.distance_days) == ("army", False, 1)
        beyond = date(2017, 2, 4) + timedelta(days=timelines.horizon)
        assert timelines.controller_at(self.PLACE, beyond - timedelta(days=1)).known
        assert not timelines.controller_at(self.PLACE, beyond).known

    def test_a_later_status_answers_after_the_last_change(self) -> None:
        """After the last change a status is the nearest evidence: it answers, and is diagnosed."""
        change = ControlChange(
            id="c",
            when=FuzzyDate.day(2016, 1, 1),
            location=self.PLACE,
            new_holder="rebels",
            previous_holders=("army",),
        )
        status = self.status(FuzzyDate.day(2016, 6, 1))
        timelines = Timelines.build([change, status])
        answer = timelines.controller_at(self.PLACE, date(2016, 6, 1))
        assert (answer.controller, answer.certain) == ("army", True)
        kinds = [d.kind for d in timelines.diagnostics()]
        assert kinds == [DiagnosticKind.STATUS_MISMATCH]

    def test_a_status_contradicting_a_covered_span_is_kept(self) -> None:
        """Between two changes a contradicting status makes both holders candidates."""
        changes = [
            ControlChange(id=ident, when=FuzzyDate.day(*day), location=self.PLACE, new_holder=new)
            for ident, day, new in (("c", (2016, 1, 1), "rebels"), ("d", (2016, 9, 1), "army"))
        ]
        status = self.status(FuzzyDate.day(2016, 6, 1))
        answer = Timelines.build([*changes, status]).controller_at(self.PLACE, date(2016, 6, 1))
        assert (answer.certain, answer.candidates) == (False, ("rebels", "army"))
        assert answer.event_ids == ("c", "s")
        assert answer.probabilities == {"rebels": 0.5, "army": 0.5}

    def test_a_contradicted_status_is_diagnosed(self) -> None:
        """A status naming another holder than the changes' certain one is reported."""
        change = ControlChange(
            id="c",
            when=FuzzyDate.day(2016, 1, 1),
            location=self.PLACE,
            new_holder="rebels",
        )
        status = self.status(FuzzyDate.day(2016, 6, 1))
        (diagnostic,) = [
            d
            for d in Timelines.build([change, status]).diagnostics()
            if d.kind is DiagnosticKind.STATUS_MISMATCH
        ]
        assert diagnostic.event_ids == ("c", "s")
        assert "'army'" in diagnostic.message
        assert "'rebels'" in diagnostic.message

    def test_two_holders_reported_for_one_day_are_both_candidates(self) -> None:
        """Conflicting statuses on the same day leave the answer uncertain."""
        statuses = [
            self.status(FuzzyDate.day(2016, 6, 1)),
            self.status(FuzzyDate.day(2016, 6, 1), holder="rebels", ident="t"),
        ]
        answer = Timelines.build(statuses).controller_at(self.PLACE, date(2016, 6, 1))
        assert set(answer.candidates) == {"army", "rebels"}
        assert answer.certain is False

    def test_partial_statuses_do_not_answer_for_the_whole(self) -> None:
        """A status about part of a place says nothing about who holds all of it."""
        status = ControlStatus(
            id="s",
            when=FuzzyDate.day(2016, 6, 1),
            location=self.PLACE,
            holder="army",
            extent=Extent.PARTIAL,
        )
        assert not Timelines.build([status]).controller_at(self.PLACE, date(2016, 6, 1)).known

    def test_the_example_answers_for_deir_ez_zor(self) -> None:
        """The report says the government held Deir ez-Zor through the siege."""
        from conflict_events import examples

        answer = Timelines.build(examples.dataset()).controller_at("deir-ez-zor", date(2016, 1, 1))
        assert (answer.controller, answer.certain) == ("syrian-government", True)


def _check_last_change(changes: list[ControlChange], answer: ControlAnswer, day: date) -> None:
    """The answer for *day* over exact, consistent *changes*: the last change's new holder."""
    before = [c for c in changes if c.start.earliest < day]
    on_day = [c for c in changes if c.start.earliest == day]
    expected = before[-1].new_holder if before else changes[0].previous_holders[0]
    inside = changes[0].start.earliest < day < changes[-1].start.earliest
    if on_day:
        assert answer.candidates == (expected, on_day[0].new_holder)
        assert not answer.certain
    elif inside:
        assert answer.controller == expected
        assert answer.certain
    else:
        assert not answer.certain
        assert answer.last_known == expected
    assert Timelines.build(changes).diagnostics() == []
