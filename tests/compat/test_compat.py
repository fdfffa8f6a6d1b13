"""Every document of every format version that shipped keeps loading, through migration."""

import json
from pathlib import Path

import pytest

from conflict_events import SCHEMA_VERSION, Dataset, from_json, to_dict
from conflict_events.formats.versions import migrate_with_report, parse_version

HERE = Path(__file__).parent
FIXTURES = sorted(path for path in HERE.glob("*/*.json") if not path.name.endswith(".current.json"))


def _current_form(fixture: Path) -> Path:
    expected = fixture.with_name(fixture.stem + ".current.json")
    if fixture.parent.name == SCHEMA_VERSION and not expected.exists():
        return fixture
    return expected


def test_there_is_a_fixture_of_the_current_version() -> None:
    """The current format version has fixtures, so it is kept when the next one comes."""
    assert any(path.parent.name == SCHEMA_VERSION for path in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_loads_into_its_current_form(fixture: Path) -> None:
    """The old document loads, through migration, into the value of its current form."""
    text = fixture.read_text(encoding="utf-8")
    written = json.loads(text)
    assert written["schema_version"] == fixture.parent.name
    expected_path = _current_form(fixture)
    assert expected_path.exists(), f"{expected_path.name} is missing: write and check it by hand"
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    loaded = from_json(text, Dataset)
    assert to_dict(loaded) == expected
    assert loaded == from_json(json.dumps(expected), Dataset)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_migration_is_idempotent_on_fixtures(fixture: Path) -> None:
    """Migrating a fixture, then migrating the result again, changes nothing more."""
    once = migrate_with_report(json.loads(fixture.read_text(encoding="utf-8"))).document
    again = migrate_with_report(once)
    assert not again.changed
    assert parse_version(again.document.get("schema_version", SCHEMA_VERSION)) == parse_version(
        SCHEMA_VERSION
    )
