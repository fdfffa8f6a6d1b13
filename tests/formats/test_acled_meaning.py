"""
ACLED and UCDP GED read by meaning: roles per event type, kinds, fatalities, taxonomy, sources.

Rows here are synthesised from the codebook tables (``../shared/data/COLUMNS.md``
section 2: the 2022 export header with numeric inter codes, and the current
header with text ones), as the data README asks, and checked cell for cell.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflict_events import (
    ActorKind,
    ArmedClash,
    Attack,
    ControlChange,
    Declaration,
    Demonstration,
    DemonstrationForm,
    Destruction,
    EstimateQualifier,
    RemoteMethod,
    RemoteViolence,
    Role,
    SpatialPrecision,
)
from conflict_events.formats import acled, ucdp
from conflict_events.formats.acled_roles import ACLED_ROLES, SubEventRoles, roles_of
from conflict_events.formats.acled_types import ACLED_EVENT_TYPES
from conflict_events.model import CasualtyGroup

DATA = Path(__file__).resolve().parents[1] / "data"

#: The 2022 export: the 2019-2021 columns with disorder_type and civilian_targeting added.
HEADER_2022 = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    "iso3",
]
INTER_TEXT = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Strategic developments": "Strategic developments",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
}
#: An actor of each inter code, named as ACLED names them.
NAMES = {
    1: "Military Forces of Syria (2000-)",
    2: "Islamic State (Syria)",
    3: "Unidentified Armed Group (Syria)",
    4: "Tribal Militia (Syria)",
    5: "Rioters (Syria)",
    6: "Protesters (Syria)",
    7: "Civilians (Syria)",
    8: "Military Forces of Russia (2000-)",
}


def _interaction(a: int, b: int | None, text: bool) -> str:
    codes = sorted(c for c in (a, b) if c)
    if not text:
        return str(codes[0] * 10 + (codes[1] if len(codes) > 1 else 0))
    if len(codes) == 1:
        return f"{INTER_TEXT[codes[0]]} only"
    if codes == [7, 8]:
        return "External/Other forces-Civilians"
    return "-".join(INTER_TEXT[c] for c in codes)


def _row(
    header: list[str],
    number: int,
    event_type: str,
    sub: str,
    inter1: int,
    inter2: int | None,
    *,
    text_inter: bool,
    fatalities: str = "3",
    targeted: str = "",
    same_actor: bool = False,
) -> dict[str, str]:
    """One row of *header* as ACLED's codebook describes it."""
    actor2 = NAMES[inter1] if same_actor else NAMES[inter2] if inter2 else ""
    inter2 = inter1 if same_actor else inter2
    values = {
        "data_id": str(9000 + number),
        "iso": "760",
        "event_id_cnty": f"SYR{number}",
        "event_id_no_cnty": str(number),
        "event_date": "2022-03-0" + str(1 + number % 9),
        "year": "2022",
        "time_precision": "1",
        "disorder_type": DISORDER[event_type],
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": NAMES[inter1],
        "assoc_actor_1": "",
        "inter1": INTER_TEXT[inter1] if text_inter else str(inter1),
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": (INTER_TEXT[inter2] if text_inter else str(inter2))
        if inter2
        else ("" if text_inter else "0"),
        "interaction": _interaction(inter1, inter2, text_inter),
        "civilian_targeting": targeted,
        "region": "Middle East",
        "country": "Syria",
        "admin1": "Homs",
        "admin2": "Tadmor",
        "admin3": "Tadmor",
        "location": "Palmyra",
        "latitude": "34.5601",
        "longitude": "38.2672",
        "geo_precision": "1",
        "source": "SOHR; Local Source",
        "source_scale": "Local partner-National",
        "notes": f"On 1 March 2022, row {number}.",
        "fatalities": fatalities,
        "tags": "",
        "timestamp": str(1_646_100_000 + number),
        "iso3": "SYR",
    }
    return {column: values[column] for column in header}


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def _round_trip(tmp_path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    source = _write(tmp_path / "in.csv", header, rows)
    dataset = acled.read_acled(source)
    out = tmp_path / "out.csv"
    report = acled.write_acled(dataset, out)
    assert not report, str(report)
    assert _cells(out) == _cells(source)


#: Inter codes an actor of each kind of event plausibly has (actor1, actor2).
_PLAUSIBLE: dict[str, tuple[int, int | None]] = {
    "Battles": (1, 2),
    "Protests": (6, 1),
    "Riots": (5, 1),
    "Explosions/Remote violence": (8, 2),
    "Violence against civilians": (3, 7),
    "Strategic developments": (1, 2),
}
CURRENT = sorted(ACLED_EVENT_TYPES)


class TestRoleTable:
    """The role table covers the codebook and every entry names fields its class has."""

    def test_every_current_type_has_an_entry(self) -> None:
        listed = {(r.event_type, r.sub_event_type) for r in ACLED_ROLES if r.sub_event_type}
        assert listed == set(ACLED_EVENT_TYPES)

    def test_the_nine_pre_2019_types_have_entries(self) -> None:
        old = {r.event_type for r in ACLED_ROLES if r.sub_event_type is None}
        assert old == {
            "Battle-No change of territory",
            "Battle-Government regains territory",
            "Battle-Non-state actor overtakes territory",
            "Headquarters or base established",
            "Non-violent transfer of territory",
            "Remote violence",
            "Riots/Protests",
            "Strategic development",
            "Violence against civilians",
        }

    @pytest.mark.parametrize("roles", ACLED_ROLES, ids=lambda r: r.sub_event_type or r.event_type)
    def test_slots_are_fields_of_the_class(self, roles: SubEventRoles) -> None:
        import attrs

        fields = attrs.fields_dict(roles.cls)
        for slot in (roles.actor1, roles.actor2):
            if slot.startswith("participant:"):
                Role(slot.removeprefix("participant:"))
            else:
                assert slot in fields, (roles, slot)
        assert roles.meaning

    def test_lookup_is_by_words_in_any_case(self) -> None:
        assert roles_of("battles", "ARMED CLASH") is roles_of("Battles", "Armed clash")
        assert roles_of("", "Armed clash") is roles_of("Battles", "Armed clash")
        assert roles_of("Nonsense", "") is None


#: Where actor1 and actor2 land, per class (the codebook's definitions, paraphrased).
def _actors_in(event: object, slot: str) -> tuple[str, ...]:
    if slot.startswith("participant:"):
        role = Role(slot.removeprefix("participant:"))
        return tuple(p.actor for p in event.participants if p.role is role)  # type: ignore[attr-defined]
    value = getattr(event, slot)
    return value if isinstance(value, tuple) else (value,)


class TestRolesByRow:
    """Each of the 25 sub-event types, one synthesised row each, read as its codebook says."""

    @pytest.mark.parametrize("pair", CURRENT, ids=lambda p: p[1])
    def test_actor1_and_actor2_take_their_roles(
        self, tmp_path: Path, pair: tuple[str, str]
    ) -> None:
        event_type, sub = pair
        inter1, inter2 = _PLAUSIBLE[event_type]
        row = _row(acled.ACLED_COLUMNS, 1, event_type, sub, inter1, inter2, text_inter=True)
        dataset = acled.read_acled(_write(tmp_path / "one.csv", acled.ACLED_COLUMNS, [row]))
        (event,) = dataset.events
        roles = roles_of(event_type, sub)
        assert roles is not None
        assert isinstance(event, roles.cls)
        names = {actor.id: actor.name for actor in dataset.actors}
        assert [names[a] for a in _actors_in(event, roles.actor1)] == [NAMES[inter1]]
        assert [names[a] for a in _actors_in(event, roles.actor2)] == [NAMES[inter2]]
        assert event.classifications[0].path == (DISORDER[event_type], event_type, sub)

    def test_excessive_force_by_an_armed_group(self, tmp_path: Path) -> None:
        """Protesters are the demonstrators even when the armed group is actor1."""
        row = _row(
            acled.ACLED_COLUMNS,
            1,
            "Protests",
            "Excessive force against protesters",
            2,
            6,
            text_inter=True,
        )
        dataset = acled.read_acled(_write(tmp_path / "force.csv", acled.ACLED_COLUMNS, [row]))
        (event,) = dataset.events
        assert isinstance(event, Demonstration)
        assert event.form is DemonstrationForm.EXCESSIVE_FORCE
        assert [dataset.actor(a).name for a in event.demonstrators] == [NAMES[6]]
        assert [dataset.actor(a).name for a in event.responders] == [NAMES[2]]
        out = tmp_path / "out.csv"
        assert not acled.write_acled(dataset, out)
        assert _cells(out) == _cells(tmp_path / "force.csv")

    def test_intra_group_clash_keeps_both_sides(self, tmp_path: Path) -> None:
        row = _row(
            acled.ACLED_COLUMNS,
            1,
            "Battles",
            "Armed clash",
            3,
            None,
            text_inter=True,
            same_actor=True,
        )
        dataset = acled.read_acled(_write(tmp_path / "intra.csv", acled.ACLED_COLUMNS, [row]))
        (event,) = dataset.events
        assert isinstance(event, ArmedClash)
        assert event.side_a == event.side_b == (dataset.actors[0].id,)

    def test_mob_violence_targets_are_participants(self, tmp_path: Path) -> None:
        row = _row(acled.ACLED_COLUMNS, 1, "Riots", "Mob violence", 5, 7, text_inter=True)
        dataset = acled.read_acled(_write(tmp_path / "mob.csv", acled.ACLED_COLUMNS, [row]))
        (event,) = dataset.events
        assert isinstance(event, Demonstration)
        assert event.responders == ()
        targets = [p.actor for p in event.participants if p.role is Role.TARGET]
        assert [dataset.actor(a).name for a in targets] == [NAMES[7]]

    def test_classes_of_the_types(self, tmp_path: Path) -> None:
        """A few types with their typed values: method, mode, destruction of the place."""
        rows = [
            _row(
                acled.ACLED_COLUMNS,
                1,
                "Explosions/Remote violence",
                "Air/drone strike",
                8,
                2,
                text_inter=True,
            ),
            _row(
                acled.ACLED_COLUMNS,
                2,
                "Strategic developments",
                "Non-violent transfer of territory",
                2,
                1,
                text_inter=True,
            ),
            _row(
                acled.ACLED_COLUMNS,
                3,
                "Strategic developments",
                "Looting/property destruction",
                3,
                7,
                text_inter=True,
            ),
            _row(
                acled.ACLED_COLUMNS, 4, "Strategic developments", "Arrests", 1, 6, text_inter=True
            ),
        ]
        dataset = acled.read_acled(_write(tmp_path / "types.csv", acled.ACLED_COLUMNS, rows))
        strike, transfer, looting, arrests = dataset.events
        assert isinstance(strike, RemoteViolence)
        assert strike.method is RemoteMethod.AIR_STRIKE
        assert isinstance(transfer, ControlChange)
        assert transfer.mode.value == "withdrawal"
        assert isinstance(looting, Destruction)
        assert looting.objects == (looting.location,)
        assert isinstance(arrests, Declaration)
        assert arrests.subject == "Arrests"
        assert [p.role for p in arrests.participants] == [Role.TARGET]


class TestFaithful:
    """Nothing fabricated, nothing overclaimed."""

    def test_blank_civilian_targeting_stays_blank(self, tmp_path: Path) -> None:
        """2022 header: a VAC row with civilian_targeting blank is not 'Civilians targeted'."""
        rows = [
            _row(HEADER_2022, 1, "Violence against civilians", "Attack", 3, 7, text_inter=False),
            _row(
                HEADER_2022,
                2,
                "Violence against civilians",
                "Attack",
                3,
                7,
                text_inter=False,
                targeted="Civilians targeted",
            ),
        ]
        source = _write(tmp_path / "vac.csv", HEADER_2022, rows)
        dataset = acled.read_acled(source)
        blank, targeted = dataset.events
        assert isinstance(blank, Attack)
        assert isinstance(targeted, Attack)
        assert (blank.civilian_targeting, targeted.civilian_targeting) == (False, True)
        assert "civilian_targeting" not in blank.extensions["acled"].get("columns", {})
        out = tmp_path / "out.csv"
        assert not acled.write_acled(dataset, out)
        assert _cells(out) == _cells(source)

    def test_associated_actors_have_an_unknown_kind(self, tmp_path: Path) -> None:
        row = _row(acled.ACLED_COLUMNS, 1, "Battles", "Armed clash", 1, 2, text_inter=True)
        row["assoc_actor_1"] = "Hezbollah"
        dataset = acled.read_acled(_write(tmp_path / "assoc.csv", acled.ACLED_COLUMNS, [row]))
        kinds = {actor.name: actor.kind for actor in dataset.actors}
        assert kinds["Hezbollah"] is ActorKind.UNKNOWN
        assert kinds[NAMES[1]] is ActorKind.STATE_FORCES

    def test_unidentified_armed_groups_are_political_militias(self, tmp_path: Path) -> None:
        """ACLED codes unidentified armed groups inter 3; their kind is what the file states."""
        row = _row(acled.ACLED_COLUMNS, 1, "Battles", "Armed clash", 3, 1, text_inter=True)
        dataset = acled.read_acled(_write(tmp_path / "uag.csv", acled.ACLED_COLUMNS, [row]))
        kinds = {actor.name: actor.kind for actor in dataset.actors}
        assert kinds[NAMES[3]] is ActorKind.POLITICAL_MILITIA

    @pytest.mark.parametrize(
        ("cell", "low", "best", "qualifier"),
        [
            ("0", None, 0, EstimateQualifier.NONE_REPORTED),
            ("12", 12, 12, EstimateQualifier.CONSERVATIVE),
        ],
    )
    def test_fatalities_are_as_strong_as_acled_states_them(
        self, tmp_path: Path, cell: str, low: int | None, best: int, qualifier: EstimateQualifier
    ) -> None:
        row = _row(
            acled.ACLED_COLUMNS, 1, "Battles", "Armed clash", 1, 2, text_inter=True, fatalities=cell
        )
        dataset = acled.read_acled(_write(tmp_path / "f.csv", acled.ACLED_COLUMNS, [row]))
        figure = dataset.events[0].fatalities
        assert figure is not None
        assert (figure.low, figure.best, figure.high, figure.qualifier) == (
            low,
            best,
            None,
            qualifier,
        )

    def test_iso_gives_the_alpha3_code(self, tmp_path: Path) -> None:
        header = list(acled.ACLED_COLUMNS)
        row = _row(header, 1, "Battles", "Armed clash", 1, 2, text_inter=True)
        source = _write(tmp_path / "iso.csv", header, [row])
        dataset = acled.read_acled(source)
        country = dataset.ancestors(dataset.events[0].location or "")[-1]
        assert (country.name, country.country) == ("Syria", "SYR")
        assert "iso" not in dataset.events[0].extensions["acled"].get("columns", {})

    def test_precision_is_the_events(self, tmp_path: Path) -> None:
        rows = [
            _row(acled.ACLED_COLUMNS, n, "Battles", "Armed clash", 1, 2, text_inter=True)
            for n in (1, 2)
        ]
        rows[1]["geo_precision"] = "2"
        source = _write(tmp_path / "geo.csv", acled.ACLED_COLUMNS, rows)
        dataset = acled.read_acled(source)
        assert len({e.location for e in dataset.events}) == 1
        assert [e.location_precision for e in dataset.events] == [
            SpatialPrecision.EXACT,
            SpatialPrecision.NEAR,
        ]
        out = tmp_path / "out.csv"
        assert not acled.write_acled(dataset, out)
        assert _cells(out) == _cells(source)


_TYPES = st.sampled_from(CURRENT)
_CODES = st.integers(1, 8)


class TestSynthesisedFiles:
    """Files of either header, synthesised from the codebook, round-trip cell for cell."""

    @settings(max_examples=25, deadline=None)
    @given(
        rows=st.lists(
            st.tuples(
                _TYPES,
                _CODES,
                st.none() | _CODES,
                st.sampled_from(["", "Civilians targeted"]),
                st.sampled_from(["0", "1", "12", ""]),
            ),
            min_size=1,
            max_size=12,
        ),
        text_inter=st.booleans(),
    )
    def test_round_trip(
        self, tmp_path_factory: pytest.TempPathFactory, rows: list, text_inter: bool
    ) -> None:
        header = acled.ACLED_COLUMNS if text_inter else HEADER_2022
        written = [
            _row(
                header,
                number,
                kind,
                sub,
                a,
                b,
                text_inter=text_inter,
                targeted=targeted,
                fatalities=deaths,
            )
            for number, ((kind, sub), a, b, targeted, deaths) in enumerate(rows, start=1)
        ]
        _round_trip(tmp_path_factory.mktemp("acled"), header, written)


class TestUcdp:
    """UCDP GED's sides, deaths per side and sources."""

    def test_deaths_per_side_are_typed(self) -> None:
        dataset = ucdp.read_ucdp(DATA / "ucdp_ged_231_syria_iraq_sample.csv")
        event = dataset.event("ucdp:248414")
        by_group = {
            (item.group, dataset.actor(item.actor).name if item.actor else None): item.deaths.best
            for item in event.casualties
        }
        assert by_group == {
            (CasualtyGroup.SIDE, "Government of Syria"): 2,
            (CasualtyGroup.SIDE, "Syrian insurgents"): 2,
            (CasualtyGroup.CIVILIANS, None): 0,
            (CasualtyGroup.UNKNOWN, None): 0,
        }
        assert "deaths_a" not in event.extensions["ucdp"]["columns"]

    def test_sources_are_articles(self) -> None:
        dataset = ucdp.read_ucdp(DATA / "ucdp_ged_231_syria_iraq_sample.csv")
        event = dataset.event("ucdp:248414")
        sources = [dataset.source(a.source) for a in event.attributions if a.source]
        assert [s.publisher for s in sources] == ["UCDP", "SOHR"]
        article = sources[1]
        assert article.published is not None
        assert article.published.to_edtf() == "2017-09-12"
        assert article.title is not None
        assert article.title.startswith("Clashes during night")
        assert len(dataset.sources) > 2

    def test_taxonomy_and_kinds(self) -> None:
        dataset = ucdp.read_ucdp(DATA / "ucdp_ged_191_sample.csv")
        schemes = {(c.scheme, c.path) for e in dataset.events for c in e.classifications}
        assert schemes == {
            ("ucdp-ged", ("State-based conflict",)),
            ("ucdp-ged", ("Non-state conflict",)),
            ("ucdp-ged", ("One-sided violence",)),
        }
        kinds = {actor.kind for actor in dataset.actors}
        assert ActorKind.REBEL_GROUP not in kinds
        assert {ActorKind.STATE_FORCES, ActorKind.CIVILIANS, ActorKind.UNKNOWN} <= kinds

    def test_precision_is_the_events(self) -> None:
        dataset = ucdp.read_ucdp(DATA / "ucdp_ged_191_sample.csv")
        assert {e.location_precision for e in dataset.events} >= {
            SpatialPrecision.EXACT,
            SpatialPrecision.NEAR,
        }
        assert all(place.precision is None for place in dataset.locations)


def test_the_docs_role_table_is_the_role_table() -> None:
    """docs/formats.md lists each entry of ACLED_ROLES with its class and both slots."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text(encoding="utf-8")
    rows = {
        tuple(cell.strip() for cell in line.strip("|").split("|")[:5])
        for line in text.splitlines()
        if line.startswith("| ") and line.count("|") == 7
    }

    def slot(name: str) -> str:
        kind, _, role = name.partition(":")
        return f"participant `{role}`" if kind == "participant" else f"`{name}`"

    for roles in ACLED_ROLES:
        sub = roles.sub_event_type or "(pre-2019, no sub-event type)"
        expected = (
            roles.event_type,
            sub,
            f"`{roles.cls.__name__}`",
            slot(roles.actor1),
            slot(roles.actor2),
        )
        assert expected in rows, expected


class TestChangedValues:
    """Export writes what was read where the value did not change, and the new value where it did."""

    def test_a_changed_date_is_written_and_the_rest_kept(self, tmp_path: Path) -> None:
        import attrs

        from conflict_events import FuzzyDate

        dataset = acled.read_acled(DATA / "acled_v6_africa_2016_sample.csv")
        first = dataset.events[0]
        assert first.extensions["acled"]["columns"]["event_date"] == "29/12/2015"
        moved = attrs.evolve(first, when=FuzzyDate.day(2016, 1, 2))
        changed = attrs.evolve(dataset, events=(moved, *dataset.events[1:]))
        out = tmp_path / "out.csv"
        assert not acled.write_acled(changed, out)
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
        assert rows[0]["EVENT_DATE"] == "2016-01-02"
        assert rows[1]["EVENT_DATE"] == "30/12/2015"

    def test_a_renamed_actor_is_written(self, tmp_path: Path) -> None:
        import attrs

        dataset = acled.read_acled(DATA / "acled_v6_africa_2016_sample.csv")
        event = next(e for e in dataset.events if e.id == "acled:6427RTA")
        assert event.extensions["acled"]["columns"]["actor1"].endswith(" ")
        declarant = dataset.actor(event.declarant)  # type: ignore[attr-defined]
        renamed = attrs.evolve(declarant, name="AMISOM", external_ids={"acled": "AMISOM"})
        changed = attrs.evolve(
            dataset,
            actors=tuple(renamed if a.id == declarant.id else a for a in dataset.actors),
        )
        out = tmp_path / "out.csv"
        assert not acled.write_acled(changed, out)
        rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
        row = next(r for r in rows if r["EVENT_ID_CNTY"] == "6427RTA")
        assert row["ACTOR1"] == "AMISOM"


def test_a_month_first_file_writes_dates_that_read_back(tmp_path: Path) -> None:
    """Read with dayfirst=False, the dates are written as ISO days wherever the kept slash
    date would read back otherwise (day first, as files are read); the rest is kept."""
    rows = [
        _row(acled.ACLED_COLUMNS, n, "Battles", "Armed clash", 1, 2, text_inter=True)
        for n in (1, 2, 3)
    ]
    rows[0]["event_date"] = "03/04/2020"  # 4 March, month first; 3 April day first
    rows[1]["event_date"] = "12/29/2020"  # month first only
    rows[2]["event_date"] = "05/05/2020"  # the same either way: kept
    source = _write(tmp_path / "us.csv", acled.ACLED_COLUMNS, rows)
    dataset = acled.read_acled(source, dayfirst=False)
    assert [e.when.to_edtf() for e in dataset.events] == ["2020-03-04", "2020-12-29", "2020-05-05"]
    out = tmp_path / "out.csv"
    assert not acled.write_acled(dataset, out)
    written = [row[1] for row in _cells(out)[1:]]
    assert written == ["2020-03-04", "2020-12-29", "05/05/2020"]
    back = acled.read_acled(out)
    assert [e.when for e in back.events] == [e.when for e in dataset.events]
