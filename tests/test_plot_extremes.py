"""The timeline picture draws every date a dataset can hold, the first and last days included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conflict_events import Dataset, from_dict, to_dict, to_json
from conflict_events.cli import main
from conflict_events.examples import dataset


def _with_dates(first: str, second: str) -> Dataset:
    document: dict[str, Any] = to_dict(dataset())
    changes = [event for event in document["events"] if event["type"] == "control_change"]
    changes[0]["when"] = first
    changes[1]["when"] = second
    return from_dict(document, Dataset)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("[0001-01-01..0001-01-05]", "9999-12-31"),
        ("0001-01-01", "0001-02"),
        ("9999-12", "[9999-12-20..9999-12-31]"),
    ],
)
def test_plot_at_the_ends_of_the_calendar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], first: str, second: str
) -> None:
    """Changes dated in year 1 or 9999 are drawn, not an OverflowError."""
    source = tmp_path / "extreme.json"
    source.write_text(to_json(_with_dates(first, second)), encoding="utf-8")
    picture = tmp_path / "extreme.svg"
    code = main(["timeline", str(source), "--plot", str(picture)])
    assert code == 0, capsys.readouterr().err
    assert picture.read_text(encoding="utf-8").lstrip().startswith("<?xml")
