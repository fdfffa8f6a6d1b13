"""The built-in example: the report of 4 February 2017, encoded with its uncertainty."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from conflict_events import (
    CasualtyClaim,
    ConflictEventsError,
    ControlChange,
    Dataset,
    Destruction,
    EstimateQualifier,
    Siege,
    StatementStatus,
    examples,
    from_json,
    to_json,
)
from conflict_events.examples import PUBLISHED, REPORT, dataset
from conflict_events.reasoning import DiagnosticKind, Timelines
from conflict_events.temporal import resolve

# Short phrases of the report that a note copying it would contain.
REPORT_PHRASES = (
    "steadily losing ground",
    "successfully recaptured the eastern side",
    "to prevent the movement of the other side",
    "preventing the militants from easily evacuating",
    "ended in abysmal defeat",
    "repelled by hundreds of",
    "compensating for their previous defeat",
    "a key syrian military enclave",
    "deadliest and most significant in over a year",
    "large supersonic",
    "reduced to rubble",
    "headline grabbing terror atrocities",
    "declared the formation of",
    "floods engulfed several villages",
)


class TestExample:
    def test_round_trips_through_json(self) -> None:
        """The example survives JSON unchanged."""
        assert from_json(to_json(dataset()), Dataset) == dataset()

    @pytest.mark.parametrize(
        ("name", "ident"),
        [
            ("Tadmur", "palmyra"),
            ("tadmor", "palmyra"),
            ("Deir az-Zour", "deir-ez-zor"),
            ("Dayr az-Zawr", "deir-ez-zor"),
            ("Deir ez Zor", "deir-ez-zor"),
            ("al-Thawrah", "al-tabqa"),
            ("Tabqa", "al-tabqa"),
        ],
    )
    def test_location_aliases(self, name: str, ident: str) -> None:
        """Places are found by any of their transliterations."""
        assert [loc.id for loc in dataset().find_locations(name)] == [ident]

    @pytest.mark.parametrize("name", ["Daesh", "ISIS", "ISIL", "IS", "Islamic State"])
    def test_islamic_state_aliases(self, name: str) -> None:
        """The group is found by each of its names."""
        assert [actor.id for actor in dataset().find_actors(name)] == ["islamic-state"]

    def test_every_event_is_attributed(self) -> None:
        """Each event names who says so; documented facts cite a named source."""
        for event in dataset().events:
            assert event.attributions, event.id
            for attribution in event.attributions:
                assert attribution.source is not None
                if attribution.status is StatementStatus.DOCUMENTED:
                    assert attribution.source != REPORT

    def test_every_location_has_coordinates(self) -> None:
        """Every place carries WGS84 coordinates."""
        for location in dataset().locations:
            assert location.latitude is not None, location.id
            assert location.longitude is not None

    def test_notes_paraphrase(self) -> None:
        """No note or attribution repeats a distinctive phrase of the report."""
        data = dataset()
        texts = [
            *(e.notes for e in data.events),
            *(a.notes for e in data.events for a in e.attributions),
            *(loc.notes for loc in data.locations),
            *(actor.notes for actor in data.actors),
        ]
        for text in filter(None, texts):
            for phrase in REPORT_PHRASES:
                assert phrase not in text.lower(), text

    def test_relative_dates_are_resolved(self) -> None:
        """Dates come from resolving the report's expressions against its publication date."""
        data = dataset()
        assert data.event("palmyra-retaken-2016-12").when == resolve("mid-December", PUBLISHED)
        assert data.event("tabqa-offensive-2016").when == resolve("last June", PUBLISHED)
        assert "rule:part" in data.event("palmyra-retaken-2016-12").tags

    def test_siege_of_deir_ez_zor(self) -> None:
        """The siege is open, began more than two years before publication, ~100,000 inside."""
        siege = dataset().event("deir-ez-zor-siege")
        assert isinstance(siege, Siege)
        assert siege.start.latest < PUBLISHED - timedelta(days=730)
        assert siege.end is None
        assert siege.civilian_population is not None
        assert siege.civilian_population.best == 100_000
        assert siege.civilian_population.qualifier is EstimateQualifier.APPROXIMATELY

    def test_bridges_have_two_perpetrator_candidates(self) -> None:
        """Either IS or coalition strikes destroyed Mosul's bridges."""
        event = dataset().event("mosul-bridges-destroyed")
        assert isinstance(event, Destruction)
        assert set(event.perpetrator_candidates) == {"islamic-state", "us-led-coalition"}

    def test_sdf_claim_is_a_claim(self) -> None:
        """The 620 is the SDF's claim, at least 620, not an observed count."""
        claim = dataset().event("sdf-claim-620")
        assert isinstance(claim, CasualtyClaim)
        assert claim.claimed.low == 620
        assert claim.claimed.qualifier is EstimateQualifier.AT_LEAST
        assert claim.attributions[0].status is StatementStatus.CLAIMED
        assert claim.attributions[0].claimant == "sdf"

    @pytest.mark.parametrize(
        ("place", "day", "holder"),
        [
            ("palmyra", date(2016, 6, 1), "syrian-government"),
            ("palmyra", date(2015, 12, 1), "islamic-state"),
            ("palmyra", date(2017, 2, 4), "islamic-state"),
            ("ramadi", date(2015, 8, 1), "islamic-state"),
            ("mosul", date(2017, 2, 4), "islamic-state"),
            ("eastern-mosul", date(2017, 2, 4), "iraqi-forces"),
            ("mosul-university", date(2016, 1, 1), "islamic-state"),
            ("palmyra-roman-theatre", date(2016, 6, 1), "syrian-government"),
        ],
    )
    def test_who_held(self, place: str, day: date, holder: str) -> None:
        """The example's timelines answer the report's questions, certain where the report says so."""
        answer = Timelines.build(dataset()).controller_at(place, day)
        assert answer.controller == holder
        assert answer.certain

    def test_palmyra_mid_december_is_uncertain(self) -> None:
        """Inside the mid-December window both the government and IS may hold Palmyra."""
        answer = Timelines.build(dataset()).controller_at("palmyra", date(2016, 12, 15))
        assert not answer.certain
        assert set(answer.candidates) == {"syrian-government", "islamic-state"}

    def test_diagnostics(self) -> None:
        """The example's record is consistent but for the two overlapping Mosul windows."""
        found = Timelines.build(dataset()).diagnostics()
        assert all(d.kind is not DiagnosticKind.PREVIOUS_HOLDER_MISMATCH for d in found)
        assert all(d.kind is not DiagnosticKind.UNKNOWN_BEFORE_FIRST for d in found)

    def test_every_change_is_a_control_change_at_a_place(self) -> None:
        """Each control change names where it happened."""
        for event in dataset().events_of(ControlChange):
            assert event.location is not None


@pytest.mark.parametrize("name", examples.SAMPLES)
def test_each_shipped_sample_reads(name: str) -> None:
    """The real extracts ship with the package and read with their dataset's reader."""
    from conflict_events.formats import acled, ucdp

    path = examples.sample(name)
    assert path.is_file()
    reader = acled.read_acled if name.startswith("acled") else ucdp.read_ucdp
    assert reader(path).events


def test_an_unknown_sample_names_the_samples() -> None:
    with pytest.raises(ConflictEventsError, match=r"ucdp_ged_191_sample\.csv"):
        examples.sample("acled.csv")
