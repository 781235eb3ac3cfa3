"""Throughput of the analyser on tweets and on long posts, beside the French scorer alone and
plain textblob-fr and VADER, one core.

Texts: short ones are the DEFT 2017 tweets and long ones the 500–1,500-character Allociné
reviews when ../shared is present; otherwise generated customer-relations sentences and
generated long forum posts (so the script always runs). For each set it prints texts/s of the
full Analyser (language detection, sentiment, cues, themes, brands: what `build` runs), of the
French scorer alone, and of the two plain baselines, each as a ratio to the full Analyser
measured in the same run, then peak memory (tracemalloc, Python allocations only) of building
and running an analyser.

    python bench/bench_sentiment.py [--repeat 5]
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
SENTIMENT = ROOT.parent / "shared/data/sentiment"
DEFT = SENTIMENT / "fr_tweets_deft2017.csv"
ALLOCINE = SENTIMENT / "fr_reviews_allocine_dev.csv"
LONG = (500, 1500)  # characters: the long posts the throughput goal is about


def _read(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle)]


def short_texts() -> tuple[list[str], str]:
    if DEFT.exists():
        return _read(DEFT), str(DEFT)
    rng = random.Random(1)
    texts = [" ".join(rng.choice(part) for part in _PARTS) for _ in range(3000)]
    return texts, "generated sentences"


def long_texts() -> tuple[list[str], str]:
    if ALLOCINE.exists():
        texts = [t for t in _read(ALLOCINE) if LONG[0] <= len(t) <= LONG[1]]
        return texts, f"{ALLOCINE} ({LONG[0]}–{LONG[1]} characters)"
    rng = random.Random(2)
    texts = []
    for _ in range(500):
        post = ""
        target = rng.randint(*LONG)
        while len(post) < target:
            post += " ".join(rng.choice(part) for part in _PARTS) + ". "
        texts.append(post[: LONG[1]])
    return texts, f"generated forum posts ({LONG[0]}–{LONG[1]} characters)"


_PARTS = [
    ["Orbis", "Célesta", "Mon opérateur", "Le service client", "La fibre", "Le conseiller"],
    ["est vraiment", "n'est pas", "est un peu", "reste", "est TRÈS", "était"],
    ["rapide", "lent", "génial", "nul", "aimable", "injoignable", "correct", "décevant"],
    ["!", "!!!", ":(", "😍", "", "mais la facture est fausse", ", je recommande", "malgré tout"],
]


def rate(classify: Callable[[str], object], texts: list[str], repeat: int) -> float:
    """Texts per CPU second of this process (one core: the analysis is single-threaded), the
    best of `repeat` passes (other work on the machine only slows a pass)."""
    best = 0.0
    for _ in range(repeat):
        start = time.process_time()
        for text in texts:
            classify(text)
        best = max(best, len(texts) / (time.process_time() - start))
    return best


def analyser() -> object:
    from generator.analyse import Analyser

    brands = [
        SimpleNamespace(slug="orbis", name="Orbis Télécom", aliases=["Orbis", "@OrbisTelecom"]),
        SimpleNamespace(slug="celesta", name="Célesta", aliases=[]),
    ]
    themes = [SimpleNamespace(slug="reseau", keywords=["réseau", "panne", "fibre", "4g"])]
    return Analyser(brands, themes)


def measure(texts: list[str], repeat: int) -> dict[str, float]:
    from textblob_fr.fr import sentiment as textblob_fr
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from generator.analyse.sentiment_fr import FrenchSentiment

    full = analyser()
    french = FrenchSentiment()
    vader = SentimentIntensityAnalyzer()
    for text in texts[:50]:  # lazy loading and first-use caches out of the timing
        full.analyse(text, "fr")  # type: ignore[attr-defined]
    return {
        "full Analyser (what build runs)": rate(
            lambda t: full.analyse(t, "fr"),  # type: ignore[attr-defined]
            texts,
            repeat,
        ),
        "French scorer alone, explained": rate(french.score, texts, repeat),
        "textblob-fr": rate(textblob_fr, texts, repeat),
        "vader": rate(vader.polarity_scores, texts, repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes per system (best is kept)")
    args = parser.parse_args()
    print(f"best of {args.repeat} passes; one core\n")
    for texts, origin in (short_texts(), long_texts()):
        rates = measure(texts, args.repeat)
        base = rates["full Analyser (what build runs)"]
        mean = sum(map(len, texts)) / len(texts)
        print(f"{len(texts)} texts from {origin}, {mean:,.0f} characters on average")
        print(f"  {'system':<34}{'texts/s':>10}{'÷ full Analyser':>17}")
        for name, value in rates.items():
            print(f"  {name:<34}{value:>10,.0f}{value / base:>17.2f}")
        print()

    tracemalloc.start()  # a fresh analyser: what building it and one pass allocate
    fresh = analyser()
    for text in long_texts()[0]:
        fresh.analyse(text, "fr")  # type: ignore[attr-defined]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak Python memory of building an analyser and one long-post pass: {peak / 1e6:.1f} MB")
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole benchmark process: {maxrss:.0f} MB")


if __name__ == "__main__":
    main()
