"""Measure the sentiment analyser against a hand-labelled file, beside two plain baselines.

Users distrust sentiment figures because vendors rarely show how they were measured. This module
prints accuracy, macro-F1, per-class precision/recall and the confusion matrix for our analyser,
for plain textblob-fr (polarity > 0 positive, < 0 negative, else neutral) and for plain VADER, on
the same texts, with throughput. `split_halves` gives the fixed, stratified tune/test halves used
to report a figure that was not tuned on the texts it is measured on.
"""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ObservatoireError

LABELS = ("negative", "neutral", "positive")
_ALIASES = {
    "negative": "negative",
    "neg": "negative",
    "-1": "negative",
    "negatif": "negative",
    "négatif": "negative",
    "neutral": "neutral",
    "neu": "neutral",
    "0": "neutral",
    "neutre": "neutral",
    "positive": "positive",
    "pos": "positive",
    "1": "positive",
    "+1": "positive",
    "positif": "positive",
}
SPLIT_SEED = 2017


class LabelsError(ObservatoireError, ValueError):
    """A labels file the evaluation cannot read; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str


@dataclass(frozen=True, slots=True)
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Metrics:
    name: str
    accuracy: float
    macro_f1: float
    per_class: dict[str, ClassScores]
    confusion: tuple[tuple[int, ...], ...]  # rows: true label, columns: predicted (LABELS order)
    texts_per_second: float


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    path: str
    part: str  # all | tune | test
    size: int
    systems: tuple[Metrics, ...]

    def system(self, name: str) -> Metrics:
        return next(m for m in self.systems if m.name == name)


def read_labels(path: str | Path) -> list[Example]:
    """Read a CSV with columns text,label (negative/neutral/positive, neg/neu/pos or -1/0/1)."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise LabelsError(f"{path}: cannot open labels file: {exc}") from exc
    examples: list[Example] = []
    with handle:
        reader = csv.DictReader(handle)
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        if "text" not in fields or "label" not in fields:
            raise LabelsError(f"{path}:1: the header must name the columns 'text' and 'label'")
        reader.fieldnames = fields
        try:
            for row in reader:
                line = reader.line_num
                raw = (row.get("label") or "").strip().lower()
                label = _ALIASES.get(raw)
                if label is None:
                    raise LabelsError(
                        f"{path}:{line}: unknown label {raw!r} "
                        "(expected negative/neutral/positive, neg/neu/pos or -1/0/1)"
                    )
                text = row.get("text")
                if text is None or not text.strip():
                    raise LabelsError(f"{path}:{line}: empty text")
                examples.append(Example(text, label))
        except csv.Error as exc:
            raise LabelsError(f"{path}:{reader.line_num}: not valid CSV: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise LabelsError(f"{path}: not UTF-8 text: {exc}") from exc
    if not examples:
        raise LabelsError(f"{path}: no labelled rows")
    return examples


def split_halves(
    examples: Sequence[Example], seed: int = SPLIT_SEED
) -> tuple[list[Example], list[Example]]:
    """Stratified halves (tune, test) with a fixed seed: the same split on every machine."""
    rng = random.Random(seed)
    tune: list[Example] = []
    test: list[Example] = []
    for label in LABELS:
        group = [e for e in examples if e.label == label]
        rng.shuffle(group)
        half = len(group) // 2
        tune.extend(group[:half])
        test.extend(group[half:])
    return tune, test


def metrics(name: str, truth: Sequence[str], predicted: Sequence[str], seconds: float) -> Metrics:
    index = {label: i for i, label in enumerate(LABELS)}
    matrix = [[0] * len(LABELS) for _ in LABELS]
    for t, p in zip(truth, predicted, strict=True):
        matrix[index[t]][index[p]] += 1
    per_class: dict[str, ClassScores] = {}
    for label, i in index.items():
        tp = matrix[i][i]
        predicted_i = sum(row[i] for row in matrix)
        actual_i = sum(matrix[i])
        precision = tp / predicted_i if predicted_i else 0.0
        recall = tp / actual_i if actual_i else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = ClassScores(precision, recall, f1, actual_i)
    present = [c for c in per_class.values() if c.support]
    macro = sum(c.f1 for c in present) / len(present) if present else 0.0
    accuracy = sum(matrix[i][i] for i in range(len(LABELS))) / max(len(truth), 1)
    speed = len(truth) / seconds if seconds > 0 else float("inf")
    return Metrics(name, accuracy, macro, per_class, tuple(map(tuple, matrix)), speed)


def _timed(classify: Callable[[list[str]], list[str]], texts: list[str]) -> tuple[list[str], float]:
    start = time.perf_counter()
    predicted = classify(texts)
    return predicted, time.perf_counter() - start


def ours_classifier(params: Any = None) -> Callable[[list[str]], list[str]]:
    from generator.analyse.sentiment_fr import DEFAULT_PARAMS, FrenchSentiment

    scorer = FrenchSentiment(params=params or DEFAULT_PARAMS)
    return lambda texts: [scorer.score(t, explain=False).label for t in texts]


def textblob_fr_classifier() -> Callable[[list[str]], list[str]]:
    from textblob_fr.fr import sentiment

    def classify(texts: list[str]) -> list[str]:
        out = []
        for text in texts:
            polarity = sentiment(text)[0]
            out.append("positive" if polarity > 0 else "negative" if polarity < 0 else "neutral")
        return out

    return classify


def vader_classifier() -> Callable[[list[str]], list[str]]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()

    def classify(texts: list[str]) -> list[str]:
        out = []
        for text in texts:
            c = vader.polarity_scores(text)["compound"]
            out.append("positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral")
        return out

    return classify


def evaluate_examples(
    examples: Sequence[Example], *, path: str = "", part: str = "all", baselines: bool = True
) -> EvaluationReport:
    texts = [e.text for e in examples]
    truth = [e.label for e in examples]
    systems = [("observatoire", ours_classifier())]
    if baselines:
        systems += [("textblob-fr", textblob_fr_classifier()), ("vader", vader_classifier())]
    results = []
    for name, classify in systems:
        classify(texts[:50])  # warm caches and lazy loading out of the timing
        predicted, seconds = _timed(classify, texts)
        results.append(metrics(name, truth, predicted, seconds))
    return EvaluationReport(path, part, len(examples), tuple(results))


def evaluate_file(
    path: str | Path, *, part: str = "all", baselines: bool = True
) -> EvaluationReport:
    """Evaluate on a labels file; `part` is all, or the tune / test half of `split_halves`."""
    examples = read_labels(path)
    if part != "all":
        tune, test = split_halves(examples)
        examples = {"tune": tune, "test": test}[part]
    return evaluate_examples(examples, path=str(path), part=part, baselines=baselines)


def format_report(report: EvaluationReport) -> str:
    """A plain-text report for the terminal."""
    lines = [f"Sentiment evaluation on {report.path} ({report.part}: {report.size} texts)", ""]
    header = f"{'system':<14}{'accuracy':>10}{'macro-F1':>10}{'texts/s':>11}"
    lines += [header, "-" * len(header)]
    for m in report.systems:
        lines.append(
            f"{m.name:<14}{m.accuracy:>10.3f}{m.macro_f1:>10.3f}{m.texts_per_second:>11,.0f}"
        )
    for m in report.systems:
        lines += [
            "",
            f"{m.name}: per class",
            f"  {'class':<10}{'precision':>10}{'recall':>8}{'F1':>7}{'n':>7}",
        ]
        for label in LABELS:
            c = m.per_class[label]
            lines.append(
                f"  {label:<10}{c.precision:>10.3f}{c.recall:>8.3f}{c.f1:>7.3f}{c.support:>7}"
            )
        lines.append("  confusion (rows true, columns predicted: neg neu pos)")
        for label, row in zip(LABELS, m.confusion, strict=True):
            lines.append(f"  {label:<10}" + "".join(f"{v:>6}" for v in row))
    return "\n".join(lines)
