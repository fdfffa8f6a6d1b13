"""The generated reference of the document format in docs/schema.md stays current."""

from pathlib import Path

import pytest

from conflict_events import json_schema
from conflict_events.formats.reference import (
    BEGIN_MARKER,
    END_MARKER,
    schema_reference,
    update_file,
)

SCHEMA_PAGE = Path(__file__).parent.parent / "docs" / "schema.md"


def test_docs_schema_reference_is_current() -> None:
    """docs/schema.md carries exactly the reference generated from the classes."""
    text = SCHEMA_PAGE.read_text(encoding="utf-8")
    generated = text.split(BEGIN_MARKER, 1)[1].split(END_MARKER, 1)[0].strip()
    assert generated == schema_reference().strip(), (
        "run: python -m conflict_events.formats.reference docs/schema.md"
    )


def test_every_type_and_field_is_in_the_reference() -> None:
    """Each $defs object type and each of its fields appears in the reference."""
    reference = schema_reference()
    for name, definition in json_schema()["$defs"].items():
        if name == "Event":
            assert '<a id="event"></a>' in reference
        elif definition.get("type") == "object":
            assert f"### {name}" in reference
            for field in definition.get("properties", {}):
                assert f"`{field}`" in reference
        else:
            assert f'<a id="{name.lower()}"></a>{name}' in reference


def test_update_file_rewrites_only_between_the_markers(tmp_path: Path) -> None:
    """Regeneration replaces the stale section, keeps the rest, and is idempotent."""
    page = tmp_path / "schema.md"
    page.write_text(f"intro\n{BEGIN_MARKER}\nstale\n{END_MARKER}\noutro\n", encoding="utf-8")
    assert update_file(page)
    text = page.read_text(encoding="utf-8")
    assert text.startswith("intro\n")
    assert text.endswith("outro\n")
    assert "stale" not in text
    assert not update_file(page)


def test_a_page_without_markers_is_an_error(tmp_path: Path) -> None:
    """A page lacking the markers is refused rather than overwritten."""
    page = tmp_path / "schema.md"
    page.write_text("no markers here\n", encoding="utf-8")
    with pytest.raises(ValueError):
        update_file(page)
