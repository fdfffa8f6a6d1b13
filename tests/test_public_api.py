"""The curated public names: sorted, importable, and free of optional dependencies."""

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import conflict_events


def _public_modules() -> list[str]:
    """Every module of the package whose dotted name has no part starting with '_'."""
    found = [
        info.name
        for info in pkgutil.walk_packages(conflict_events.__path__, "conflict_events.")
        if not any(part.startswith("_") for part in info.name.split("."))
    ]
    return ["conflict_events", *sorted(found)]


#: Every public module; each curates its names with a sorted __all__.
PUBLIC_MODULES = _public_modules()


def test_the_public_modules_include_each_layer() -> None:
    """The walk reaches nested modules of every layer."""
    for name in (
        "conflict_events.model.description",
        "conflict_events.temporal.calendar",
        "conflict_events.formats.schema",
        "conflict_events.reasoning.report",
        "conflict_events.plot",
        "conflict_events.strategies",
    ):
        assert name in PUBLIC_MODULES


def _isort_key(name: str) -> tuple[int, str]:
    """Constants first, then classes, then functions, each alphabetically (ruff's RUF022)."""
    if name.isupper():
        return (0, name)
    return (1 if name[0].isupper() else 2, name)


@pytest.mark.parametrize("name", PUBLIC_MODULES)
def test_all_is_sorted_and_importable(name: str) -> None:
    """Each public module lists its names sorted, and each name exists."""
    module = importlib.import_module(name)
    assert list(module.__all__) == sorted(module.__all__, key=_isort_key)
    for attribute in module.__all__:
        assert getattr(module, attribute) is not None


def test_version_comes_from_the_installed_metadata() -> None:
    """__version__ is the installed distribution's version."""
    from importlib.metadata import version

    assert conflict_events.__version__ == version("conflict-events")


def test_unknown_attributes_raise_attribute_error() -> None:
    """Only __version__ is computed lazily; anything else unknown is an AttributeError."""
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = conflict_events.nope  # type: ignore[attr-defined]


def test_importing_the_package_loads_no_optional_dependency() -> None:
    """The root import pulls in neither hypothesis nor orjson-dependent extras beyond need."""
    code = (
        "import sys, conflict_events; "
        "print(','.join(m for m in ('hypothesis', 'pyarrow', 'dask', 'matplotlib') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_strategies_say_how_to_install_hypothesis() -> None:
    """Without hypothesis, importing the strategies names the extra to install."""
    code = "import sys; sys.modules['hypothesis'] = None; import conflict_events.strategies"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    assert "pip install 'conflict-events[test]'" in result.stderr


def test_the_api_reference_covers_every_public_module() -> None:
    """docs/reference.md renders each public module."""
    reference = (Path(__file__).resolve().parents[1] / "docs" / "reference.md").read_text(
        encoding="utf-8"
    )
    rendered = {line.removeprefix("::: ").strip() for line in reference.splitlines()}
    assert [name for name in PUBLIC_MODULES if name not in rendered] == []


def test_importing_the_package_loads_only_what_is_used() -> None:
    """``import conflict_events`` loads no submodule; a name loads its own module on first use."""
    import subprocess
    import sys

    script = (
        "import sys, conflict_events as ce\n"
        "before = sorted(m for m in sys.modules if m.startswith('conflict_events.'))\n"
        "ce.FuzzyDate\n"
        "after = sorted(m for m in sys.modules if m.startswith('conflict_events.'))\n"
        "print(before)\n"
        "print('conflict_events.temporal' in after, 'conflict_events.formats' in after)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    before, after = done.stdout.splitlines()
    assert before == "[]"
    assert after == "True False"
