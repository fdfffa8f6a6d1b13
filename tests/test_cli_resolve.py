"""The ``resolve`` command: bounds, EDTF and the rule applied."""

from __future__ import annotations

import json

import pytest

from conflict_events.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["resolve", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


class TestResolve:
    def test_part_of_month(self, capsys: pytest.CaptureFixture[str]) -> None:
        """'mid-December' in a February 2017 report is 11-20 December 2016."""
        code, out, _ = run(capsys, "mid-December", "--reference", "2017-02-04")
        assert code == 0
        assert "earliest:  2016-12-11\n" in out
        assert "latest:    2016-12-20\n" in out
        assert "edtf:      [2016-12-11..2016-12-20]\n" in out
        assert "rule:      part > month-name: " in out

    def test_duration(self, capsys: pytest.CaptureFixture[str]) -> None:
        """'for over two years now' is an open span that began on or before 3 February 2015."""
        code, out, _ = run(capsys, "for over two years now", "--reference", "2017-02-04")
        assert code == 0
        assert "start:     earliest unbounded, latest 2015-02-03\n" in out
        assert "end:       open" in out
        assert "lasted:    at least 732 days, no upper bound by 2017-02-04" in out
        assert "edtf:      [..2015-02-03]/..\n" in out

    def test_closed_span(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A span with both ends prints both and the duration bounds."""
        code, out, _ = run(capsys, "between March and May 2016", "--reference", "2017-02-04")
        assert code == 0
        assert "end:       earliest 2016-05-01, latest 2016-05-31" in out
        assert "at most" in out

    def test_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json gives the same facts as an object."""
        code, out, _ = run(capsys, "last June", "--reference", "2017-02-04", "--format", "json")
        assert code == 0
        answer = json.loads(out)
        assert answer["earliest"] == "2016-06-01"
        assert answer["latest"] == "2016-06-30"
        assert answer["edtf"] == "2016-06"
        assert answer["rules"] == ["month-name"]
        assert answer["kind"] == "date"

    def test_unreadable_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Text no rule reads is an error, exit 1, no traceback."""
        code, out, err = run(capsys, "sometime or other", "--reference", "2017-02-04")
        assert code == 1
        assert out == ""
        assert err.startswith("error: cannot resolve 'sometime or other'")

    def test_reference_is_required(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --reference it is a usage error, exit 2."""
        assert run(capsys, "last June")[0] == 2

    def test_bad_reference(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A reference that is not YYYY-MM-DD is a usage error, exit 2."""
        code, _, err = run(capsys, "last June", "--reference", "4 Feb 2017")
        assert code == 2
        assert "is not a date of the form YYYY-MM-DD" in err
