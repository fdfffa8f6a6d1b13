"""
The words the resolver reads: months, weekdays, seasons, numbers and units.

Each vocabulary is a dict from the word to its number, and a regular-expression
fragment that matches exactly its words (longest first, so "sept" is not read as
"sep" and a stray "t"). The fragments name their group; `group` renames one for
a pattern that needs the same vocabulary twice.
"""

from __future__ import annotations

import re

from dateutil.relativedelta import relativedelta

__all__ = [
    "MONTHS",
    "MONTH_NAMES",
    "NUMBER",
    "NUMBERS",
    "ORDINAL",
    "ORDINALS",
    "SEASON",
    "SEASONS",
    "SEASON_NAMES",
    "UNIT",
    "WEEKDAY",
    "WEEKDAYS",
    "WEEKDAY_NAMES",
    "YEAR",
    "group",
    "number",
    "ordinal",
    "step",
]

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
#: Month names by number, for messages.
MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip
#: Monday is 0, as `date.weekday` counts.
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: EDTF season codes.
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "eighteen": 18, "twenty": 20, "thirty": 30, "forty-eight": 48,
    "a couple of": 2, "a few": 3, "several": 3,
}  # fmt: skip
_UNITS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
#: Ordinal words of the days of a month, "first" to "thirty-first".
ORDINALS = {word: at for at, word in enumerate(_UNITS, 1)}
ORDINALS |= {"twentieth": 20, "thirtieth": 30, "thirty-first": 31}
ORDINALS |= {f"twenty-{word}": 20 + at for word, at in list(ORDINALS.items()) if at < 10}  # noqa: PLR2004


def _alternatives(words: object) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


MONTH = rf"(?P<month>{_alternatives(MONTHS)})\.?"
WEEKDAY = rf"(?P<weekday>{_alternatives(WEEKDAYS)})\.?"
SEASON = rf"(?P<season>{_alternatives(SEASONS)})"
NUMBER = rf"(?P<number>\d{{1,3}}|{_alternatives(NUMBERS)})"
#: A day of the month as digits with an optional suffix ("3", "3rd"), or an ordinal word.
ORDINAL = rf"(?P<ordinal>\d{{1,2}}(?:st|nd|rd|th)?|{_alternatives(ORDINALS)})"
UNIT = r"(?P<unit>day|week|month|year)s?"
YEAR = r"(?P<year>\d{4})"


def group(fragment: str, name: str) -> str:
    """*fragment* with its one group renamed *name*, for a second use in one pattern."""
    return re.sub(r"\(\?P<\w+>", f"(?P<{name}>", fragment, count=1)


def number(text: str) -> int:
    """The count a number word or digits say."""
    return int(text) if text.isdigit() else NUMBERS[text]


def ordinal(text: str) -> int:
    """The day an ordinal says ("3rd", "3", "third")."""
    digits = text.rstrip("stndrh")
    return int(digits) if digits.isdigit() else ORDINALS[text]


def step(unit: str, count: int) -> relativedelta:
    """*count* calendar *unit*s (day, week, fortnight, month, year, decade)."""
    if unit == "fortnight":
        return relativedelta(weeks=2 * count)
    if unit == "decade":
        return relativedelta(years=10 * count)
    return relativedelta(**{f"{unit}s": count})  # type: ignore[arg-type]
