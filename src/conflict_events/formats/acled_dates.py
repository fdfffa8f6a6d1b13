"""
ACLED's ``event_date``: every form real exports write it in, matched whole.

The forms are ``2023-02-16`` (the codebook's; spreadsheets add a time),
``16 May 2025``, ``01-January-2015``, ``29/12/2015`` and ``9-May-20``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Final

from conflict_events.errors import ErrorDetail, ValidationError, describe

__all__ = ["EventDates", "parse_date"]

_MONTHS: Final = {
    **{name.casefold(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name},
}
#: ``2023-02-16``, optionally with ``HH:MM:SS`` or ``HH:MM:SS.ffffff`` (spreadsheet exports).
_ISO_DATE: Final = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?: (?P<H>[0-9]{2}):(?P<M>[0-9]{2}):(?P<S>[0-9]{2})(?:\.[0-9]{1,6})?)?",
    re.ASCII,
)
#: ``16 May 2025``, ``16 Feb 2023``, ``01-January-2015``, ``16-Feb-2023`` and ``9-May-20``.
_NAMED_DATE: Final = re.compile(
    r"(?P<d>[0-9]{1,2})(?P<sep>[ -])(?P<month>[A-Za-z]{3,9})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})",
    re.ASCII,
)
#: ``29/12/2015`` (day first), or ``12/29/2015`` when the first number cannot be a day's month.
_SLASH_DATE: Final = re.compile(r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4})", re.ASCII)
_CENTURY_PIVOT: Final = 69
_HOURS, _MINUTES = 24, 60


def parse_date(text: str) -> date:
    """
    An ACLED ``event_date`` in one of the forms real files use, matched whole, ASCII digits only.

    Raises:
        ValidationError: Any other text, or a day the calendar lacks (path ``event_date``).
    """
    text = text.strip()
    day = _calendar_day(text)
    if day is None:
        raise ValidationError(
            [
                ErrorDetail(
                    "event_date",
                    f"{describe(text)} is not an ACLED event_date "
                    "(2023-02-16, 16 May 2025, 01-January-2015, 29/12/2015, 9-May-20)",
                )
            ]
        )
    return day


def _calendar_day(text: str) -> date | None:
    candidates: list[tuple[int, int, int]] = []
    if found := _ISO_DATE.fullmatch(text):
        if found["H"] is not None and not (
            int(found["H"]) < _HOURS and int(found["M"]) < _MINUTES and int(found["S"]) < _MINUTES
        ):
            return None
        candidates.append((int(found["y"]), int(found["m"]), int(found["d"])))
    elif found := _NAMED_DATE.fullmatch(text):
        name = found["month"].casefold()
        month = _MONTHS.get(name)
        short = len(found["y"]) == 2  # noqa: PLR2004
        if month is None or (short and (found["sep"] != "-" or len(name) != 3)):  # noqa: PLR2004
            return None
        year = int(found["y"])
        if short:
            year += 1900 if year >= _CENTURY_PIVOT else 2000
        candidates.append((year, month, int(found["d"])))
    elif found := _SLASH_DATE.fullmatch(text):
        a, b, year = int(found["a"]), int(found["b"]), int(found["y"])
        candidates.extend([(year, b, a), (year, a, b)])
    for year, month, day in candidates:
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


class EventDates:
    """The ``event_date`` cells of one file, read one way for the whole file."""

    def __init__(self, dayfirst: bool | None = None) -> None:
        self.dayfirst = dayfirst

    def decide(self, texts: list[str]) -> None:
        """
        Decide from every ``event_date`` cell of the file how its slash dates are written.

        Raises:
            ValidationError: The file's slash dates cannot all be read one way.
        """
        del texts

    def parse(self, text: str) -> date:
        """
        One ``event_date`` cell, read the way decided for the file.

        Raises:
            ValidationError: The text is not an ACLED event_date.
        """
        return parse_date(text)
