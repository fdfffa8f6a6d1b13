"""Sources that disagree: kept, named in the diagnostics, and weighed by how they state it."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import (
    Attribution,
    ControlChange,
    ControlStatus,
    FieldError,
    FuzzyDate,
    Span,
    StatementStatus,
)
from conflict_events.reasoning import DiagnosticKind, Timelines
from conflict_events.reasoning.evidence import STATEMENT_WEIGHTS, statement_weights

REPORTED = (Attribution(source="sana"),)
CLAIMED = (Attribution(source="amaq", status=StatementStatus.CLAIMED, claimant="is"),)


def _taken(ident: str, when: FuzzyDate, holder: str, said: tuple[Attribution, ...], previous: str):
    return ControlChange(
        id=ident,
        when=when,
        location="palmyra",
        new_holder=holder,
        previous_holders=(previous,),
        attributions=said,
    )


def _held(holder: str, when: Span, said: tuple[Attribution, ...]) -> ControlStatus:
    return ControlStatus(id="held", when=when, location="palmyra", holder=holder, attributions=said)


class TestStatusAgainstChange:
    """A report that the regime holds the town the week IS claims to have taken it."""

    events = (
        _taken("is-takes", FuzzyDate.day(2016, 5, 20), "is", CLAIMED, "regime"),
        _held("regime", Span.parse("2016-05-21/2016-05-24"), REPORTED),
        # The regime is reported back in a month later, so the week is inside the record.
        _taken("regime-back", FuzzyDate.day(2016, 6, 20), "regime", REPORTED, "is"),
    )

    def test_the_diagnostic_names_both_events_and_sources(self) -> None:
        (found,) = Timelines.build(self.events).diagnostics()
        assert found.kind is DiagnosticKind.STATUS_MISMATCH
        assert found.event_ids == ("is-takes", "held")
        assert found.sources == ("amaq", "sana")
        assert str(found).endswith("[is-takes (amaq: claimed by is), held (sana)]")

    def test_the_probability_reflects_both_and_a_claim_weighs_half(self) -> None:
        answer = Timelines.build(self.events).controller_at("palmyra", date(2016, 5, 22))
        assert not answer.certain
        assert answer.probabilities == pytest.approx({"regime": 2 / 3, "is": 1 / 3})

    def test_the_weights_are_adjustable(self) -> None:
        timelines = Timelines.build(self.events, weights={StatementStatus.CLAIMED: 1.0})
        answer = timelines.controller_at("palmyra", date(2016, 5, 22))
        assert answer.probabilities == pytest.approx({"regime": 0.5, "is": 0.5})


class TestChangesAgainstEachOther:
    """The regime retakes the town and IS claims it the same week: the order is undecided."""

    events = (
        _taken("start", FuzzyDate.day(2016, 1, 1), "is", REPORTED, "regime"),
        _taken(
            "regime-retakes",
            FuzzyDate(date(2016, 5, 20), date(2016, 5, 26)),
            "regime",
            REPORTED,
            "is",
        ),
        _taken(
            "is-retakes", FuzzyDate(date(2016, 5, 22), date(2016, 5, 28)), "is", CLAIMED, "regime"
        ),
    )

    def test_the_diagnostic_names_both_sources(self) -> None:
        found = [
            d
            for d in Timelines.build(self.events).diagnostics()
            if d.kind is DiagnosticKind.UNDECIDED_ORDER
        ]
        assert [d.event_ids for d in found] == [("regime-retakes", "is-retakes")]
        assert found[0].sources == ("sana", "amaq")

    def test_inside_the_overlap_the_claim_weighs_less(self) -> None:
        answer = Timelines.build(self.events).controller_at("palmyra", date(2016, 5, 24))
        assert set(answer.candidates) == {"is", "regime"}
        assert answer.probabilities["regime"] > answer.probabilities["is"]
        assert sum(answer.probabilities.values()) == pytest.approx(1.0)

    @given(st.floats(0.01, 1.0))
    def test_a_heavier_claim_never_lowers_its_holder(self, claimed: float) -> None:
        light = Timelines.build(self.events, weights={StatementStatus.CLAIMED: claimed / 2})
        heavy = Timelines.build(self.events, weights={StatementStatus.CLAIMED: claimed})
        day = date(2016, 5, 24)
        low = light.controller_at("palmyra", day).probabilities
        high = heavy.controller_at("palmyra", day).probabilities
        assert high.get("is", 0.0) >= low.get("is", 0.0) - 1e-12
        assert sum(high.values()) == pytest.approx(1.0)


class TestWeights:
    def test_defaults(self) -> None:
        assert statement_weights() is STATEMENT_WEIGHTS
        assert (
            STATEMENT_WEIGHTS[StatementStatus.CLAIMED] < STATEMENT_WEIGHTS[StatementStatus.OBSERVED]
        )

    def test_given_kinds_replace_the_defaults(self) -> None:
        chosen = statement_weights({StatementStatus.CLAIMED: 0.9})
        assert chosen[StatementStatus.CLAIMED] == 0.9
        assert chosen[StatementStatus.REPORTED] == STATEMENT_WEIGHTS[StatementStatus.REPORTED]

    @pytest.mark.parametrize(
        ("weights", "path"),
        [
            ({StatementStatus.CLAIMED: 0}, "weights[claimed]"),
            ({StatementStatus.CLAIMED: 1.5}, "weights[claimed]"),
            ({StatementStatus.CLAIMED: float("nan")}, "weights[claimed]"),
            ({StatementStatus.CLAIMED: True}, "weights[claimed]"),
            ({StatementStatus.CLAIMED: "0.5"}, "weights[claimed]"),
            ({"claimed": 0.5}, "weights"),
        ],
    )
    def test_bad_weights_are_refused(self, weights: dict, path: str) -> None:
        with pytest.raises(FieldError) as caught:
            Timelines.build((), weights=weights)
        assert caught.value.field == path
