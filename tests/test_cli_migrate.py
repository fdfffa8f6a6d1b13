"""The migrate command: upgrade, refuse newer majors, never overwrite, write atomically."""

import json
from pathlib import Path

import pytest

from conflict_events import SCHEMA_VERSION, Dataset, from_json, to_json
from conflict_events.cli import main
from conflict_events.examples import dataset
from conflict_events.formats import versions
from conflict_events.formats.versions import Migration


def rename_places(document: dict[str, object]) -> list[str]:
    document["locations"] = document.pop("places")
    return ["renamed 'places' to 'locations'"]


def test_an_old_document_is_upgraded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each step's change is reported and OUT holds the current format."""
    monkeypatch.setattr(versions, "MIGRATIONS", [Migration("0.9.0", SCHEMA_VERSION, rename_places)])
    source, target = tmp_path / "old.json", tmp_path / "new.json"
    source.write_text(
        json.dumps(
            {"schema_version": "0.9.0", "places": [{"id": "p", "name": "P", "kind": "settlement"}]}
        ),
        encoding="utf-8",
    )
    assert main(["migrate", str(source), str(target)]) == 0
    err = capsys.readouterr().err
    assert f"0.9.0 -> {SCHEMA_VERSION}: renamed 'places' to 'locations'" in err
    upgraded = from_json(target.read_text(encoding="utf-8"), Dataset)
    assert upgraded.schema_version == SCHEMA_VERSION
    assert [location.id for location in upgraded.locations] == ["p"]


def test_a_current_document_is_written_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document of the current version is copied as is, saying nothing needed upgrading."""
    source, target = tmp_path / "example.json", tmp_path / "out.json"
    source.write_text(to_json(dataset()), encoding="utf-8")
    assert main(["migrate", str(source), str(target)]) == 0
    assert target.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert "nothing to upgrade" in capsys.readouterr().err


def test_a_newer_major_is_refused_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A future major version is refused naming both versions; OUT is not created."""
    source, target = tmp_path / "future.json", tmp_path / "out.json"
    source.write_text('{"schema_version": "9.0.0"}', encoding="utf-8")
    assert main(["migrate", str(source), str(target)]) == 1
    err = capsys.readouterr().err
    assert "9.0.0" in err
    assert SCHEMA_VERSION in err
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [source]


def test_the_input_is_never_overwritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """IN and OUT naming one file is refused."""
    source = tmp_path / "doc.json"
    source.write_text(to_json(Dataset()), encoding="utf-8")
    assert main(["migrate", str(source), str(tmp_path / "." / "doc.json")]) == 1
    assert "refusing to overwrite the input" in capsys.readouterr().err


def test_an_invalid_document_leaves_no_partial_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A document that does not validate after migration is reported with paths; nothing is written."""
    source, target = tmp_path / "bad.json", tmp_path / "out.json"
    source.write_text(
        '{"locations": [{"id": "p", "name": "", "kind": "settlement"}]}', encoding="utf-8"
    )
    assert main(["migrate", str(source), str(target)]) == 1
    assert "locations[0].name" in capsys.readouterr().err
    assert not target.exists()


def test_missing_input_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing IN is a one-line error, exit 2 (an input that cannot be read)."""
    assert main(["migrate", str(tmp_path / "nope.json"), str(tmp_path / "out.json")]) == 2
    assert "no such file" in capsys.readouterr().err
