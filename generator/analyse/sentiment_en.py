"""English sentiment with VADER, made to explain itself like the French analyser.

VADER is lexicon-and-rules too (negation, boosters, "but", capitals, punctuation), which keeps
English scores as inspectable as French ones; we list the lexicon words it found.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from generator.analyse.sentiment_fr import DEFAULT_PARAMS, Params, Sentiment, label_for

_WORD_RE = re.compile(r"[\w']+|[:;=][-']?[()DPp]")


@lru_cache(maxsize=1)
def _vader():  # type: ignore[no-untyped-def]
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


class EnglishSentiment:
    """VADER's compound score with VADER's usual ±0.05 neutral band."""

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or Params(positive_threshold=0.05, negative_threshold=-0.05)
        self.vader = _vader()

    def score(
        self,
        text: str,
        phrase_rules: Mapping[str, tuple[float, str]] | None = None,
        *,
        explain: bool = True,
    ) -> Sentiment:
        """`phrase_rules` map a lower-case phrase to (polarity, why); the phrase leaves VADER's
        view and its polarity (0 for a neutralised phrase) is added to the score instead."""
        notes: list[str] = []
        extra = 0.0
        lowered = text.lower()
        for phrase, (value, why) in (phrase_rules or {}).items():
            if phrase in lowered:
                text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
                lowered = text.lower()
                extra += value
                notes.append(f"{phrase!r} {value:+.2f} ({why})")
        compound = self.vader.polarity_scores(text)["compound"]
        score = max(-1.0, min(1.0, compound + extra))
        label = label_for(score, self.params)
        if not explain:
            return Sentiment(label, score, ())
        lexicon = self.vader.lexicon
        lines = [
            f"{w!r} {lexicon[w.lower()] / 4:+.2f} (VADER lexicon)"
            for w in _WORD_RE.findall(text)
            if w.lower() in lexicon
        ]
        lines.extend(notes)
        if not lines:
            lines.append("no opinion word found")
        lines.append(f"VADER compound {compound:+.2f}; score {score:+.2f} → {label}")
        return Sentiment(label, score, tuple(lines))


__all__ = ["DEFAULT_PARAMS", "EnglishSentiment"]
