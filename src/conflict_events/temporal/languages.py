# ruff: noqa: RUF001, RUF002 - the tables are words of other scripts
"""
Month names and relative phrases of Arabic, French, Russian, Ukrainian, Spanish and Turkish.

A text in one of these languages is translated into the English the rules of
`resolve` already read, and only then resolved, so every convention (the
past-tense one, the strict written days, the widening of "two weeks ago") is
the same in every language. What is translated is a closed list, by table,
never by a permissive parser:

* the common relative phrases of news reports ("hier", "la semaine dernière",
  "вчера", "в прошлом месяце", "ayer", "el mes pasado", "dün", "geçen ay",
  "أمس", "الشهر الماضي"), each mapped to one English phrase ("yesterday",
  "last week", "last month");
* a written day, month or year with the language's month names and its own
  small words ("le 1er mars 2016", "15 de marzo de 2016", "15 марта 2016
  года", "у березні 2016 року", "15 Mart 2016'da", "15 آذار/مارس 2016");
* a counted offset with digits ("il y a 3 jours", "hace 2 semanas",
  "3 дня назад", "2 hafta önce", "قبل 3 أيام").

Anything else is not read (`translate` returns None) and is refused by
`resolve`. Letters are compared folded (`fold`): lower case, without accents
or Arabic vowel marks, so "fevrier" and "février", "subat" and "şubat" are the
same word. Arabic-Indic digits are read as digits.
"""

from __future__ import annotations

import re

import attrs

from conflict_events.temporal.words import MONTH_NAMES

__all__ = ["LANGUAGES", "NAMES", "Language", "fold", "translate"]


def _folding() -> dict[int, str | None]:
    """The letters `fold` replaces: accented Latin, Turkish, Cyrillic and Arabic variants."""
    table: dict[int, str | None] = dict.fromkeys(range(0x300, 0x370))  # combining marks
    table |= dict.fromkeys(range(0x64B, 0x653)) | {0x670: None, 0x640: None}  # harakat
    # Direction marks that right-to-left text carries around digits (LRM, RLM, ALM, isolates).
    table |= dict.fromkeys([0x200E, 0x200F, 0x61C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
    pairs = {
        "a": "àáâãäåā", "c": "çć", "e": "èéêëē", "i": "ìíîïīı", "n": "ñ", "o": "òóôõöō",
        "u": "ùúûüū", "y": "ÿ", "g": "ğ", "s": "ş", "oe": "œ", "ae": "æ",
        "е": "ё", "ا": "أإآٱ", "ه": "ة", "ي": "ى",
    }  # fmt: skip
    for plain, variants in pairs.items():
        table |= {ord(variant): plain for variant in variants}
    for zero in (0x660, 0x6F0):  # Arabic-Indic and Eastern Arabic-Indic digits
        table |= {zero + at: str(at) for at in range(10)}
    return table


_FOLDING = _folding()


def fold(text: str) -> str:
    """
    *text* lower case, without accents, vowel marks, tatweel or direction marks, with ASCII digits.

    The same folding is applied to the tables and to the text, so a word
    written with or without its accents ("année", "annee") is one word; Arabic
    hamza forms of alef, taa marbuta and alef maqsura are folded to the plain
    letters reports use in their place.
    """
    return text.lower().translate(_FOLDING)


@attrs.frozen
class Language:
    """What is read of one language: its months, phrases, units and small words."""

    code: str
    name: str
    #: Month words (every case and spelling read) to their number.
    months: dict[str, int]
    #: Relative phrases to the English phrase `resolve` reads.
    phrases: dict[str, str]
    #: Unit words of counted offsets to the English unit.
    units: dict[str, str]
    #: Regular-expression fragments (folded text): words before a date ...
    lead: str = ""
    #: ... after the day's digits ("1er") ...
    day_tail: str = ""
    #: ... between the day and the month ("15 de marzo") ...
    day_month: str = ""
    #: ... after the month ("mart'ta") ...
    month_tail: str = ""
    #: ... between the month and the year ("marzo de 2016") ...
    month_year: str = ""
    #: ... before a year alone ("en 2016") ...
    year_lead: str = ""
    #: ... after the year ("2016 года") ...
    year_tail: str = ""
    #: ... and around a count: "il y a" N units, N units "назад".
    ago_before: str = ""
    ago_after: str = ""


def _folded(table: dict[str, str]) -> dict[str, str]:
    return {fold(word): value for word, value in table.items()}


def _language(
    code: str,
    name: str,
    months: str,
    phrases: dict[str, str],
    units: dict[str, str],
    **fragments: str,
) -> Language:
    # *months*: twelve groups separated by "|", each group's spellings by spaces
    # (an underscore stands for a space inside a name: "كانون_الثاني").
    table = {
        fold(word.replace("_", " ")): at
        for at, group in enumerate(months.split("|"), 1)
        for word in group.split()
    }
    return Language(code, name, table, _folded(phrases), _folded(units), **fragments)


FRENCH = _language(
    "fr",
    "French",
    "janvier janv | février févr fevr | mars | avril avr | mai | juin | juillet juil |"
    " août | septembre sept | octobre oct | novembre nov | décembre déc dec",
    {
        "aujourd'hui": "today", "hier": "yesterday", "avant-hier": "the day before yesterday",
        "demain": "tomorrow", "cette semaine": "this week", "la semaine dernière": "last week",
        "la semaine passée": "last week", "ce mois-ci": "this month", "ce mois": "this month",
        "le mois dernier": "last month", "le mois passé": "last month",
        "cette année": "this year", "l'année dernière": "last year", "l'an dernier": "last year",
        "l'année passée": "last year", "l'an passé": "last year",
    },
    units={"jour": "day", "jours": "day", "semaine": "week", "semaines": "week",
           "mois": "month", "an": "year", "ans": "year", "année": "year", "années": "year"},
    lead="(?:le|en|au mois de|le mois de)",
    day_tail="(?:er)?",
    year_lead="(?:en|l'an|l'annee) ",
    ago_before="il y a ",
)  # fmt: skip

SPANISH = _language(
    "es",
    "Spanish",
    "enero ene | febrero feb | marzo mar | abril abr | mayo | junio jun | julio jul |"
    " agosto ago | septiembre setiembre sept sep | octubre oct | noviembre nov |"
    " diciembre dic",
    {
        "hoy": "today", "ayer": "yesterday", "anteayer": "the day before yesterday",
        "antier": "the day before yesterday", "antes de ayer": "the day before yesterday",
        "mañana": "tomorrow", "esta semana": "this week", "la semana pasada": "last week",
        "este mes": "this month", "el mes pasado": "last month", "este año": "this year",
        "el año pasado": "last year",
    },
    units={"día": "day", "días": "day", "semana": "week", "semanas": "week", "mes": "month",
           "meses": "month", "año": "year", "años": "year"},
    lead="(?:el|en|el dia|en el mes de)",
    day_month="de",
    month_year="(?:de|del)",
    year_lead="(?:en|en el ano) ",
    ago_before="hace ",
)  # fmt: skip

RUSSIAN = _language(
    "ru",
    "Russian",
    "январь января январе янв | февраль февраля феврале фев | март марта марте мар |"
    " апрель апреля апреле апр | май мая мае | июнь июня июне июн | июль июля июле июл |"
    " август августа августе авг | сентябрь сентября сентябре сен сент |"
    " октябрь октября октябре окт | ноябрь ноября ноябре ноя | декабрь декабря декабре дек",
    {
        "сегодня": "today", "вчера": "yesterday", "позавчера": "the day before yesterday",
        "завтра": "tomorrow", "на этой неделе": "this week", "на прошлой неделе": "last week",
        "в этом месяце": "this month", "в прошлом месяце": "last month",
        "в этом году": "this year", "в прошлом году": "last year",
    },
    units={"день": "day", "дня": "day", "дней": "day", "неделю": "week", "недели": "week",
           "недель": "week", "месяц": "month", "месяца": "month", "месяцев": "month",
           "год": "year", "года": "year", "лет": "year"},
    lead="(?:в|во)",
    year_lead="в ",
    year_tail="(?: (?:года|году|г))?",
    ago_after=" назад",
)  # fmt: skip

UKRAINIAN = _language(
    "uk",
    "Ukrainian",
    "січень січня січні | лютий лютого лютому | березень березня березні |"
    " квітень квітня квітні | травень травня травні | червень червня червні |"
    " липень липня липні | серпень серпня серпні | вересень вересня вересні |"
    " жовтень жовтня жовтні | листопад листопада листопаді | грудень грудня грудні",
    {
        "сьогодні": "today", "вчора": "yesterday", "учора": "yesterday",
        "позавчора": "the day before yesterday", "завтра": "tomorrow",
        "цього тижня": "this week", "минулого тижня": "last week",
        "на минулому тижні": "last week", "цього місяця": "this month",
        "минулого місяця": "last month", "у минулому місяці": "last month",
        "цього року": "this year", "минулого року": "last year", "торік": "last year",
    },
    units={"день": "day", "дні": "day", "днів": "day", "тиждень": "week", "тижні": "week",
           "тижнів": "week", "місяць": "month", "місяці": "month", "місяців": "month",
           "рік": "year", "роки": "year", "років": "year"},
    lead="(?:у|в)",
    year_lead="(?:у|в) ",
    year_tail="(?: (?:року|році|р))?",
    ago_after=" тому",
)  # fmt: skip

TURKISH = _language(
    "tr",
    "Turkish",
    "ocak | şubat | mart | nisan | mayıs | haziran | temmuz | ağustos | eylül | ekim |"
    " kasım | aralık",
    {
        "bugün": "today", "dün": "yesterday", "önceki gün": "the day before yesterday",
        "evvelsi gün": "the day before yesterday", "yarın": "tomorrow",
        "bu hafta": "this week", "geçen hafta": "last week", "geçtiğimiz hafta": "last week",
        "bu ay": "this month", "geçen ay": "last month", "geçtiğimiz ay": "last month",
        "bu yıl": "this year", "bu sene": "this year", "geçen yıl": "last year",
        "geçen sene": "last year", "geçtiğimiz yıl": "last year",
    },
    units={"gün": "day", "hafta": "week", "ay": "month", "yıl": "year", "sene": "year"},
    month_tail="(?:'?(?:da|de|ta|te)| ayinda)?",
    year_tail="(?:'?(?:da|de|ta|te)| yilinda)?",
    ago_after=" once",
)  # fmt: skip

ARABIC = _language(
    "ar",
    "Arabic",
    "يناير كانون_الثاني جانفي | فبراير شباط فيفري | مارس آذار | أبريل إبريل نيسان أفريل |"
    " مايو أيار ماي | يونيو يونيه حزيران جوان | يوليو يوليه تموز جويلية |"
    " أغسطس آب أوت | سبتمبر أيلول | أكتوبر تشرين_الأول | نوفمبر تشرين_الثاني |"
    " ديسمبر كانون_الأول",
    {
        "اليوم": "today", "أمس": "yesterday", "الأمس": "yesterday", "يوم أمس": "yesterday",
        "البارحة": "yesterday", "أول أمس": "the day before yesterday",
        "أول من أمس": "the day before yesterday", "غدا": "tomorrow",
        "هذا الأسبوع": "this week", "الأسبوع الماضي": "last week",
        "هذا الشهر": "this month", "الشهر الماضي": "last month",
        "هذا العام": "this year", "هذه السنة": "this year", "العام الماضي": "last year",
        "السنة الماضية": "last year", "في الأسبوع الماضي": "last week",
        "في الشهر الماضي": "last month", "خلال الشهر الماضي": "last month",
        "في العام الماضي": "last year", "خلال العام الماضي": "last year",
    },
    units={"يوم": "day", "أيام": "day", "يوما": "day", "أسبوع": "week", "أسابيع": "week",
           "شهر": "month", "أشهر": "month", "شهور": "month", "سنة": "year", "سنوات": "year",
           "عام": "year", "أعوام": "year"},
    lead="(?:في|يوم|في يوم)",
    year_lead="(?:في |عام |في عام |سنه |في سنه )",
    ago_before="قبل ",
)  # fmt: skip

#: Every language read beside English, by its ISO 639-1 code.
LANGUAGES: dict[str, Language] = {
    language.code: language for language in (ARABIC, FRENCH, RUSSIAN, UKRAINIAN, SPANISH, TURKISH)
}
#: The codes `resolve` accepts, English included.
NAMES = ("en", *sorted(LANGUAGES))


def _alternatives(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


def _grammar(language: Language) -> str:
    """The pattern of a written date, a year alone or a count ago, in folded text."""
    months = _alternatives(language.months)
    lead = rf"(?:{language.lead} ){{0,2}}" if language.lead else ""
    day = rf"(?:(?P<day>\d{{1,2}}){language.day_tail} (?:{language.day_month} )?)?"
    if not language.day_month:
        day = rf"(?:(?P<day>\d{{1,2}}){language.day_tail} )?"
    second = rf"(?: ?/ ?(?P<month2>{months}))?"  # "آذار/مارس": two names of one month
    year = rf"(?: (?:{language.month_year} )?(?P<year>\d{{4}}){language.year_tail})?"
    if not language.month_year:
        year = rf"(?: (?P<year>\d{{4}}){language.year_tail})?"
    # An abbreviation may keep its dot ("15 déc. 2016").
    written = rf"{lead}{day}(?P<month>{months})\.?{second}{language.month_tail}{year}"
    alone = rf"(?:{language.year_lead})?(?P<alone>\d{{4}}){language.year_tail}"
    ago = (
        rf"{language.ago_before}(?P<count>\d{{1,3}}) (?P<unit>{_alternatives(language.units)})"
        rf"{language.ago_after}"
    )
    return rf"{written}|{alone}|{ago}"


_GRAMMARS: dict[str, re.Pattern[str]] = {
    "ar": re.compile(_grammar(ARABIC)),
    "fr": re.compile(_grammar(FRENCH)),
    "ru": re.compile(_grammar(RUSSIAN)),
    "uk": re.compile(_grammar(UKRAINIAN)),
    "es": re.compile(_grammar(SPANISH)),
    "tr": re.compile(_grammar(TURKISH)),
}


class MonthMismatchError(ValueError):
    """The text names two different months as one ("آذار/نيسان")."""


def translate(text: str, code: str) -> str | None:
    """
    The English phrase that says what *text* (normalised) says in language *code*, or None.

    Raises:
        MonthMismatchError: A date gives two names of different months for its month.
    """
    language = LANGUAGES[code]
    folded = fold(text)
    phrase = language.phrases.get(folded)
    if phrase is not None:
        return phrase
    match = _GRAMMARS[code].fullmatch(folded)
    if match is None:
        return None
    if match["alone"]:
        return match["alone"]
    if match["count"]:
        return f"{int(match['count'])} {language.units[match['unit']]}s ago"
    month = language.months[match["month"]]
    if match["month2"] and language.months[match["month2"]] != month:
        raise MonthMismatchError(
            f"it names two months as one: {MONTH_NAMES[month]} and "
            f"{MONTH_NAMES[language.months[match['month2']]]}"
        )
    words = [match["day"], MONTH_NAMES[month], match["year"]]
    return " ".join(word for word in words if word)
