"""
``conflict-events timeline --location``: ids, ``NAME@PARENT``, transliterations, ambiguity.

Runs the installed command on the shipped ACLED and UCDP samples and on the
built-in example: a name that fits one place answers (exit 0); one that fits
several lists each with its kind and parent, and one that fits none suggests
close names (exit 1, never a traceback); a missing value is a usage error (2).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conflict_events.examples import sample

ACLED = str(sample("acled_v6_africa_2016_sample.csv"))
SYRIA_IRAQ = str(sample("ucdp_ged_231_syria_iraq_sample.csv"))
BATNA_TOWN = "acled-place:algeria:batna:batna::batna:N35.5553E6.1786"
RAQQA_TOWN = (
    "ucdp-place:syria:ar_raqqah_governorate:ar_raqqah_district::ar_raqqah_town:N35.9528E39.0079"
)


def command() -> list[str]:
    """The installed ``conflict-events`` beside this interpreter (else ``python -m``)."""
    installed = Path(sys.executable).with_name("conflict-events")
    if installed.exists():
        return [str(installed)]
    found = shutil.which("conflict-events")
    return [found] if found else [sys.executable, "-m", "conflict_events"]


def timeline(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command(), "timeline", *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


def fails(*arguments: str) -> str:
    """The error line of a run that must fail on its data (exit 1, nothing on stdout)."""
    done = timeline(*arguments)
    assert (done.returncode, done.stdout) == (1, "")
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ")
    return done.stderr


def answer(*arguments: str) -> dict[str, object]:
    done = timeline(*arguments, "--format", "json")
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout)
    return found


class TestAcledNamesAtSeveralLevels:
    def test_an_ambiguous_name_lists_kind_and_parent(self) -> None:
        err = fails(ACLED, "--location", "Batna")
        assert "'Batna' names 3 locations: " in err
        assert "Batna \u2014 admin1 in Algeria (acled-place:algeria:batna)" in err
        assert "Batna \u2014 admin2 in Batna, Algeria (acled-place:algeria:batna:batna)" in err
        assert f"Batna \u2014 settlement in Batna, Batna, Algeria ({BATNA_TOWN})" in err
        assert err.rstrip().endswith("give NAME@PARENT or the id")

    def test_name_at_parent_answers(self) -> None:
        done = timeline(ACLED, "--location", "batna@acled-place:algeria:batna:batna")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"Batna ({BATNA_TOWN})\n")

    def test_an_id_answers(self) -> None:
        found = answer(ACLED, "--location", BATNA_TOWN, "--at", "2016-06-01")
        assert found["location"] == {"id": BATNA_TOWN, "name": "Batna"}

    def test_a_parent_it_does_not_lie_in(self) -> None:
        err = fails(ACLED, "--location", "Batna@Mali")
        assert err.startswith("error: no location named 'Batna' lies in 'Mali'; 'Batna' names: ")


class TestUcdpTransliterations:
    def test_raqqa_lists_the_ar_raqqah_places_not_iraq(self) -> None:
        err = fails(SYRIA_IRAQ, "--location", "Raqqa")
        assert "Ar Raqqah town \u2014 settlement in Ar Raqqah district" in err
        assert "Iraq" not in err

    def test_raqqa_in_its_district_answers(self) -> None:
        found = answer(SYRIA_IRAQ, "--location", "Raqqa@Ar Raqqah district", "--at", "2017-06-01")
        assert found["location"] == {"id": RAQQA_TOWN, "name": "Ar Raqqah town"}

    def test_a_misspelling_suggests_ar_raqqah_not_iraq(self) -> None:
        err = fails(SYRIA_IRAQ, "--location", "Rakka")
        assert (
            "did you mean 'Ar Raqqah governorate', 'Ar Raqqah district', 'Ar Raqqah town'?" in err
        )
        assert "Iraq" not in err


class TestExample:
    @pytest.mark.parametrize("name", ["Palmyra@Syria", "tadmur@SYRIA", "palmyra"])
    def test_palmyra_june_2016(self, name: str) -> None:
        found = answer("--location", name, "--at", "2016-06-01")
        assert found["location"] == {"id": "palmyra", "name": "Palmyra"}
        assert found["controller"] == {
            "id": "syrian-government",
            "name": "Syrian government forces",
        }

    def test_a_transliteration_answers(self) -> None:
        found = answer("--location", "Dayr az Zawr", "--at", "2017-01-01")
        assert found["location"] == {"id": "deir-ez-zor", "name": "Deir ez-Zor"}

    def test_a_misspelling_suggests(self) -> None:
        assert (
            fails("--location", "Palmira")
            == "error: no location named 'Palmira'; did you mean 'Palmyra'?\n"
        )

    def test_a_place_outside_the_parent(self) -> None:
        assert "no location named 'Mosul' lies in 'France'" in fails("--location", "Mosul@France")

    def test_a_missing_value_is_a_usage_error(self) -> None:
        done = timeline("--location")
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
