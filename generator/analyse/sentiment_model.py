"""A linear sentiment model that a user trains on their own labelled posts, read back without
scikit-learn and explained by the n-grams that pushed its verdict.

Why a trained model beside the rules: on long texts (reviews, forum posts) a model trained on
the register it will meet learns the words that decide a verdict there ("se laisse regarder",
"déception", "à éviter") that no general lexicon holds. Why this form: logistic regression
over word uni- and bigrams of folded text (the folding every analyser shares, `text.fold` via
`tokenize`), weighted by sublinear TF-IDF, is small, fast and explainable: a prediction is an
intercept plus one weight per n-gram present, so the n-grams with the largest contributions
*are* the explanation. Multinomial when the labels hold three classes, binary otherwise.

The model is saved as plain JSON (vocabulary -> IDF and one weight per class, intercepts, and
what it was trained on), never pickle: a model file is data that anyone can read and diff, and
loading one cannot run code. scikit-learn is needed to train only (`train`); `SentimentModel`
predicts with dictionary look-ups in pure Python.

No weights ship with the project: the only French review corpora at hand may be used for
measuring, not for distributing a model trained on them (`bench/bench_trained_sentiment.py`
trains one in memory to measure what the approach gives).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from generator import atomic
from generator.analyse.text import tokenize
from generator.errors import ObservatoireError

if TYPE_CHECKING:
    from generator.analyse.evaluate import Example

FORMAT = "observatoire-sentiment-model"
FORMAT_VERSION = 1
LABEL_ORDER = ("negative", "neutral", "positive")
DEFAULT_C = 10.0  # inverse regularisation, chosen by 5-fold cross-validation on review texts
DEFAULT_MIN_COUNT = 2  # an n-gram seen in one training text only is noise, and doubles the file
_KEPT = frozenset(("word", "emoticon", "emoji", "hashtag"))
_DIGITS = 6  # significant digits kept in the JSON file: a third of the size, same predictions


class ModelError(ObservatoireError, ValueError):
    """A model file that cannot be read or a training set that cannot train; names the file."""


@dataclass(frozen=True, slots=True)
class Contribution:
    """One n-gram of the text and how far it pushed the prediction towards its label (log-odds
    against the other labels; negative: it pulled the other way)."""

    ngram: str
    weight: float


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str
    probability: float  # of `label`
    contributions: tuple[Contribution, ...]  # the largest first, by absolute weight


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What a model was trained on, kept in its file so a figure can be traced to its data."""

    labels: tuple[str, ...]
    training_size: int
    trained_on: str  # ISO date (UTC)
    sklearn_version: str
    source: str  # the labels file's name (not its path: the file may be shared)
    c: float
    min_count: int


def ngrams(text: str) -> list[str]:
    """The text's features: folded words, emoticons, emoji, hashtags and !/? as unigrams, and
    each pair of neighbours as a bigram ("pas terrible", "a eviter"). URLs and @handles say
    nothing of sentiment and would only memorise sources."""
    units: list[str] = []
    for token in tokenize(text):
        if token.kind in _KEPT:
            units.append(token.norm)
        elif token.kind == "punct" and token.raw[0] in "!?":
            units.append(token.raw[0])  # "!!!" and "!" alike: how many is the rules' business
    return units + [f"{a} {b}" for a, b in pairwise(units)]


class SentimentModel:
    """Predict with a trained model: sublinear TF-IDF of the known n-grams, L2-normalised, one
    linear score per label, softmax. `weights[ngram]` is (idf, weight for each label)."""

    def __init__(
        self,
        labels: Sequence[str],
        intercepts: Sequence[float],
        weights: Mapping[str, Sequence[float]],
        info: ModelInfo,
    ) -> None:
        self.labels = tuple(labels)
        self.intercepts = tuple(intercepts)
        self.weights = {k: tuple(v) for k, v in weights.items()}
        self.info = info

    def _features(self, text: str) -> dict[str, float]:
        """The text's known n-grams and their L2-normalised sublinear TF-IDF values."""
        counts = Counter(g for g in ngrams(text) if g in self.weights)
        values = {g: (1.0 + math.log(c)) * self.weights[g][0] for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        return {g: v / norm for g, v in values.items()}

    def _scores(self, values: Mapping[str, float]) -> list[float]:
        scores = list(self.intercepts)
        n = len(scores)
        for gram, x in values.items():
            row = self.weights[gram]
            for k in range(n):
                scores[k] += x * row[k + 1]
        return scores

    def predict(self, text: str, top: int = 5) -> Prediction:
        """The label, its probability and the `top` n-grams that pushed it most."""
        values = self._features(text)
        scores = self._scores(values)
        n = len(scores)
        best = max(range(n), key=scores.__getitem__)
        peak = scores[best]
        probability = 1.0 / sum(math.exp(s - peak) for s in scores)
        if top <= 0:
            return Prediction(self.labels[best], probability, ())
        contributions = []
        for gram, x in values.items():
            row = self.weights[gram]
            others = sum(row[k + 1] for k in range(n) if k != best) / (n - 1)
            contributions.append(Contribution(gram, x * (row[best + 1] - others)))
        return Prediction(self.labels[best], probability, _largest(contributions, top))

    def label(self, text: str) -> str:
        """The label alone (no explanation computed)."""
        return self.predict(text, top=0).label

    def _polar(self) -> tuple[int, int]:
        """The positions of positive and negative in `labels` (a margin needs both)."""
        if "positive" not in self.labels or "negative" not in self.labels:
            raise ModelError(f"a model of {list(self.labels)} has no positive/negative margin")
        return self.labels.index("positive"), self.labels.index("negative")

    def margin(self, text: str) -> float:
        """Log-odds of positive against negative: what a blend with the rules' score adds to
        (measured in bench/bench_trained_sentiment.py)."""
        positive, negative = self._polar()
        scores = self._scores(self._features(text))
        return scores[positive] - scores[negative]

    def margin_explained(
        self, text: str, top: int = 3
    ) -> tuple[float, str, tuple[Contribution, ...]]:
        """`margin`, the most probable label, and the `top` n-grams that moved the margin most
        (their share of the log-odds)."""
        positive, negative = self._polar()
        values = self._features(text)
        scores = self._scores(values)
        contributions = [
            Contribution(
                gram, x * (self.weights[gram][positive + 1] - self.weights[gram][negative + 1])
            )
            for gram, x in values.items()
        ]
        best = self.labels[max(range(len(scores)), key=scores.__getitem__)]
        return scores[positive] - scores[negative], best, _largest(contributions, top)

    def to_json(self) -> dict[str, Any]:
        info = self.info
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "labels": list(self.labels),
            "intercepts": [_round(v) for v in self.intercepts],
            "metadata": {
                "training_size": info.training_size,
                "trained_on": info.trained_on,
                "sklearn_version": info.sklearn_version,
                "source": info.source,
                "c": info.c,
                "min_count": info.min_count,
                "features": "sublinear tf-idf of folded word uni+bigrams, l2-normalised",
            },
            "columns": ["idf", *self.labels],
            "ngrams": {
                gram: [_round(v) for v in row] for gram, row in sorted(self.weights.items())
            },
        }

    def save(self, path: str | Path) -> None:
        """Write the model as JSON (atomically: a reader never sees half a file)."""
        text = json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))
        atomic.write_text(Path(path), text + "\n")

    @classmethod
    def load(cls, path: str | Path) -> SentimentModel:
        """Read a model file; anything unexpected is a ModelError naming the file."""
        return read_model(Path(path))[1]

    @classmethod
    def from_json(cls, data: Any, name: str = "model") -> SentimentModel:
        def bad(why: str) -> ModelError:
            return ModelError(f"{name}: not a valid sentiment model: {why}")

        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise bad(f"'format' must be {FORMAT!r}")
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise bad(f"format_version {version!r} is not supported (expected {FORMAT_VERSION})")
        labels = data.get("labels")
        if (
            not isinstance(labels, list)
            or len(labels) < 2
            or len(set(labels)) != len(labels)
            or any(label not in LABEL_ORDER for label in labels)
        ):
            raise bad(f"'labels' must be two or three distinct labels of {list(LABEL_ORDER)}")
        n = len(labels)
        intercepts = data.get("intercepts")
        if not _numbers(intercepts, n):
            raise bad(f"'intercepts' must be {n} numbers")
        table = data.get("ngrams")
        if not isinstance(table, dict) or not table:
            raise bad("'ngrams' must map n-grams to [idf, one weight per label]")
        for gram, row in table.items():
            if not _numbers(row, n + 1):
                raise bad(f"n-gram {gram!r}: expected {n + 1} numbers [idf, {', '.join(labels)}]")
        meta = data.get("metadata")
        if not isinstance(meta, dict):
            raise bad("'metadata' is missing")
        try:
            info = ModelInfo(
                labels=tuple(labels),
                training_size=int(meta["training_size"]),
                trained_on=str(meta["trained_on"]),
                sklearn_version=str(meta["sklearn_version"]),
                source=str(meta.get("source", "")),
                c=float(meta["c"]),
                min_count=int(meta["min_count"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise bad(f"'metadata' incomplete ({exc})") from exc
        return cls(labels, intercepts, table, info)


@dataclass(frozen=True, slots=True)
class Blend:
    """The trained model beside the rules on long French posts (`analysis.sentiment_model`).

    Measured on long reviews (bench/bench_trained_sentiment.py), the model's log-odds plus a
    fraction of the rules' score beats either alone; short posts keep the rules, which the
    model (trained on long texts) does not beat there. The rules' explanation stays, and one
    line says what the model added."""

    model: SentimentModel
    name: str  # the model file's name, for the explanation
    fingerprint: str  # the file's SHA-256: a new model means the posts are analysed again
    min_chars: int
    rules_weight: float
    neutral_margin: float

    def applies(self, text: str) -> bool:
        return len(text) >= self.min_chars

    def decide(self, text: str, rules_score: float) -> tuple[str, float, str]:
        """(label, score in -1..1, explanation line) of a long post, given the rules' score.

        The sign of `margin + rules_weight × rules score` decides, except that a three-class
        model (trained on the user's own neutral posts too) that finds the post most likely
        neutral is followed, and that a blend within ±`neutral_margin` is neutral."""
        margin, likeliest, pushed = self.model.margin_explained(text)
        blended = margin + self.rules_weight * rules_score
        if likeliest == "neutral":
            label, why = "neutral", " (the model finds it most likely neutral)"
        elif abs(blended) <= self.neutral_margin:
            label, why = "neutral", f" (neutral within ±{self.neutral_margin:g})"
        else:
            label, why = ("positive" if blended > 0 else "negative"), ""
        words = ", ".join(f"{c.ngram!r} {c.weight:+.2f}" for c in pushed)
        line = (
            f"trained model {self.name}: margin {margin:+.2f} ({words}) + rules "
            f"{rules_score:+.2f} × {self.rules_weight:g} = {blended:+.2f} → {label}{why}"
        )
        return label, math.tanh(blended / 2), line


def read_model(path: Path) -> tuple[bytes, SentimentModel]:
    """A model file's bytes (for its fingerprint) and the model; anything unexpected is a
    ModelError naming the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{path}: cannot read sentiment model: {exc}") from exc
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: not a sentiment model (not JSON: {exc})") from exc
    return data, SentimentModel.from_json(parsed, str(path))


def load_blend(path: Path, *, min_chars: int, rules_weight: float, neutral_margin: float) -> Blend:
    """The configured model file as a Blend (the analysis cannot go on without the model the
    configuration asks for: a missing or malformed file is a ModelError naming it)."""
    data, model = read_model(path)
    if "positive" not in model.labels or "negative" not in model.labels:
        raise ModelError(
            f"{path}: a model blended with the rules needs positive and negative labels"
        )
    return Blend(
        model=model,
        name=path.name,
        fingerprint=hashlib.sha256(data).hexdigest(),
        min_chars=min_chars,
        rules_weight=rules_weight,
        neutral_margin=neutral_margin,
    )


def train(
    examples: Sequence[Example],
    *,
    c: float = DEFAULT_C,
    min_count: int = DEFAULT_MIN_COUNT,
    source: str = "",
    today: str | None = None,
) -> SentimentModel:
    """Fit the model on labelled texts (scikit-learn, imported here only)."""
    try:
        import sklearn
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:
        raise ModelError(
            "training a sentiment model needs scikit-learn: pip install scikit-learn "
            f"({exc}); predicting with a trained model does not"
        ) from exc
    present = {e.label for e in examples}
    labels = tuple(label for label in LABEL_ORDER if label in present)
    if len(labels) < 2:
        raise ModelError(
            f"{source or 'labels'}: training needs at least two labels, found {list(labels)}"
        )
    texts = [e.text for e in examples]
    y = [e.label for e in examples]
    counter = CountVectorizer(analyzer=ngrams, min_df=min_count)
    try:
        counts = counter.fit_transform(texts)
    except ValueError as exc:  # every n-gram below min_count
        raise ModelError(f"{source or 'labels'}: too few texts to train on ({exc})") from exc
    tfidf = TfidfTransformer(sublinear_tf=True)
    x = tfidf.fit_transform(counts)
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit(x, y)
    classes = tuple(str(k) for k in model.classes_)
    coef = model.coef_
    if len(classes) == 2:  # one log-odds vector: split it so softmax gives the same sigmoid
        per_class = [-coef[0] / 2, coef[0] / 2]
        intercepts = [-model.intercept_[0] / 2, model.intercept_[0] / 2]
    else:
        per_class = list(coef)
        intercepts = list(model.intercept_)
    order = [classes.index(label) for label in labels]
    idf = tfidf.idf_
    weights = {
        str(gram): (float(idf[j]), *(float(per_class[k][j]) for k in order))
        for gram, j in counter.vocabulary_.items()
    }
    info = ModelInfo(
        labels=labels,
        training_size=len(examples),
        trained_on=today or datetime.now(UTC).date().isoformat(),
        sklearn_version=str(sklearn.__version__),
        source=source,
        c=c,
        min_count=min_count,
    )
    return SentimentModel(labels, [float(intercepts[k]) for k in order], weights, info)


def _largest(contributions: Iterable[Contribution], top: int) -> tuple[Contribution, ...]:
    """The `top` contributions of largest magnitude (ties by n-gram, for stable output)."""
    return tuple(heapq.nsmallest(top, contributions, key=lambda c: (-abs(c.weight), c.ngram)))


def _numbers(value: Any, length: int) -> TypeGuard[list[float]]:
    return (
        isinstance(value, list)
        and len(value) == length
        and all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in value
        )
    )


def _round(value: float) -> float:
    return float(f"{value:.{_DIGITS}g}")


def top_ngrams(model: SentimentModel, label: str, count: int = 10) -> Iterable[tuple[str, float]]:
    """The n-grams whose weight favours `label` most (for `sentiment-train`'s summary)."""
    k = model.labels.index(label)
    n = len(model.labels)

    def lean(row: Sequence[float]) -> float:
        others = sum(row[j + 1] for j in range(n) if j != k) / (n - 1)
        return row[k + 1] - others

    ranked = sorted(model.weights.items(), key=lambda item: (-lean(item[1]), item[0]))
    return [(gram, lean(row)) for gram, row in ranked[:count]]
