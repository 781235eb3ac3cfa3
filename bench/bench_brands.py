"""Brand matching quality and speed with the real-world example configuration.

    python bench/bench_brands.py [--labels FILE.csv ...] [--config examples/telecom-fr.yml]

Quality: `observatoire brands match` is run as a user runs it (a subprocess of the installed
command) on each labelled file (columns id,text,brands; brands = display names separated by
"|"), and precision, recall and F1 are printed per brand. By default the three files of
bench/data/ are used: `brands_fr_dev.csv` and `brands_fr_dev2.csv` (the rules of
examples/telecom-fr.yml were tuned on them; `--misses` prints their wrong texts) and
`brands_fr_heldout.csv` (never tuned on, its misses never printed: the figure to quote).

Speed: short posts per second on one core through the pipeline's `BrandMatcher`, beside a
baseline run in the same invocation: one alternation regex of every alias, the matcher this
project had before brand rules existed (no context, no exclusions: fast and wrong). Two
corpora: the labelled texts themselves (every one names a brand or a trap: the worst case) and
a realistic mix where 1 post in 20 does. Peak memory is printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.analyse.brands import BrandMatcher  # noqa: E402
from generator.analyse.text import fold  # noqa: E402
from generator.config import load_config  # noqa: E402

DATA = ROOT / "bench" / "data"
DEFAULT_LABELS = [
    DATA / "brands_fr_dev.csv",
    DATA / "brands_fr_dev2.csv",
    DATA / "brands_fr_heldout.csv",
]
GOALS = {"precision": 0.95, "recall": 0.90, "posts_per_s": 20_000}
FILLER = [
    "Quelle journée, le train avait encore vingt minutes de retard ce matin",
    "Super concert hier soir, la salle était pleine à craquer",
    "Quelqu'un connaît un bon plombier sur Lyon ? Urgent merci",
    "Les prix de l'immobilier baissent enfin dans ma ville",
    "Match nul ce soir, l'arbitre a encore sifflé n'importe quoi",
    "Recette du jour : tarte aux pommes et cannelle, un délice",
    "J'ai fini ce roman en deux jours, je le recommande vivement",
    "Grève des transports prévue jeudi, pensez à vous organiser",
    "Le nouveau café du quartier sert des croissants incroyables",
    "Réunion de parents d'élèves lundi soir à 18 h",
]


def read_labels(path: Path) -> list[tuple[str, str, set[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (row["id"], row["text"], {b.strip() for b in row["brands"].split("|") if b.strip()})
            for row in csv.DictReader(handle)
        ]


def run_brands_match(config: Path, labels: Path) -> dict[str, set[str]]:
    """The installed command, exactly as a user (or an evaluator) runs it."""
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "out.csv"
        command = [
            sys.executable,
            "-m",
            "generator.cli",
            "brands",
            "match",
            "--config",
            str(config),
            "--input",
            str(labels),
            "--output",
            str(output),
        ]
        subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
        found: dict[str, set[str]] = defaultdict(set)
        with output.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                found[row["id"]].add(row["brand"])
    return found


def quality(labels: Path, config: Path, brands: list[str], show_misses: bool = False) -> None:
    rows = read_labels(labels)
    found = run_brands_match(config, labels)
    counts: dict[str, Counter[str]] = {b: Counter() for b in brands}
    for row_id, _text, truth in rows:
        guessed = found.get(row_id, set())
        for brand in brands:
            said, right = brand in guessed, brand in truth
            counts[brand][
                "tp" if said and right else "fp" if said else "fn" if right else "tn"
            ] += 1
    print(f"\n{labels.name}: {len(rows)} texts")
    print(f"{'brand':18} {'true':>5} {'found':>6} {'P':>6} {'R':>6} {'F1':>6}")
    for brand in brands:
        c = counts[brand]
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        flag = "" if precision >= GOALS["precision"] and recall >= GOALS["recall"] else "  < goal"
        print(
            f"{brand:18} {tp + fn:5d} {tp + fp:6d} {precision:6.3f} {recall:6.3f} {f1:6.3f}{flag}"
        )
    misses = [
        (row_id, sorted(truth), sorted(found.get(row_id, set())), text)
        for row_id, text, truth in rows
        if truth != found.get(row_id, set())
    ]
    print(f"{len(misses)} texts with a wrong brand set")
    if show_misses:  # for tuning on the dev file only: never read the held-out file's misses
        for row_id, truth, guessed, text in misses:
            print(f"  {row_id}: expected {truth}, found {guessed}: {text[:160]!r}")


def baseline_matcher(config_brands: list) -> re.Pattern[str]:
    aliases = {fold(a) for b in config_brands for a in [b.name, *b.aliases]}
    aliases = {a.strip("{}").strip('"').rstrip("*") for a in aliases}
    body = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def speed(config_path: Path, texts: list[str]) -> None:
    config = load_config(config_path)
    baseline = baseline_matcher(config.brands)
    mixed = [
        texts[i // 20 % len(texts)] if i % 20 == 0 else FILLER[i % len(FILLER)] + f" #{i}"
        for i in range(100_000)
    ]
    named = [texts[i % len(texts)] for i in range(50_000)]
    for label, corpus in (("every post names a brand or a trap", named), ("1 post in 20", mixed)):
        matcher = BrandMatcher(config.brands)
        start = time.perf_counter()
        for text in corpus:
            baseline.findall(fold(text))
        base_s = time.perf_counter() - start
        start = time.perf_counter()
        for text in corpus:
            matcher.match(text)
        ours_s = time.perf_counter() - start
        rate = len(corpus) / ours_s
        print(
            f"{label}: {rate:,.0f} posts/s on one core (goal ≥ {GOALS['posts_per_s']:,}); "
            f"baseline alias regex {len(corpus) / base_s:,.0f}/s; "
            f"time ratio ours/baseline {ours_s / base_s:.2f}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, nargs="*", default=DEFAULT_LABELS)
    parser.add_argument("--config", type=Path, default=ROOT / "examples" / "telecom-fr.yml")
    parser.add_argument(
        "--misses", action="store_true", help="print the wrongly matched texts of *_dev files"
    )
    args = parser.parse_args()
    config = load_config(args.config)
    brands = [b.name for b in config.brands]
    texts: list[str] = []
    for labels in args.labels:
        if not labels.exists():
            print(f"{labels}: not found, skipped")
            continue
        quality(labels, args.config, brands, args.misses and "_dev" in labels.name)
        texts += [text for _id, text, _truth in read_labels(labels)]
    if texts:
        print()
        speed(args.config, texts)


if __name__ == "__main__":
    main()
