"""The picture as a library function: `conflict_events.plot.figure` and `draw`."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from conflict_events import (
    Actor,
    ActorKind,
    Attribution,
    ConflictEventsError,
    ControlChange,
    Dataset,
    FuzzyDate,
    Location,
    LocationKind,
    Source,
)
from conflict_events import plot as module
from conflict_events.examples import dataset, sample
from conflict_events.formats.acled import read_acled
from conflict_events.plot import PLOT_HINT, draw, figure, publication_dates, row_groups
from conflict_events.reasoning import Timelines
from conflict_events.reasoning.report import shown_locations
from conflict_events.strategies import datasets


def test_all_is_sorted_and_defined() -> None:
    """The module's public names are sorted as ruff sorts them, and each exists."""
    assert list(module.__all__) == sorted(
        module.__all__, key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n)
    )
    assert all(getattr(module, name) is not None for name in module.__all__)


def test_one_row_per_place_with_a_record() -> None:
    """Each place with holdings or statuses is a row, under its country's bold label, top first."""
    example = dataset()
    timelines = Timelines.build(example)
    rows = [
        loc
        for loc in shown_locations(example, timelines)
        if timelines.holdings(loc.id) or timelines.timeline(loc.id).statuses
    ]
    expected: list[str] = []
    for country, divisions in row_groups(example, rows):
        expected += [country] + [place.name for _, places in divisions for place in places]
    picture = figure(example, timelines)
    (axes,) = picture.axes
    labels = axes.get_yticklabels()
    assert [label.get_text() for label in labels] == expected[::-1]
    bold = {label.get_text() for label in labels if label.get_fontweight() == "bold"}
    assert bold == {"Iraq", "Syria"}
    assert sorted(expected) == sorted([*bold, *(loc.name for loc in rows)])


def test_rows_grouped_by_country_then_division() -> None:
    """Places of one country stay together; a division is named right of its places."""
    example = dataset()
    groups = dict(row_groups(example, list(example.locations)))
    iraq = dict(groups["Iraq"])
    assert [place.name for place in iraq["Anbar"]] == ["Anbar", "Ramadi"]
    assert "Mosul" in [place.name for place in iraq[""]]
    assert "Anbar" not in [place.name for place in iraq[""]]  # a division is its own group
    syria = dict(groups["Syria"])
    assert [place.name for place in syria["Deir ez-Zor province"]] == [
        "Deir ez-Zor province",
        "Deir ez-Zor",
        "Deir ez-Zor military airport",
    ]
    assert list(groups) == ["Syria", "Iraq", "France", "Ukraine"]
    (axes,) = figure(example).axes
    side_labels = {text.get_text() for text in axes.texts}
    assert {"Anbar", "Deir ez-Zor province"} <= side_labels


def test_rows_of_a_real_import_are_grouped_by_its_countries() -> None:
    """On the ACLED sample every group holds only places of that country and division."""
    data = read_acled(sample("acled_v6_africa_2016_sample.csv"))
    groups = row_groups(data, list(data.locations))
    assert len(groups) == len({country for country, _ in groups}) > 1
    for country, divisions in groups:
        for division, places in divisions:
            for place in places:
                levels = {loc.kind: loc.name for loc in (*data.ancestors(place.id), place)}
                assert levels.get(LocationKind.COUNTRY, place.country or "") == country
                assert levels.get(LocationKind.ADMIN1, "") == division


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_row_groups_partition_the_rows_in_order(data: Dataset) -> None:
    """Every row is in exactly one group, and rows of one group keep their given order."""
    rows = list(data.locations)
    groups = row_groups(data, rows)
    grouped = [place for _, divisions in groups for _, places in divisions for place in places]
    assert sorted(id(place) for place in grouped) == sorted(id(place) for place in rows)
    position = {id(place): index for index, place in enumerate(rows)}
    for _, divisions in groups:
        for _, places in divisions:
            assert [position[id(p)] for p in places] == sorted(position[id(p)] for p in places)
    assert len({country for country, _ in groups}) == len(groups)


def test_the_report_s_publication_date_is_marked() -> None:
    """The example's report (ALBAWABA, 4 February 2017) is a dotted line; published=False drops it."""
    example = dataset()
    dates = publication_dates(example, Timelines.build(example), list(example.locations))
    assert [(str(when), text) for when, text in dates] == [
        ("2017-02-04", "ALBAWABA published 2017-02-04")
    ]
    (axes,) = figure(example).axes
    assert "ALBAWABA published 2017-02-04" in [t.get_text() for t in axes.get_legend().get_texts()]
    (plain,) = figure(example, published=False).axes
    assert "ALBAWABA published 2017-02-04" not in [
        t.get_text() for t in plain.get_legend().get_texts()
    ]


def test_many_publication_dates_keep_only_the_latest() -> None:
    """An import citing an article per row marks only its latest date, saying how many there were."""
    sources = tuple(
        Source(id=f"s{n}", publisher=f"P{n}", published=FuzzyDate.parse(f"2016-0{n}-01"))
        for n in range(1, 8)
    )
    changes = tuple(
        ControlChange(
            id=f"c{n}",
            when=FuzzyDate.parse(f"2016-0{n}"),
            location="p",
            new_holder="a" if n % 2 else "b",
            attributions=(Attribution(source=f"s{n}"),),
        )
        for n in range(1, 8)
    )
    data = Dataset(
        actors=(
            Actor(id="a", name="A", kind=ActorKind.REBEL_GROUP),
            Actor(id="b", name="B", kind=ActorKind.STATE_FORCES),
        ),
        locations=(Location(id="p", name="P", kind=LocationKind.SETTLEMENT),),
        sources=sources,
        events=changes,
    )
    dates = publication_dates(data, Timelines.build(data), list(data.locations))
    assert [(str(when), text) for when, text in dates] == [
        ("2016-07-01", "latest of 7 reports published 2016-07-01")
    ]


def test_every_visual_code_is_in_the_legend() -> None:
    """Hatches, pale tints, dotted strips and diamonds each have a legend entry when drawn."""
    (axes,) = figure(dataset()).axes
    legend = {text.get_text() for text in axes.get_legend().get_texts()}
    assert {
        "window of a change",
        "paler: less likely, fading to the horizon",
        "reported status",
        "status of a day or a few",
    } <= legend
    (palmyra,) = figure(dataset(), location="Palmyra", published=False).axes
    legend = {text.get_text() for text in palmyra.get_legend().get_texts()}
    assert "reported status" in legend
    assert "status of a day or a few" in legend
    (tikrit,) = figure(dataset(), location="Tikrit").axes
    assert not {"reported status", "status of a day or a few"} & {
        text.get_text() for text in tikrit.get_legend().get_texts()
    }


def test_one_location_and_a_day() -> None:
    """*location* draws that place only; *at* adds its day to the legend."""
    picture = figure(dataset(), location="Tadmur", at=date(2016, 12, 15))
    (axes,) = picture.axes
    assert [label.get_text() for label in axes.get_yticklabels()] == ["Palmyra", "Syria"]
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
