"""``validate DIR`` on a Parquet dataset directory, in one process (without ``--workers``)."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

import conflict_events.formats
from conflict_events import examples
from conflict_events.cli import main
from conflict_events.formats import files

BAD = Path(__file__).resolve().parents[1] / "data" / "bad" / "parquet"


@pytest.fixture
def valid(tmp_path: Path) -> Path:
    """The built-in example as a Parquet directory."""
    directory = tmp_path / "example"
    files.save(examples.dataset(), directory, "parquet")
    return directory


def test_a_valid_directory_exits_0(valid: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory is told as Parquet and checked whole: no error, exit 0."""
    assert main(["validate", str(valid)]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("name", ["bad-edtf", "corrupt-bytes", "unknown-event-type"])
def test_a_broken_directory_exits_1_with_its_errors(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each fault is one line ``DIR:1: path: message``, as for a JSON document."""
    expected = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))[name]
    assert main(["validate", str(BAD / name)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines
    assert all(line.startswith(f"{BAD / name}:1: ") for line in lines)
    assert any(
        line.startswith(f"{BAD / name}:1: {expected['path']}: ") and expected["fragment"] in line
        for line in lines
    ), lines


def test_the_format_may_be_given(valid: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--format parquet`` is among the choices, and the JSON output locates errors too."""
    assert main(["validate", "--format", "parquet", str(valid)]) == 0
    assert main(["validate", "--output", "json", str(BAD / "bad-edtf")]) == 1
    [row] = json.loads(capsys.readouterr().out)
    assert row["file"] == str(BAD / "bad-edtf")
    assert row["line"] == 1
    assert row["path"] == "events[0].when"


def test_a_directory_among_files(
    valid: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Files and directories are checked in one call; only the broken one reports."""
    document = tmp_path / "example.json"
    files.save(examples.dataset(), document, "json")
    broken = tmp_path / "broken"
    shutil.copytree(BAD / "bad-edtf", broken)
    assert main(["validate", str(document), str(valid), str(broken)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{broken}:1: events[0].when: ")
    assert str(valid) not in out.replace(str(broken), "")


def test_without_pyarrow_the_extra_is_named(
    valid: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without pyarrow, a Parquet directory is an error line naming the extra, exit 1."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.delitem(sys.modules, "conflict_events.formats.arrow", raising=False)
    monkeypatch.delattr(conflict_events.formats, "arrow", raising=False)
    assert main(["validate", str(valid)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{valid}:1: $: Parquet needs pyarrow")
    assert "pip install 'conflict-events[arrow]'" in out
