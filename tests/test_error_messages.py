"""Error messages quote hostile values briefly, and every loader refuses non-text input cleanly."""

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conflict_events import (
    SCHEMA_VERSION,
    Actor,
    ActorKind,
    Dataset,
    FieldError,
    Source,
    ValidationError,
    examples,
    from_dict,
    from_json,
    json_schema,
    to_dict,
    to_json,
)
from conflict_events.errors import describe
from conflict_events.formats import jsonl
from conflict_events.model.fields import INVISIBLE, VISIBLE_TEXT_PATTERN

LIMIT = 80
ROOT_DOC = Path(__file__).parent.parent / "docs" / "other-tools.md"
NESTED_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary(),
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=300), inner, max_size=5)
    ),
    max_leaves=40,
)


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


class TestDescribe:
    @given(NESTED_JSON)
    def test_never_longer_than_the_limit(self, value: Any) -> None:
        """Whatever the value, its description fits the limit."""
        assert len(describe(value)) <= LIMIT

    @given(st.text(max_size=LIMIT - 2) | st.integers(-(10**20), 10**20) | st.booleans())
    def test_short_values_are_shown_as_written(self, value: Any) -> None:
        """A value that fits is shown exactly as repr shows it."""
        if len(repr(value)) <= LIMIT:
            assert describe(value) == repr(value)

    def test_deep_nesting_does_not_overflow(self) -> None:
        """A value nested far deeper than the recursion limit is described in a few levels."""
        value = _nested(sys.getrecursionlimit() * 10)
        assert describe(value) == "[[[[...]]]]"

    def test_huge_integers_are_described_by_size(self) -> None:
        """An integer too long for str() is described by its number of digits."""
        assert describe(10**5000) == "an integer of about 5001 digits"

    def test_long_texts_are_cut(self) -> None:
        """Only the head of a long text is quoted."""
        shown = describe("x" * 1_000_000)
        assert shown.startswith("'xxx")
        assert shown.endswith("...")

    def test_a_one_item_tuple_keeps_its_comma(self) -> None:
        assert describe(("x",)) == "('x',)"


class TestHostileValuesInMessages:
    def test_nested_schema_version(self) -> None:
        """A schema_version nested 1,010 deep is reported, not a RecursionError."""
        text = '{"schema_version": ' + "[" * 1010 + "]" * 1010 + "}"
        with pytest.raises(ValidationError) as caught:
            from_json(text, Dataset)
        (detail,) = caught.value.errors
        assert detail.path == "schema_version"
        assert len(detail.message) < 200

    def test_nested_value_in_a_json_lines_line(self, tmp_path: Path) -> None:
        """A JSON Lines line nested 1,010 deep is one error at its line."""
        path = tmp_path / "deep.jsonl"
        deep = "[" * 1010 + "]" * 1010
        path.write_text(
            f'{{"type": "dataset", "schema_version": "{SCHEMA_VERSION}"}}\n'
            f'{{"type": "actor", "id": "a", "name": {deep}, "kind": "state_forces"}}\n',
            encoding="utf-8",
        )
        errors = jsonl.check_file(path)
        assert [error.where for error in errors] == ["line 2: name"]
        assert all(len(error.message) < 200 for error in errors)

    def test_huge_unknown_key(self) -> None:
        """An unknown key of 100,000 characters is quoted in short, in the path and the message."""
        key = "k" * 100_000
        with pytest.raises(ValidationError) as caught:
            from_dict({"schema_version": SCHEMA_VERSION, key: 1}, Dataset)
        (detail,) = caught.value.errors
        assert len(detail.path) <= LIMIT + 2
        assert len(detail.message) < 120

    @pytest.mark.parametrize("value", [None, 12, 1.5, ["{}"], {"a": 1}, object()])
    def test_from_json_of_a_non_text(self, value: Any) -> None:
        """from_json of something that is not str or bytes is a ValidationError, not a TypeError."""
        with pytest.raises(ValidationError, match="is not JSON text"):
            from_json(value, Dataset)

    def test_from_json_of_a_bytearray(self) -> None:
        """Binary buffers are JSON text as bytes are."""
        text = bytearray(b'{"id": "a", "name": "IS", "kind": "rebel_group"}')
        assert from_json(text, Actor).name == "IS"


class TestVisibleText:
    @given(st.text(alphabet=INVISIBLE, min_size=1, max_size=20))
    def test_white_space_only_texts_are_refused(self, text: str) -> None:
        """A name made only of white space cannot be built."""
        with pytest.raises(FieldError, match="only white space"):
            Actor(id="a", name=text, kind=ActorKind.REBEL_GROUP)

    @given(st.text(alphabet=INVISIBLE, max_size=5), st.text(min_size=1, max_size=5))
    def test_texts_with_a_visible_character_are_kept(self, space: str, body: str) -> None:
        """White space around visible text is kept exactly."""
        assume(body.strip(INVISIBLE))
        name = space + body + space
        assert Actor(id="a", name=name, kind=ActorKind.REBEL_GROUP).name == name

    @given(st.text(max_size=12))
    def test_schema_and_model_agree(self, text: str) -> None:
        """The schema's text rule refuses exactly the names the model refuses."""
        document = {
            "schema_version": SCHEMA_VERSION,
            "actors": [{"id": "a", "name": text, "kind": "rebel_group"}],
        }
        try:
            from_dict(document, Dataset)
            model_accepts = True
        except ValidationError:
            model_accepts = False
        schema_accepts = jsonschema.Draft202012Validator(json_schema()).is_valid(document)
        assert model_accepts == schema_accepts

    def test_the_pattern_names_every_invisible_character(self) -> None:
        for character in INVISIBLE:
            assert f"\\u{ord(character):04x}" in VISIBLE_TEXT_PATTERN

    @pytest.mark.parametrize("text", [" ", "\u3000", "\ufeff\t"])
    def test_aliases_and_external_ids(self, text: str) -> None:
        """Lists of texts and external ids refuse white space too."""
        with pytest.raises(FieldError):
            Actor(id="a", name="IS", kind=ActorKind.REBEL_GROUP, aliases=(text,))
        with pytest.raises(FieldError):
            Actor(id="a", name="IS", kind=ActorKind.REBEL_GROUP, external_ids={"acled": text})


def _example() -> dict[str, Any]:
    return to_dict(examples.dataset())


def _model_accepts(document: dict[str, Any]) -> bool:
    try:
        from_dict(document, Dataset)
    except ValidationError:
        return False
    return True


def _schema_accepts(document: dict[str, Any]) -> bool:
    return bool(jsonschema.Draft202012Validator(json_schema()).is_valid(document))


class TestSchemaAndLoaderAgree:
    @pytest.mark.parametrize(
        ("version", "valid"),
        [("1.0.0", True), ("1.5.0", True), ("2.0.0", False), ("0.9.0", False), ("10.0.0", False)],
    )
    def test_schema_version(self, version: str, valid: bool) -> None:
        """The schema of format 1 takes the versions the loader reads, and no other."""
        document = {"schema_version": version}
        assert _model_accepts(document) is valid
        assert _schema_accepts(document) is valid

    def test_a_dataset_of_a_newer_major_format_cannot_be_built(self) -> None:
        """What the loader would refuse to read back cannot be built and written."""
        with pytest.raises(FieldError, match="not a version of document format 1"):
            Dataset(schema_version="2.0.0")

    @pytest.mark.parametrize(
        "stamp",
        [
            "2017-02-04T12:00:00+00:00",
            "2017-02-04T12:00+03:00",
            "2017-02-04T12:00:00.123Z",
            "2017-02-04T12:00:00.123456-05:30",
            "2017-02-04T12:00:00.1234567+00:00",
            "2017-02-04T12:00:00.1+00:00",
            "2017-02-04T12:00:00",
            "2017-02-04 12:00:00+00:00",
            "2017-02-04T12+00:00",
            "20170204T120000+0000",
            "2017-02-04T12:00:00,123+00:00",
            "2017-02-04T12:00:00+03",
            "2017-02-30T12:00:00+00:00",
            "2016-02-29T00:00Z",
            "2017-02-04T12:00:00+03:00:30",
            "2017-02-04T12:00:00+00:00:00.000001",
        ],
    )
    def test_timestamps(self, stamp: str) -> None:
        """A timestamp is read exactly when the schema admits it: no 7th digit cut off."""
        document = _example()
        document["sources"][0]["published_at"] = stamp
        assert _model_accepts(document) == _schema_accepts(document)

    def test_an_offset_of_seconds_cannot_be_built(self) -> None:
        """ISO 8601 offsets are whole minutes; Python would read a fraction of a second as none."""
        moment = datetime(2017, 2, 4, tzinfo=timezone(timedelta(microseconds=1)))
        with pytest.raises(FieldError, match="not a whole number of minutes"):
            Source(id="s", publisher="p", published_at=moment)

    def test_a_seventh_fraction_digit_is_refused_not_cut(self) -> None:
        document = _example()
        document["sources"][0]["published_at"] = "2017-02-04T12:00:00.1234567+00:00"
        with pytest.raises(ValidationError) as caught:
            from_dict(document, Dataset)
        assert caught.value.errors[0].path == "sources[0].published_at"


class TestDocumentedDifferences:
    """Each rule docs/other-tools.md lists as beyond a schema: the schema accepts, the loader not."""

    def _differs(self, document: dict[str, Any], fragment: str) -> None:
        assert _schema_accepts(document)
        with pytest.raises(ValidationError, match=fragment):
            from_dict(document, Dataset)

    def test_the_holder_of_a_status_among_its_contesters(self) -> None:
        document = _example()
        status = next(e for e in document["events"] if e["type"] == "control_status")
        status["contested_by"] = [status["holder"]]
        self._differs(document, "is also the holder")
        assert "holder is not among those contesting" in ROOT_DOC.read_text(encoding="utf-8")

    def test_the_new_holder_among_the_previous_holders(self) -> None:
        document = _example()
        change = next(e for e in document["events"] if e["type"] == "control_change")
        change["previous_holders"] = [change["new_holder"]]
        self._differs(document, "is also a previous holder")

    def test_the_size_limit(self) -> None:
        text = to_json(examples.dataset())
        with pytest.raises(ValidationError, match="over the limit"):
            from_json(text, Dataset, max_bytes=len(text) - 1)
        assert "bytes" in ROOT_DOC.read_text(encoding="utf-8")


class TestJsonLinesLineLimit:
    def test_a_line_without_end_is_read_no_further_than_the_limit(self, tmp_path: Path) -> None:
        """A line longer than the limit is one fault, and reading stops there (no /dev/zero hang)."""
        path = tmp_path / "long.jsonl"
        path.write_bytes(b'{"type": "dataset", "schema_version": "1.0.0"}\n' + b"\0" * 5000)
        with path.open("rb") as stream:
            lines = jsonl.numbered_lines(stream, limit=1000)
            assert next(lines)[0] == 1
            with pytest.raises(jsonl.LineTooLongError) as caught:
                next(lines)
        assert caught.value.line == 2
        assert caught.value.errors[0].where == "line 2: $"

    def test_check_file_reports_the_long_line(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        path = tmp_path / "long.jsonl"
        path.write_bytes(b"{}\n" + b"x" * 300 + b"\n")
        monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 100)
        monkeypatch.setattr(jsonl.numbered_lines, "__defaults__", (100,))
        errors = jsonl.check_file(path)
        assert [error.where for error in errors][-1] == "line 2: $"
        assert "longer than the limit of 100 bytes" in errors[-1].message
        with pytest.raises(ValidationError, match="longer than the limit"):
            jsonl.read_dataset(path)

    def test_a_line_of_exactly_the_limit_is_read(self, tmp_path: Path) -> None:
        """The limit counts the line's bytes and its line break."""
        line = b'{"type": "dataset", "schema_version": "1.0.0"}\n'
        path = tmp_path / "exact.jsonl"
        path.write_bytes(line)
        with path.open("rb") as stream:
            assert list(jsonl.numbered_lines(stream, limit=len(line))) == [(1, line)]
