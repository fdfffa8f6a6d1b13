# ruff: noqa: RUF001 - phrases of other scripts
"""Hijri dates as Gregorian bounds, by the Umm al-Qura calendar of hijridate (extra 'hijri')."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import hijridate
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events.temporal import TemporalError, explain, resolve
from conflict_events.temporal.hijri import _ARABIC_MONTHS, _LATIN_MONTHS

REPORT = date(2017, 2, 4)
BOTH = ("gregorian", "hijri")


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "rule", "language"),
    [
        ("Ramadan 1437", "2016-06-06", "2016-07-05", "hijri-month", "en"),
        ("in Ramadan 1436", "2015-06-18", "2015-07-16", "hijri-month", "en"),
        ("15 Sha'ban 1437", "2016-05-22", "2016-05-22", "hijri-day", "en"),
        ("15 Shaban 1437 AH", "2016-05-22", "2016-05-22", "hijri-day", "en"),
        ("1 Shawwal 1437", "2016-07-06", "2016-07-06", "hijri-day", "en"),
        ("10 Muharram 1438 A.H.", "2016-10-11", "2016-10-11", "hijri-day", "en"),
        ("Rabi' al-Awwal 1438", "2016-11-30", "2016-12-29", "hijri-month", "en"),
        ("Rabi al Awwal 1438", "2016-11-30", "2016-12-29", "hijri-month", "en"),
        ("Dhu al-Hijjah 1437", "2016-09-02", "2016-10-01", "hijri-month", "en"),
        ("1438 AH", "2016-10-02", "2017-09-20", "hijri-year", "en"),
        ("رمضان 1437", "2016-06-06", "2016-07-05", "hijri-month", "ar"),
        ("١٥ شعبان ١٤٣٧ هـ", "2016-05-22", "2016-05-22", "hijri-day", "ar"),
        ("ربيع الأول 1438", "2016-11-30", "2016-12-29", "hijri-month", "ar"),
        ("جمادى الآخرة 1438", "2017-02-28", "2017-03-28", "hijri-month", "ar"),
        ("1438 هـ", "2016-10-02", "2017-09-20", "hijri-year", "ar"),
    ],
)
def test_hijri_date(text, earliest, latest, rule, language):
    """Each Hijri date is the Gregorian day, or the span of its month or year."""
    found = explain(text, REPORT, languages=("en", "ar"), calendars=BOTH)
    assert (found.value.earliest.isoformat(), found.value.latest.isoformat()) == (earliest, latest)
    assert found.rules == ("calendar:hijri", f"language:{language}", rule)
    assert (found.language, found.calendar) == (language, "hijri")


def test_hijri_is_read_only_when_chosen():
    """The default calendar is Gregorian only; Arabic month names need Arabic among the languages."""
    with pytest.raises(TemporalError):
        resolve("Ramadan 1437", REPORT)
    with pytest.raises(TemporalError):
        resolve("رمضان 1437", REPORT, calendars=BOTH)
    assert resolve("1437", REPORT, calendars=BOTH).to_edtf() == "1437"  # a Gregorian year


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Ramadan", "no rule reads this expression"),
        ("1437", "no rule reads this expression"),
        ("Ramadan the 5th", "no rule reads this expression"),
        ("Sha'ban 1437 1437", "no rule reads this expression"),
        ("30 Sha'ban 1437", "there is no day 30 in Sha'ban 1437 AH"),
        ("31 Ramadan 1437", "there is no day 31 in Ramadan 1437 AH"),
        ("Ramadan 1600", "outside the years 1343-1500 AH"),
        ("1342 AH", "outside the years 1343-1500 AH"),
    ],
)
def test_refusals(text, fragment):
    """A month without its year, a day the month lacks and years outside the calendar: refused."""
    with pytest.raises(TemporalError) as info:
        resolve(text, REPORT, calendars=("hijri",))
    assert fragment in str(info.value)
    assert repr(text) in str(info.value)


HIDDEN = """
import sys
sys.modules["hijridate"] = None  # hidden: "import hijridate" now fails
from datetime import date
from conflict_events.errors import ConflictEventsError
from conflict_events.temporal import TemporalError, resolve
report = date(2017, 2, 4)
assert resolve("last June", report, calendars=("gregorian", "hijri")).to_edtf() == "2016-06"
try:
    resolve("soon", report, calendars=("gregorian", "hijri"))
except TemporalError:
    pass
try:
    resolve("Ramadan 1437", report, calendars=("gregorian", "hijri"))
except ConflictEventsError as error:
    print(error)
"""


def test_the_missing_extra_names_what_to_install():
    """Without hijridate a Hijri date says what to install; everything else reads as before."""
    run = subprocess.run(
        [sys.executable, "-c", HIDDEN], capture_output=True, text=True, check=True, timeout=60
    )
    assert run.stdout.strip() == (
        "Hijri dates need the hijridate package: pip install 'conflict-events[hijri]'"
    )


@st.composite
def hijri_days(draw):
    year = draw(st.integers(1343, 1500))
    month = draw(st.integers(1, 12))
    length = hijridate.Hijri(year, month, 1).month_length()
    day = draw(st.integers(1, length))
    arabic = draw(st.booleans())
    names = _ARABIC_MONTHS if arabic else _LATIN_MONTHS
    name = draw(st.sampled_from(sorted(word for word, at in names.items() if at == month)))
    return year, month, day, name


def _gregorian(year, month, day):
    found = hijridate.Hijri(year, month, day).to_gregorian()
    return date(found.year, found.month, found.day)


@given(hijri_days())
def test_round_trip_of_a_day(case):
    """hijridate's own conversion of a Hijri day is the day resolved."""
    year, month, day, name = case
    value = resolve(f"{day} {name} {year}", REPORT, languages=("en", "ar"), calendars=("hijri",))
    assert value.earliest == value.latest == _gregorian(year, month, day)


@given(hijri_days())
def test_round_trip_of_a_month(case):
    """Every day of a Hijri month converts into the bounds of that month, which it fills."""
    year, month, day, name = case
    value = resolve(f"{name} {year}", REPORT, languages=("en", "ar"), calendars=("hijri",))
    length = hijridate.Hijri(year, month, 1).month_length()
    assert value.earliest == _gregorian(year, month, 1)
    assert value.earliest <= _gregorian(year, month, day) <= value.latest
    assert value.latest == _gregorian(year, month, length)
    assert value.latest - value.earliest == timedelta(days=length - 1)


@given(st.text(max_size=30))
def test_any_text_resolves_or_is_refused(text):
    """Arbitrary text in both calendars either resolves or raises TemporalError."""
    try:
        value = resolve(text, REPORT, languages=("en", "ar"), calendars=BOTH)
    except TemporalError as error:
        assert error.reason
    else:
        assert value.to_edtf()
