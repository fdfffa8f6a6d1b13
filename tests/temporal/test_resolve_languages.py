# ruff: noqa: RUF001 - phrases of other scripts
"""Month names and relative phrases of Arabic, French, Russian, Ukrainian, Spanish and Turkish."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflict_events.temporal import TemporalError, explain, resolve
from conflict_events.temporal.languages import LANGUAGES, fold

REPORT = date(2017, 2, 4)  # a Saturday
ALL = ("en", "ar", "es", "fr", "ru", "tr", "uk")


@pytest.mark.parametrize(
    ("code", "text", "earliest", "latest", "rule"),
    [
        # French
        ("fr", "hier", "2017-02-03", "2017-02-03", "yesterday"),
        ("fr", "Aujourd'hui", "2017-02-04", "2017-02-04", "today"),
        ("fr", "avant-hier", "2017-02-02", "2017-02-02", "day-before-yesterday"),
        ("fr", "la semaine dernière", "2017-01-23", "2017-01-29", "calendar-unit"),
        ("fr", "le mois dernier", "2017-01-01", "2017-01-31", "calendar-unit"),
        ("fr", "l'année dernière", "2016-01-01", "2016-12-31", "calendar-unit"),
        ("fr", "cette année", "2017-01-01", "2017-12-31", "calendar-unit"),
        ("fr", "le 1er mars 2016", "2016-03-01", "2016-03-01", "written-date"),
        ("fr", "en mars 2016", "2016-03-01", "2016-03-31", "month-year"),
        ("fr", "mars", "2016-03-01", "2016-03-31", "month-name"),
        ("fr", "février", "2016-02-01", "2016-02-29", "month-name"),
        ("fr", "15 fevrier", "2016-02-15", "2016-02-15", "written-date"),
        ("fr", "15 déc. 2016", "2016-12-15", "2016-12-15", "written-date"),
        ("fr", "il y a 3 jours", "2017-02-01", "2017-02-01", "ago"),
        ("fr", "en 2015", "2015-01-01", "2015-12-31", "year"),
        # Spanish
        ("es", "ayer", "2017-02-03", "2017-02-03", "yesterday"),
        ("es", "el mes pasado", "2017-01-01", "2017-01-31", "calendar-unit"),
        ("es", "la semana pasada", "2017-01-23", "2017-01-29", "calendar-unit"),
        ("es", "el año pasado", "2016-01-01", "2016-12-31", "calendar-unit"),
        ("es", "15 de marzo de 2016", "2016-03-15", "2016-03-15", "written-date"),
        ("es", "el 3 de enero", "2017-01-03", "2017-01-03", "written-date"),
        ("es", "marzo de 2016", "2016-03-01", "2016-03-31", "month-year"),
        ("es", "hace 2 semanas", "2017-01-16", "2017-01-22", "ago"),
        # Russian
        ("ru", "вчера", "2017-02-03", "2017-02-03", "yesterday"),
        ("ru", "в прошлом месяце", "2017-01-01", "2017-01-31", "calendar-unit"),
        ("ru", "на прошлой неделе", "2017-01-23", "2017-01-29", "calendar-unit"),
        ("ru", "в прошлом году", "2016-01-01", "2016-12-31", "calendar-unit"),
        ("ru", "15 марта 2016 года", "2016-03-15", "2016-03-15", "written-date"),
        ("ru", "15 марта 2016 г.", "2016-03-15", "2016-03-15", "written-date"),
        ("ru", "в марте 2016 года", "2016-03-01", "2016-03-31", "month-year"),
        ("ru", "в мае", "2016-05-01", "2016-05-31", "month-name"),
        ("ru", "3 дня назад", "2017-02-01", "2017-02-01", "ago"),
        ("ru", "в 2016 году", "2016-01-01", "2016-12-31", "year"),
        # Ukrainian
        ("uk", "вчора", "2017-02-03", "2017-02-03", "yesterday"),
        ("uk", "минулого місяця", "2017-01-01", "2017-01-31", "calendar-unit"),
        ("uk", "торік", "2016-01-01", "2016-12-31", "calendar-unit"),
        ("uk", "15 березня 2016 року", "2016-03-15", "2016-03-15", "written-date"),
        ("uk", "у березні 2016 року", "2016-03-01", "2016-03-31", "month-year"),
        ("uk", "2 тижні тому", "2017-01-16", "2017-01-22", "ago"),
        # Turkish
        ("tr", "dün", "2017-02-03", "2017-02-03", "yesterday"),
        ("tr", "geçen ay", "2017-01-01", "2017-01-31", "calendar-unit"),
        ("tr", "gecen ay", "2017-01-01", "2017-01-31", "calendar-unit"),
        ("tr", "geçen hafta", "2017-01-23", "2017-01-29", "calendar-unit"),
        ("tr", "geçen yıl", "2016-01-01", "2016-12-31", "calendar-unit"),
        ("tr", "15 Şubat 2016", "2016-02-15", "2016-02-15", "written-date"),
        ("tr", "15 MART 2016", "2016-03-15", "2016-03-15", "written-date"),
        ("tr", "Mart 2016'da", "2016-03-01", "2016-03-31", "month-year"),
        ("tr", "mart ayında", "2016-03-01", "2016-03-31", "month-name"),
        ("tr", "2016 yılında", "2016-01-01", "2016-12-31", "year"),
        ("tr", "3 gün önce", "2017-02-01", "2017-02-01", "ago"),
        # Arabic
        ("ar", "أمس", "2017-02-03", "2017-02-03", "yesterday"),
        ("ar", "الشهر الماضي", "2017-01-01", "2017-01-31", "calendar-unit"),
        ("ar", "الأسبوع الماضي", "2017-01-23", "2017-01-29", "calendar-unit"),
        ("ar", "في الشهر الماضي", "2017-01-01", "2017-01-31", "calendar-unit"),
        ("ar", "العام الماضي", "2016-01-01", "2016-12-31", "calendar-unit"),
        ("ar", "15 مارس 2016", "2016-03-15", "2016-03-15", "written-date"),
        ("ar", "15 آذار/مارس 2016", "2016-03-15", "2016-03-15", "written-date"),
        ("ar", "١٥ آذار ٢٠١٦", "2016-03-15", "2016-03-15", "written-date"),
        ("ar", "15 \u200fمارس\u200f 2016", "2016-03-15", "2016-03-15", "written-date"),
        ("ar", "في كانون الثاني 2016", "2016-01-01", "2016-01-31", "month-year"),
        ("ar", "قبل 3 أيام", "2017-02-01", "2017-02-01", "ago"),
        ("ar", "في عام 2015", "2015-01-01", "2015-12-31", "year"),
    ],
)
def test_phrase(code, text, earliest, latest, rule):
    """Each phrase resolves to the listed bounds, by its language and then the English rule."""
    found = explain(text, REPORT, languages=(code,))
    assert (found.value.earliest.isoformat(), found.value.latest.isoformat()) == (earliest, latest)
    assert found.rules == (f"language:{code}", rule)
    assert (found.language, found.calendar) == (code, "gregorian")
    assert resolve(text, REPORT, languages=ALL) == found.value


def test_english_is_the_default_and_reads_no_other_language():
    """Without languages=, a French phrase is refused; English reads as before."""
    with pytest.raises(TemporalError, match="no rule reads this expression"):
        resolve("hier", REPORT)
    found = explain("last June", REPORT)
    assert found.rules == ("month-name",)
    assert (found.language, found.calendar) == ("en", "gregorian")
    assert explain("last June", REPORT, languages=ALL) == found


def test_english_is_read_only_when_chosen():
    """languages=("fr",) reads French only: English text is refused, naming what was tried."""
    with pytest.raises(TemporalError) as info:
        resolve("yesterday", REPORT, languages=("fr",))
    assert "languages: fr; calendars: gregorian" in str(info.value)
    assert resolve("yesterday", REPORT, languages="en") == resolve("yesterday", REPORT)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("fr", "n'importe quoi"),
        ("fr", "hier soir peut-être"),
        ("fr", "mars mars 2016"),
        ("es", "el mes que viene quizás"),
        ("ru", "когда-нибудь"),
        ("uk", "колись"),
        ("tr", "bir gün"),
        ("ar", "قريبا"),
        ("fr", "il y a longtemps"),
        ("ar", "2016 مارس 15"),
    ],
)
def test_nonsense_is_refused(code, text):
    """Text outside the tables is refused, never guessed; the message names the text."""
    with pytest.raises(TemporalError) as info:
        resolve(text, REPORT, languages=ALL)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(
    ("code", "text", "fragment"),
    [
        ("fr", "32 mars 2016", "no day 32 in March"),
        ("ru", "30 февраля 2016 года", "no day 30 in February"),
        ("ar", "15 آذار/نيسان 2016", "two months as one: March and April"),
    ],
)
def test_impossible_dates_are_refused_with_the_reason(code, text, fragment):
    """A day the month lacks, or two different months named as one, is refused and said so."""
    with pytest.raises(TemporalError) as info:
        resolve(text, REPORT, languages=(code,))
    assert fragment in str(info.value)
    assert repr(text) in str(info.value)


def test_an_unknown_language_is_a_value_error():
    """A language the resolver does not read is the caller's mistake, named in the message."""
    with pytest.raises(ValueError, match="'de'"):
        resolve("gestern", REPORT, languages=("de",))
    with pytest.raises(ValueError, match="none"):
        resolve("hier", REPORT, languages=())


# Each language's written forms of a day and of a month, as reports write them.
DAY_FORMS = {
    "fr": "{day} {month} {year}",
    "es": "{day} de {month} de {year}",
    "ru": "{day} {month} {year} года",
    "uk": "{day} {month} {year} року",
    "tr": "{day} {month} {year}",
    "ar": "{day} {month} {year}",
}
MONTH_FORMS = {
    "fr": "en {month} {year}",
    "es": "{month} de {year}",
    "ru": "в {month} {year} году",
    "uk": "у {month} {year} році",
    "tr": "{month} {year}'da",
    "ar": "في {month} {year}",
}


@st.composite
def written(draw, forms):
    code = draw(st.sampled_from(sorted(LANGUAGES)))
    day = draw(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
    months = LANGUAGES[code].months
    name = draw(st.sampled_from(sorted(word for word, at in months.items() if at == day.month)))
    case = draw(st.sampled_from([str, str.upper, str.title]))
    text = forms[code].format(day=day.day, month=case(name), year=day.year)
    return code, day, text


@given(written(DAY_FORMS))
def test_a_written_day_in_any_language_is_that_day(case):
    """Any Gregorian day written with a language's month names resolves to exactly that day."""
    code, day, text = case
    value = resolve(text, REPORT, languages=(code,))
    assert value.earliest == value.latest == day


@given(written(MONTH_FORMS))
def test_a_written_month_in_any_language_contains_the_day(case):
    """Any month and year written in a language is that whole month, so it contains the day."""
    code, day, text = case
    value = resolve(text, REPORT, languages=(code,))
    assert value.earliest == day.replace(day=1) <= day <= value.latest
    assert value.latest.month == day.month
    assert explain(text, REPORT, languages=(code,)).rules == (f"language:{code}", "month-year")


@given(st.sampled_from(sorted(LANGUAGES)), st.data())
def test_every_phrase_means_what_its_english_means(code, data):
    """Every relative phrase of a table resolves as the English phrase it stands for."""
    language = LANGUAGES[code]
    phrase = data.draw(st.sampled_from(sorted(language.phrases)))
    english = language.phrases[phrase]
    assert resolve(phrase, REPORT, languages=(code,)) == resolve(english, REPORT)


@given(st.text(max_size=40))
def test_any_text_resolves_or_is_refused(text):
    """Arbitrary text in all languages at once either resolves or raises TemporalError."""
    try:
        value = resolve(text, REPORT, languages=ALL)
    except TemporalError as error:
        assert error.reason
    else:
        assert value.to_edtf()


def test_folding_drops_accents_and_marks():
    """Accents, Arabic vowel marks, hamza forms and Arabic-Indic digits fold to plain letters."""
    assert fold("Février ŞUBAT İstanbul") == "fevrier subat istanbul"
    assert fold("مَارِس أبريل ١٤٣٧") == "مارس ابريل 1437"
