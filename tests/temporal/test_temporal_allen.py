"""Allen's interval algebra: relations, composition, uncertain intervals, networks."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events.strategies import crisp_intervals, fuzzy_dates, relations, spans
from conflict_events.temporal import FuzzyDate, Span, TemporalError
from conflict_events.temporal.allen import (
    Constraint,
    InconsistentNetworkError,
    Network,
    Relation,
    compose,
    compose_sets,
    necessary_relation,
    parse_relations,
    possible_relations,
    relation,
)

R = Relation
PROPER = [(s, e) for s in range(7) for e in range(s + 1, 7)]
WINDOW = (date(2016, 1, 1), date(2016, 1, 12))


def _brute_composition() -> dict[tuple[Relation, Relation], set[Relation]]:
    found: dict[tuple[Relation, Relation], set[Relation]] = {}
    for a, b, c in itertools.product(PROPER, repeat=3):
        found.setdefault((relation(a, b), relation(b, c)), set()).add(relation(a, c))
    return found


class TestRelation:
    def test_thirteen_members(self):
        """The contract's 13 names, each with a distinct symbol."""
        assert [m.name for m in Relation] == [
            "BEFORE", "AFTER", "MEETS", "MET_BY", "OVERLAPS", "OVERLAPPED_BY", "STARTS",
            "STARTED_BY", "DURING", "CONTAINS", "FINISHES", "FINISHED_BY", "EQUALS",
        ]  # fmt: skip

    @given(relations())
    def test_converse_is_an_involution(self, r):
        """The converse of the converse is the relation itself."""
        assert r.converse.converse == r
        assert (r.converse == r) == (r is R.EQUALS)

    @given(relations(), relations())
    def test_converse_of_composition(self, r1, r2):
        """(r1 ; r2) converse equals r2 converse ; r1 converse."""
        assert {r.converse for r in compose(r1, r2)} == set(compose(r2.converse, r1.converse))

    @given(
        st.tuples(st.integers(0, 20), st.integers(0, 20)),
        st.tuples(st.integers(0, 20), st.integers(0, 20)),
    )
    def test_relation_of_swapped_pair_is_the_converse(self, a, b):
        """relation(b, a) is the converse of relation(a, b), points included."""
        a, b = tuple(sorted(a)), tuple(sorted(b))
        assert relation(b, a) == relation(a, b).converse

    def test_composition_equals_brute_force(self):
        """All 169 entries of the table equal composition over small integer intervals."""
        brute = _brute_composition()
        assert len(brute) == 169
        for (r1, r2), expected in brute.items():
            assert compose(r1, r2) == expected, (r1, r2)

    @given(st.frozensets(relations()), st.frozensets(relations()))
    def test_set_composition_is_the_union(self, s1, s2):
        """Composing sets is the union of composing their members."""
        expected = set().union(*(compose(a, b) for a in s1 for b in s2))
        assert compose_sets(s1, s2) == expected

    @pytest.mark.parametrize(
        ("a", "b", "expected"),
        [
            ((1, 1), (1, 5), R.STARTS),
            ((3, 3), (1, 5), R.DURING),
            ((5, 5), (1, 5), R.FINISHES),
            ((0, 0), (1, 5), R.BEFORE),
            ((2, 2), (2, 2), R.EQUALS),
            ((1, 3), (3, 5), R.MEETS),
            (
                (date(2016, 1, 1), date(2016, 1, 3)),
                (date(2016, 1, 3), date(2016, 1, 5)),
                R.OVERLAPS,
            ),
            ((date(2016, 1, 1), date(2016, 1, 3)), (date(2016, 1, 4), date(2016, 1, 5)), R.MEETS),
            (
                (date(2016, 1, 5), date(2016, 1, 5)),
                (date(2016, 1, 1), date(2016, 1, 5)),
                R.FINISHES,
            ),
            ((date(2016, 1, 5), date(2016, 1, 5)), (date(2016, 1, 5), date(2016, 1, 5)), R.EQUALS),
        ],
    )
    def test_instants_and_days(self, a, b, expected):
        """Equal ends make an instant; a pair of dates covers whole days."""
        assert relation(a, b) == expected

    def test_backwards_interval_is_refused(self):
        """An interval that ends before it starts is a ValueError."""
        with pytest.raises(ValueError, match="ends before"):
            relation((3, 1), (1, 2))

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("before", {R.BEFORE}),
            ("met by | overlaps", {R.MET_BY, R.OVERLAPS}),
            ("MET_BY, o or =", {R.MET_BY, R.OVERLAPS, R.EQUALS}),
            ("overlapped-by", {R.OVERLAPPED_BY}),
            ("di", {R.CONTAINS}),
        ],
    )
    def test_parse_relations(self, text, expected):
        """Relation sets are read from names, symbols and separators."""
        assert parse_relations(text) == expected

    def test_parse_unknown_relation(self):
        """An unknown name is a TemporalError naming the text."""
        with pytest.raises(TemporalError, match="'besides'"):
            parse_relations("before | besides")


def _instances(value, window_end):
    """Every crisp (first, last) day pair a FuzzyDate or Span admits, up to window_end."""
    if isinstance(value, FuzzyDate):
        day = value.earliest
        while day <= value.latest:
            yield day, day
            day += timedelta(days=1)
        return
    end = value.end or FuzzyDate(value.start.earliest, window_end)
    start = value.start.earliest
    while start <= value.start.latest:
        last = max(start, end.earliest)
        while last <= min(end.latest, window_end):
            yield start, last
            last += timedelta(days=1)
        start += timedelta(days=1)


_small = fuzzy_dates(min_value=WINDOW[0], max_value=WINDOW[1], allow_unbounded=False)
_uncertain = _small | spans(starts=_small, max_value=WINDOW[1], allow_unbounded=False)


class TestUncertainIntervals:
    @given(_uncertain, _uncertain)
    def test_possible_relations_are_exactly_those_of_crisp_instances(self, x, y):
        """The possible set is the set of relations of all crisp pairs within the bounds."""
        limit = WINDOW[1] + timedelta(days=2)
        crisp = {relation(a, b) for a in _instances(x, limit) for b in _instances(y, limit)}
        possible = possible_relations(x, y)
        assert crisp <= possible
        if not (isinstance(x, Span) and x.is_open) and not (isinstance(y, Span) and y.is_open):
            assert crisp == possible

    @given(_uncertain, _uncertain)
    def test_possible_relations_of_swapped_pair_are_converses(self, x, y):
        """Swapping the intervals swaps every possible relation for its converse."""
        assert possible_relations(y, x) == {r.converse for r in possible_relations(x, y)}

    @given(
        crisp_intervals(min_value=WINDOW[0], max_value=WINDOW[1]),
        crisp_intervals(min_value=WINDOW[0], max_value=WINDOW[1]),
    )
    def test_known_intervals_have_one_necessary_relation(self, a, b):
        """Known intervals have exactly their own relation."""
        assert necessary_relation(a, b) == relation(a, b)

    def test_palmyra(self):
        """Overrun in May 2015, lost in March 2016: the holding started before it ended."""
        held = Span(FuzzyDate.month(2015, 5), FuzzyDate.month(2016, 3))
        retaken = FuzzyDate(date(2016, 12, 11), date(2016, 12, 20))
        assert necessary_relation(held, retaken) is R.BEFORE
        assert possible_relations(FuzzyDate.month(2016, 11), FuzzyDate.month(2016, 11)) == {
            R.BEFORE, R.MEETS, R.EQUALS, R.MET_BY, R.AFTER,
        }  # fmt: skip
        assert necessary_relation(FuzzyDate.month(2016, 11), FuzzyDate.month(2016, 11)) is None

    def test_open_span_and_reference(self):
        """An open span runs at least to the reference date when one is given."""
        siege = Span(FuzzyDate.year(2014), None)
        today = FuzzyDate.day(2017, 2, 4)
        assert R.AFTER in possible_relations(today, siege)
        assert possible_relations(today, siege, reference=date(2017, 2, 4)) == {
            R.DURING,
            R.FINISHES,
        }

    def test_rejects_other_types(self):
        """Only FuzzyDate, Span and pairs of dates are intervals here."""
        with pytest.raises(TypeError):
            possible_relations(3, FuzzyDate.year(2016))  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            possible_relations((1, 2), FuzzyDate.year(2016))  # type: ignore[arg-type]


@st.composite
def _real_network(draw):
    """Intervals over small integers, and constraints that each include the true relation."""
    count = draw(st.integers(2, 7))
    intervals = [draw(st.sampled_from(PROPER)) for _ in range(count)]
    network = Network()
    for index in range(count):
        network.add(f"i{index}")
    for i, j in itertools.combinations(range(count), 2):
        if draw(st.booleans()):
            true = relation(intervals[i], intervals[j])
            extra = draw(st.frozensets(relations(), max_size=3))
            network.relate(f"i{i}", f"i{j}", extra | {true})
    return intervals, network


class TestNetwork:
    @given(_real_network())
    def test_path_consistency_keeps_every_real_relation(self, drawn):
        """A network with a real solution is consistent and keeps that solution's relations."""
        intervals, network = drawn
        assert network.is_consistent()
        for (i, a), (j, b) in itertools.permutations(enumerate(intervals), 2):
            assert relation(a, b) in network.relations(f"i{i}", f"i{j}")

    @given(
        st.lists(
            crisp_intervals(min_value=date(2016, 1, 1), max_value=date(2016, 3, 1)),
            min_size=2,
            max_size=6,
        )
    )
    def test_networks_of_exact_relations_pin_them(self, intervals):
        """Given every exact relation of real intervals, the network keeps exactly those."""
        network = Network()
        for (i, a), (j, b) in itertools.combinations(enumerate(intervals), 2):
            network.relate(str(i), str(j), relation(a, b))
        for (i, a), (j, b) in itertools.permutations(enumerate(intervals), 2):
            assert network.relation(str(i), str(j)) == relation(a, b)

    @given(st.lists(_uncertain, min_size=2, max_size=5))
    def test_dated_networks_are_consistent(self, values):
        """Intervals known only by their uncertain dates never clash."""
        network = Network()
        for index, value in enumerate(values):
            network.add(str(index), value)
        network.propagate()
        for i, j in itertools.permutations(range(len(values)), 2):
            assert network.relations(str(i), str(j)) <= possible_relations(values[i], values[j])

    def test_refinement(self):
        """Tikrit lost before Palmyra taken, Palmyra taken during a siege: Tikrit before its end."""
        network = Network()
        network.relate("tikrit", "palmyra", "before")
        network.relate("palmyra", "siege", "during")
        assert network.relations("tikrit", "siege") == {
            R.BEFORE,
            R.MEETS,
            R.OVERLAPS,
            R.STARTS,
            R.DURING,
        }
        assert network.relation("tikrit", "siege") is None
        assert network.relation("siege", "palmyra") is R.CONTAINS
        assert network.names == ("tikrit", "palmyra", "siege")

    def test_inconsistency_names_the_clashing_constraints(self):
        """A cycle of 'before' is refused, naming the three constraints and not the bystander."""
        network = Network()
        network.relate("a", "b", R.BEFORE, source="a came first")
        network.relate("b", "c", "before")
        network.relate("c", "d", "meets")
        network.relate("c", "a", [R.BEFORE, R.MEETS], source="then c")
        with pytest.raises(InconsistentNetworkError) as info:
            network.propagate()
        clash = info.value.constraints
        assert {(c.first, c.second) for c in clash} == {("a", "b"), ("b", "c"), ("c", "a")}
        assert "a came first" in str(info.value)
        assert "then c" in str(info.value)
        assert not network.is_consistent()

    def test_dates_take_part_in_explanations(self):
        """A relation that contradicts the events' dates is explained by those dates."""
        network = Network()
        network.add("sinjar", FuzzyDate.month(2015, 11))
        network.add("paris", FuzzyDate.day(2015, 11, 13))
        network.add("tikrit", FuzzyDate.month(2015, 4))
        network.relate("paris", "sinjar", "after | met by | equals", source="the same month")
        assert network.is_consistent()
        network.relate("paris", "tikrit", "before", source="a misreading")
        with pytest.raises(InconsistentNetworkError, match=r"dates 2015-11-13 and 2015-04") as info:
            network.relations("paris", "tikrit")
        assert len(info.value.constraints) == 2
        assert all(isinstance(c, Constraint) for c in info.value.constraints)

    def test_empty_and_unknown(self):
        """Empty relation sets, duplicate and unknown names are refused."""
        network = Network()
        network.add("a")
        with pytest.raises(ValueError, match="already"):
            network.add("a")
        with pytest.raises(ValueError, match="empty"):
            network.relate("a", "b", [])
        with pytest.raises(KeyError):
            network.relations("a", "zzz")

    def test_self_relation(self):
        """An interval relates to itself only by EQUALS."""
        network = Network()
        network.relate("a", "a", "before")
        assert not network.is_consistent()
