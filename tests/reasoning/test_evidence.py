"""Evidence-bounded answers: horizons, probabilities, statuses, unknown ids, real data."""

from __future__ import annotations

import math
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conflict_events import (
    Attribution,
    ControlChange,
    ControlStatus,
    FieldError,
    FuzzyDate,
    Location,
    LocationKind,
    Span,
    StatementStatus,
)
from conflict_events.examples import dataset as example
from conflict_events.formats.acled import read_acled
from conflict_events.reasoning import (
    DEFAULT_HORIZON_DAYS,
    ControlAnswer,
    Timelines,
    UnknownLocationError,
    change_window,
)
from conflict_events.reasoning.horizon import Turnover

ACTORS = ("isis", "regime", "sdf")
ORIGIN = date(2015, 1, 1)
PLACE = Location(id="palmyra", name="Palmyra", kind=LocationKind.SETTLEMENT, aliases=("Tadmur",))
ACLED = Path(__file__).parent.parent / "data" / "acled_v6_africa_2016_sample.csv"


def change(ident: str, start: int, width: int, new: str, previous: tuple[str, ...] = ()):
    return ControlChange(
        id=ident,
        when=FuzzyDate(ORIGIN + timedelta(start), ORIGIN + timedelta(start + width)),
        location="palmyra",
        new_holder=new,
        previous_holders=tuple(p for p in previous if p != new),
    )


@st.composite
def changes(draw: st.DrawFn) -> list[ControlChange]:
    return [
        change(
            f"c{index}",
            draw(st.integers(0, 700)),
            draw(st.sampled_from([0, 0, 6, 30])),
            draw(st.sampled_from(ACTORS)),
            tuple(draw(st.lists(st.sampled_from(ACTORS), max_size=2, unique=True))),
        )
        for index in range(draw(st.integers(0, 6)))
    ]


@st.composite
def statuses(draw: st.DrawFn) -> list[ControlStatus]:
    result = []
    for index in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, 700))
        width = draw(st.sampled_from([0, 0, 20]))
        claimed = draw(st.booleans())
        result.append(
            ControlStatus(
                id=f"s{index}",
                when=FuzzyDate(ORIGIN + timedelta(start), ORIGIN + timedelta(start + width)),
                location="palmyra",
                holder=draw(st.sampled_from(ACTORS)),
                attributions=(
                    (Attribution(source="x", status=StatementStatus.CLAIMED, claimant="sdf"),)
                    if claimed
                    else ()
                ),
            )
        )
    return result


days = st.integers(-800, 1500).map(lambda n: ORIGIN + timedelta(n))


def consistent(answer: ControlAnswer) -> None:
    probabilities = answer.probabilities
    assert all(0.0 <= p <= 1.0 for p in probabilities.values())
    assert math.isclose(sum(probabilities.values()), 1.0)
    assert answer.certain is (
        answer.controller is not None and probabilities == {answer.controller: 1.0}
    )
    assert {h for h, p in probabilities.items() if h is not None and p > 0} == set(
        answer.candidates
    )


class TestProbabilities:
    @given(changes(), statuses(), days)
    def test_sum_to_one_and_agree_with_the_answer(
        self, recorded: list[ControlChange], reported: list[ControlStatus], day: date
    ) -> None:
        """In [0, 1], summing to 1 with the unknown mass; certain exactly when one holder has 1."""
        timelines = Timelines.build([*recorded, *reported], locations=[PLACE])
        consistent(timelines.controller_at("palmyra", day))
        assert timelines.controller_distribution("palmyra", day) == (
            timelines.controller_at("palmyra", day).probabilities
        )

    @given(changes(), statuses(), days)
    def test_far_from_all_evidence_is_unknown(
        self, recorded: list[ControlChange], reported: list[ControlStatus], day: date
    ) -> None:
        """A day farther than the horizon from every change and status has no candidates."""
        edges = [d for c in recorded for d in (change_window(c).earliest, change_window(c).latest)]
        edges += [d for s in reported for d in (s.when.earliest, s.when.latest)]
        assume(not edges or min(abs((day - d).days) for d in edges) > DEFAULT_HORIZON_DAYS)
        assume(not edges or not min(edges) < day < max(edges))
        answer = Timelines.build(
            [*recorded, *reported], locations=[PLACE], horizon=DEFAULT_HORIZON_DAYS
        ).controller_at("palmyra", day)
        assert answer.candidates == ()
        assert answer.probabilities == {None: 1.0}

    @given(changes(), days, st.integers(-5, 5))
    def test_an_agreeing_status_never_lowers_the_holder(
        self, recorded: list[ControlChange], day: date, shift: int
    ) -> None:
        """A status near the day that agrees with the likeliest holder never lowers its chance."""
        timelines = Timelines.build(recorded, locations=[PLACE])
        before = timelines.controller_at("palmyra", day)
        holders = [(p, h) for h, p in before.probabilities.items() if h is not None]
        assume(holders)
        _, holder = max(holders)
        status = ControlStatus(
            id="agree", when=FuzzyDate.on(day + timedelta(shift)), location="palmyra", holder=holder
        )
        after = Timelines.build([*recorded, status], locations=[PLACE]).controller_at(
            "palmyra", day
        )
        assert after.probabilities.get(holder, 0.0) >= before.probabilities[holder] - 1e-9

    def test_the_new_holder_grows_linearly_across_the_window(self) -> None:
        """A ten-day window: 0.05, 0.15, ... 0.95 for the new holder."""
        timelines = Timelines.build([change("a", 0, 9, "isis", ("regime",))], locations=[PLACE])
        shares = [
            timelines.controller_at("palmyra", ORIGIN + timedelta(n)).probabilities["isis"]
            for n in range(10)
        ]
        assert [round(share, 2) for share in shares] == [
            round(0.05 + 0.1 * n, 2) for n in range(10)
        ]

    def test_last_known_fades_along_the_survival_curve(self) -> None:
        """After the last change the holder's chance is exp(-distance / true average holding)."""
        timelines = Timelines.build([change("a", 0, 0, "isis", ("regime",))], locations=[PLACE])
        answer = timelines.controller_at("palmyra", ORIGIN + timedelta(73))
        assert (answer.last_known, answer.evidence_date, answer.distance_days) == (
            "isis",
            ORIGIN,
            73,
        )
        held = Turnover().true_days
        assert math.isclose(answer.probabilities["isis"], math.exp(-73 / held))
        assert math.isclose(answer.unknown_probability, 1 - math.exp(-73 / held))
        before = timelines.controller_at("palmyra", ORIGIN - timedelta(100))
        assert (before.last_known, before.certain) == ("regime", False)
        assert timelines.horizon == Turnover().horizon()
        assert not timelines.controller_at("palmyra", ORIGIN + timedelta(timelines.horizon)).known

    def test_inside_the_data_evidence_fades_by_the_unreported_share(self) -> None:
        """Where the data goes on, a change would likely be reported: only the rest fades."""
        elsewhere = attrs.evolve(change("b", 400, 0, "sdf", ("isis",)), location="raqqa")
        timelines = Timelines.build(
            [change("a", 0, 0, "isis", ("regime",)), elsewhere], locations=[PLACE]
        )
        inside = timelines.controller_at("palmyra", ORIGIN + timedelta(73)).probabilities["isis"]
        turnover = Turnover()
        assert math.isclose(inside, math.exp(-(1 - turnover.reported) * 73 / turnover.true_days))
        beyond = timelines.controller_at("palmyra", ORIGIN + timedelta(473)).probabilities["isis"]
        expected = math.exp(-(73 + (1 - turnover.reported) * 400) / turnover.true_days)
        assert math.isclose(beyond, expected)


class TestHorizon:
    def test_per_call_per_build_and_per_kind(self) -> None:
        """The horizon is set per call, per build and per location kind, in days or a timedelta."""
        recorded = [change("a", 0, 0, "isis", ("regime",))]
        day = ORIGIN + timedelta(500)
        short = Timelines.build(recorded, locations=[PLACE], horizon=365)
        assert not short.controller_at("palmyra", day).known
        built = Timelines.build(recorded, locations=[PLACE], horizon=timedelta(days=730))
        assert built.controller_at("palmyra", day).last_known == "isis"
        assert not built.controller_at("palmyra", day, horizon=400).known
        by_kind = Timelines.build(
            recorded, locations=[PLACE], horizon_by_kind={LocationKind.SETTLEMENT: 10}
        )
        assert not by_kind.controller_at("palmyra", ORIGIN + timedelta(20)).known

    @pytest.mark.parametrize("value", [0, -3, 1.5, True, "30"])
    def test_a_horizon_is_a_positive_number_of_days(self, value: object) -> None:
        """Anything else is a FieldError naming the value."""
        with pytest.raises(FieldError, match="horizon"):
            Timelines.build([], horizon=value)  # type: ignore[arg-type]


class TestStatuses:
    def test_a_status_brackets_with_the_change_before_it(self) -> None:
        """A change to X, then a report that X holds it: certain in between."""
        status = ControlStatus(
            id="s", when=FuzzyDate.on(ORIGIN + timedelta(200)), location="palmyra", holder="isis"
        )
        timelines = Timelines.build([change("a", 0, 0, "isis"), status], locations=[PLACE])
        middle = timelines.controller_at("palmyra", ORIGIN + timedelta(100))
        assert (middle.controller, middle.certain) == ("isis", True)
        assert middle.event_ids == ("a", "s")

    @pytest.mark.parametrize(
        "when",
        [
            "[..2015-02-03]/2017-02-04",
            "[..2015-02-03]",
            "[2015-02-03..]",
            "2015-02-03/[2017-02-04..]",
        ],
    )
    def test_an_open_bound_reaches_no_further_than_its_day(self, when: str) -> None:
        """
        "Held since before 2015-02-03" is evidence from that day on, not since year 1.

        With the open bound spread as a uniform window over every possible day, the
        holder came out at 0.94 in 1900.
        """
        parsed = Span.parse(when) if "/" in when else FuzzyDate.parse(when)
        status = ControlStatus(id="s", when=parsed, location="palmyra", holder="regime")
        timelines = Timelines.build([status], locations=[PLACE])
        for day in (date(1900, 1, 1), date(2014, 1, 1), date(2015, 2, 2)):
            assert timelines.controller_at("palmyra", day).probabilities == {None: 1.0}
        if "/" in when:
            assert timelines.controller_at("palmyra", date(2016, 1, 1)).certain
        assert timelines.controller_at("palmyra", date(2100, 1, 1)).probabilities == {None: 1.0}

    def test_a_claim_weighs_less_than_a_report(self) -> None:
        """Between changes, a party's claim to hold it counts half as much as a report."""
        recorded = [change("a", 0, 0, "isis"), change("b", 300, 0, "regime", ("isis",))]

        def answer(status: StatementStatus) -> ControlAnswer:
            claim = ControlStatus(
                id="s",
                when=FuzzyDate.on(ORIGIN + timedelta(100)),
                location="palmyra",
                holder="sdf",
                attributions=(Attribution(source="x", status=status, claimant="sdf"),),
            )
            built = Timelines.build([*recorded, claim], locations=[PLACE])
            return built.controller_at("palmyra", ORIGIN + timedelta(100))

        assert answer(StatementStatus.REPORTED).probabilities == {"isis": 0.5, "sdf": 0.5}
        claimed = answer(StatementStatus.CLAIMED).probabilities
        assert math.isclose(claimed["isis"], 2 / 3)
        assert math.isclose(claimed["sdf"], 1 / 3)


class TestUnknownLocation:
    def test_an_unknown_id_is_a_key_error_with_close_matches(self) -> None:
        """Ids, names and aliases are searched for suggestions."""
        timelines = Timelines.build(example())
        with pytest.raises(UnknownLocationError) as caught:
            timelines.controller_at("palmira", date(2016, 6, 1))
        assert isinstance(caught.value, KeyError)
        assert str(caught.value) == "no location with id 'palmira'; did you mean 'palmyra'?"
        with pytest.raises(KeyError, match="did you mean 'palmyra'"):
            timelines.holdings("Tadmor")

    def test_no_match_no_suggestion(self) -> None:
        """Nothing close: the message says only what is missing."""
        with pytest.raises(UnknownLocationError, match=r"^no location with id 'zzzz'$"):
            Timelines.build(example()).controller_at("zzzz", date(2016, 6, 1))


class TestExample:
    @pytest.mark.parametrize(
        ("place", "day", "holder"),
        [
            ("palmyra", date(2016, 6, 1), "syrian-government"),
            ("palmyra", date(2015, 12, 1), "islamic-state"),
            ("palmyra", date(2017, 2, 4), "islamic-state"),
            ("mosul", date(2017, 2, 4), "islamic-state"),
            ("eastern-mosul", date(2017, 2, 4), "iraqi-forces"),
            ("deir-ez-zor", date(2016, 1, 1), "syrian-government"),
        ],
    )
    def test_what_the_report_supports_is_certain(self, place: str, day: date, holder: str) -> None:
        """The answers the report states stay certain."""
        answer = Timelines.build(example()).controller_at(place, day)
        assert (answer.controller, answer.certain) == (holder, True)

    @pytest.mark.parametrize(
        ("place", "day", "last_known"),
        [
            ("palmyra", date(2015, 1, 1), "syrian-government"),
            ("sinjar", date(2016, 1, 1), "peshmerga"),
            ("tikrit", date(2016, 1, 1), "iraqi-forces"),
            ("eastern-mosul", date(2017, 2, 5), "iraqi-forces"),
        ],
    )
    def test_what_it_does_not_is_last_known(self, place: str, day: date, last_known: str) -> None:
        """Before the first and after the last evidence the holder is only last known."""
        answer = Timelines.build(example()).controller_at(place, day)
        assert (answer.last_known, answer.certain, answer.controller) == (last_known, False, None)

    def test_mid_december_is_uncertain(self) -> None:
        """Inside the recapture's window both are candidates."""
        answer = Timelines.build(example()).controller_at("palmyra", date(2016, 12, 15))
        assert answer.candidates == ("syrian-government", "islamic-state")
        assert not answer.certain


class TestRealData:
    def test_an_acled_timeline_is_never_certain_decades_away(self) -> None:
        """On an ACLED export, 1900 and 2030 are unknown everywhere."""
        with ACLED.open("rb") as handle:
            data = read_acled(handle)
        timelines = Timelines.build(data)
        assert len(timelines) > 0
        for location in timelines.locations:
            for day in (date(1900, 1, 1), date(2030, 1, 1)):
                answer = timelines.controller_at(location, day)
                assert not answer.known
                assert answer.probabilities == {None: 1.0}
