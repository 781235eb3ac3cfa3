"""French and English formatting through babel: the numbers readers see."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from generator.french import de
from generator.render import formatting as fmt

NBSP = {"\u00a0", "\u202f"}


def _plain(text: str) -> str:
    return "".join(" " if ch in NBSP else ch for ch in text)


def test_french_numbers_percentages_and_dates() -> None:
    assert _plain(fmt.number(1234.5, "fr", 1)) == "1 234,5"
    assert _plain(fmt.percent(0.123, "fr")) == "12,3 %"
    assert fmt.month_label("2026-10", "fr") == "octobre 2026"


def test_english_when_configured() -> None:
    assert fmt.number(1234.5, "en", 1) == "1,234.5"
    assert fmt.percent(0.123, "en") == "12.3%"
    assert fmt.month_label("2026-10", "en") == "October 2026"


def test_missing_values_show_a_dash() -> None:
    assert fmt.number(math.nan) == fmt.MISSING
    assert fmt.percent(None) == fmt.MISSING
    assert fmt.delta(math.nan).direction == "none"


def test_deltas_carry_sign_arrow_and_words() -> None:
    down = fmt.delta(-0.035, "fr", "percent", 1)
    assert _plain(down.text) == "−3,5 %"
    assert (down.direction, down.arrow, down.words) == ("down", "▼", "en baisse")
    up = fmt.delta(0.042, "fr", "points", 1)
    assert _plain(up.text) == "+4,2 pts"
    assert up.arrow == "▲"
    assert fmt.delta(0.0001, "fr", "number", 1).direction == "flat"
    assert fmt.delta(3, "en").words == "up"


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_delta_sign_matches_the_value(value: float) -> None:
    d = fmt.delta(value, "fr", "number", 1)
    if d.direction == "up":
        assert value > 0 and d.text.startswith("+")
    elif d.direction == "down":
        assert value < 0 and d.text.startswith("−")
    else:
        assert d.direction == "flat" and round(abs(value), 1) == 0


def test_french_elision_before_vowels_and_mute_h() -> None:
    assert de(fmt.month_label("2026-08")) == "d'août 2026"
    assert de(fmt.month_label("2026-04")) == "d'avril 2026"
    assert de(fmt.month_label("2026-05")) == "de mai 2026"
    assert de("Hélia") == "d'Hélia"
