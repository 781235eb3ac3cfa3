"""What the trained linear sentiment model (generator/analyse/sentiment_model.py) would give,
beside the French rules, on long reviews and on tweets, one core.

The model is trained here, in memory, on the tune half of the Allociné development set
(`split_halves`, the halves `evaluate --part` uses) and never written anywhere: those reviews
may be used to measure, not to ship weights. Reported:

* Allociné test half (binary: a neutral prediction is an error): accuracy of the rules
  (`FrenchSentiment`), the model, and the hybrid "model for texts of N characters or more,
  rules below". N is chosen on the tune half only, from out-of-fold predictions (5 folds, so
  the model never predicts a text it was trained on): the N with the best tune accuracy among
  those that keep DEFT's tune-half macro-F1 at least the rules' (no loss on tweets).
* DEFT 2017 test half (3 classes, macro-F1): the rules, the hybrid, and the model alone (which,
  trained on binary reviews, never says neutral).
* texts/s of each, training time, the model file's size (JSON, and gzipped).

    python bench/bench_trained_sentiment.py
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared/data/sentiment"
ALLOCINE = DATA / "fr_reviews_allocine_dev.csv"
DEFT = DATA / "fr_tweets_deft2017.csv"
THRESHOLDS = (0, 100, 150, 300, 500, 800)  # characters; 0: the long-text scorer everywhere
BLEND_WEIGHTS = (0.5, 1.0, 2.0, 4.0)  # a: the rules' score beside the model's log-odds
FOLDS = 5
NEUTRAL_MARGIN = 0.0  # the default of analysis.sentiment_model.neutral_margin


def timed(classify: Callable[[str], str], texts: Sequence[str]) -> tuple[list[str], float]:
    """Labels and texts/s (best of two passes: the first also fills the tokeniser's caches)."""
    best = 0.0
    labels: list[str] = []
    for _ in range(2):
        start = time.perf_counter()
        labels = [classify(t) for t in texts]
        best = max(best, len(texts) / (time.perf_counter() - start))
    return labels, best


@dataclass(frozen=True, slots=True)
class Scored:
    """One text as the systems see it: its rules label and score, the model's margin."""

    text: str
    truth: str
    rule_label: str
    rule_score: float
    margin: float  # the model's log-odds positive vs negative


def long_label(s: Scored, a: float) -> str:
    """The long-text scorer: the model's margin plus `a` times the rules' score (a = 0: the
    model alone)."""
    return "positive" if s.margin + a * s.rule_score > 0 else "negative"


def hybrid(rows: Sequence[Scored], n: int, a: float) -> list[str]:
    """The long-text scorer for texts of `n` characters or more, the rules below."""
    return [long_label(s, a) if len(s.text) >= n else s.rule_label for s in rows]


def choose(
    reviews: Sequence[Scored], tweets: Sequence[Scored], weights: Sequence[float]
) -> tuple[int, float]:
    """(N, a) with the best review accuracy among those keeping the tweets' macro-F1 at least
    the rules' (ties: the larger N, the smaller a), printing the grid."""
    from generator.analyse.evaluate import metrics

    def accuracy(labels: list[str]) -> float:
        return metrics("", [s.truth for s in reviews], labels, None).accuracy

    def f1(labels: list[str]) -> float:
        return metrics("", [s.truth for s in tweets], labels, None).macro_f1

    floor = f1([s.rule_label for s in tweets])
    best: tuple[float, int, float] = (-1.0, 0, 0.0)
    for a in weights:
        cells = []
        for n in THRESHOLDS:
            acc, tweet_f1 = accuracy(hybrid(reviews, n, a)), f1(hybrid(tweets, n, a))
            cells.append(f"{acc:.3f}/{tweet_f1:.3f}")
            if tweet_f1 >= floor and (acc, n, -a) > (best[0], best[1], -best[2]):
                best = (acc, n, a)
        print(f"  a={a:<4}" + "".join(f"{c:>14}" for c in cells))
    return best[1], best[2]


def main() -> None:
    missing = [p for p in (ALLOCINE, DEFT) if not p.exists()]
    if missing:
        print(f"skipped: {', '.join(map(str, missing))} not found (the shared evaluation data)")
        return

    from generator.analyse.evaluate import Example, metrics, read_labels, split_halves
    from generator.analyse.sentiment_fr import FrenchSentiment
    from generator.analyse.sentiment_model import Blend, SentimentModel, train

    reviews_tune, reviews_test = split_halves(read_labels(ALLOCINE))
    tweets_tune, tweets_test = split_halves(read_labels(DEFT))
    rules = FrenchSentiment()

    def scored(examples: Sequence[Example], margins: Sequence[float]) -> list[Scored]:
        out = []
        for e, margin in zip(examples, margins, strict=True):
            r = rules.score(e.text, explain=False)
            out.append(Scored(e.text, e.label, r.label, r.score, margin))
        return out

    # Choosing N and a on the tune halves, with out-of-fold margins for the tune reviews.
    oof = [0.0] * len(reviews_tune)
    for fold in range(FOLDS):
        fold_model = train([e for i, e in enumerate(reviews_tune) if i % FOLDS != fold])
        for i in range(fold, len(reviews_tune), FOLDS):
            oof[i] = fold_model.margin(reviews_tune[i].text)
    start = time.perf_counter()
    model = train(reviews_tune, source=ALLOCINE.name)
    training = time.perf_counter() - start
    blob = json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")).encode()
    reloaded = SentimentModel.from_json(json.loads(blob), "in memory")

    tune_reviews = scored(reviews_tune, oof)
    tune_tweets = scored(tweets_tune, [reloaded.margin(e.text) for e in tweets_tune])
    rules_tune = metrics(
        "", [s.truth for s in tune_reviews], [s.rule_label for s in tune_reviews], None
    )
    rules_tweets = metrics(
        "", [s.truth for s in tune_tweets], [s.rule_label for s in tune_tweets], None
    )
    print(
        f"tune halves: {len(reviews_tune)} reviews (model out-of-fold, {FOLDS} folds), "
        f"{len(tweets_tune)} tweets; rules: reviews accuracy {rules_tune.accuracy:.3f}, "
        f"tweets macro-F1 {rules_tweets.macro_f1:.3f}"
    )
    print("  reviews accuracy / tweets macro-F1 of sign(margin + a x rules score) for texts >= N")
    print("  " + " " * 6 + "".join(f"{'N=' + str(n):>14}" for n in THRESHOLDS))
    n_model, _ = choose(tune_reviews, tune_tweets, [0.0])
    n_blend, a_blend = choose(tune_reviews, tune_tweets, BLEND_WEIGHTS)
    print(f"  chosen: model hybrid N = {n_model}; blend hybrid N = {n_blend}, a = {a_blend}\n")

    def rule(text: str) -> str:
        return rules.score(text, explain=False).label

    def model_hybrid(text: str) -> str:
        return reloaded.label(text) if len(text) >= n_model else rule(text)

    def blend_hybrid(text: str) -> str:
        if len(text) < n_blend:
            return rule(text)
        r = rules.score(text, explain=False)
        return "positive" if reloaded.margin(text) + a_blend * r.score > 0 else "negative"

    product = Blend(reloaded, "in memory", "", n_blend, a_blend, NEUTRAL_MARGIN)

    def product_blend(text: str) -> str:
        """What `analyse` runs with `analysis.sentiment_model` (its neutral band included)."""
        r = rules.score(text)
        return product.decide(text, r.score)[0] if product.applies(text) else r.label

    def explained_blend(text: str) -> str:
        """What an explained verdict costs: the rules' explanation and the model's n-grams."""
        r = rules.score(text)
        if len(text) < n_blend:
            return r.label
        reloaded.predict(text)  # its top n-grams, beside the rules' lines
        return long_label(Scored(text, "", r.label, r.score, reloaded.margin(text)), a_blend)

    texts = [e.text for e in reviews_test]
    truth = [e.label for e in reviews_test]
    model_name = f"model hybrid (model >= {n_model} chars)"
    blend_name = f"blend hybrid (>= {n_blend} chars, a={a_blend})"
    print(
        f"Allociné test half: {len(texts)} reviews, mean {sum(map(len, texts)) / len(texts):.0f}"
        " characters; binary accuracy (neutral = error)"
    )
    long = [i for i, t in enumerate(texts) if len(t) >= n_blend]
    print(f"{'system':<46}{'accuracy':>9}{'neutral':>9}{'texts/s':>10}{'long only':>11}")
    for name, classify in (
        ("rules (FrenchSentiment)", rule),
        ("model alone", reloaded.label),
        ("model alone, explained (top 5 n-grams)", lambda t: reloaded.predict(t).label),
        (model_name, model_hybrid),
        (blend_name, blend_hybrid),
        ("the same, explained (rules' lines + n-grams)", explained_blend),
        (f"as analyse runs it (neutral within ±{NEUTRAL_MARGIN:g})", product_blend),
    ):
        labels, speed = timed(classify, texts)
        m = metrics(name, truth, labels, None)
        on_long = metrics("", [truth[i] for i in long], [labels[i] for i in long], None)
        print(
            f"{name:<46}{m.accuracy:>9.3f}{m.neutral_predictions:>9}{speed:>10,.0f}"
            f"{on_long.accuracy:>11.3f}"
        )
    print(f"(long only: the {len(long)} test reviews of {n_blend}+ characters)")

    texts = [e.text for e in tweets_test]
    truth = [e.label for e in tweets_test]
    print(
        f"\nDEFT 2017 test half: {len(texts)} tweets, 3 classes; texts that reach the model: "
        f"{sum(len(t) >= n_model for t in texts)} in the model hybrid, "
        f"{sum(len(t) >= n_blend for t in texts)} in the blend hybrid"
    )
    print(f"{'system':<46}{'macro-F1':>9}{'accuracy':>9}{'texts/s':>10}")
    for name, classify in (
        ("rules (FrenchSentiment)", rule),
        ("model alone (never neutral)", reloaded.label),
        (model_name, model_hybrid),
        (blend_name, blend_hybrid),
    ):
        labels, speed = timed(classify, texts)
        m = metrics(name, truth, labels, None)
        print(f"{name:<46}{m.macro_f1:>9.3f}{m.accuracy:>9.3f}{speed:>10,.0f}")

    print(
        f"\nmodel: {len(model.weights):,} n-grams, trained on {len(reviews_tune)} reviews in "
        f"{training:.1f} s; JSON {len(blob) / 1e3:,.0f} kB ({len(gzip.compress(blob)) / 1e3:,.0f}"
        " kB gzipped); weights written nowhere"
    )


if __name__ == "__main__":
    main()
