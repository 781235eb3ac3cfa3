"""Throughput of the French sentiment analyser beside plain textblob-fr and VADER, one core.

Texts: the DEFT 2017 evaluation file when ../shared is present, else generated customer-relations
sentences (so the script always runs). Prints texts/s for each system, the ratio of ours to each
baseline measured in the same run, the full Analyser (language, cues, themes, brands) rate, and
peak memory (tracemalloc, Python allocations only) for building and running our analyser.

    python bench/bench_sentiment.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFT = ROOT.parent / "shared/data/sentiment/fr_tweets_deft2017.csv"


def load_texts() -> tuple[list[str], str]:
    if DEFT.exists():
        with DEFT.open(encoding="utf-8", newline="") as handle:
            return [row["text"] for row in csv.DictReader(handle)], str(DEFT)
    rng = random.Random(1)
    parts = [
        ["Orbis", "Célesta", "Mon opérateur", "Le service client"],
        ["est vraiment", "n'est pas", "est un peu", "reste", "est TRÈS"],
        ["rapide", "lent", "génial", "nul", "aimable", "injoignable", "correct"],
        ["!", "!!!", ":(", "😍", "", "mais la facture est fausse", ", je recommande"],
    ]
    texts = [" ".join(rng.choice(p) for p in parts) for _ in range(3000)]
    return texts, "generated sentences"


def rate(classify: Callable[[str], object], texts: list[str], repeat: int) -> float:
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            classify(text)
        best = max(best, len(texts) / (time.perf_counter() - start))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per system (best is kept)")
    args = parser.parse_args()
    texts, origin = load_texts()
    print(f"{len(texts)} texts from {origin}; best of {args.repeat} runs; one core\n")

    from generator.analyse import Analyser
    from generator.analyse.sentiment_fr import FrenchSentiment

    ours = FrenchSentiment()
    cold_start = time.perf_counter()
    for text in texts:
        ours.score(text)
    cold = len(texts) / (time.perf_counter() - cold_start)

    tracemalloc.start()  # a second, fresh analyser: what building and one pass allocate
    traced = FrenchSentiment(lexicon=ours.lexicon.__class__(**_fields(ours.lexicon)))
    for text in texts:
        traced.score(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    from textblob_fr.fr import sentiment as textblob_fr
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    rates = {
        "observatoire (fr, explained)": rate(ours.score, texts, args.repeat),
        "textblob-fr": rate(textblob_fr, texts, args.repeat),
        "vader": rate(vader.polarity_scores, texts, args.repeat),
    }
    brands = [
        SimpleNamespace(slug="orbis", name="Orbis Télécom", aliases=["Orbis", "@OrbisTelecom"]),
        SimpleNamespace(slug="celesta", name="Célesta", aliases=[]),
    ]
    themes = [SimpleNamespace(slug="reseau", keywords=["réseau", "panne", "fibre", "4g"])]
    analyser = Analyser(brands, themes)
    rates["full Analyser (+language, cues...)"] = rate(
        lambda t: analyser.analyse(t, "fr"), texts, args.repeat
    )
    base = rates["observatoire (fr, explained)"]
    print(f"{'system':<36}{'texts/s':>10}{'ours ÷ it':>11}")
    for name, value in rates.items():
        print(f"{name:<36}{value:>10,.0f}{base / value:>11.2f}")
    print(f"\nobservatoire first pass (cold caches): {cold:,.0f} texts/s")
    print(f"peak Python memory of an analyser's first pass (caches): {peak / 1e6:.1f} MB")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole benchmark process: {maxrss:.0f} MB")


def _fields(obj: object) -> dict[str, object]:
    return {name: getattr(obj, name) for name in obj.__dataclass_fields__}


if __name__ == "__main__":
    main()
