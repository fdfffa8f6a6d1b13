"""The corpus of bad documents in tests/data/bad: each refused at its path, with its message."""

import json
from pathlib import Path

import pytest

from conflict_events import Dataset, ValidationError, from_json

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
