"""
ACLED's ``event_date``: every form real exports write it in, matched whole.

The forms are ``2023-02-16`` (the codebook's; spreadsheets, APIs and data frames
add a time, ``T``, ``Z`` or an offset: see `iso_day`), ``16 May 2025``,
``01-January-2015``, ``29/12/2015`` (day first, decided once per file by
`EventDates`) and ``9-May-20``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Final

from conflict_events.errors import ErrorDetail, ValidationError, describe
from conflict_events.formats.csv_cells import iso_day

__all__ = ["EventDates", "iso_day", "parse_date"]


_MONTHS: Final = {
    **{name.casefold(): number for number, name in enumerate(calendar.month_name) if name},
    **{name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name},
}
#: ``16 May 2025``, ``16 Feb 2023``, ``01-January-2015``, ``16-Feb-2023`` and ``9-May-20``.
_NAMED_DATE: Final = re.compile(
    r"(?P<d>[0-9]{1,2})(?P<sep>[ -])(?P<month>[A-Za-z]{3,9})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})",
    re.ASCII,
)
#: ``29/12/2015``: ACLED writes day first; a file may be read month first as a whole.
_SLASH_DATE: Final = re.compile(r"(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4})", re.ASCII)
_CENTURY_PIVOT: Final = 69
_HOURS, _MINUTES = 24, 60
_FORMS: Final = "2023-02-16, 16 May 2025, 01-January-2015, 29/12/2015, 9-May-20"


def parse_date(text: str, *, dayfirst: bool = True) -> date:
    """
    An ACLED ``event_date`` in one of the forms real files use, matched whole, ASCII digits only.

    A slash date is read day first (``29/12/2015``, as ACLED writes it), or month
    first with *dayfirst* False; `EventDates` decides this once for a whole file.

    Raises:
        ValidationError: Any other text, or a day the calendar lacks (path ``event_date``).
    """
    text = text.strip()
    day = _calendar_day(text, dayfirst)
    if day is None:
        found = _SLASH_DATE.fullmatch(text)
        if found is not None and _slash(found, not dayfirst) is not None:
            order = "dd/mm/yyyy" if dayfirst else "mm/dd/yyyy"
            raise ValidationError(
                [ErrorDetail("event_date", f"{describe(text)} is not a day read as {order}")]
            )
        raise ValidationError(
            [ErrorDetail("event_date", f"{describe(text)} is not an ACLED event_date ({_FORMS})")]
        )
    return day


def _slash(found: re.Match[str], dayfirst: bool) -> date | None:
    a, b, year = int(found["a"]), int(found["b"]), int(found["y"])
    day, month = (a, b) if dayfirst else (b, a)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _calendar_day(text: str, dayfirst: bool) -> date | None:
    if (day := iso_day(text)) is not None:
        return day
    if found := _NAMED_DATE.fullmatch(text):
        name = found["month"].casefold()
        month = _MONTHS.get(name)
        short = len(found["y"]) == 2  # noqa: PLR2004
        if month is None or (short and (found["sep"] != "-" or len(name) != 3)):  # noqa: PLR2004
            return None
        year = int(found["y"])
        if short:
            year += 1900 if year >= _CENTURY_PIVOT else 2000
        try:
            return date(year, month, int(found["d"]))
        except ValueError:
            return None
    if found := _SLASH_DATE.fullmatch(text):
        return _slash(found, dayfirst)
    return None


class EventDates:
    """
    The ``event_date`` cells of one file, read one way for the whole file.

    ACLED writes slash dates day first (``29/12/2015``). With *dayfirst* None
    a file is read day first, and refused when one of its slash dates can only
    be month first (``12/29/2020``): a file is never read one way in one row
    and the other way in the next. *dayfirst* True or False forces the order
    for the whole file; a cell impossible that way is then its row's fault.
    """

    def __init__(self, dayfirst: bool | None = None) -> None:
        self.dayfirst = dayfirst
        self._order = True if dayfirst is None else dayfirst

    def decide(self, texts: list[str]) -> None:
        """
        Decide from every ``event_date`` cell of the file how its slash dates are written.

        Raises:
            ValidationError: With *dayfirst* None, a slash date that can only be
                month first. Its ``line`` is the cell's position in *texts*
                (counted from 0), which the table loop replaces by the row's line.
        """
        self._order = True if self.dayfirst is None else self.dayfirst
        if self.dayfirst is not None:
            return
        for position, text in enumerate(texts):
            found = _SLASH_DATE.fullmatch(text.strip())
            if found is None or _slash(found, dayfirst=True) is not None:
                continue
            if _slash(found, dayfirst=False) is None:
                continue  # no day either way: that row's own fault, found when it is read
            message = (
                f"{describe(text.strip())} cannot be day first (dd/mm/yyyy, as ACLED writes "
                "dates), so the file's slash dates cannot all be read one way; pass "
                "dayfirst=False (--monthfirst) if the whole file writes month first"
            )
            raise ValidationError([ErrorDetail("event_date", message, line=position)])

    def parse(self, text: str) -> date:
        """
        One ``event_date`` cell, read the way decided for the file.

        Raises:
            ValidationError: The text is not an ACLED event_date, or not a day
                in the file's slash order.
        """
        return parse_date(text, dayfirst=self._order)
