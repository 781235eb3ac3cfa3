"""French sentiment by lexicon and rules, so that every score can say why it is what it is.

A post's score is the sum of its opinion words (see `lexicon_fr`), each adjusted by the rules
people actually use: negation ("ne ... pas", "pas du tout", "aucun", informal "j'aime pas"),
intensifiers and attenuators ("très", "un peu", "pas très"), contrast (after "mais" the clause
counts more), capitals, elongated words, exclamation marks, emoji and emoticons. The sum is
squashed into -1..1 and cut into three classes by two thresholds. The explanation lists each
word that moved the score and each rule that changed it.

The rules run as passes over the text (`sentiment_fr_passes`): read the opinions and the rule
marks, then emphasis, negation, punctuation and contrast, then the combination. The words the
rules react to are in `sentiment_fr_words`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.analyse.lexicon_fr import Lexicon, default_lexicon
from generator.analyse.sentiment_fr_discourse import (
    concession_steps,
    conclusion_steps,
    contrast_steps,
    layout,
)
from generator.analyse.sentiment_fr_passes import (
    Vocabulary,
    apply_steps,
    emphasis_steps,
    explanation,
    negation_steps,
    punctuation_steps,
    read,
    squash,
)
from generator.analyse.sentiment_fr_words import (
    CLAUSE_END,
    CONTRAST,
    CONTRAST_PAIRS,
    EMOJI,
    EMOTICONS,
    NE,
    NE_PARTNERS,
    NEGATING,
    SENTENCE_END,
    SOLO_NEGATORS,
)
from generator.analyse.text import tokenize

__all__ = [
    "CLAUSE_END",
    "CONTRAST",
    "CONTRAST_PAIRS",
    "DEFAULT_PARAMS",
    "EMOJI",
    "EMOTICONS",
    "NE",
    "NEGATING",
    "NE_PARTNERS",
    "SENTENCE_END",
    "SOLO_NEGATORS",
    "FrenchSentiment",
    "Params",
    "Sentiment",
    "label_for",
]


@dataclass(frozen=True, slots=True)
class Params:
    """The rule weights; `evaluate --tune` searches the thresholds on a tuning split only."""

    negation_positive: float = -0.75  # "pas bon": a negated praise becomes a complaint
    negation_negative: float = -0.5  # "pas mauvais": a negated complaint is faint praise
    negation_window: int = 3  # words after the negator that it reaches
    before_contrast: float = 0.5
    after_contrast: float = 1.5
    concession: float = 0.5  # "malgré ...", "même si ...": granted, not meant
    conclusion: float = 2.0  # "Bref, ...", "Au final, ...": the verdict
    caps: float = 1.3
    elongated: float = 1.3
    exclamation: float = 0.15  # per "!" up to three
    question: float = 0.3  # opinion words in a question count less
    alpha: float = 1.0  # squashing: score = s / sqrt(s² + alpha)
    positive_threshold: float = 0.1
    negative_threshold: float = -0.1


DEFAULT_PARAMS = Params()


@dataclass(frozen=True, slots=True)
class Sentiment:
    label: str  # positive | neutral | negative
    score: float  # -1..1
    explanation: tuple[str, ...]


def label_for(score: float, params: Params = DEFAULT_PARAMS) -> str:
    if score >= params.positive_threshold:
        return "positive"
    if score <= params.negative_threshold:
        return "negative"
    return "neutral"


class FrenchSentiment:
    """Score French texts. `phrase_rules` map a folded word tuple to (polarity, why)."""

    def __init__(self, lexicon: Lexicon | None = None, params: Params = DEFAULT_PARAMS) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.params = params
        self._vocabulary = Vocabulary(self.lexicon)

    def score(
        self,
        text: str,
        phrase_rules: Mapping[tuple[str, ...], tuple[float, str]] | None = None,
        *,
        explain: bool = True,
    ) -> Sentiment:
        """The text's label, score and (unless `explain` is false) why, pass after pass."""
        p = self.params
        tokens = tokenize(text, links=False)
        reading = read(tokens, self._vocabulary, phrase_rules)
        values: list[float] = []
        reasons: list[list[str]] = []
        exclamations = 0
        if reading.opinions:  # without opinions no rule has anything to change
            question, exclamations = punctuation_steps(reading.units, p)
            # The passes are independent; the order they are applied in is the rule order.
            passes = [emphasis_steps(reading, p), negation_steps(reading.units, p), question]
            shape = layout(reading)
            if shape.markers:  # contrast, concession, conclusion: most short posts have none
                passes += [
                    contrast_steps(reading, p, shape),
                    concession_steps(reading, p, shape),
                    conclusion_steps(reading, p, shape),
                ]
            values, reasons = apply_steps(reading.opinions, passes)
        total, score = squash(values, exclamations, p)
        label = label_for(score, p)
        if not explain:
            return Sentiment(label, score, ())
        conclusion = f"score {score:+.2f} → {label}"
        lines = explanation(reading, values, reasons, total, exclamations, conclusion, p)
        return Sentiment(label, score, lines)
