"""Ids from content: the same data gives the same ids in any file and any row order."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflict_events import ActorKind, Dataset, LocationKind, SpatialPrecision
from conflict_events.formats import acled, ids, ucdp
from conflict_events.formats.tables import RecordBuilder, slug
from conflict_events.model.fields import ID_PATTERN

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLES = {
    "acled_v6_africa_2016_sample.csv": acled.read_acled,
    "ucdp_ged_191_sample.csv": ucdp.read_ucdp,
    "ucdp_ged_231_syria_iraq_sample.csv": ucdp.read_ucdp,
}
_ID = re.compile(ID_PATTERN)


def _rows(name: str) -> tuple[list[str], list[list[str]]]:
    data = (DATA / name).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    header, *rows = csv.reader(io.StringIO(text, newline=""))
    return header, rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def _records(dataset: Dataset) -> dict[str, Any]:
    """Every record by id: what must not depend on row order."""
    return {
        record.id: record
        for name in ("actors", "locations", "sources", "events")
        for record in getattr(dataset, name)
    }


def _all_ids(dataset: Dataset) -> list[str]:
    return [
        r.id
        for name in ("actors", "locations", "sources", "events")
        for r in getattr(dataset, name)
    ]


@pytest.mark.parametrize("name", sorted(SAMPLES))
@settings(max_examples=4, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_shuffled_rows_give_the_same_ids_and_records(
    name: str, data: st.DataObject, tmp_path: Path
) -> None:
    """A real file read with its rows in another order gives the same records under the same ids."""
    header, rows = _rows(name)
    shuffled = data.draw(st.permutations(rows))
    read = SAMPLES[name]
    first = read(_write(tmp_path / "in-order.csv", header, rows))
    second = read(_write(tmp_path / "shuffled.csv", header, list(shuffled)))
    assert _records(second) == _records(first)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_no_id_ends_in_a_counter(name: str) -> None:
    """No id is numbered by order of appearance (``Baghdad-2``); each is a valid identifier."""
    dataset = SAMPLES[name](DATA / name)
    for ident in _all_ids(dataset):
        assert _ID.fullmatch(ident), ident
        assert not re.search(r"[^-]-[0-9]{1,2}$", ident), ident


def test_a_name_is_the_same_place_whatever_else_a_file_holds() -> None:
    """The town Baghdad keeps its id in a file where a district is also called Baghdad."""
    town_only = RecordBuilder("acled")
    iraq = town_only.location("Iraq", LocationKind.COUNTRY)
    province = town_only.location("Baghdad", LocationKind.ADMIN1, iraq)
    town = town_only.location("Baghdad", LocationKind.SETTLEMENT, province)
    both = RecordBuilder("acled")
    iraq2 = both.location("Iraq", LocationKind.COUNTRY)
    province2 = both.location("Baghdad", LocationKind.ADMIN1, iraq2)
    district = both.location("Baghdad", LocationKind.ADMIN2, province2)
    town2 = both.location("Baghdad", LocationKind.SETTLEMENT, province2)
    assert town2 == town
    assert district not in (town, province)
    assert town == "acled-place:iraq:baghdad:::baghdad"


@given(st.text(min_size=1), st.text(min_size=1))
def test_two_names_share_an_id_exactly_when_they_normalise_alike(first: str, second: str) -> None:
    """Different normalised names never share an actor id; spellings of one name always do."""
    one = ids.name_id("acled-actor:", first)
    two = ids.name_id("acled-actor:", second)
    assert (one == two) == (ids.normalise(first) == ids.normalise(second))
    assert _ID.fullmatch(one)


@given(st.text(min_size=1), st.text(min_size=1))
def test_slug_is_one_to_one(first: str, second: str) -> None:
    """Two different dataset ids never give one event id; each is a valid identifier."""
    same = unicodedata.normalize("NFC", first) == unicodedata.normalize("NFC", second)
    assert (slug("acled:", first) == slug("acled:", second)) == same
    assert _ID.fullmatch(slug("acled:", first))


_NAMES = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), min_size=1, max_size=40)


@given(st.lists(_NAMES.filter(lambda name: any(c.isalnum() for c in name)), min_size=1, max_size=4))
def test_long_paths_fit_the_id_limit(names: list[str]) -> None:
    """However long or strange a path, its id is a valid identifier of at most 128 characters."""
    builder = RecordBuilder("acled")
    parent = None
    for name, kind in zip(
        names,
        [LocationKind.COUNTRY, LocationKind.ADMIN1, LocationKind.ADMIN2, LocationKind.ADMIN3],
        strict=False,
    ):
        parent = builder.location(name, kind, parent)
    assert parent is not None
    assert _ID.fullmatch(parent)


def test_faithful_names_are_readable_and_others_hashed() -> None:
    """A name ids can spell is spelt; one they cannot gets a readable part and a stable hash."""
    assert ids.name_id("acled-actor:", "Al  Shabaab") == "acled-actor:al_shabaab"
    hashed = ids.name_id("acled-actor:", "Military Forces of Algeria (1999-)")
    assert re.fullmatch(r"acled-actor:military_forces_of_algeria_-1999--[0-9a-f]{8}", hashed)
    assert slug("acled:", "SYR1234") == "acled:SYR1234"
    assert slug("acled:", "SYR 1234") != slug("acled:", "SYR-1234") == "acled:SYR-1234"
    assert len(ids.name_id("acled-actor:", "x" * 500)) == ids.MAX_ID


def test_coordinates_equal_to_four_decimals_are_one_place() -> None:
    """35.55530 (ACLED 2016), 35.5553 (ACLED today) and 35.555301 (6 decimals) are one place."""
    builder = RecordBuilder("acled")
    country = builder.location("Algeria", LocationKind.COUNTRY)
    found = {
        builder.location("Batna", LocationKind.SETTLEMENT, country, latitude=lat, longitude=6.1786)
        for lat in (35.55530, 35.5553, 35.555301)
    }
    assert len(found) == 1


def test_two_villages_of_one_name_are_two_places_whatever_the_order() -> None:
    """Same path, coordinates really different: two ids, the same in either order."""

    def read(order: list[float]) -> list[str]:
        builder = RecordBuilder("acled")
        country = builder.location("Syria", LocationKind.COUNTRY)
        return [
            builder.location(
                "Tell", LocationKind.SETTLEMENT, country, latitude=lat, longitude=38.27
            )
            for lat in order
        ]

    forward = read([34.55, 34.56])
    backward = read([34.56, 34.55])
    assert forward[0] != forward[1]
    assert forward == backward[::-1]
    assert forward[0].endswith(":N34.55E38.27")


def test_spatial_precision_does_not_split_a_place() -> None:
    """The place is one whatever precision a row gives; the precision most rows give is kept."""
    builder = RecordBuilder("acled")
    country = builder.location("Algeria", LocationKind.COUNTRY)
    algiers = {
        builder.location(
            "Algiers",
            LocationKind.SETTLEMENT,
            country,
            latitude=36.7525,
            longitude=3.04197,
            precision=precision,
        )
        for precision in (SpatialPrecision.ADMIN1, SpatialPrecision.EXACT, SpatialPrecision.EXACT)
    }
    assert len(algiers) == 1
    lookup = builder.finish()
    assert lookup.location(algiers.pop()).precision is SpatialPrecision.EXACT


def test_event_ids_are_never_renamed() -> None:
    """The builder gives an event the id it is asked for, every time."""
    builder = RecordBuilder("acled")
    assert builder.event_id("acled:1RTA") == builder.event_id("acled:1RTA") == "acled:1RTA"


class TestActorKinds:
    """An actor's kind is decided from every row, the same for any row order."""

    @staticmethod
    def _kind(sightings: list[tuple[ActorKind | None, int]]) -> tuple[ActorKind, list[str]]:
        builder = RecordBuilder("acled")
        ident = ""
        for kind, line in sightings:
            ident = builder.actor("Mayi Mayi Militia", kind, line=line)
        lookup = builder.finish()
        return lookup.actor(ident).kind, [str(n) for n in builder.notices]

    def test_agreeing_rows(self) -> None:
        """Rows that state one kind (or none) give that kind and no notice."""
        sightings = [(None, 2), (ActorKind.REBEL_GROUP, 3), (ActorKind.REBEL_GROUP, 4)]
        assert self._kind(sightings) == (ActorKind.REBEL_GROUP, [])

    def test_no_row_states_a_kind(self) -> None:
        """A kind no row states is unknown (not ACLED's unidentified armed group)."""
        assert self._kind([(None, 2), (None, 3)]) == (ActorKind.UNKNOWN, [])

    def test_most_rows_win_and_say_so(self) -> None:
        """Rows that disagree: the kind most rows state, and a notice naming each with its lines."""
        sightings = [
            (ActorKind.REBEL_GROUP, 2),
            (ActorKind.POLITICAL_MILITIA, 3),
            (ActorKind.POLITICAL_MILITIA, 5),
        ]
        kind, notices = self._kind(sightings)
        assert kind is ActorKind.POLITICAL_MILITIA
        (notice,) = notices
        assert notice.startswith("actors[acled-actor:mayi_mayi_militia].kind: ")
        assert "political_militia in 2 rows (lines 3, 5)" in notice
        assert "rebel_group in 1 row (line 2)" in notice

    @given(st.permutations([ActorKind.POLITICAL_MILITIA, ActorKind.REBEL_GROUP, None]))
    def test_a_tie_goes_by_kind_order_not_row_order(self, kinds: list[ActorKind | None]) -> None:
        """One row each: the first in ActorKind order, whatever order the rows come in."""
        kind, _ = self._kind([(k, line) for line, k in enumerate(kinds, 2)])
        assert kind is ActorKind.REBEL_GROUP

    def test_finish_is_idempotent_and_dataset_calls_it(self) -> None:
        """finish() twice changes nothing; dataset() decides kinds without being told to."""
        builder = RecordBuilder("acled")
        ident = builder.actor("X", None, line=2)
        builder.actor("X", ActorKind.CIVILIANS, line=3)
        assert builder.dataset((), {}).actor(ident).kind is ActorKind.CIVILIANS
        first = dict(builder.finish().actors)
        assert builder.finish().actors == first
        assert builder.notices == []

    def test_one_row_naming_an_actor_twice_counts_once(self) -> None:
        """actor1 and an associated actor in one row are one row's word: 1 row against 1 here."""
        sightings = [
            (ActorKind.CIVILIANS, 2),
            (ActorKind.CIVILIANS, 2),
            (ActorKind.PROTESTERS, 3),
        ]
        kind, notices = self._kind(sightings)
        assert kind is ActorKind.PROTESTERS
        assert "civilians in 1 row (line 2)" in notices[0]


_ROW_TEXT = (
    "SYR101631,2023-02-16,2023,1,Political violence,Battles,Armed clash,"
    "Islamic State (Syria),,Rebel group,Military Forces of Syria (2000-),,State forces,"
    "State forces-Rebel group,,760,Middle East,Syria,Homs,Tadmor,Tadmor,Palmyra,34.5601,"
    '38.2672,1,SOHR,Local partner-National,"IS attacked.",12,,1676900000'
)
_ROW = next(csv.reader([_ROW_TEXT]))


@given(inters=st.permutations(["Rebel group", "Political militia", "Rebel group"]))
@settings(max_examples=6, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_rows_disagreeing_on_a_kind_keep_their_cells(inters: list[str], tmp_path: Path) -> None:
    """The kind most rows state is the actor's, in any order; each other row keeps its inter1."""
    column = acled.ACLED_COLUMNS.index
    rows = []
    for number, inter in enumerate(inters):
        row = list(_ROW)
        row[column("event_id_cnty")] = f"SYR{number}"
        row[column("inter1")] = inter
        row[column("interaction")] = f"{inter}-State forces" if inter != "Rebel group" else _ROW[13]
        rows.append(row)
    source = _write(tmp_path / "in.csv", acled.ACLED_COLUMNS, rows)
    dataset = acled.read_acled(source)
    (actor,) = dataset.find_actors("Islamic State (Syria)")
    assert actor.kind is ActorKind.REBEL_GROUP
    assert not acled.write_acled(dataset, tmp_path / "out.csv")
    assert _rows_of(tmp_path / "out.csv") == _rows_of(source)


def _rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
