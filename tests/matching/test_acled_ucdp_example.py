"""
The worked ACLED-UCDP example of docs/matching.md, as tests.

``acled_syria_2016_synthesised.csv`` holds rows written in ACLED's current
format for events of the UCDP GED 23.1 sample (not ACLED data; see
``src/conflict_events/samples/README.md``). `WRITTEN_FOR` says which UCDP
event each row was written for; the rest are events that sample lacks.
"""

import csv
import io
from functools import cache

import pytest

from conflict_events import Dataset
from conflict_events.examples import sample
from conflict_events.formats.acled import ACLED_COLUMNS, import_acled, read_acled, write_acled
from conflict_events.formats.ucdp import read_ucdp
from conflict_events.matching import Matches, match

SYNTHESISED = "acled_syria_2016_synthesised.csv"

#: Each ACLED row written for a UCDP event, and that event.
WRITTEN_FOR = {
    "acled:SYR9001": "ucdp:367540",  # geo_precision 2 near Kafr Nouran, coded to Atareb
    "acled:SYR9002": "ucdp:218691",  # time_precision 3: January 2016
    "acled:SYR9003": "ucdp:216413",  # time_precision 2: the week of 3 January 2016
    "acled:SYR9004": "ucdp:224092",  # the three days ACLED makes of UCDP's 3-10 June range
    "acled:SYR9005": "ucdp:224092",
    "acled:SYR9006": "ucdp:224092",
    "acled:SYR9007": "ucdp:219041",  # geo_precision 3: Aleppo governorate
    "acled:SYR9008": "ucdp:217951",
    "acled:SYR9009": "ucdp:227091",
}
#: The rows for events the UCDP sample does not have.
ACLED_ONLY = ("acled:SYR9010", "acled:SYR9011", "acled:SYR9012", "acled:SYR9013", "acled:SYR9014")
#: The rows split from one multi-day UCDP event: its daily parts, each matched to it.
SPLIT = ("acled:SYR9004", "acled:SYR9005", "acled:SYR9006")


@cache
def acled() -> Dataset:
    return read_acled(sample(SYNTHESISED))


@cache
def ged() -> Dataset:
    return read_ucdp(sample("ucdp_ged_231_syria_iraq_sample.csv"))


@cache
def matches() -> Matches:
    return match(acled(), ged())


@cache
def every_candidate() -> Matches:
    return match(acled(), ged(), min_probability=0.0)


def test_the_sample_is_in_the_current_acled_header_and_imports_cleanly() -> None:
    path = sample(SYNTHESISED)
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
        header = list(rows[0])
    assert header == ACLED_COLUMNS
    imported = import_acled(path)
    assert (imported.skipped, imported.replaced, imported.notices) == ((), 0, ())
    ids = [event.id for event in imported.dataset.events]
    assert ids == sorted([*WRITTEN_FOR, *ACLED_ONLY])
    assert len(ids) == len(rows) == 14
    assert {row["country"] for row in rows} == {"Syria"}
    assert {row["year"] for row in rows} == {"2016"}
    assert {row["time_precision"] for row in rows} == {"1", "2", "3"}
    assert {row["geo_precision"] for row in rows} == {"1", "2", "3"}
    assert not write_acled(imported.dataset, io.StringIO())  # ACLED holds every row back


def test_each_row_was_written_for_an_event_of_the_ucdp_sample() -> None:
    known = {event.id for event in ged().events}
    assert set(WRITTEN_FOR.values()) <= known
    for acled_id, ucdp_id in WRITTEN_FOR.items():
        row, event = acled().event(acled_id), ged().event(ucdp_id)
        assert row.when.earliest <= event.when.latest
        assert event.when.earliest <= row.when.latest


@pytest.mark.parametrize("acled_id", sorted(WRITTEN_FOR))
def test_each_written_row_finds_its_event_first(acled_id: str) -> None:
    found = matches().of(acled_id)
    assert found
    best = found[0]
    assert (best.left_id, best.right_id) == (acled_id, WRITTEN_FOR[acled_id])
    # One UCDP event, three ACLED days (SPLIT): its daily parts at one place are no
    # rivals of each other, so each keeps what it has alone.
    assert best.probability > 0.99
    assert [m.right_id for m in matches().above(0.5) if m.left_id == acled_id] == [
        WRITTEN_FOR[acled_id]
    ]


def test_the_split_rows_are_each_a_match_without_rivals() -> None:
    alone = match(acled(), ged(), rivals=False)
    assert {m.left_id for m in alone.of("ucdp:224092")} == set(SPLIT)
    assert all(m.probability > 0.99 for m in alone.of("ucdp:224092"))


def test_the_pairs_above_half_are_the_written_ones() -> None:
    found = {(m.left_id, m.right_id) for m in matches().above(0.5)}
    assert found == set(WRITTEN_FOR.items())


@pytest.mark.parametrize("acled_id", ACLED_ONLY)
def test_the_acled_only_rows_match_nothing(acled_id: str) -> None:
    assert not [m for m in matches().of(acled_id) if m.probability >= 0.5]
    candidates = every_candidate().of(acled_id)
    if acled_id == "acled:SYR9010":
        # Al Ghanto shelled two days after UCDP's air strike there: a candidate, no match.
        (near,) = candidates
        assert near.right_id == "ucdp:227091"
        assert near.evidence[0].level == "adjacent"
        assert near.probability < 0.01
    else:
        assert candidates == []


def test_the_near_miss_does_not_lower_the_true_pair() -> None:
    (true_pair,) = [m for m in matches().of("ucdp:227091") if m.probability >= 0.5]
    assert true_pair.left_id == "acled:SYR9009"
    assert true_pair.probability > 0.99


def test_match_is_symmetric() -> None:
    """match(ucdp, acled) gives the same pairs, probabilities and evidence, the ids swapped."""
    forward = sorted(matches(), key=lambda m: (m.left_id, m.right_id))
    backward = sorted(
        (m.swapped() for m in match(ged(), acled())), key=lambda m: (m.left_id, m.right_id)
    )
    assert len(forward) == 9
    assert backward == forward
