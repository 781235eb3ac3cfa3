"""Measure the product's sentiment analysis against a hand-labelled file, beside plain baselines.

Users distrust sentiment figures because vendors rarely show how they were measured. The system
measured as "observatoire" is the analyser `build` runs (`Analyser.analyse`: language detection,
then the French rules or English VADER, cues), so the figure is the one the site's readers get;
texts in another language come out neutral there, as on the site. Beside it: the French scorer
alone (a diagnostic: what routing costs or gains), plain textblob-fr (polarity > 0 positive, < 0
negative, else neutral) and plain VADER, on the same texts, with throughput. For the product the
report also says where each text was routed and how each routed group scored.

Label files are 3-class (negative/neutral/positive) or binary (only negative/positive present,
e.g. reviews): then a neutral prediction is an error, and accuracy and macro-F1 are over the
classes present in the truth. `split_halves` gives the fixed, stratified tune/test halves used to
report a figure that was not tuned on the texts it is measured on. `evaluate_report` formats.
"""

from __future__ import annotations

import csv
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from generator.errors import ObservatoireError

if TYPE_CHECKING:
    from generator.analyse import Analyser

LABELS = ("negative", "neutral", "positive")
BINARY = ("negative", "positive")
ROUTES = ("fr", "en", "other")
HINTS = {"auto": None, "fr": "fr", "en": "en"}  # --language -> the hint a feed would declare
PRODUCT = "observatoire"
SCORER_ONLY = "observatoire-fr (scorer only)"
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
_T = TypeVar("_T")


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
    macro_f1: float  # over `classes`
    per_class: dict[str, ClassScores]
    confusion: tuple[tuple[int, ...], ...]  # rows: true label, columns: predicted (LABELS order)
    texts_per_second: float | None  # None for a routed group (timed as a whole only)
    classes: tuple[str, ...] = LABELS  # the classes present in the truth, LABELS order
    neutral_predictions: int = 0

    @property
    def neutral_errors(self) -> bool:
        """Whether neutral predictions count as errors (neutral absent from the truth)."""
        return "neutral" not in self.classes


@dataclass(frozen=True, slots=True)
class RoutedGroup:
    """The product's texts routed to one language (fr, en or other) and how they scored."""

    language: str
    size: int
    metrics: Metrics | None  # None when no text went there


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    path: str
    part: str  # all | tune | test
    size: int
    systems: tuple[Metrics, ...]
    classes: tuple[str, ...] = LABELS  # the classes present in the file's truth
    language: str = "auto"  # auto | fr | en: the hint the product got
    routing: tuple[RoutedGroup, ...] = ()  # the product's, in ROUTES order
    model: str = ""  # the trained model blended with the rules on long posts, if any

    @property
    def binary(self) -> bool:
        return self.classes == BINARY

    def system(self, name: str) -> Metrics:
        return next(m for m in self.systems if m.name == name)

    def route(self, language: str) -> RoutedGroup:
        return next(g for g in self.routing if g.language == language)


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


def classes_of(labels: Sequence[str]) -> tuple[str, ...]:
    """The classes present, in LABELS order: ("negative", "positive") marks a binary set."""
    present = set(labels)
    return tuple(label for label in LABELS if label in present)


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


def metrics(
    name: str,
    truth: Sequence[str],
    predicted: Sequence[str],
    seconds: float | None,
    classes: Sequence[str] | None = None,
) -> Metrics:
    """Scores of `predicted` against `truth`; macro-F1 over `classes` (default: those in the
    truth), so a binary set is not averaged with a neutral class it does not have."""
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
    over = tuple(classes) if classes is not None else classes_of(truth)
    macro = sum(per_class[c].f1 for c in over) / len(over) if over else 0.0
    accuracy = sum(matrix[i][i] for i in range(len(LABELS))) / max(len(truth), 1)
    speed = None if seconds is None else len(truth) / seconds if seconds > 0 else float("inf")
    neutral = sum(row[index["neutral"]] for row in matrix)
    confusion = tuple(map(tuple, matrix))
    return Metrics(name, accuracy, macro, per_class, confusion, speed, over, neutral)


def ours_classifier(params: Any = None) -> Callable[[list[str]], list[str]]:
    """The French scorer alone, without language routing or cues (a diagnostic)."""
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


def product_classifier(
    analyser: Analyser | None = None, language: str = "auto"
) -> Callable[[list[str]], list[tuple[str, str]]]:
    """(sentiment, routed language) per text, from the analyser `build` runs; `language` is the
    hint a feed declaring it would give (auto: none)."""
    from generator.analyse import Analyser

    product = analyser if analyser is not None else Analyser()
    hint = _hint(language)

    def classify(texts: list[str]) -> list[tuple[str, str]]:
        out = []
        for text in texts:
            analysis = product.analyse(text, hint)
            out.append((str(analysis.sentiment), analysis.language))
        return out

    return classify


def _hint(language: str) -> str | None:
    try:
        return HINTS[language]
    except KeyError:
        raise ValueError(f"language must be one of {', '.join(HINTS)}: {language!r}") from None


def _timed(classify: Callable[[list[str]], list[_T]], texts: list[str]) -> tuple[list[_T], float]:
    classify(texts[:50])  # warm caches and lazy loading out of the timing
    start = time.perf_counter()
    predicted = classify(texts)
    return predicted, time.perf_counter() - start


def routed_groups(
    truth: Sequence[str], predicted: Sequence[str], routes: Sequence[str], classes: Sequence[str]
) -> tuple[RoutedGroup, ...]:
    """Per routed language: size and scores (macro-F1 over the file's classes in that group)."""
    groups = []
    for language in ROUTES:
        picked = [i for i, route in enumerate(routes) if route == language]
        scores = None
        if picked:
            group_truth = [truth[i] for i in picked]
            present = [c for c in classes if c in set(group_truth)]
            group_predicted = [predicted[i] for i in picked]
            scores = metrics(PRODUCT, group_truth, group_predicted, None, present)
        groups.append(RoutedGroup(language, len(picked), scores))
    return tuple(groups)


def evaluate_examples(
    examples: Sequence[Example],
    *,
    path: str = "",
    part: str = "all",
    baselines: bool = True,
    analyser: Analyser | None = None,
    language: str = "auto",
    classes: Sequence[str] | None = None,
) -> EvaluationReport:
    """The product (and, with `baselines`, the scorer alone, textblob-fr and VADER) on
    `examples`. `classes`: those of the whole file (default: those present in `examples`)."""
    texts = [e.text for e in examples]
    truth = [e.label for e in examples]
    present = tuple(classes) if classes is not None else classes_of(truth)
    routed, seconds = _timed(product_classifier(analyser, language), texts)
    predicted = [label for label, _ in routed]
    results = [metrics(PRODUCT, truth, predicted, seconds, present)]
    routing = routed_groups(truth, predicted, [route for _, route in routed], present)
    if baselines:
        others = [
            (SCORER_ONLY, ours_classifier()),
            ("textblob-fr", textblob_fr_classifier()),
            ("vader", vader_classifier()),
        ]
        for name, classify in others:
            labels, seconds = _timed(classify, texts)
            results.append(metrics(name, truth, labels, seconds, present))
    blend = analyser.blend if analyser is not None else None
    model = f"{blend.name} (posts of {blend.min_chars}+ characters)" if blend else ""
    return EvaluationReport(
        path, part, len(examples), tuple(results), present, language, routing, model
    )


def evaluate_file(
    path: str | Path,
    *,
    part: str = "all",
    baselines: bool = True,
    analyser: Analyser | None = None,
    language: str = "auto",
) -> EvaluationReport:
    """Evaluate on a labels file; `part` is all, or the tune / test half of `split_halves`.
    Whether the set is binary is decided on the whole file, before splitting."""
    _hint(language)  # a bad option fails before minutes of scoring
    examples = read_labels(path)
    classes = classes_of([e.label for e in examples])
    if part != "all":
        tune, test = split_halves(examples)
        examples = {"tune": tune, "test": test}[part]
    return evaluate_examples(
        examples,
        path=str(path),
        part=part,
        baselines=baselines,
        analyser=analyser,
        language=language,
        classes=classes,
    )
