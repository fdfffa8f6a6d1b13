"""
The API reference shows every attrs class's fields (docs/griffe_attrs_fields.py) and builds strictly.

Needs the docs tools: mkdocs, mkdocs-material and mkdocstrings[python] (griffe).
"""

from __future__ import annotations

import html
import importlib
import os
import pkgutil
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs
import griffe
import pytest

import conflict_events
from conflict_events.model.description import SPEC_KEY

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = f"{ROOT / 'docs' / 'griffe_attrs_fields.py'}:AttrsFields"


def _load(package: str, *paths: Path) -> griffe.Module:
    """*package* as mkdocstrings loads it: Google docstrings, the attrs extension."""
    loader = griffe.GriffeLoader(
        extensions=griffe.load_extensions(EXTENSION),
        docstring_parser=griffe.Parser.google,
        search_paths=[str(path) for path in paths],
    )
    return loader.load(package)


@pytest.fixture(scope="module")
def package() -> griffe.Module:
    """The whole package, loaded once."""
    return _load("conflict_events", ROOT / "src")


def _public_attrs_classes() -> list[type]:
    """Every attrs class a public module defines and lists in ``__all__``, with a docstring."""
    found: list[type] = []
    names = ["conflict_events"] + [
        info.name
        for info in pkgutil.walk_packages(conflict_events.__path__, "conflict_events.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    for name in names:
        module = importlib.import_module(name)
        for attribute in module.__all__:
            value = getattr(module, attribute)
            if (
                isinstance(value, type)
                and attrs.has(value)
                and value.__module__ == name
                and value.__doc__
                and value not in found
            ):
                found.append(value)
    return found


PUBLIC_ATTRS_CLASSES = _public_attrs_classes()


def _fields_section(cls: griffe.Object) -> griffe.DocstringSectionAttributes:
    """The one "Fields" section of *cls*'s docstring."""
    assert cls.docstring is not None
    (section,) = [
        s for s in cls.docstring.parsed if isinstance(s, griffe.DocstringSectionAttributes)
    ]
    assert section.title == "Fields:"
    return section


def _rows(cls: griffe.Object) -> dict[str, tuple[str, str]]:
    """``name: (annotation, description)`` of each row of *cls*'s Fields section."""
    return {row.name: (str(row.annotation), row.description) for row in _fields_section(cls).value}


def test_the_walk_finds_the_record_classes() -> None:
    """The model's, the reasoning's and the formats' attrs classes are all checked below."""
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in PUBLIC_ATTRS_CLASSES}
    for name in (
        "conflict_events.model.events.ControlChange",
        "conflict_events.model.locations.Location",
        "conflict_events.model.actors.Actor",
        "conflict_events.reasoning.timeline.ControlAnswer",
        "conflict_events.formats.tables.LossReport",
        "conflict_events.dask.Partition",
    ):
        assert name in names


@pytest.mark.parametrize(
    "cls", PUBLIC_ATTRS_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}"
)
def test_every_public_attrs_class_lists_its_fields_with_types(
    package: griffe.Module, cls: type
) -> None:
    """Each public field, inherited ones too, in attrs order, with a type."""
    documented = package[f"{cls.__module__}.{cls.__qualname__}".removeprefix("conflict_events.")]
    section = _fields_section(documented)
    public = [field.name for field in attrs.fields(cls) if not field.name.startswith("_")]
    assert [row.name for row in section.value] == public
    assert all(row.annotation for row in section.value)


def test_model_fields_are_described_as_declared(package: griffe.Module) -> None:
    """A model field's description is the doc of its declaration (its FieldSpec)."""
    model = [
        cls for cls in PUBLIC_ATTRS_CLASSES if cls.__module__.startswith("conflict_events.model.")
    ]
    checked = 0
    for cls in model:
        rows = _rows(
            package[f"{cls.__module__}.{cls.__qualname__}".removeprefix("conflict_events.")]
        )
        for field in attrs.fields(cls):
            spec: Any = field.metadata.get(SPEC_KEY)
            if spec is not None:
                assert rows[field.name][1] == spec.doc, (cls, field.name)
                checked += 1
    assert checked > 50


def test_the_examples_of_the_issue(package: griffe.Module) -> None:
    """ControlChange's holders, Location's parent, and a reasoning class's fields."""
    change = _rows(package["model.events.ControlChange"])
    assert change["new_holder"] == ("str", "Who holds it after.")
    assert change["previous_holders"] == (
        "tuple[str, ...]",
        "Who held it before: one actor, or candidates; empty when unstated.",
    )
    assert change["id"] == ("str", "Identifier of the event, unique in the dataset.")
    location = _rows(package["model.locations.Location"])
    assert location["parent"] == ("str | None", "The larger place this one lies in or is part of.")
    timeline = _rows(package["reasoning.timeline.ControlTimeline"])
    assert timeline["changes"] == ("tuple[ControlChange, ...]", "")
    assert timeline["turnover"] == (
        "Turnover",
        "How often places like this one change hands in the data (`Turnover`).",
    )
    assert set(_rows(package["reasoning.timeline.ControlAnswer"])) >= {
        "location",
        "at",
        "controller",
        "candidates",
    }


def test_comments_document_constants(package: griffe.Module) -> None:
    """A ``#:`` comment above a constant is its docstring (griffe reads none)."""
    columns = package["formats.acled.ACLED_COLUMNS"]
    assert columns.docstring is not None
    assert columns.docstring.value == "The columns of ACLED's current codebook, in order."


def test_descriptions_come_from_the_docstring_the_field_and_its_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An Attributes entry comes first, then the field's docstring, its #: comment, its metadata."""
    package = tmp_path / "attrsdemo"
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent(
            '''
            """Demo."""

            import attrs


            @attrs.frozen
            class Base:
                """A base."""

                #: From the comment.
                inherited: int = 0


            @attrs.define
            class Record(Base):
                """
                A record.

                Attributes:
                    stated: From the Attributes section.
                    shadowed: From the section too.
                """

                stated: str = ""
                shadowed: str = ""
                """The field's own docstring, which the section outranks."""
                own: str = ""
                """The field's own docstring."""
                meta: str = attrs.field(default="", metadata={"description": "From the metadata."})
                bare: float = 0.0
                _private: int = 0
            '''
        ),
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    loaded = _load("attrsdemo", tmp_path)
    record = loaded["Record"]
    assert _rows(record) == {
        "inherited": ("int", "From the comment."),
        "stated": ("str", "From the Attributes section."),
        "shadowed": ("str", "From the section too."),
        "own": ("str", "The field's own docstring."),
        "meta": ("str", "From the metadata."),
        "bare": ("float", ""),
    }
    assert record.docstring is not None
    assert [section.title for section in record.docstring.parsed[1:]] == ["Fields:"]
    assert _rows(loaded["Base"]) == {"inherited": ("int", "From the comment.")}


def test_a_class_whose_module_cannot_be_imported_is_read_from_source(tmp_path: Path) -> None:
    """Without its optional dependency a module is not imported: the decorator tells attrs."""
    package = tmp_path / "needsextra"
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent(
            '''
            """Needs a package that is not installed."""

            from typing import ClassVar

            import attrs
            import not_installed_anywhere


            @attrs.frozen(kw_only=True)
            class Part:
                """A part."""

                kind: ClassVar[str] = "part"
                #: The name.
                name: str
                size: int = 0


            class Plain:
                """Not an attrs class."""

                value: int = 0
            '''
        ),
        encoding="utf-8",
    )
    loaded = _load("needsextra", tmp_path)
    assert _rows(loaded["Part"]) == {"name": ("str", "The name."), "size": ("int", "")}
    plain = loaded["Plain"]
    assert plain.docstring is not None
    assert not [
        s for s in plain.docstring.parsed if isinstance(s, griffe.DocstringSectionAttributes)
    ]


def _class_rows(page: str, path: str) -> dict[str, tuple[str, str]]:
    """The rows of the Fields table rendered for class *path*: name, type and description."""
    start = page.index(f'id="{path}"')
    end = page.find('class="doc doc-heading"', start + len(path) + 10)
    block = page[start : end if end != -1 else len(page)]
    title = block.find(">Fields")
    assert title != -1, f"{path}: no Fields table"
    table = block[title : block.index("</table>", title)]

    def text(cell: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())

    rows = {}
    for row in re.findall(r'<tr class="doc-section-item">(.*?)</tr>', table, re.DOTALL):
        name, kind, description = (text(c) for c in re.findall(r"<td>(.*?)</td>", row, re.DOTALL))
        rows[name] = (kind, description)
    return rows


def test_the_site_builds_strictly_with_the_fields(tmp_path: Path) -> None:
    """``mkdocs build --strict`` passes; the reference page shows the fields and every layer."""
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    page = (site / "reference" / "index.html").read_text(encoding="utf-8")
    change = _class_rows(page, "conflict_events.model.events.ControlChange")
    assert change["new_holder"] == ("str", "Who holds it after.")
    assert change["previous_holders"] == (
        "tuple [ str , ...]",
        "Who held it before: one actor, or candidates; empty when unstated.",
    )
    location = _class_rows(page, "conflict_events.model.locations.Location")
    assert location["parent"] == ("str | None", "The larger place this one lies in or is part of.")
    assert "name" in _class_rows(page, "conflict_events.model.actors.Actor")
    answer = _class_rows(page, "conflict_events.reasoning.timeline.ControlAnswer")
    assert answer["candidates"][0] == "tuple [ str , ...]"
    holding = _class_rows(page, "conflict_events.reasoning.timeline.Holding")
    assert holding["started_by"] == ("ControlChange | None", "")
    for module in (
        "conflict_events.reasoning.timeline",
        "conflict_events.reasoning.sieges",
        "conflict_events.formats.acled",
        "conflict_events.formats.ucdp",
        "conflict_events.formats.geojson",
        "conflict_events.formats.arrow",
        "conflict_events.dask",
    ):
        names = importlib.import_module(module).__all__
        assert [n for n in names if f'id="{module}.{n}"' not in page] == [], module
