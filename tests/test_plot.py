"""The picture as a library function: `conflict_events.plot.figure` and `draw`."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conflict_events import ConflictEventsError
from conflict_events import plot as module
from conflict_events.examples import dataset
from conflict_events.plot import PLOT_HINT, draw, figure
from conflict_events.reasoning import Timelines
from conflict_events.reasoning.report import shown_locations


def test_all_is_sorted_and_defined() -> None:
    """The module's public names are sorted as ruff sorts them, and each exists."""
    assert list(module.__all__) == sorted(
        module.__all__, key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n)
    )
    assert all(getattr(module, name) is not None for name in module.__all__)


def test_one_row_per_place_with_a_record() -> None:
    """Each place shown with holdings or statuses is a row, labelled with its name, top first."""
    example = dataset()
    timelines = Timelines.build(example)
    rows = [
        loc.name
        for loc in shown_locations(example, timelines)
        if timelines.holdings(loc.id) or timelines.timeline(loc.id).statuses
    ]
    picture = figure(example, timelines)
    (axes,) = picture.axes
    assert [label.get_text() for label in axes.get_yticklabels()] == rows[::-1]


def test_one_location_and_a_day() -> None:
    """*location* draws that place only; *at* adds its day to the legend."""
    picture = figure(dataset(), location="Tadmur", at=date(2016, 12, 15))
    (axes,) = picture.axes
    assert [label.get_text() for label in axes.get_yticklabels()] == ["Palmyra"]
    legend = [text.get_text() for text in axes.get_legend().get_texts()]
    assert "2016-12-15" in legend
    assert {"Syrian government forces", "Islamic State", "window of a change"} <= set(legend)


def test_unknown_location_suggests() -> None:
    with pytest.raises(ConflictEventsError, match="did you mean 'Palmyra'"):
        figure(dataset(), location="Palmira")


def test_draw_writes_svg(tmp_path: Path) -> None:
    path = tmp_path / "timelines.svg"
    draw(dataset(), path)
    assert path.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_draw_refuses_other_suffixes(tmp_path: Path) -> None:
    """Only .svg, .png and .pdf are written; nothing is left behind."""
    with pytest.raises(ConflictEventsError, match=r"\.svg, \.png or \.pdf, not '.*x\.jpg'"):
        draw(dataset(), tmp_path / "x.jpg")
    assert list(tmp_path.iterdir()) == []


def test_draw_writes_pdf_and_200_dpi_png(tmp_path: Path) -> None:
    draw(dataset(), tmp_path / "timelines.pdf")
    assert (tmp_path / "timelines.pdf").read_bytes().startswith(b"%PDF")
    draw(dataset(), tmp_path / "timelines.png")
    png = (tmp_path / "timelines.png").read_bytes()
    # The pHYs chunk: pixels per metre on both axes, 200 dpi = 7874 per metre.
    chunk = png.index(b"pHYs")
    per_metre = int.from_bytes(png[chunk + 4 : chunk + 8], "big")
    assert per_metre == round(200 / 0.0254)


def test_the_axes_are_labelled() -> None:
    from conflict_events.plot import figure

    axes = figure(dataset()).axes[0]
    assert (axes.get_xlabel(), axes.get_ylabel()) == ("day", "place")


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ConflictEventsError) as raised:
        figure(dataset())
    assert str(raised.value) == f"drawing timelines needs matplotlib: {PLOT_HINT}"
    assert PLOT_HINT == "pip install 'conflict-events[plot]'"


def test_pyplot_is_left_alone(tmp_path: Path) -> None:
    """Drawing never imports pyplot, so it sets no backend: a notebook's plotting stays as is."""
    path = tmp_path / "timelines.png"
    code = (
        "import sys; from conflict_events import plot; from conflict_events.examples import dataset; "
        f"plot.draw(dataset(), {str(path)!r}); "
        "print('matplotlib.pyplot' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
    assert path.read_bytes().startswith(b"\x89PNG")


def test_importing_plot_loads_no_matplotlib() -> None:
    code = "import sys, conflict_events.plot; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
