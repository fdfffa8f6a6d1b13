"""
Finding a location by what a user types: ids, names, ``NAME@PARENT``, transliterations.

On the real samples (ACLED Africa 2016 has names at several levels, UCDP
Syria/Iraq has ``Ar Raqqah ...`` places) and the built-in example; properties
over generated datasets and names.
"""

from __future__ import annotations

import pickle
import unicodedata
from datetime import date
from functools import cache

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conflict_events import strategies
from conflict_events.errors import ConflictEventsError
from conflict_events.examples import dataset, sample
from conflict_events.formats.acled import read_acled
from conflict_events.formats.ucdp import read_ucdp
from conflict_events.model import Dataset, Location, LocationKind
from conflict_events.reasoning import Timelines, UnknownLocationError
from conflict_events.reasoning.location_lookup import (
    LocationLookupError,
    find_location,
    find_locations,
    location_label,
)
from conflict_events.reasoning.place_names import (
    ARTICLES,
    close_names,
    core,
    fold,
    name_key,
    skeleton,
)
from conflict_events.reasoning.report import chosen_locations

EXAMPLE = dataset()
BATNA_ADMIN1 = "acled-place:algeria:batna"
BATNA_ADMIN2 = "acled-place:algeria:batna:batna"
BATNA_TOWN = "acled-place:algeria:batna:batna::batna:N35.5553E6.1786"
RAQQA_TOWN = (
    "ucdp-place:syria:ar_raqqah_governorate:ar_raqqah_district::ar_raqqah_town:N35.9528E39.0079"
)


@cache
def acled() -> Dataset:
    return read_acled(sample("acled_v6_africa_2016_sample.csv"))


@cache
def syria_iraq() -> Dataset:
    return read_ucdp(sample("ucdp_ged_231_syria_iraq_sample.csv"))


def failure(data: Dataset, text: str) -> LocationLookupError:
    with pytest.raises(LocationLookupError) as raised:
        find_location(data, text)
    assert isinstance(raised.value, ConflictEventsError)
    return raised.value


class TestOneNameAtSeveralLevels:
    """ACLED names Batna the province (admin1), its district (admin2) and the town."""

    def test_each_candidate_is_listed_with_kind_parent_and_id(self) -> None:
        error = failure(acled(), "batna")
        assert str(error) == (
            "'batna' names 3 locations: "
            f"Batna \u2014 admin1 in Algeria ({BATNA_ADMIN1}); "
            f"Batna \u2014 admin2 in Batna, Algeria ({BATNA_ADMIN2}); "
            f"Batna \u2014 settlement in Batna, Batna, Algeria ({BATNA_TOWN}); "
            "give NAME@PARENT or the id"
        )
        assert error.candidates == (BATNA_ADMIN1, BATNA_ADMIN2, BATNA_TOWN)

    @pytest.mark.parametrize("ident", [BATNA_ADMIN1, BATNA_ADMIN2, BATNA_TOWN])
    def test_an_id_finds_its_place(self, ident: str) -> None:
        assert find_location(acled(), ident).id == ident

    def test_name_at_parent_id(self) -> None:
        """The district's id as PARENT leaves the town: the district does not lie in itself."""
        assert find_location(acled(), f"Batna@{BATNA_ADMIN2}").id == BATNA_TOWN

    def test_name_at_parent_name_in_any_case(self) -> None:
        """Ammal the district lies in Boumerdes; Ammal the town in Ammal (and Boumerdes)."""
        town = find_location(acled(), "ammal@AMMAL")
        assert (town.name, town.kind) == ("Ammal", LocationKind.SETTLEMENT)
        assert len(find_locations(acled(), "Ammal@Boumerdes")) == 2

    def test_an_ambiguous_pair_still_lists_its_candidates(self) -> None:
        error = failure(acled(), "Batna@Batna")
        assert error.candidates == (BATNA_ADMIN2, BATNA_TOWN)
        assert "may name 2 locations" in str(error)

    def test_a_parent_it_does_not_lie_in(self) -> None:
        message = str(failure(acled(), "Batna@Mali"))
        assert message.startswith("no location named 'Batna' lies in 'Mali'; 'Batna' names: ")
        assert "Batna \u2014 admin1 in Algeria" in message

    def test_a_misspelling_suggests_the_name(self) -> None:
        assert "did you mean 'Batna'?" in str(failure(acled(), "Batma"))


class TestTransliterations:
    """UCDP spells Raqqa ``Ar Raqqah town``; Iraq is no match for it."""

    def test_raqqa_finds_ar_raqqah_not_iraq(self) -> None:
        error = failure(syria_iraq(), "Raqqa")
        assert "Ar Raqqah town \u2014 settlement in Ar Raqqah district" in str(error)
        assert RAQQA_TOWN in error.candidates
        assert "Iraq" not in str(error)

    def test_raqqa_in_its_district(self) -> None:
        assert find_location(syria_iraq(), "Raqqa@Ar Raqqah district").id == RAQQA_TOWN

    @pytest.mark.parametrize(
        "name", ["ar-raqqah town", "AR RAQQA TOWN", "Raqqah Town", "al-Raqqa town"]
    )
    def test_spellings_of_the_town(self, name: str) -> None:
        assert find_location(syria_iraq(), name).id == RAQQA_TOWN

    def test_a_misspelling_suggests_raqqah_not_iraq(self) -> None:
        error = failure(syria_iraq(), "Rakka")
        assert "'Ar Raqqah town'" in str(error)
        assert "Iraq" not in error.suggestions

    def test_an_unknown_id_suggests_raqqah_not_iraq(self) -> None:
        """`Timelines` suggest ids by the same ranking."""
        with pytest.raises(UnknownLocationError) as raised:
            Timelines.build(syria_iraq()).controller_at("Raqqa", date(2017, 1, 1))
        assert RAQQA_TOWN in raised.value.suggestions
        assert "ucdp-place:iraq" not in raised.value.suggestions

    def test_accents(self) -> None:
        """UCDP GED 19.1 writes Noākhāli; Noakhali finds its district and settlement."""
        data = read_ucdp(sample("ucdp_ged_191_sample.csv"))
        found = find_locations(data, "NOAKHALI district")
        assert {loc.kind for loc in found} == {LocationKind.ADMIN2, LocationKind.SETTLEMENT}

    @pytest.mark.parametrize(
        ("name", "ident"),
        [
            ("Palmyra@Syria", "palmyra"),
            ("mosul university@iraq", "mosul-university"),
            ("Dayr az Zawr", "deir-ez-zor"),
            ("raqqah", "raqqa"),
            ("Tabqa@syria", "al-tabqa"),
        ],
    )
    def test_example(self, name: str, ident: str) -> None:
        assert find_location(EXAMPLE, name).id == ident

    def test_example_suggestion(self) -> None:
        assert "did you mean 'Tadmur', 'Tadmor'?" in str(failure(EXAMPLE, "Tadmour"))

    def test_chosen_locations_takes_the_new_forms(self) -> None:
        """`chosen_locations` (the report's and the picture's) finds places the same way."""
        places = chosen_locations(EXAMPLE, ["Palmyra@Syria", "palmyra", "Deir ez Zor@Syria"])
        assert places is not None
        assert [loc.id for loc in places] == ["palmyra", "deir-ez-zor"]


class TestBounds:
    def test_a_long_name_is_quoted_short(self) -> None:
        assert len(str(failure(EXAMPLE, "x@" * 500_000))) < 300

    def test_a_long_name_in_the_data_is_shown_short(self) -> None:
        places = [
            Location(id=f"p{i}", name="N" * 10_000, kind=LocationKind.SETTLEMENT) for i in range(2)
        ]
        assert len(str(failure(Dataset(locations=places), "n" * 10_000))) < 400

    def test_many_candidates_are_counted(self) -> None:
        places = [
            Location(id=f"p{i}", name="Same", kind=LocationKind.SETTLEMENT) for i in range(25)
        ]
        assert str(failure(Dataset(locations=places), "same")).endswith(
            "(p9); and 15 more; give NAME@PARENT or the id"
        )

    def test_a_name_of_marks_only_suggests_nothing(self) -> None:
        assert close_names("--", ["-", "'", "Raqqa"]) == []

    def test_the_error_pickles(self) -> None:
        error = failure(acled(), "batna")
        again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
        assert (str(again), again.candidates) == (str(error), error.candidates)


class TestControlAnswerNames:
    TIMELINES = Timelines.build(EXAMPLE)

    @pytest.mark.parametrize(
        ("day", "text"),
        [
            (date(2016, 6, 1), "Palmyra on 2016-06-01: Syrian government forces"),
            (
                date(2016, 12, 11),
                "Palmyra on 2016-12-11: one of Syrian government forces, Islamic State",
            ),
            (
                date(2017, 3, 1),
                (
                    "Palmyra on 2017-03-01: last known Islamic State on 2017-02-04, "
                    "25 days earlier, not certain"
                ),
            ),
        ],
    )
    def test_describe_names_place_and_actors(self, day: date, text: str) -> None:
        answer = self.TIMELINES.controller_at("palmyra", day)
        assert answer.describe(EXAMPLE) == text
        assert str(answer) == answer.describe() != text
        assert str(answer).startswith("palmyra on ")

    def test_an_id_the_data_does_not_know_is_shown_as_itself(self) -> None:
        answer = self.TIMELINES.controller_at("palmyra", date(2016, 6, 1))
        assert answer.describe(Dataset()) == str(answer)

    def test_equality_does_not_change(self) -> None:
        one = self.TIMELINES.controller_at("palmyra", date(2016, 6, 1))
        assert one == Timelines.build(EXAMPLE).controller_at("palmyra", date(2016, 6, 1))


# Properties ---------------------------------------------------------------------------------


def _holders(data: Dataset, text: str) -> list[Location]:
    wanted = text.casefold()
    return [loc for loc in data.locations if wanted in {n.casefold() for n in (loc.id, *loc.names)}]


@settings(max_examples=60, deadline=None)
@given(strategies.datasets())
def test_an_id_or_a_name_of_one_place_finds_it(data: Dataset) -> None:
    """Each place by its id; by its name (or alias) whenever no other place has it."""
    for loc in data.locations:
        assert find_locations(data, loc.id) == [loc]
        for name in loc.names:
            others = [o for o in data.locations if o.id == name and o is not loc]
            if not others and _holders(data, name) == [loc]:
                assert find_location(data, name) == loc


@settings(max_examples=60, deadline=None)
@given(strategies.datasets())
def test_a_unique_name_and_parent_pair_finds_its_place(data: Dataset) -> None:
    """``NAME@PARENT``, PARENT an ancestor's name or id: found when the pair fits one place."""
    for loc in data.locations:
        for ancestor in data.ancestors(loc.id):
            for parent in (ancestor.id, ancestor.name):
                text = f"{loc.name}@{parent}"
                if "@" in loc.name or "@" in parent:
                    continue
                if _holders(data, text) or any(o.id == text for o in data.locations):
                    continue
                parents = [a for a in data.locations if a.id == parent] or _holders(data, parent)
                fits = [
                    o
                    for o in _holders(data, loc.name)
                    if {a.id for a in data.ancestors(o.id)} & {p.id for p in parents}
                ]
                if fits == [loc]:
                    assert find_location(data, text) == loc


@given(st.text(max_size=60))
def test_folding_is_idempotent(text: str) -> None:
    """Folding twice is folding once, and every key is one of the folded name."""
    assert fold(fold(text)) == fold(text)
    for key in (name_key, core, skeleton):
        assert key(fold(text)) == key(text)
    assert fold(text.upper()) == fold(text.lower()) or not text.isascii()


WORDS = st.text(alphabet="bcdfgklmnrstz" + "aeiou", min_size=4, max_size=9).filter(
    lambda word: fold(word) not in ARTICLES
)


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str]:
    """A name and a transliteration of it: case, accents, article, separators, doubling, h."""
    words = draw(st.lists(WORDS, min_size=1, max_size=3))
    variant = []
    for word in words:
        letters = []
        for char in word:
            letters.append(char.upper() if draw(st.booleans()) else char)
            if char in "aeiou" and draw(st.booleans()):
                letters.append(draw(st.sampled_from(["\u0301", "\u0304", "\u0308"])))
            if draw(st.booleans()):
                letters.append(char)  # doubled
        if word[-1] in "aeiou" and draw(st.booleans()):
            letters.append("h")
        if len(word) > 1 and draw(st.booleans()):
            letters.insert(draw(st.integers(1, len(letters) - 1)), "'")
        variant.append(unicodedata.normalize("NFC", "".join(letters)))
    article = draw(st.sampled_from(["", "al-", "Ar ", "as-", "ash-", "el-", "AZ-"]))
    separator = draw(st.sampled_from([" ", "-", " - ", "  "]))
    return " ".join(words), article + separator.join(variant)


@given(spellings())
def test_a_transliteration_still_matches(pair: tuple[str, str]) -> None:
    name, variant = pair
    assert name_key(variant) == name_key(name)
    place = Location(id="generated", name=name, kind=LocationKind.SETTLEMENT, parent="syria")
    data = Dataset(
        actors=EXAMPLE.actors, sources=EXAMPLE.sources, locations=(*EXAMPLE.locations, place)
    )
    assume(all(name_key(n) != name_key(name) for loc in EXAMPLE.locations for n in loc.names))
    assume(_holders(data, variant) in ([], [place]))
    assert find_location(data, variant) == place
    assert find_location(data, f"{variant}@Syria") == place
    assert close_names(variant, ["Iraq", name, "Palmyra"])[0] == name


@given(spellings())
def test_a_name_is_its_own_skeleton_and_label(pair: tuple[str, str]) -> None:
    """A transliteration sounds as the name does, and a label starts with the name."""
    name, variant = pair
    assert skeleton(variant) == skeleton(name)
    place = Location(id="x", name=name, kind=LocationKind.SETTLEMENT)
    assert location_label(Dataset(locations=(place,)), place) == f"{name} \u2014 settlement"
