"""
The corpus of bad inputs in tests/data/bad: each refused at its path, with its message.

JSON documents lie at the top; each other format has a folder (``jsonl``,
``acled``, ``ucdp``, ``parquet``, ``resolve``) with its own ``expected.json``.
"""

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from conflict_events import Dataset, ErrorDetail, ValidationError, from_json
from conflict_events.formats import acled, jsonl, ucdp
from conflict_events.temporal import TemporalError, resolve

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))


def test_every_file_has_an_expectation() -> None:
    """No bad document sits in the corpus without its expected error."""
    files = {path.name for path in BAD.glob("*.json")} - {"expected.json"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_document_is_refused_at_its_path(name: str) -> None:
    """The document is refused with a ValidationError whose first error names the path and value."""
    expected = EXPECTED[name]
    with pytest.raises(ValidationError) as caught:
        from_json((BAD / name).read_bytes(), Dataset, strict=expected.get("strict", False))
    first = caught.value.errors[0]
    assert first.path == expected["path"]
    assert expected["fragment"] in first.message


def _errors_of(reader: Callable[[Path], object]) -> Callable[[Path], list[ErrorDetail]]:
    def errors(path: Path) -> list[ErrorDetail]:
        with pytest.raises(ValidationError) as caught:
            reader(path)
        return caught.value.errors

    return errors


def _parquet_errors(path: Path) -> list[ErrorDetail]:
    from conflict_events.formats.arrow import read_parquet

    return _errors_of(read_parquet)(path)


#: How each folder's inputs are read: every fault of one input, as reported.
READERS: dict[str, Callable[[Path], list[ErrorDetail]]] = {
    "jsonl": jsonl.check_file,
    "acled": _errors_of(acled.read_acled),
    "ucdp": _errors_of(ucdp.read_ucdp),
    "parquet": _parquet_errors,
}
FOLDERS = sorted(path.name for path in BAD.iterdir() if path.is_dir())
CASES = [
    (folder, name, expected)
    for folder in FOLDERS
    for name, expected in json.loads(
        (BAD / folder / "expected.json").read_text(encoding="utf-8")
    ).items()
]


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_input_of_a_folder_has_an_expectation(folder: str) -> None:
    """Each folder's inputs and its expected.json name the same files, and a reader exists."""
    assert folder in {*READERS, "resolve"}
    named = set(json.loads((BAD / folder / "expected.json").read_text(encoding="utf-8")))
    present = {
        path.name
        for path in (BAD / folder).iterdir()
        if path.name != "expected.json" and not path.name.endswith(".py")
    }
    assert present == named


@pytest.mark.parametrize(
    ("folder", "name", "expected"),
    [case for case in CASES if case[0] != "resolve"],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_bad_input_is_refused_at_its_path(folder: str, name: str, expected: dict[str, str]) -> None:
    """Among the faults reported is one at the expected place (line and path), with its message."""
    errors = READERS[folder](BAD / folder / name)
    assert errors, "no fault reported"
    matching = [error for error in errors if error.where == expected["path"]]
    assert matching, f"no fault at {expected['path']!r} in {errors[:5]}"
    assert any(expected["fragment"] in error.message for error in matching)


@pytest.mark.parametrize(
    ("name", "expected"),
    [(name, expected) for folder, name, expected in CASES if folder == "resolve"],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_bad_expression_is_refused(name: str, expected: dict[str, str]) -> None:
    """The expression is refused with a TemporalError, not resolved, looped over or crashed on."""
    text = (BAD / "resolve" / name).read_text(encoding="utf-8")
    with pytest.raises(TemporalError) as caught:
        resolve(text, date.fromisoformat(expected["reference"]))
    assert expected["fragment"] in str(caught.value)
