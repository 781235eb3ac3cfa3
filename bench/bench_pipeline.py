"""Benchmark: synthetic posts through analysis (both cores) and aggregation, then mkdocs.

    python bench/bench_pipeline.py                 # 1,000,000 posts, 24 months, 20 brands
    python bench/bench_pipeline.py --posts 100000  # quicker
    python bench/bench_pipeline.py --skip-mkdocs   # no site build

Prints posts per second for each stage, peak memory (this process and the analysis workers),
and ratios against two baselines measured in the same run: a plain pandas pass over the same
frame (the floor any aggregation pays) and the mkdocs build of the resulting site. Target:
1 M posts analysed and aggregated in under 3 minutes on 2 cores, under 3 GB peak.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from synthetic import synthetic_config, synthetic_mentions  # noqa: E402  (bench/, beside)

from generator.aggregate import compute  # noqa: E402
from generator.config import Config  # noqa: E402

# Fragments combined at random so texts vary like real posts (caches must not flatter us).
OPENINGS = [
    "Franchement,",
    "Bon,",
    "Petit retour :",
    "Je dois dire que",
    "Pour info,",
    "Honnêtement,",
    "Depuis hier,",
    "Ce matin,",
    "",
    "Alors voilà,",
]
BODIES = {
    "positive": [
        "le service client de {b} a été super réactif",
        "la fibre {b} marche parfaitement, débit au top",
        "je recommande {b} sans hésiter",
        "très contente de mon forfait {b}, rien à redire",
        "le technicien {b} était adorable et efficace",
    ],
    "neutral": [
        "{b} annonce une nouvelle offre 5G",
        "quelqu'un connaît les tarifs {b} pour la box ?",
        "je compare {b} avec les autres opérateurs",
        "{b} change ses conditions générales le mois prochain",
        "la boutique {b} du centre-ville déménage",
    ],
    "negative": [
        "encore une panne chez {b}, c'est inadmissible",
        "je déconseille {b}, service client injoignable",
        "je vais résilier mon abonnement {b}, trop cher",
        "trois jours sans internet avec {b}, aucune explication",
        "facture erronée chez {b} et personne pour répondre",
    ],
}
ENDINGS = ["", "!", "...", " #fibre", " #5G", " merci", " 😡", " 😊", " bref.", " on verra."]


def varied_texts(frame: pd.DataFrame, config: Config, seed: int = 1) -> np.ndarray:
    """One text per row, built from random fragments and naming the row's brand."""
    rng = np.random.default_rng(seed)
    names = {b.slug: b.name for b in config.brands}
    brand_names = frame["brand"].map(names).to_numpy()
    n = len(frame)
    opening = np.array(OPENINGS, dtype=object)[rng.integers(0, len(OPENINGS), n)]
    ending = np.array(ENDINGS, dtype=object)[rng.integers(0, len(ENDINGS), n)]
    number = rng.integers(1, 500, n).astype(str)
    texts = np.empty(n, dtype=object)
    sentiment = frame["sentiment"].to_numpy()
    pick = rng.integers(0, 5, n)
    for label, bodies in BODIES.items():
        for k, body in enumerate(bodies):
            mask = (sentiment == label) & (pick == k)
            texts[mask] = body
    return np.array(
        [
            f"{o} {t.replace('{b}', b)} (dossier {x}){e}".strip()
            for o, t, b, x, e in zip(opening, texts, brand_names, number, ending, strict=True)
        ],
        dtype=object,
    )


_ANALYSER = None


def _init_worker(config_json: str) -> None:
    global _ANALYSER
    from generator.analyse import Analyser

    config = Config.model_validate_json(config_json)
    themes = [t for s in config.sectors for t in s.themes]
    _ANALYSER = Analyser(config.brands, themes)


def _analyse_chunk(texts: list[str]) -> tuple[np.ndarray, ...]:
    assert _ANALYSER is not None
    results = [_ANALYSER.analyse(text, "fr") for text in texts]
    return (
        np.array([r.sentiment for r in results], dtype=object),
        np.array([r.score for r in results], dtype=float),
        np.array([r.recommends for r in results], dtype=bool),
        np.array([r.advises_against for r in results], dtype=bool),
        np.array([r.intends_to_leave for r in results], dtype=bool),
        np.array([r.sponsored for r in results], dtype=bool),
        np.array([",".join(r.themes) for r in results], dtype=object),
    )


def analyse(frame: pd.DataFrame, config: Config, workers: int, chunk: int) -> pd.DataFrame | None:
    """Analyse every text on `workers` processes; None when the analysis stage is missing."""
    try:
        import generator.analyse  # noqa: F401
    except ImportError as exc:
        print(f"analysis skipped: generator.analyse not importable ({exc})")
        return None
    texts = frame["text"]
    chunks = (texts.iloc[i : i + chunk].tolist() for i in range(0, len(texts), chunk))
    context = mp.get_context("fork")
    with context.Pool(workers, _init_worker, (config.model_dump_json(),)) as pool:
        parts = list(pool.imap(_analyse_chunk, chunks, chunksize=1))
    columns = ["sentiment", "score", "recommends", "advises_against", "intends_to_leave"]
    columns += ["sponsored", "themes"]
    for i, column in enumerate(columns):  # in place: a copy of 1 M rows costs hundreds of MB
        frame[column] = np.concatenate([part[i] for part in parts])
    return frame


def build_site(config: Config, observatory: object) -> float | None:
    """Seconds mkdocs needs for the resulting site (render stage + mkdocs), None if missing."""
    try:
        from generator.render.pages import write_content
        from generator.render.site import build_site as mkdocs_build
    except ImportError as exc:
        print(f"mkdocs build skipped: render stage not importable ({exc})")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(ROOT / "templates", root / "templates")
        shutil.copytree(ROOT / "content", root / "content")
        project = config.model_copy(update={"base_dir": root})
        start = time.perf_counter()
        write_content(project, observatory, pd.DataFrame(), root=root)
        written = time.perf_counter() - start
        start = time.perf_counter()
        mkdocs_build(root, root / "site")
        built = time.perf_counter() - start
    print(f"render: {written:.1f} s writing content/, mkdocs build {built:.1f} s")
    return built


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux: kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--brands", type=int, default=20)
    parser.add_argument("--sectors", type=int, default=2)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk", type=int, default=20_000)
    parser.add_argument("--skip-mkdocs", action="store_true")
    args = parser.parse_args()

    config = synthetic_config(args.brands, args.sectors)
    start = time.perf_counter()
    frame = synthetic_mentions(
        args.posts, args.brands, args.months, args.sectors, n_authors=max(1000, args.posts // 8)
    )
    frame["text"] = varied_texts(frame, config)
    print(
        f"{args.posts:,} synthetic posts, {args.brands} brands, {args.months} months "
        f"generated in {time.perf_counter() - start:.1f} s (not counted)"
    )

    # Baseline 1: one plain pandas pass over the same frame, the floor of any aggregation.
    start = time.perf_counter()
    frame.groupby(["brand", "month"]).agg(n=("post_id", "size"), reach=("audience", "sum"))
    baseline = time.perf_counter() - start

    start = time.perf_counter()
    analysed = analyse(frame, config, args.workers, args.chunk)
    analysis_s = time.perf_counter() - start if analysed is not None else 0.0
    if analysed is not None:
        frame = analysed
        print(
            f"analysis:    {analysis_s:7.1f} s  {args.posts / analysis_s:10,.0f} posts/s "
            f"({args.workers} processes)"
        )

    start = time.perf_counter()
    observatory = compute(frame, config)
    aggregate_s = time.perf_counter() - start
    print(f"aggregation: {aggregate_s:7.1f} s  {args.posts / aggregate_s:10,.0f} posts/s")
    total = analysis_s + aggregate_s
    print(
        f"total:       {total:7.1f} s  {args.posts / total:10,.0f} posts/s "
        f"(target: 1 M posts < 180 s{'; analysis skipped' if analysed is None else ''})"
    )
    print(
        f"crises: {len(observatory.crises)}, listed authors: {len(observatory.authors)}, "
        f"monthly rows: {len(observatory.monthly)}"
    )
    print(f"ratio aggregation / plain pandas pass ({baseline:.2f} s): {aggregate_s / baseline:.1f}")
    main_peak = peak_mb(resource.RUSAGE_SELF)
    worker_peak = peak_mb(resource.RUSAGE_CHILDREN)
    print(
        f"peak memory: {main_peak:,.0f} MB main process, {worker_peak:,.0f} MB largest worker "
        f"(target < 3,072 MB)"
    )
    if not args.skip_mkdocs:
        built = build_site(config, observatory)
        if built:
            print(f"ratio aggregation / mkdocs build: {aggregate_s / built:.2f}")
            print(f"ratio analysis+aggregation / mkdocs build: {total / built:.2f}")


if __name__ == "__main__":
    main()
