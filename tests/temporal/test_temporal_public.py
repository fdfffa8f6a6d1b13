"""The public face of the temporal layer and its Hypothesis strategies."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from conflict_events import strategies, temporal
from conflict_events.temporal import UNBOUNDED_END, UNBOUNDED_START, FuzzyDate, Precision, Span

TEMPORAL = Path(temporal.__file__).parent
# hijridate is the optional extra hijri, imported only by temporal/hijri.py, which says what
# to install when it is missing.
ALLOWED = frozenset(
    {"__future__", "array", "attrs", "calendar", "collections", "datetime", "dateutil", "enum",
     "functools", "hijridate", "re", "typing"}
)  # fmt: skip


def _isort_key(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 keeps: constants, then classes, then the rest."""
    if name.isupper():
        return 0, name
    return (1 if name[0].isupper() else 2), name


class TestPublicApi:
    def test_all_is_sorted_and_importable(self):
        """__all__ is sorted and every name in it exists."""
        assert temporal.__all__ == sorted(temporal.__all__, key=_isort_key)
        for name in temporal.__all__:
            assert getattr(temporal, name) is not None

    def test_allen_is_a_submodule(self):
        """conflict_events.temporal.allen holds Relation and compose."""
        assert temporal.allen.Relation.BEFORE.converse is temporal.allen.Relation.AFTER

    def test_layer_imports_only_stdlib_dateutil_and_attrs(self):
        """No module of the temporal layer imports another layer (errors is below it)."""
        for path in TEMPORAL.glob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    root = node.module.split(".")[0]
                    if root == "conflict_events":
                        assert node.module.startswith("conflict_events.temporal") or (
                            node.module == "conflict_events.errors"
                        ), (
                            path,
                            node.module,
                        )
                    else:
                        assert root in ALLOWED, root
                elif isinstance(node, ast.Import):
                    for alias in node.names:
                        assert alias.name.split(".")[0] in {
                            "attrs",
                            "calendar",
                            "enum",
                            "re",
                            "functools",
                        }, alias.name

    def test_precision_of_calendar_units(self):
        """Precision is derived from the bounds."""
        assert FuzzyDate.day(2017, 2, 4).precision is Precision.DAY
        assert FuzzyDate(date(2017, 1, 30), date(2017, 2, 5)).precision is Precision.WEEK
        assert FuzzyDate.month(2017, 2).precision is Precision.MONTH
        assert FuzzyDate.parse("2016-24").precision is Precision.SEASON
        assert FuzzyDate.year(2017).precision is Precision.YEAR
        assert FuzzyDate.parse("201X").precision is Precision.DECADE
        assert FuzzyDate.parse("20XX").precision is Precision.CENTURY
        assert FuzzyDate(UNBOUNDED_START, date(2017, 2, 4)).precision is Precision.RANGE


class TestStrategies:
    @given(
        strategies.fuzzy_dates(
            min_value=date(2015, 1, 1), max_value=date(2016, 12, 31), allow_unbounded=False
        )
    )
    def test_fuzzy_dates_respect_bounds(self, value):
        """Drawn bounds lie within min_value and max_value."""
        assert date(2015, 1, 1) <= value.earliest <= value.latest <= date(2016, 12, 31)

    @given(strategies.fuzzy_dates(approximate=st.just(value=True), uncertain=st.just(value=False)))
    def test_fuzzy_dates_qualifiers(self, value):
        """Qualifier strategies are used as given."""
        assert value.approximate
        assert not value.uncertain

    @given(strategies.spans(open_end=st.just(value=False), max_value=date(2020, 1, 1)))
    def test_closed_spans(self, value):
        """open_end=just(False) draws spans with an end."""
        assert isinstance(value, Span)
        assert value.end is not None
        assert value.end.latest >= value.start.earliest
        assert value.end.latest <= date(2020, 1, 1) or value.end.latest == UNBOUNDED_END

    @given(strategies.relation_sets())
    def test_relation_sets_are_non_empty(self, value):
        """The default relation set is non-empty."""
        assert 1 <= len(value) <= 13

    @given(strategies.edtf_strings(min_year=1990, max_year=1999))
    def test_edtf_strings_parse_within_the_years(self, text):
        """Every drawn EDTF string parses and mentions a year of the range."""
        value = temporal.edtf.parse(text)
        assert value.latest.year >= 1990

    @pytest.mark.parametrize(
        "make",
        [
            lambda: strategies.fuzzy_dates(min_value=date(2017, 1, 1), max_value=date(2016, 1, 1)),
            lambda: strategies.fuzzy_dates(min_value="2016-01-01"),
            lambda: strategies.relation_sets(min_size=14),
            lambda: strategies.edtf_strings(min_year=0),
            lambda: strategies.edtf_strings(
                dates=False, closed_intervals=False, open_intervals=False
            ),
            lambda: strategies.crisp_intervals(max_value=date(1, 1, 1), min_value=date(2, 1, 1)),
        ],
    )
    def test_bad_arguments(self, make):
        """Bad arguments raise InvalidArgument at once."""
        with pytest.raises(InvalidArgument):
            make()
