"""Analysis of one post: language, sentiment, cues, themes and brands — explainable and correctable.

`Analyser` ties the parts together: French posts get the lexicon-and-rules scorer
(`sentiment_fr`), long ones blended with a model the user trained when one is configured
(`sentiment_model.Blend`), English ones VADER (`sentiment_en`); cues, themes and brands are pattern
matches; the team's corrections (`corrections`) win over all of it. Bump `ANALYSER_VERSION`
whenever rules or lexicons change, so stored analyses are redone (`pipeline.analyse_store`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, get_args

from generator.records import Sentiment

if TYPE_CHECKING:
    from generator.analyse.sentiment_model import Blend

ANALYSER_VERSION = "fr-rules-8"

_CORRECTED_SCORE = {"positive": 0.6, "neutral": 0.0, "negative": -0.6}


@dataclass(frozen=True, slots=True)
class TextAnalysis:
    """One post's analysis (see ARCHITECTURE.md)."""

    language: str  # fr | en | other
    sentiment: Sentiment
    score: float  # -1..1
    explanation: tuple[str, ...]
    recommends: bool = False
    advises_against: bool = False
    intends_to_leave: bool = False
    sponsored: bool = False
    themes: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    off_topic: bool = False  # set by a correction only
    # (brand, "leaves" | "joins") for a post switching brands ("je quitte X pour Y"): the
    # post's sentiment and churn cues then hold for the brand left, not the one joined.
    stances: tuple[tuple[str, str], ...] = ()


_SENTIMENTS: dict[str, Sentiment] = {s: s for s in get_args(Sentiment)}


def as_sentiment(label: str) -> Sentiment:
    """A scorer's or a correction's label as the closed set of sentiments (else a bug)."""
    try:
        return _SENTIMENTS[label]
    except KeyError:
        raise ValueError(f"not a sentiment label: {label!r}") from None


class Analyser:
    """Analyse texts for a set of brands and themes, applying the team's corrections.

    `brands`: objects with `.slug`, `.aliases` (and `.name`); `themes`: objects with `.slug`
    and `.keywords`; `corrections`: a `corrections.Corrections` or None.
    """

    def __init__(
        self,
        brands: Iterable[Any] = (),
        themes: Iterable[Any] = (),
        corrections: Any | None = None,
        blend: Blend | None = None,
    ) -> None:
        from generator.analyse.brands import BrandMatcher
        from generator.analyse.corrections import NO_CORRECTIONS
        from generator.analyse.sentiment_en import EnglishSentiment
        from generator.analyse.sentiment_fr import FrenchSentiment
        from generator.analyse.themes import ThemeMatcher

        self.brands = BrandMatcher(brands)
        self.themes = ThemeMatcher(themes)
        self.corrections = corrections if corrections is not None else NO_CORRECTIONS
        self.french = FrenchSentiment()
        self.english = EnglishSentiment()
        self._rule_brands = self.corrections.rule_brands()
        self.blend = blend

    def analyse(
        self,
        text: str,
        language_hint: str | None = None,
        brand_hint: str | Sequence[str] | None = None,
        *,
        guid: str | None = None,
        url: str | None = None,
        source_kind: str | None = None,
    ) -> TextAnalysis:
        """Analyse one text. `brand_hint`: brand(s) the post is known to be about (e.g. a
        brand's own forum); they join the brands found in the text. `guid`/`url` identify the
        post for per-post corrections. `source_kind` "news" applies the factual-news prior
        (see news_prior.py)."""
        from generator.analyse.cues import detect_cues, detect_switch
        from generator.analyse.language import detect_language
        from generator.analyse.news_prior import NEWS_KINDS, news_prior
        from generator.analyse.text import fold

        folded = fold(text)
        brands = self.brands.match(text, folded)
        if brand_hint:
            hinted = (brand_hint,) if isinstance(brand_hint, str) else tuple(brand_hint)
            brands = tuple(dict.fromkeys((*brands, *hinted)))
        language = detect_language(text, language_hint)
        ruled = [b for b in brands if b in self._rule_brands]
        if language == "en":
            sentiment = self.english.score(text, self.corrections.english_rules(ruled))
        elif language == "fr":
            sentiment = self.french.score(text, self.corrections.french_rules(ruled))
        else:
            sentiment = None
        cues = detect_cues(text, folded)
        if sentiment is None:
            label, score = "neutral", 0.0
            explanation = [f"language {language}: sentiment not analysed"]
        else:
            label, score = sentiment.label, sentiment.score
            explanation = list(sentiment.explanation)
            if language == "fr" and self.blend is not None and self.blend.applies(text):
                label, score, line = self.blend.decide(text, score)
                explanation.append(line)
            if source_kind in NEWS_KINDS:
                label, score, note = news_prior(label, score, folded)
                explanation += [note] if note else []
        explanation.extend(cues.explanation)
        switch = detect_switch(folded, self._brands_in(brands), brands) if len(brands) > 1 else None
        stances: tuple[tuple[str, str], ...] = ()
        if switch is not None:
            stances = (*((b, "leaves") for b in switch.left), (switch.joined, "joins"))
            explanation.append(
                f"switch: leaves {', '.join(switch.left)} for {switch.joined}: {switch.phrase!r}"
            )
        flags = {
            "recommends": cues.recommends,
            "advises_against": cues.advises_against,
            "intends_to_leave": cues.intends_to_leave,
            "sponsored": cues.sponsored,
            "off_topic": False,
        }
        correction = self.corrections.for_post(guid, url) if (guid or url) else None
        if correction is not None:
            note = f" ({correction.note})" if correction.note else ""
            if correction.sentiment is not None and correction.sentiment != label:
                explanation.append(
                    f"correction: sentiment {label} → {correction.sentiment} by the team{note}"
                )
                label = correction.sentiment
                score = _CORRECTED_SCORE[label]
            for name in flags:
                value = getattr(correction, name)
                if value is not None and value != flags[name]:
                    flags[name] = value
                    explanation.append(f"correction: {name} set to {value} by the team{note}")
        return TextAnalysis(
            language=language,
            sentiment=as_sentiment(label),
            score=round(score, 4),
            explanation=tuple(explanation),
            themes=self.themes.match_folded(folded),
            brands=brands,
            stances=stances,
            **flags,
        )

    def _brands_in(self, among: Sequence[str]) -> Callable[[str], list[str]]:
        """The brands of `among` a stretch of folded text names, first named first."""
        from generator.analyse.query import Tokens

        rules = [r for r in self.brands.rules if r.slug in among]

        def brands_in(stretch: str) -> list[str]:
            tokens = Tokens(stretch, stretch)
            found = []
            for rule in rules:
                evidence = rule.evaluate(tokens, explain=True)
                if evidence.matched:
                    found.append((min(h.span[0] for h in evidence.hits), rule.slug))
            return [slug for _, slug in sorted(found)]

        return brands_in

    def analyse_many(
        self,
        texts: Iterable[str],
        language_hints: Iterable[str | None] | None = None,
    ) -> list[TextAnalysis]:
        """Analyse a batch (the lexicon caches make repeated words cheap)."""
        texts = list(texts)
        hints = list(language_hints) if language_hints is not None else [None] * len(texts)
        return [self.analyse(t, h) for t, h in zip(texts, hints, strict=True)]


__all__ = ["ANALYSER_VERSION", "Analyser", "TextAnalysis"]
