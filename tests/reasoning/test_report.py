"""The timeline report in Python: the answers, tables, siege lines and JSON the command prints."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import (
    Actor,
    ActorKind,
    Attribution,
    ConflictEventsError,
    Dataset,
    Estimate,
    EstimateQualifier,
    FuzzyDate,
    Location,
    LocationKind,
    Siege,
    Span,
)
from conflict_events import strategies as cs
from conflict_events.examples import dataset
from conflict_events.reasoning import Timelines, timeline_report
from conflict_events.reasoning import report as module
from conflict_events.reasoning.report import (
    actor_ref,
    answer_object,
    answer_text,
    estimate_text,
    find_location,
    holding_row,
    holdings_table,
    last_reported,
    shown_locations,
    siege_lines,
    siege_object,
    sieges_of,
    status_text,
    timelines_object,
    timelines_text,
)

EXAMPLE = dataset()
TIMELINES = Timelines.build(EXAMPLE)
GOVERNMENT = {"id": "syrian-government", "name": "Syrian government forces"}
IS = {"id": "islamic-state", "name": "Islamic State"}


def test_all_is_sorted_and_defined() -> None:
    """The module's public names are sorted as ruff sorts them, and each exists."""
    assert list(module.__all__) == sorted(
        module.__all__, key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n)
    )
    assert all(getattr(module, name) is not None for name in module.__all__)


class TestFindLocation:
    @pytest.mark.parametrize("name", ["Palmyra", "TADMUR", "tadmor", "palmyra"])
    def test_name_alias_or_id_in_any_case(self, name: str) -> None:
        assert find_location(EXAMPLE, name).id == "palmyra"

    def test_unknown_name_suggests_close_names(self) -> None:
        with pytest.raises(ConflictEventsError) as raised:
            find_location(EXAMPLE, "Palmira")
        assert str(raised.value) == "no location named 'Palmira'; did you mean 'Palmyra'?"

    def test_unknown_name_without_close_match(self) -> None:
        with pytest.raises(ConflictEventsError) as raised:
            find_location(EXAMPLE, "Timbuktu")
        assert str(raised.value) == "no location named 'Timbuktu'"

    def test_a_long_name_is_quoted_short(self) -> None:
        """The name is quoted with `describe`: a hostile megabyte makes a short message."""
        with pytest.raises(ConflictEventsError) as raised:
            find_location(EXAMPLE, "x" * 1_000_000)
        assert len(str(raised.value)) < 200

    def test_a_name_of_several_places_asks_for_the_id(self) -> None:
        places = (
            Location(id="a", name="Twin", kind=LocationKind.SETTLEMENT),
            Location(id="b", name="Other", aliases=("twin",), kind=LocationKind.SETTLEMENT),
        )
        data = Dataset(locations=places)
        with pytest.raises(ConflictEventsError) as raised:
            find_location(data, "TWIN")
        assert str(raised.value) == (
            "'TWIN' names 2 locations: Twin \u2014 settlement (a); Other \u2014 settlement (b); "
            "give NAME@PARENT or the id"
        )


class TestAnswers:
    def test_palmyra_june_2016_object(self) -> None:
        """The object DESIGN.md specifies, and how strong the answer is."""
        answer = answer_object(EXAMPLE, TIMELINES.controller_at("palmyra", date(2016, 6, 1)))
        assert answer["location"] == {"id": "palmyra", "name": "Palmyra"}
        assert (answer["at"], answer["controller"], answer["certain"]) == (
            "2016-06-01",
            GOVERNMENT,
            True,
        )
        assert answer["candidates"] == [GOVERNMENT]
        assert answer["probabilities"] == [{**GOVERNMENT, "probability": 1.0}]

    def test_palmyra_december_2016_text(self) -> None:
        """Inside the recapture's window: each candidate with its share, and the changes."""
        answer = TIMELINES.controller_at("palmyra", date(2016, 12, 15))
        assert answer_text(EXAMPLE, answer) == (
            "Palmyra on 2016-12-15: uncertain, one of Syrian government forces (p=0.55), "
            "Islamic State (p=0.45)\n  based on: palmyra-retaken-2016, palmyra-retaken-2016-12"
        )

    def test_no_record(self) -> None:
        assert answer_text(EXAMPLE, TIMELINES.controller_at("raqqa", date(2016, 6, 1))) == (
            "Raqqa on 2016-06-01: no record"
        )

    def test_an_actor_the_data_does_not_name_is_its_id(self) -> None:
        assert actor_ref(EXAMPLE, "nobody") == {"id": "nobody", "name": "nobody"}
        assert actor_ref(EXAMPLE, "islamic-state") == IS


class TestTables:
    def test_palmyra_holdings_table(self) -> None:
        """Aligned columns under a header; open ends in words; the change's id as a note."""
        rows = [holding_row(EXAMPLE, holding) for holding in TIMELINES.holdings("palmyra")]
        assert rows[0] == (
            "Syrian government forces",
            "(before the record)",
            "2015-05-01..2015-05-31 (31 days)",
            "",
        )
        assert rows[-1][2:] == ("(still held at last record)", "palmyra-retaken-2016-12")
        header, *lines = holdings_table(rows)
        columns = [header.index(title) for title in ("holder", "from (", "to (", "notes")]
        for line, row in zip(lines, rows, strict=True):
            for column, cell in zip(columns, row, strict=True):
                assert line[column:].startswith(cell)

    def test_reported_status(self) -> None:
        (status,) = TIMELINES.timeline("al-tabqa").statuses
        assert status_text(EXAMPLE, status).startswith(
            "reported: held by Islamic State during 2016-06/2017-02-04, "
            "contested by Syrian Democratic Forces"
        )

    def test_text_of_one_place_is_the_commands(self) -> None:
        text = timelines_text(EXAMPLE, TIMELINES, [find_location(EXAMPLE, "Tadmur")])
        assert text.splitlines()[0] == "Palmyra (palmyra)"
        assert "  reported: held by Islamic State during 2017-02-04 (palmyra-held-2017)" in text

    def test_nothing_shown_is_empty(self) -> None:
        assert timelines_text(EXAMPLE, TIMELINES, []) == ""
        assert timelines_object(EXAMPLE, TIMELINES, []) == {"locations": [], "diagnostics": []}


class TestSieges:
    def test_deir_ez_zor(self) -> None:
        """By the day of the report, the siege had lasted at least 732 days."""
        (siege,) = sieges_of(EXAMPLE, "deir-ez-zor")
        assert last_reported(EXAMPLE, siege) == date(2017, 2, 4)
        assert siege_object(EXAMPLE, siege)["shortest_days"] == 732
        (line,) = siege_lines(EXAMPLE, "deir-ez-zor", date(2017, 2, 4))
        assert "Islamic State besieging Syrian government forces" in line
        assert "on 2017-02-04: under siege" in line
        assert "it had lasted at least 732 days (over 2 years)" in line
        assert line.endswith("civilians inside: about 100,000")

    @pytest.mark.parametrize(
        ("estimate", "text"),
        [
            (None, "unknown"),
            (Estimate.about(100_000), "about 100,000"),
            (
                Estimate(low=5, best=7, high=10, qualifier=EstimateQualifier.AT_LEAST),
                "at least 5-10",
            ),
            (Estimate.exactly(12), "12"),
        ],
    )
    def test_estimate_text(self, estimate: Estimate | None, text: str) -> None:
        assert estimate_text(estimate) == text


class TestReport:
    def test_palmyra_json_answer(self) -> None:
        """With a location and a day, one object; the held-out question of DESIGN.md."""
        answer = json.loads(
            timeline_report(EXAMPLE, location="Palmyra", at=date(2016, 6, 1), fmt="json")
        )
        assert (answer["controller"], answer["certain"]) == (GOVERNMENT, True)

    def test_palmyra_text_answer(self) -> None:
        assert timeline_report(EXAMPLE, location="tadmur", at=date(2015, 12, 1)) == (
            "Palmyra on 2015-12-01: Islamic State (certain)\n  based on: palmyra-taken-2015"
        )

    def test_every_place_without_location(self) -> None:
        """Without a location, a list of answers, one per place shown."""
        answers = json.loads(timeline_report(EXAMPLE, at=date(2016, 6, 1), fmt="json"))
        shown = shown_locations(EXAMPLE, TIMELINES)
        assert [a["location"]["id"] for a in answers] == [loc.id for loc in shown]
        assert {"palmyra", "tikrit", "mosul", "raqqa"} <= {loc.id for loc in shown}

    def test_json_timelines_of_palmyra(self) -> None:
        document = json.loads(timeline_report(EXAMPLE, location="palmyra", fmt="json"))
        (place,) = document["locations"]
        assert place["holdings"][-1]["from"] == "[2016-12-11..2016-12-20]"

    def test_the_horizon_comes_with_the_timelines(self) -> None:
        """Timelines built with a longer horizon reach further."""
        day = date(2016, 12, 1)
        short = Timelines.build(EXAMPLE, horizon=365)
        assert "beyond the horizon of 365 days" in timeline_report(
            EXAMPLE, short, location="Tikrit", at=day
        )
        longer = Timelines.build(EXAMPLE, horizon=1000)
        answer = json.loads(timeline_report(EXAMPLE, longer, location="Tikrit", at=day, fmt="json"))
        assert answer["horizon_days"] == 1000

    def test_unknown_format(self) -> None:
        with pytest.raises(ConflictEventsError, match="a report is text or json, not 'xml'"):
            timeline_report(EXAMPLE, fmt="xml")  # type: ignore[arg-type]


@given(cs.datasets(), st.none() | st.dates(date(1990, 1, 1), date(2030, 12, 31)))
def test_json_report_lists_every_place_shown(data: Dataset, at: date | None) -> None:
    """
    For any dataset, the JSON report parses and lists each place shown, once, in order; with a
    day, each answer's probabilities sum to 1 and a certain answer names its one controller.
    """
    timelines = Timelines.build(data)
    shown = [loc.id for loc in shown_locations(data, timelines)]
    document = json.loads(timeline_report(data, timelines, at=at, fmt="json"))
    if at is None:
        assert [place["location"]["id"] for place in document["locations"]] == shown
        assert {d["location"] for d in document["diagnostics"]} <= set(shown)
    else:
        assert [answer["location"]["id"] for answer in document] == shown
        for answer in document:
            shares = [p["probability"] for p in answer["probabilities"]]
            # Each share is written to 6 decimals, so the sum may miss 1 by half a unit each.
            assert abs(sum(shares) - 1.0) <= 0.5e-6 * len(shares) + 1e-12
            if answer["certain"]:
                assert answer["candidates"] == [answer["controller"]]
    text = timeline_report(data, timelines, at=at)
    assert len(text.splitlines()) >= len(shown)


def test_nothing_to_show() -> None:
    """A dataset without locations shows nothing: empty text, empty lists."""
    data = Dataset(actors=(Actor(id="a", name="A", kind=ActorKind.STATE_FORCES),))
    assert timeline_report(data) == ""
    assert json.loads(timeline_report(data, at=date(2016, 1, 1), fmt="json")) == []


class TestSiegeBeforeItsStart:
    """A siege last reported before it began had lasted 0 days by then, not an error or less."""

    @staticmethod
    def _data(end: str | None) -> Dataset:
        start = FuzzyDate.parse("2016-05-01")
        siege = Siege(
            id="s",
            when=Span(start, None if end is None else FuzzyDate.parse(end)),
            location="p",
            besiegers=("a",),
            attributions=(Attribution(stated=FuzzyDate.parse("2015-01-01")),),
        )
        place = Location(id="p", name="P", kind=LocationKind.SETTLEMENT)
        actor = Actor(id="a", name="A", kind=ActorKind.REBEL_GROUP)
        return Dataset(actors=(actor,), locations=(place,), events=(siege,))

    @pytest.mark.parametrize("end", ["2016-08", None])
    def test_json_measures_zero_days(self, end: str | None) -> None:
        document = json.loads(timeline_report(self._data(end), fmt="json"))
        (siege,) = document["locations"][0]["sieges"]
        assert siege["last_reported"] == "2015-01-01"
        assert (siege["shortest_days"], siege["longest_days"]) == (0, 0)

    @pytest.mark.parametrize("end", ["2016-08", None])
    def test_text_says_nothing_of_its_length(self, end: str | None) -> None:
        (line,) = siege_lines(self._data(end), "p")
        assert "lasted" not in line
