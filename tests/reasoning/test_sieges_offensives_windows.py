"""Sieges, offensives and event windows, on small cases and on the built-in example."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import (
    AccessAction,
    Attack,
    ControlChange,
    Estimate,
    FuzzyDate,
    HumanitarianAccess,
    Offensive,
    OffensiveOutcome,
    Siege,
    Span,
    reasoning,
)
from conflict_events.examples import PUBLISHED, dataset
from conflict_events.reasoning import (
    Follows,
    SiegePhase,
    access_interruptions,
    besieged_population,
    check_followed,
    following,
    follows_within,
    initiated_by,
    losses_of,
    offensive_result,
    offensive_results,
    siege_duration,
    siege_status,
    sieges_at,
)

SIEGE = Siege(
    id="s",
    when=Span(FuzzyDate.month(2015, 1)),
    location="town",
    besiegers=("a",),
    besieged=("b",),
    civilian_population=Estimate.about(1000),
)


def _isort_key(name: str) -> tuple[int, str]:
    """Constants first, then classes, then functions (ruff's RUF022)."""
    if name.isupper():
        return (0, name)
    return (1 if name[0].isupper() else 2, name)


def test_public_names_sorted_and_importable() -> None:
    """The package exports a sorted __all__, every name of which exists."""
    assert reasoning.__all__ == sorted(reasoning.__all__, key=_isort_key)
    for name in reasoning.__all__:
        assert getattr(reasoning, name) is not None


class TestSieges:
    @pytest.mark.parametrize(
        ("day", "reference", "phase"),
        [
            (date(2014, 12, 31), None, SiegePhase.NOT_STARTED),
            (date(2015, 1, 15), date(2016, 1, 1), SiegePhase.POSSIBLY_UNDER_SIEGE),
            (date(2015, 6, 1), date(2016, 1, 1), SiegePhase.UNDER_SIEGE),
            (date(2015, 6, 1), None, SiegePhase.POSSIBLY_UNDER_SIEGE),
            (date(2016, 6, 1), date(2016, 1, 1), SiegePhase.POSSIBLY_UNDER_SIEGE),
        ],
    )
    def test_status_of_an_open_siege(
        self, day: date, reference: date | None, phase: SiegePhase
    ) -> None:
        """An open siege is certain from its latest start to the last report, possible around."""
        assert siege_status(SIEGE, day, reference) is phase

    def test_status_of_an_ended_siege(self) -> None:
        """After its end a siege is over; inside its end's window it may still hold."""
        ended = Siege(
            id="s",
            when=Span(FuzzyDate.month(2015, 1), FuzzyDate.month(2015, 6)),
            location="town",
            besiegers=("a",),
        )
        assert siege_status(ended, date(2015, 3, 1)) is SiegePhase.UNDER_SIEGE
        assert siege_status(ended, date(2015, 6, 15)) is SiegePhase.POSSIBLY_UNDER_SIEGE
        assert siege_status(ended, date(2015, 7, 1)) is SiegePhase.ENDED
        duration = siege_duration(ended, date(2016, 1, 1))
        assert duration.shortest == date(2015, 6, 1) - date(2015, 1, 31)
        assert duration.longest == date(2015, 6, 30) - date(2015, 1, 1)
        during = siege_duration(ended, date(2015, 6, 10))
        assert during.shortest == date(2015, 6, 1) - date(2015, 1, 31)
        assert during.longest == date(2015, 6, 10) - date(2015, 1, 1)

    def test_duration_before_a_siege_began_is_zero(self) -> None:
        """By a date before its earliest start a siege has lasted nothing, ended or open."""
        ended = Siege(
            id="s",
            when=Span(FuzzyDate.month(2015, 1), FuzzyDate.month(2015, 6)),
            location="town",
            besiegers=("a",),
        )
        for siege in (ended, SIEGE):
            duration = siege_duration(siege, date(2014, 12, 1))
            assert duration.shortest == timedelta(0)
            assert duration.longest == timedelta(0)

    @given(st.dates(date(2014, 1, 1), date(2017, 12, 31)))
    def test_a_duration_is_never_negative(self, reference: date) -> None:
        """At any reference, shortest <= longest and neither is below zero."""
        duration = siege_duration(SIEGE, reference)
        assert timedelta(0) <= duration.shortest
        assert duration.longest is not None
        assert duration.shortest <= duration.longest

    def test_duration_of_an_open_siege(self) -> None:
        """An open siege is measured to the reference date."""
        duration = siege_duration(SIEGE, date(2016, 1, 31))
        assert duration.shortest == timedelta(days=365)
        assert duration.longest == date(2016, 1, 31) - date(2015, 1, 1)
        assert duration.at_least(timedelta(days=365))
        assert not duration.at_least(timedelta(days=366))

    def test_deir_ez_zor(self) -> None:
        """By 4 February 2017 the siege of Deir ez-Zor had lasted more than two years."""
        siege = dataset().event("deir-ez-zor-siege")
        assert isinstance(siege, Siege)
        duration = siege_duration(siege, PUBLISHED)
        assert duration.shortest == timedelta(days=732)
        assert duration.shortest_years > 2
        assert duration.longest is None
        population = besieged_population(siege)
        assert population is not None
        assert population.best == 100_000
        assert [e.id for e in access_interruptions(dataset(), siege)] == ["wfp-air-drops-halted"]
        assert sieges_at(dataset(), "deir-ez-zor-airport", date(2016, 1, 1)) == [siege]
        assert sieges_at(dataset(), "palmyra", date(2016, 1, 1)) == []

    def test_interruptions_outside_the_siege_are_left_out(self) -> None:
        """Aid interrupted elsewhere, before the siege, or delivered, does not count."""

        def access(
            ident: str, when: FuzzyDate, action: AccessAction, place: str
        ) -> HumanitarianAccess:
            return HumanitarianAccess(id=ident, when=when, location=place, action=action)

        events = [
            access("before", FuzzyDate.month(2014, 6), AccessAction.INTERRUPTION, "town"),
            access("elsewhere", FuzzyDate.month(2015, 6), AccessAction.INTERRUPTION, "city"),
            access("delivered", FuzzyDate.month(2015, 6), AccessAction.DELIVERY, "town"),
            access("denied", FuzzyDate.month(2015, 6), AccessAction.DENIAL, "town"),
            access("open", Span(FuzzyDate.month(2014, 12)), AccessAction.INTERRUPTION, "town"),
        ]
        assert [e.id for e in access_interruptions(events, SIEGE)] == ["denied", "open"]


class TestOffensives:
    def test_mosul_offensive_produced_changes(self) -> None:
        """The Mosul offensive took eastern Mosul and the university, not yet the city."""
        result = offensive_result(dataset(), "mosul-offensive")
        assert result.produced_changes
        assert result.taken == ("eastern-mosul", "mosul-university")
        assert result.objectives_open == ("mosul",)
        assert result.outcome is OffensiveOutcome.ONGOING

    def test_repelled_offensive_produced_none(self) -> None:
        """The government attempt on al-Tabqa was repelled and took nothing."""
        result = offensive_result(dataset(), "tabqa-offensive-2016")
        assert result.outcome is OffensiveOutcome.REPELLED
        assert result.changes == ()
        assert not result.produced_changes
        assert result.objectives_open == ("al-tabqa",)

    def test_counter_attacks_are_losses(self) -> None:
        """A change giving a place to a defender counts as lost; objectives taken are listed."""
        offensive = Offensive(
            id="o", when=FuzzyDate.month(2016, 1), attackers=("a",), defenders=("b",),
            objectives=("x", "y"),
        )  # fmt: skip
        changes = [
            ControlChange(id="c1", when=FuzzyDate.month(2016, 1), location="x", new_holder="a", part_of="o"),
            ControlChange(id="c2", when=FuzzyDate.month(2016, 2), location="z", new_holder="b", part_of="o"),
            ControlChange(id="c3", when=FuzzyDate.month(2016, 2), location="y", new_holder="a"),
        ]  # fmt: skip
        (result,) = offensive_results([offensive, *changes])
        assert result.taken == ("x",)
        assert result.lost == ("z",)
        assert result.objectives_taken == ("x",)
        assert result.objectives_open == ("y",)

    def test_unknown_offensive(self) -> None:
        """Asking for an offensive that is not there is a KeyError."""
        with pytest.raises(KeyError):
            offensive_result(dataset(), "nope")


def attack(ident: str, when: FuzzyDate, place: str = "p") -> Attack:
    return Attack(id=ident, when=when, location=place, perpetrator_candidates=("a",))


class TestWindows:
    @pytest.mark.parametrize(
        ("first", "second", "days", "verdict"),
        [
            (FuzzyDate.day(2015, 4, 1), FuzzyDate.day(2015, 4, 20), 30, Follows.NECESSARILY),
            (FuzzyDate.day(2015, 4, 1), FuzzyDate.day(2015, 4, 1), 0, Follows.NECESSARILY),
            (FuzzyDate.month(2015, 4), FuzzyDate.month(2015, 5), 60, Follows.NECESSARILY),
            (FuzzyDate.month(2015, 4), FuzzyDate.month(2015, 5), 30, Follows.POSSIBLY),
            (FuzzyDate.month(2015, 11), FuzzyDate.month(2015, 11), 30, Follows.POSSIBLY),
            (FuzzyDate.day(2015, 4, 20), FuzzyDate.day(2015, 4, 1), 30, Follows.NO),
            (FuzzyDate.day(2015, 4, 1), FuzzyDate.day(2015, 6, 1), 30, Follows.NO),
        ],
    )
    def test_follows_within(
        self, first: FuzzyDate, second: FuzzyDate, days: int, verdict: Follows
    ) -> None:
        """Following is necessary when every admissible pair of days fits, possible when one does."""
        assert follows_within(attack("a", first), attack("b", second), days) is verdict

    def test_following_filters(self) -> None:
        """Only the actor's own events, and with elsewhere=True only at other places."""
        anchor = attack("x", FuzzyDate.day(2015, 1, 1), "here")
        here = attack("h", FuzzyDate.day(2015, 1, 5), "here")
        there = attack("t", FuzzyDate.day(2015, 1, 5), "there")
        other = Attack(
            id="o", when=FuzzyDate.day(2015, 1, 5), location="there", perpetrator_candidates=("b",)
        )
        result = following([anchor, here, there, other], anchor, 10, actor="a", elsewhere=True)
        assert [e.id for e in result.necessarily] == ["t"]
        assert result.verdict is Follows.NECESSARILY
        assert following([anchor], anchor, 10).verdict is Follows.NO

    def test_initiated_by(self) -> None:
        """Actors initiate offensives they attack in, places they take, attacks they commit."""
        example = dataset()
        assert initiated_by(example.event("palmyra-retaken-2016-12"), "islamic-state")
        assert initiated_by(example.event("kirkuk-attack-2016"), "islamic-state")
        assert initiated_by(example.event("paris-attacks-2015"), "islamic-state")
        assert not initiated_by(example.event("deir-ez-zor-siege"), "islamic-state")
        assert not initiated_by(example.event("tabqa-offensive-2016"), "islamic-state")

    def test_the_reports_claim(self) -> None:
        """Each IS loss named by the report is followed, surely or possibly, by IS action elsewhere."""
        results = {r.anchor.id: r for r in check_followed(dataset(), "islamic-state", 62)}
        assert set(results) == {e.id for e in losses_of(dataset(), "islamic-state")}
        tikrit = results["tikrit-lost-2015"]
        assert tikrit.verdict is Follows.NECESSARILY
        assert {e.id for e in tikrit.necessarily} == {"ramadi-taken-2015", "palmyra-taken-2015"}
        sinjar = results["sinjar-lost-2015"]
        assert sinjar.verdict is Follows.POSSIBLY
        assert [e.id for e in sinjar.possibly] == ["paris-attacks-2015"]
        assert results["eastern-mosul-retaken"].verdict is Follows.POSSIBLY
        # Losses the report does not pair with a response are not followed within two months.
        assert results["palmyra-retaken-2016"].verdict is Follows.NO
