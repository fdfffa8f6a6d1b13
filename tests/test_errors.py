"""
The error hierarchy at the bottom of the package, error details as fields, and bugs as bugs.

Every error raised on purpose is a `ConflictEventsError` and a `ValueError`; an
`ErrorDetail` keeps file, line and column as fields and prints as it always
did; only errors of the data become a `ValidationError`, and a fast path that
refuses what the detailed path accepts is a bug (raised here, logged for users).
"""

from __future__ import annotations

import ast
import json
import logging
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import conflict_events
from conflict_events import Dataset, Location, from_dict, from_json
from conflict_events import errors as errors_module
from conflict_events.errors import (
    ConflictEventsError,
    ErrorDetail,
    FieldError,
    InconsistentNetworkError,
    InternalError,
    TemporalError,
    ValidationError,
)
from conflict_events.formats import converter, documents, jsonl
from conflict_events.formats.versions import UnsupportedVersionError
from conflict_events.model import LocationKind
from conflict_events.temporal import allen
from conflict_events.temporal.allen import Network, Relation

PLACE: dict[str, Any] = {"id": "palmyra", "name": "Palmyra", "kind": "settlement"}


def _inconsistent() -> InconsistentNetworkError:
    network = Network()
    network.relate("a", "b", Relation.BEFORE)
    network.relate("b", "a", Relation.BEFORE)
    with pytest.raises(InconsistentNetworkError) as caught:
        network.propagate()
    return caught.value


# -- the hierarchy ---------------------------------------------------------------------------


class TestHierarchy:
    """One hierarchy under ConflictEventsError, each error also a ValueError."""

    @pytest.mark.parametrize(
        "error",
        [
            ValidationError([ErrorDetail("$", "bad")]),
            FieldError("latitude", "91.0 is not a number from -90 to 90"),
            TemporalError("2017-02-30", "February has 28 days"),
            UnsupportedVersionError("9.0.0", "1.0.0"),
            jsonl.LineTooLongError(3, 10),
        ],
        ids=type,
    )
    def test_each_error_is_a_conflict_events_error_and_a_value_error(
        self, error: Exception
    ) -> None:
        assert isinstance(error, ConflictEventsError)
        assert isinstance(error, ValueError)

    def test_inconsistent_network_error_too(self) -> None:
        """The error of an Allen network that cannot hold is one of ours, as it is raised."""
        error = _inconsistent()
        assert isinstance(error, ConflictEventsError)
        assert isinstance(error, ValueError)
        assert {(c.first, c.second) for c in error.constraints} <= {("a", "b"), ("b", "a")}

    def test_parsers_raise_the_bottom_class(self) -> None:
        """The temporal parsers raise the one TemporalError, caught as any of its names."""
        with pytest.raises(ConflictEventsError) as caught:
            conflict_events.temporal.FuzzyDate.parse("2017-02-30")
        assert type(caught.value) is TemporalError

    def test_old_names_are_the_same_classes(self) -> None:
        """The names the temporal layer gave its errors still import, as the classes here."""
        from conflict_events.temporal import errors as temporal_errors

        assert conflict_events.temporal.TemporalError is TemporalError
        assert temporal_errors.TemporalError is TemporalError
        assert conflict_events.TemporalError is TemporalError
        assert allen.InconsistentNetworkError is InconsistentNetworkError
        assert conflict_events.temporal.InconsistentNetworkError is InconsistentNetworkError

    def test_internal_error_is_no_error_of_the_data(self) -> None:
        """A bug is an AssertionError: no handler of bad input (ValueError, ours) takes it."""
        assert issubclass(InternalError, AssertionError)
        assert not issubclass(InternalError, ConflictEventsError)
        assert not issubclass(InternalError, ValueError)

    def test_errors_module_imports_nothing_of_the_package(self) -> None:
        """conflict_events.errors is the bottom: every layer may import it, it imports none."""
        tree = ast.parse(Path(errors_module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0
                assert (node.module or "").split(".")[0] != "conflict_events", node.module
            elif isinstance(node, ast.Import):
                assert all(alias.name.split(".")[0] != "conflict_events" for alias in node.names)

    @pytest.mark.parametrize(
        "error",
        [
            TemporalError("x" * 300, "unreadable"),
            FieldError("name", "is blank"),
            ValidationError([ErrorDetail("id", "bad", file="a.jsonl", line=3, column=7)]),
        ],
        ids=type,
    )
    def test_errors_pickle(self, error: Exception) -> None:
        """Errors cross process boundaries (Dask workers) whole, fields and all."""
        back = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert type(back) is type(error)
        assert str(back) == str(error)
        assert vars(back) == vars(error)

    def test_inconsistent_network_error_pickles(self) -> None:
        error = _inconsistent()
        back = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
        assert back.constraints == error.constraints
        assert str(back) == str(error)


# -- error details ----------------------------------------------------------------------------

paths = st.text(max_size=30)
messages = st.text(max_size=30)
numbers = st.integers(min_value=0, max_value=10**9)


class TestErrorDetail:
    """Locations are fields until printed; printed, they read as they always did."""

    @given(paths, messages)
    def test_a_path_alone_prints_as_before(self, path: str, message: str) -> None:
        assert str(ErrorDetail(path, message)) == f"{path}: {message}"

    @given(paths, messages, numbers, st.none() | numbers)
    def test_a_line_prints_as_before(
        self, path: str, message: str, line: int, column: int | None
    ) -> None:
        """``line N: path: message``, whatever the column (every message that has one names it)."""
        detail = ErrorDetail(path, message, line=line, column=column)
        assert str(detail) == f"line {line}: {path}: {message}"
        assert detail.where == f"line {line}: {path}"
        assert jsonl.split_line(detail.where) == (line, path)

    @given(paths, messages, st.text(min_size=1, max_size=20), st.none() | numbers, numbers)
    def test_a_file_prints_as_dask_printed_it(
        self, path: str, message: str, file: str, line: int | None, column: int
    ) -> None:
        """``FILE:N: path: message``, or ``FILE: path: message`` without a line."""
        detail = ErrorDetail(path, message, file=file, line=line, column=column)
        shown = f"{file}:{line}: {path}" if line is not None else f"{file}: {path}"
        assert str(detail) == f"{shown}: {message}"

    @given(paths, messages, st.none() | numbers, st.none() | numbers, st.none() | numbers)
    def test_at_places_a_detail_and_keeps_the_rest(
        self, path: str, message: str, line: int | None, column: int | None, other: int | None
    ) -> None:
        detail = ErrorDetail(path, message, line=line, column=column)
        placed = detail.at(file="f.jsonl", line=other)
        assert (placed.path, placed.message, placed.file) == (path, message, "f.jsonl")
        assert placed.line == (line if other is None else other)
        assert placed.column == column

    def test_fields_are_keywords_with_no_default_location(self) -> None:
        detail = ErrorDetail("events[3].location", "unknown location id 'x'")
        assert (detail.file, detail.line, detail.column) == (None, None, None)
        with pytest.raises(TypeError):
            ErrorDetail("$", "bad", "a.json")  # type: ignore[misc]

    def test_validation_error_prints_its_details(self) -> None:
        error = ValidationError([ErrorDetail("id", "is blank", line=12)])
        assert str(error) == "1 validation error\n  line 12: id: is blank"


# -- where a JSON parser stopped ---------------------------------------------------------------

BROKEN = '{"actors": [],\n  "locations": [\n    {"id": "x",, "name": "X"}]}'


@pytest.fixture(params=["orjson", "json"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each JSON parser the loader may use: orjson when installed, else the standard library."""
    if request.param == "json":
        monkeypatch.setattr(documents, "_orjson", None)
    else:
        assert documents._orjson is not None, "orjson is a test dependency"
    return str(request.param)


class TestJsonPositions:
    """A syntax error says where the text stops being JSON, as fields."""

    def test_a_document_error_has_line_and_column(self, parser: str) -> None:
        with pytest.raises(ValidationError) as caught:
            from_json(BROKEN, Dataset)
        (detail,) = caught.value.errors
        assert (detail.path, detail.line, detail.column) == ("$", 3, 16)
        assert detail.message.startswith("invalid JSON: ")
        assert "line 3 column 16" in detail.message

    def test_strict_parsing_too(self) -> None:
        with pytest.raises(ValidationError) as caught:
            from_json(BROKEN, Dataset, strict=True)
        (detail,) = caught.value.errors
        assert (detail.line, detail.column) == (3, 16)

    def test_bytes_that_are_not_utf8(self, parser: str) -> None:
        """Invalid UTF-8 is refused at the line and column where it starts."""
        with pytest.raises(ValidationError) as caught:
            from_json(b'{"actors": [],\n "x\xff": 1}', Dataset)
        (detail,) = caught.value.errors
        assert (detail.path, detail.line, detail.column) == ("$", 2, 4)
        assert detail.message.startswith("invalid JSON: ")
        assert "0xff" in detail.message

    def test_a_json_lines_error_is_on_its_line_at_its_column(self, tmp_path: Path) -> None:
        """The line is the file's; the column the parser's, within that line."""
        path = tmp_path / "x.jsonl"
        path.write_text(
            json.dumps({"type": "location", **PLACE}) + '\n{"type": "actor",, "id": "a"}\n',
            encoding="utf-8",
        )
        (detail,) = jsonl.check_file(path)
        assert (detail.path, detail.line, detail.column) == ("$", 2, 18)
        assert str(detail).startswith("line 2: $: invalid JSON: ")


# -- bugs are bugs ------------------------------------------------------------------------------


def _broken(error: BaseException) -> Any:
    def hook(value: object, kind: object) -> object:
        raise error

    return hook


def _converters(
    monkeypatch: pytest.MonkeyPatch, *, fast: BaseException | None, detailed: BaseException | None
) -> None:
    """Fresh converters for this test whose LocationKind hook raises *fast* / *detailed*."""
    made = {}
    for name, error in (("fast_converter", fast), ("detailed_converter", detailed)):
        fresh = getattr(converter, name).__wrapped__()
        if error is not None:
            fresh.register_structure_hook(LocationKind, _broken(error))
        made[name] = fresh
    monkeypatch.setattr(documents, "fast_converter", lambda: made["fast_converter"])
    monkeypatch.setattr(documents, "detailed_converter", lambda: made["detailed_converter"])


class TestBugsSurface:
    """A bug in a hook surfaces as itself, never as a ValidationError about the user's data."""

    def test_a_hook_that_raises_surfaces_from_from_dict(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _converters(monkeypatch, fast=RuntimeError("hook bug"), detailed=RuntimeError("hook bug"))
        with pytest.raises(RuntimeError, match="hook bug"):
            from_dict(PLACE, Location)

    def test_a_hook_that_raises_surfaces_from_from_json(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        _converters(monkeypatch, fast=RuntimeError("hook bug"), detailed=RuntimeError("hook bug"))
        with pytest.raises(RuntimeError, match="hook bug"):
            from_json(json.dumps({"locations": [PLACE]}), Dataset)

    def test_a_bug_inside_the_detailed_report_surfaces(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Bad data sends the loader to the detailed pass; a bug met there is raised, not listed."""
        _converters(monkeypatch, fast=None, detailed=RuntimeError("hook bug"))
        with pytest.raises(RuntimeError, match="hook bug"):
            from_dict({**PLACE, "latitude": 91, "longitude": 0}, Location)

    def test_a_key_error_of_a_hook_is_no_missing_field(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Only cattrs' KeyError for the field itself means 'required field missing'."""
        _converters(monkeypatch, fast=KeyError("table"), detailed=KeyError("table"))
        with pytest.raises(KeyError, match="table"):
            from_dict(PLACE, Location)

    def test_a_missing_field_is_still_reported(self) -> None:
        with pytest.raises(ValidationError) as caught:
            from_dict({"id": "x", "kind": "settlement"}, Location)
        assert [(d.path, d.message) for d in caught.value.errors] == [
            ("name", "required field missing")
        ]

    def test_unknown_keys_that_are_not_text(self) -> None:
        """Plain data may have keys JSON cannot: each is an unknown field, not a TypeError."""
        with pytest.raises(ValidationError) as caught:
            from_dict({**PLACE, 0: "zero", "zz": 1, (1, 2): 2}, Location)
        assert [(d.path, d.message) for d in caught.value.errors] == [
            ("zz", "unknown field 'zz'"),
            ("[(1, 2)]", "unknown field (1, 2)"),
            ("[0]", "unknown field 0"),
        ]

    def test_an_integer_too_large_for_a_float_is_bad_data(self) -> None:
        """The model cannot make a float of 10**400: a ValidationError, not an OverflowError."""
        with pytest.raises(ValidationError):
            from_dict({**PLACE, "latitude": 10**400, "longitude": 0}, Location)

    def test_data_errors_of_a_hook_are_still_reported(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """ValueError and TypeError from a hook are faults of the data, at their path."""
        _converters(monkeypatch, fast=TypeError("not a kind"), detailed=TypeError("not a kind"))
        with pytest.raises(ValidationError) as caught:
            from_dict(PLACE, Location)
        assert [(d.path, d.message) for d in caught.value.errors] == [("kind", "not a kind")]


class TestFastAndDetailedDisagree:
    """The fast path refusing what the detailed path accepts is a bug: raised here, else logged."""

    def test_strict_mode_raises(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(documents.STRICT_VARIABLE, "1")
        _converters(monkeypatch, fast=ValueError("fast only"), detailed=None)
        with pytest.raises(InternalError, match="fast converter refused a Location") as caught:
            from_dict(PLACE, Location)
        assert isinstance(caught.value.__cause__, ValueError)

    def test_the_test_suite_runs_strict(self) -> None:
        """tests/conftest.py sets the variable, so every test runs in strict mode."""
        import os

        assert os.environ.get(documents.STRICT_VARIABLE) == "1"

    @pytest.mark.parametrize("value", [None, "0", ""])
    def test_otherwise_a_warning_and_the_detailed_value(
        self,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
        value: str | None,
    ) -> None:
        if value is None:
            monkeypatch.delenv(documents.STRICT_VARIABLE, raising=False)
        else:
            monkeypatch.setenv(documents.STRICT_VARIABLE, value)
        _converters(monkeypatch, fast=ValueError("fast only"), detailed=None)
        with caplog.at_level(logging.WARNING, logger="conflict_events"):
            place = from_dict(PLACE, Location)
        assert place == Location(id="palmyra", name="Palmyra", kind=LocationKind.SETTLEMENT)
        (record,) = caplog.records
        assert record.name == "conflict_events"
        assert record.levelno == logging.WARNING
        assert "fast converter refused a Location" in record.getMessage()
        assert "fast only" in record.getMessage()

    def test_agreeing_paths_log_nothing(self, caplog: pytest.LogCaptureFixture) -> None:
        with caplog.at_level(logging.DEBUG, logger="conflict_events"):
            from_dict(PLACE, Location)
            with pytest.raises(ValidationError):
                from_dict({**PLACE, "kind": "planet"}, Location)
        assert caplog.records == []
