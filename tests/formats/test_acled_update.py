"""Updating an imported ACLED dataset with a newer export and ACLED's deletions."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import conflict_events
from conflict_events import Actor, ActorKind, Dataset, ValidationError
from conflict_events.formats.acled import read_acled, write_acled
from conflict_events.formats.acled_update import Update, timestamp, update
from conflict_events.model.dataset import iter_references

ACLED_2016 = Path(__file__).resolve().parents[1] / "data" / "acled_v6_africa_2016_sample.csv"
#: Where the sample's header gets a TIMESTAMP column (the 2016 file has none): after FATALITIES.
_AT = 25


def _sample() -> tuple[list[str], list[list[str]]]:
    text = ACLED_2016.read_bytes().decode("cp1252")
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    assert header[_AT - 1] == "FATALITIES"
    return (
        [*header[:_AT], "TIMESTAMP", *header[_AT:]],
        [[*row[:_AT], "1000", *row[_AT:]] for row in rows],
    )


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def _ids(rows: list[list[str]]) -> list[str]:
    return [f"acled:{row[1]}" for row in rows]


class _Case:
    """Base: rows 1-40; newer: rows 20-57 with some rows revised; three deletions."""

    def __init__(self, tmp_path: Path) -> None:
        header, rows = _sample()
        notes, fatalities, stamp = header.index("NOTES"), header.index("FATALITIES"), _AT
        newer_rows = [list(row) for row in rows[19:]]
        # rows 25 and 30: revised later; row 35: same timestamp, other notes (newer wins);
        # row 38: an older revision in the newer file (base stays).
        newer_rows[25 - 20][notes] = "Revised: " + newer_rows[25 - 20][notes]
        newer_rows[25 - 20][stamp] = "2000"
        newer_rows[30 - 20][fatalities] = "7"
        newer_rows[30 - 20][stamp] = "2000"
        newer_rows[35 - 20][notes] = "Same second, other text."
        newer_rows[38 - 20][notes] = "An older revision."
        newer_rows[38 - 20][stamp] = "500"
        self.rows = rows
        self.newer_rows = newer_rows
        self.base = read_acled(_write(tmp_path / "base.csv", header, rows[:40]))
        self.newer = read_acled(_write(tmp_path / "newer.csv", header, newer_rows))
        # one only in base, one in both, one only in newer
        self.deletions = [rows[2][1], rows[30][1], rows[50][1]]
        self.header = header


@pytest.fixture
def case(tmp_path: Path) -> _Case:
    return _Case(tmp_path)


def test_added_revised_and_deleted(case: _Case) -> None:
    """The real sample: the events of both, newer revisions in place, deletions gone."""
    result = conflict_events.update(case.base, case.newer, case.deletions)
    assert isinstance(result, Update)
    ids = _ids(case.rows)
    assert result.added == tuple(i for i in ids[40:] if i != ids[50])
    assert result.revised == (ids[24], ids[29], ids[34])
    assert result.deleted == (ids[2], ids[30], ids[50])
    expected = [i for i in ids if i not in result.deleted]
    assert [e.id for e in result.dataset.events] == expected
    events = {e.id: e for e in result.dataset.events}
    assert events[ids[24]].notes is not None
    assert events[ids[24]].notes.startswith("Revised: ")
    assert events[ids[29]].fatalities is not None
    assert events[ids[29]].fatalities.best == 7
    assert events[ids[34]].notes == "Same second, other text."
    assert events[ids[37]] == case.base.event(ids[37])
    assert timestamp(events[ids[24]]) == 2000


def test_records_no_event_uses_are_dropped(case: _Case) -> None:
    """An actor or place only deleted events named is gone; every other is kept."""
    result = update(case.base, case.newer, case.deletions)
    kept = result.dataset
    used = {ident for e in kept.events for _, _, ident in iter_references(e)}
    places = {loc.id for loc in kept.locations}
    used |= {p.id for ident in list(used) if ident in places for p in kept.ancestors(ident)}
    assert {r.id for r in (*kept.actors, *kept.locations, *kept.sources)} == used
    both = [*case.base.actors, *case.newer.actors, *case.base.locations, *case.newer.locations]
    dropped = {r.id for r in both} - {r.id for r in (*kept.actors, *kept.locations)}
    assert dropped
    events = {e.id: e for e in (*case.base.events, *case.newer.events)}
    deleted_events = [events[i] for i in result.deleted]
    for ident in dropped:
        assert any(ident in str(e) for e in deleted_events)
        assert not any(ident in str(e) for e in kept.events)


def test_written_back_the_update_keeps_its_timestamps(case: _Case, tmp_path: Path) -> None:
    """The updated dataset writes as ACLED, revisions and timestamps included, and reads back."""
    result = update(case.base, case.newer, case.deletions)
    report = write_acled(result.dataset, tmp_path / "updated.csv")
    assert not report
    again = read_acled(tmp_path / "updated.csv")
    assert [timestamp(e) for e in again.events] == [timestamp(e) for e in result.dataset.events]


def test_deletions_from_acleds_file(case: _Case, tmp_path: Path) -> None:
    """ACLED's deletions CSV: an event revised after its deletion came back and stays."""
    path = tmp_path / "deletions.csv"
    path.write_text(
        f"event_id_cnty,deleted_timestamp\n{case.deletions[0]},1500\n{case.rows[24][1]},1500\n",
        encoding="utf-8",
    )
    result = update(case.base, case.newer, path)
    ids = _ids(case.rows)
    assert result.deleted == (ids[2],)
    assert ids[24] in result.revised


@pytest.mark.parametrize(
    ("text", "path", "fragment"),
    [
        ("id\n1RTA\n", "event_id_cnty", "no event_id_cnty column"),
        ("event_id_cnty,deleted_timestamp\n,1\n", "event_id_cnty", "is blank"),
        ("event_id_cnty,deleted_timestamp\n1RTA,soon\n", "deleted_timestamp", "'soon'"),
    ],
)
def test_a_bad_deletions_file_is_refused(
    case: _Case, tmp_path: Path, text: str, path: str, fragment: str
) -> None:
    """A deletions file without ids, or with a timestamp that is not a number, is an error."""
    file = tmp_path / "deletions.csv"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        update(case.base, case.newer, file)
    (error,) = caught.value.errors
    assert error.path == path
    assert fragment in error.message


def test_deletions_must_be_ids(case: _Case) -> None:
    """A deletion that is not a text is named with its position."""
    with pytest.raises(ValidationError) as caught:
        update(case.base, case.newer, ["1RTA", 7, " "])  # type: ignore[list-item]
    assert [e.path for e in caught.value.errors] == ["deletions[1]", "deletions[2]"]


def test_summary_reads(case: _Case) -> None:
    """str(update) says how many of each and the first ids."""
    text = str(update(case.base, case.newer, case.deletions))
    head, *rest = text.splitlines()
    assert head == "16 added, 3 revised, 3 deleted: 54 events"
    assert rest[0].startswith("  added: acled:")
    assert "and 11 more" in rest[0]


def test_nothing_new_changes_nothing(case: _Case) -> None:
    """Updating a dataset with itself adds, revises and deletes nothing."""
    result = update(case.base, case.base)
    assert result == Update(case.base)


def test_a_record_no_event_ever_used_is_kept() -> None:
    """Only what the removed events used goes: an actor of no event stays."""
    alone = Actor(id="acled-actor:alone", name="Alone", kind=ActorKind.UNKNOWN)
    base = Dataset(actors=(alone,))
    assert update(base, Dataset(), ["1RTA"]).dataset.actors == (alone,)
