"""Factual news: a neutral prior on the sentiment of news articles.

A wire item that reports figures ("les réclamations ont reculé de 12 %") is not a complaint,
though a lexicon hears "réclamations" and "reculé"; a price change is not praise. So the score of an
article from a `kind: news` source is shrunk toward neutral unless the article carries its
writer's opinion (`cues.opinion_cue`): only a strongly polar article (a nationwide outage, a
data breach) keeps its polarity. Other sources are untouched, and so is the scorer itself,
whose measured quality (`observatoire evaluate`) is that of the texts it is given.
"""

from __future__ import annotations

from generator.analyse.cues import opinion_cue
from generator.analyse.sentiment_fr import DEFAULT_PARAMS, label_for

NEWS_KINDS = frozenset({"news"})
# |score| up to this margin counts as factual tone; beyond it the article is polar, and the
# rest of the scale is stretched back over -1..1 (so -0.9 becomes -0.75, -0.14 becomes 0).
NEWS_MARGIN = 0.6


def shrink(score: float, margin: float = NEWS_MARGIN) -> float:
    """The score with `margin` taken off its magnitude, rescaled to -1..1 (0 inside it)."""
    magnitude = max(0.0, abs(score) - margin) / (1.0 - margin)
    return round(magnitude if score > 0 else -magnitude, 4)


def news_prior(label: str, score: float, folded: str) -> tuple[str, float, str | None]:
    """(label, score, explanation line or None) of a news article after the neutral prior.

    `folded`: the article through `text.fold`. An opinion cue leaves the scorer's verdict."""
    cue = opinion_cue(folded)
    if cue is not None:
        return label, score, f"news source, opinion cue {cue!r}: no neutral prior"
    shrunk = shrink(score)
    new_label = label_for(shrunk, DEFAULT_PARAMS)
    note = f"news source, factual prior: score {score:+.2f} → {shrunk:+.2f} → {new_label}"
    return new_label, shrunk, note
