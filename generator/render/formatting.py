"""Locale-aware formatting of numbers, percentages, dates and changes (babel).

Every number on the site goes through here so French pages read `1 234,5`, `12,3 %` and
`octobre 2026` and English pages read `1,234.5`, `12.3%` and `October 2026`, from one switch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from generator.render.i18n import LOCALES, N_, Wording

Language = Literal["fr", "en"]
MISSING = "–"


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "fr_FR")


def is_missing(value: object) -> bool:
    """None and NaN both mean 'no value' (a month without a previous month, a zero base)."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and pandas' NaT are the values unequal to themselves
    except (TypeError, ValueError):
        return False


def number(value: float | int | None, lang: str = "fr", digits: int = 0) -> str:
    """`1 234,5` in French, `1,234.5` in English; a dash when missing."""
    if is_missing(value):
        return MISSING
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(float(value), format=pattern, locale=_locale(lang))  # type: ignore[arg-type]


def signed(value: float | None, lang: str = "fr", digits: int = 2) -> str:
    """A net sentiment as read on a -1..+1 scale: `+0,38`, `−0,12` (real minus), `0,00`."""
    if is_missing(value):
        return MISSING
    v = float(value)  # type: ignore[arg-type]
    body = number(abs(v), lang, digits)
    if round(abs(v), digits) == 0:
        return body
    return ("+" if v > 0 else "−") + body


def ordinal(rank: int, lang: str = "fr") -> str:
    """A rank as written: `1er`, `2e` in French; `1st`, `2nd`, `3rd`, `4th` in English."""
    if lang == "fr":
        return "1er" if rank == 1 else f"{rank}e"
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def names_list(names: list[str], lang: str = "fr") -> str:
    """`Orbis, Nuvo et Celesta` / `Orbis, Nuvo and Celesta`."""
    from babel.lists import format_list

    return format_list(names, locale=_locale(lang))


def plain(value: float | int, lang: str = "fr") -> str:
    """A parameter as written by hand: no trailing zeros (`0,5`, `2`, `1,25`)."""
    return format_decimal(float(value), format="#,##0.######", locale=_locale(lang))


def plain_percent(value: float, lang: str = "fr") -> str:
    """A fraction as a percentage without trailing zeros: 0.6 -> `60 %` (fr) / `60%` (en)."""
    base = Locale.parse(_locale(lang)).percent_formats[None].pattern
    pattern = base[::-1].replace("0", "######.0", 1)[::-1]
    return format_percent(float(value), format=pattern, locale=_locale(lang))


def compact(value: float | int | None, lang: str = "fr") -> str:
    """Whole numbers stay whole; others get one decimal (reach, engagement per post)."""
    if is_missing(value):
        return MISSING
    v = float(value)  # type: ignore[arg-type]
    return number(v, lang, 0 if v.is_integer() or abs(v) >= 100 else 1)


def percent(value: float | None, lang: str = "fr", digits: int = 1) -> str:
    """A fraction as a percentage: 0.123 -> `12,3 %` (fr) / `12.3%` (en)."""
    if is_missing(value):
        return MISSING
    base = Locale.parse(_locale(lang)).percent_formats[None].pattern  # "#,##0 %" in French
    # Decimals go after the last integer zero: "#,##0 %" -> "#,##0.0 %".
    pattern = base[::-1].replace("0", ("0." + "0" * digits)[::-1], 1)[::-1] if digits else base
    return format_percent(float(value), format=pattern, locale=_locale(lang))  # type: ignore[arg-type]


def month_label(month: str, lang: str = "fr") -> str:
    """`2026-10` -> `octobre 2026` / `October 2026`."""
    year, mon = (int(part) for part in month.split("-"))
    return format_date(date(year, mon, 1), "LLLL yyyy", locale=_locale(lang))


def month_short(month: str, lang: str = "fr") -> str:
    """`2026-10` -> `oct. 2026` for chart axes."""
    year, mon = (int(part) for part in month.split("-"))
    return format_date(date(year, mon, 1), "LLL yyyy", locale=_locale(lang))


def day_label(value: date, lang: str = "fr") -> str:
    """`12 octobre 2026` / `12 October 2026`; French writes the first day `1er`."""
    return _day(value, lang) + format_date(value, " MMMM yyyy", locale=_locale(lang))


def day_month(value: date, lang: str = "fr") -> str:
    """`12 août` / `12 August`: a day of a year the sentence already names."""
    return _day(value, lang) + format_date(value, " MMMM", locale=_locale(lang))


def _day(value: date, lang: str) -> str:
    return "1er" if lang == "fr" and value.day == 1 else str(value.day)


def day_range(start: date, end: date, lang: str = "fr") -> str:
    """A period the way the language writes it: `du 11 au 15 août 2026`, `le 12 août 2026`,
    `du 28 juillet au 3 août 2026`; English `from 11 to 15 August 2026`."""
    w = Wording(lang)
    if start == end:
        return w._("on {day}", day=day_label(start, lang))
    if start.year != end.year:
        first = day_label(start, lang)
    elif start.month != end.month:
        first = day_month(start, lang)
    else:
        first = _day(start, lang)
    return w._("from {start} to {end}", start=first, end=day_label(end, lang))


@dataclass(frozen=True, slots=True)
class Delta:
    """A formatted change: the text, its direction and words for screen readers and print.

    Direction is carried by an arrow, a sign and words, so colour is never the only cue.
    """

    text: str  # "+12,3 %", "−4 pts", "–" when missing
    direction: Literal["up", "down", "flat", "none"]
    arrow: str  # ▲ ▼ ► or ""
    words: str  # "en hausse", "en baisse", "stable", "pas de comparaison"


_WORDS = {
    "up": N_("up"),
    "down": N_("down"),
    "flat": N_("unchanged"),
    "none": N_("no comparison"),
}
_ARROWS = {"up": "▲", "down": "▼", "flat": "►", "none": ""}


def delta(
    value: float | None,
    lang: str = "fr",
    kind: Literal["number", "percent", "points", "index"] = "number",
    digits: int = 0,
) -> Delta:
    """Signed change with a real minus sign: `+12`, `−3,5 %`, `+4 pts` (percentage points)."""
    w = Wording(lang)
    words = {key: w._(message) for key, message in _WORDS.items()}
    if is_missing(value):
        return Delta(MISSING, "none", "", words["none"])
    v = float(value)  # type: ignore[arg-type]
    if kind == "percent":
        body = percent(abs(v), lang, digits)
        rounded = round(abs(v) * 100, digits)
    elif kind == "points":
        amount = abs(v) * 100
        body = w._("{amount} pts", amount=number(amount, lang, digits))
        rounded = round(amount, digits)
    else:
        body = number(abs(v), lang, digits)
        rounded = round(abs(v), digits)
    if rounded == 0:
        return Delta(body, "flat", _ARROWS["flat"], words["flat"])
    direction: Literal["up", "down"] = "up" if v > 0 else "down"
    sign = "+" if v > 0 else "−"
    return Delta(sign + body, direction, _ARROWS[direction], words[direction])
