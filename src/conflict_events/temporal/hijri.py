# ruff: noqa: RUF002, RUF003 - the tables are words of other scripts
"""
Hijri dates ("Ramadan 1437", "15 Sha'ban 1437", "١٥ شعبان ١٤٣٧ هـ") as Gregorian bounds.

The conversion is the Umm al-Qura calendar of the `hijridate` package (the
optional extra ``hijri``), never a table of our own: a Hijri month is the
Gregorian span from its first to its last day, a Hijri day is one day, a year
written with its era ("1437 AH", "1437 هـ") runs from 1 Muharram to the last
day of Dhu al-Hijjah. The year is required (a month alone is refused: which
year a report means by "Ramadan" is a guess), and so is an era for a year
alone. Outside the years the calendar covers (1343-1500 AH, 1924-2077 CE) the
text is refused, as is a day the month does not have.

Month names are read in the common Latin transliterations (with or without
apostrophes and hyphens: "Rabi' al-Awwal", "Rabi al Awwal", "Rabi I") and,
when Arabic is one of the languages, in Arabic script.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from conflict_events.errors import ConflictEventsError
from conflict_events.temporal.errors import TemporalError
from conflict_events.temporal.fuzzy import FuzzyDate
from conflict_events.temporal.languages import fold

# The optional extra 'hijri', imported with the module: the layer imports nothing late.
try:
    from hijridate import Hijri
except ImportError:
    Hijri = None  # type: ignore[assignment, misc]

__all__ = ["HIJRI_HINT", "MONTH_NAMES", "read"]

#: What to install to read Hijri dates.
HIJRI_HINT: Final = "pip install 'conflict-events[hijri]'"

#: Hijri month names by number, for messages and rule names.
MONTH_NAMES = ("", "Muharram", "Safar", "Rabi' al-Awwal", "Rabi' al-Thani", "Jumada al-Ula",
               "Jumada al-Akhirah", "Rajab", "Sha'ban", "Ramadan", "Shawwal", "Dhu al-Qi'dah",
               "Dhu al-Hijjah")  # fmt: skip

# Twelve groups separated by "|", spellings by "/", after `_fold` (no apostrophes or hyphens).
_LATIN = (
    "muharram/muharrem/moharram | safar/saphar |"
    " rabi al awwal/rabi al awal/rabi ul awwal/rabi ul awal/rabi al ula/rabi i/rabi 1 |"
    " rabi al thani/rabi al thaani/rabi al akhir/rabi ul akhir/rabi ul thani/rabi ii/rabi 2 |"
    " jumada al awwal/jumada al awal/jumada al ula/jumada al oola/jumada al ulaa/jumada i"
    "/jumada 1 |"
    " jumada al thani/jumada al akhirah/jumada al akhira/jumada al aakhirah/jumada ii/jumada 2 |"
    " rajab | shaban/shaaban/shaban al muazzam | ramadan/ramadhan/ramazan | shawwal/shawal |"
    " dhu al qidah/dhu al qadah/dhul qidah/dhul qadah/dhu al qada/dhu al qida/zul qadah"
    "/dhu l qada |"
    " dhu al hijjah/dhu al hijja/dhul hijjah/dhul hijja/zul hijjah/dhu l hijja"
)
_ARABIC = (
    "محرم | صفر | ربيع الأول/ربيع أول | ربيع الثاني/ربيع الآخر/ربيع ثاني |"
    " جمادى الأولى/جمادى الأول/جمادى أولى | جمادى الآخرة/جمادى الثانية/جمادى الآخر |"
    " رجب | شعبان | رمضان | شوال | ذو القعدة/ذي القعدة | ذو الحجة/ذي الحجة"
)


def _fold(text: str) -> str:
    """Folded (`languages.fold`), without apostrophes and with hyphens as spaces."""
    text = fold(text)
    for mark in "'`\u2018\u02bc\u02bf\u02be":
        text = text.replace(mark, "")
    return text.replace("-", " ")


def _table(names: str) -> dict[str, int]:
    return {
        _fold(word.strip()): at
        for at, group in enumerate(names.split("|"), 1)
        for word in group.split("/")
    }


_LATIN_MONTHS = _table(_LATIN)
_ARABIC_MONTHS = _table(_ARABIC)
_ALL_MONTHS = _ARABIC_MONTHS | _LATIN_MONTHS


def _alternatives(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


# The era after a year: AH, A.H. (its dots dropped by `_grammar`), H, هـ (folded: ه).
_ERA = r"(?:ah|a h|h|\u0647)"


def _grammar(months: dict[str, int]) -> str:
    names = _alternatives(months)
    month = rf"(?:(?P<day>\d{{1,2}}) )?(?P<month>{names}),? (?P<year>\d{{1,4}})(?: {_ERA})?"
    return rf"{month}|(?P<alone>\d{{1,4}}) {_ERA}"


_LATIN_GRAMMAR = re.compile(_grammar(_LATIN_MONTHS))
_ARABIC_GRAMMAR = re.compile(_grammar(_ALL_MONTHS))


def read(text: str, source: str, *, arabic: bool) -> tuple[FuzzyDate, str, str] | None:
    """
    The Gregorian bounds of the Hijri date *text* (normalised) writes, its rule and language.

    None when *text* is no Hijri date; messages quote *source*, the text as
    the caller gave it. *arabic* reads the Arabic month names
    (and era) too. The rule is ``hijri-day``, ``hijri-month`` or
    ``hijri-year``; the language "ar" when the text is in Arabic script, else "en".

    Raises:
        TemporalError: The date is outside the calendar's years, or its month
            has no such day.
        ConflictEventsError: The hijridate package is not installed.
    """
    folded = _fold(text).replace(".", " ").replace("  ", " ").strip()
    match = (_ARABIC_GRAMMAR if arabic else _LATIN_GRAMMAR).fullmatch(folded)
    if match is None:
        return None
    if Hijri is None:
        raise ConflictEventsError(f"Hijri dates need the hijridate package: {HIJRI_HINT}")
    text = source
    language = "en" if folded.isascii() else "ar"
    if match["alone"]:
        year = int(match["alone"])
        first, last = _convert(text, year, 1, 1), _last_day(text, year, 12)
        return FuzzyDate(first, last), "hijri-year", language
    year = int(match["year"])
    month = _ALL_MONTHS[match["month"]]
    if match["day"]:
        day = _convert(text, year, month, int(match["day"]))
        return FuzzyDate.on(day), "hijri-day", language
    first = _convert(text, year, month, 1)
    return FuzzyDate(first, _last_day(text, year, month)), "hijri-month", language


def _last_day(text: str, year: int, month: int) -> date:
    first = _convert(text, year, month, 1)
    return first + timedelta(days=Hijri(year, month, 1).month_length() - 1)


def _convert(text: str, year: int, month: int, day: int) -> date:
    try:
        gregorian = Hijri(year, month, day).to_gregorian()
    except OverflowError:
        raise TemporalError(
            text,
            f"the year {year} AH is outside the years 1343-1500 AH (1924-2077) that the "
            "Umm al-Qura calendar covers",
        ) from None
    except ValueError:
        raise TemporalError(
            text, f"there is no day {day} in {MONTH_NAMES[month]} {year} AH"
        ) from None
    return date(gregorian.year, gregorian.month, gregorian.day)
