"""Format versions: newer majors refused, older documents upgraded step by step."""

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events import SCHEMA_VERSION, Dataset, ValidationError, from_dict, from_json, to_dict
from conflict_events import strategies as cs
from conflict_events.formats import versions
from conflict_events.formats.versions import (
    Migration,
    UnsupportedVersionError,
    migrate,
    migrate_with_report,
    parse_version,
)


def rename_places(document: dict[str, Any]) -> list[str]:
    """A test step: 0.1 called locations 'places'."""
    if "places" in document:
        document["locations"] = document.pop("places")
        return ["renamed 'places' to 'locations'"]
    return []


def drop_comment(document: dict[str, Any]) -> list[str]:
    """A test step: 0.2 had a free 'comment' the current format keeps in extensions."""
    if "comment" in document:
        document.setdefault("extensions", {})["comment"] = document.pop("comment")
        return ["moved 'comment' into extensions"]
    return []


CHAIN = [
    Migration("0.1.0", "0.2.0", rename_places),
    Migration("0.2.0", SCHEMA_VERSION, drop_comment),
]


def test_current_documents_are_unchanged() -> None:
    """A document of the current version migrates to itself, with no changes."""
    document = {"schema_version": SCHEMA_VERSION, "actors": []}
    result = migrate_with_report(document)
    assert result.document == document
    assert not result.changed
    assert migrate(document) == document


@pytest.mark.parametrize("version", ["2.0.0", "10.1.3"])
def test_a_newer_major_version_is_refused_naming_both(version: str) -> None:
    """A document of a future major version is refused with both versions named."""
    with pytest.raises(UnsupportedVersionError) as caught:
        migrate({"schema_version": version})
    message = caught.value.errors[0].message
    assert version in message
    assert SCHEMA_VERSION in message
    assert caught.value.errors[0].path == "schema_version"


def test_a_newer_minor_version_is_read_as_is() -> None:
    """Minor versions only add, so a newer minor of the same major is read unchanged."""
    major = parse_version(SCHEMA_VERSION)[0]
    document = {"schema_version": f"{major}.9.0"}
    assert migrate(document) is document


def test_old_documents_are_upgraded_step_by_step() -> None:
    """Each registered step runs in order and reports what it changed."""
    old = {"schema_version": "0.1.0", "places": [], "comment": "from a 2016 pipeline"}
    before = copy.deepcopy(old)
    result = migrate_with_report(old, migrations=CHAIN)
    assert result.document == {
        "schema_version": SCHEMA_VERSION,
        "locations": [],
        "extensions": {"comment": "from a 2016 pipeline"},
    }
    assert result.changes == (
        "0.1.0 -> 0.2.0: renamed 'places' to 'locations'",
        f"0.2.0 -> {SCHEMA_VERSION}: moved 'comment' into extensions",
    )
    assert result.source_version == "0.1.0"
    assert old == before
    assert from_dict(result.document, Dataset) == Dataset(
        extensions={"comment": "from a 2016 pipeline"}
    )


def test_a_version_with_no_path_is_refused() -> None:
    """A version no step starts from cannot be upgraded, and says which versions are read."""
    with pytest.raises(ValidationError, match="older than any"):
        migrate_with_report({"schema_version": "0.0.1"}, migrations=CHAIN)


@pytest.mark.parametrize("bad", ["1.0", "v1.0.0", 1, None, "01.0.0"])
def test_malformed_versions_are_refused(bad: object) -> None:
    """Only MAJOR.MINOR.PATCH strings are versions."""
    with pytest.raises(ValidationError) as caught:
        migrate({"schema_version": bad})
    assert caught.value.errors[0].path == "schema_version"


def test_two_steps_from_one_version_are_a_programming_error() -> None:
    """The chain must be unambiguous."""
    from conflict_events import ConflictEventsError

    with pytest.raises(ConflictEventsError, match="same version"):
        migrate_with_report({"schema_version": "0.1.0"}, migrations=[CHAIN[0], CHAIN[0]])


@given(cs.datasets(max_events=3), st.sampled_from(["0.1.0", "0.2.0", SCHEMA_VERSION]))
def test_migrating_then_dumping_is_idempotent(dataset: Dataset, version: str) -> None:
    """Migrating an (old-styled) document, loading and dumping it, then migrating again changes nothing."""
    document = to_dict(dataset)
    if version == "0.1.0":
        document["places"] = document.pop("locations", [])
    document["schema_version"] = version
    once = migrate_with_report(document, migrations=CHAIN).document
    loaded = from_dict(once, Dataset)
    assert loaded == dataset
    dumped = to_dict(loaded)
    assert migrate_with_report(dumped, migrations=CHAIN).document == dumped


class TestLoaders:
    """Loaders upgrade older documents, or refuse them when told, and refuse newer majors."""

    def test_a_future_major_document_is_refused_by_from_json(self) -> None:
        """from_json refuses a document of a newer major version, naming both versions."""
        with pytest.raises(ValidationError) as caught:
            from_json('{"schema_version": "99.0.0", "actors": [{"whatever": 1}]}', Dataset)
        (error,) = caught.value.errors
        assert error.path == "schema_version"
        assert "99.0.0" in error.message
        assert SCHEMA_VERSION in error.message

    def test_older_documents_are_upgraded_on_load(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An old document loads through the registered steps; upgrade=False refuses it."""
        monkeypatch.setattr(versions, "MIGRATIONS", CHAIN)
        old = {"schema_version": "0.1.0", "places": [], "comment": "c"}
        assert from_dict(old, Dataset) == Dataset(extensions={"comment": "c"})
        with pytest.raises(ValidationError, match="upgrading was not allowed"):
            from_json(json.dumps(old), Dataset, upgrade=False)
