"""The trainable sentiment model: trained on a small labelled CSV, saved as JSON and read back
(without scikit-learn), explained by its n-grams, and refusing bad files by name."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.analyse.evaluate import read_labels
from generator.analyse.sentiment_model import (
    DEFAULT_C,
    DEFAULT_MIN_COUNT,
    FORMAT,
    ModelError,
    SentimentModel,
    ngrams,
    train,
)
from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
SUBJECTS = ["Le service client", "La fibre", "Mon forfait", "L'appli d'Orbis", "Le conseiller"]
FILLERS = ["cette semaine", "depuis lundi", "à Lyon", "hier soir", "encore une fois", ""]
POSITIVE = ["est excellent", "est vraiment génial", "est super rapide", "m'a ravi"]
NEGATIVE = ["est nul", "est horrible", "m'a déçu", "n'est pas terrible"]
NEUTRAL = ["change de tarif en mars", "ouvre à neuf heures", "passe au nouveau réseau"]


def write_labels(path: Path, classes: tuple[str, ...], per_class: int = 40) -> Path:
    """A small synthetic labelled file: the sentiment lies in a few phrases only."""
    rng = random.Random(14)
    phrases = {"positive": POSITIVE, "negative": NEGATIVE, "neutral": NEUTRAL}
    rows = []
    for label in classes:
        for _ in range(per_class):
            text = f"{rng.choice(SUBJECTS)} {rng.choice(phrases[label])} {rng.choice(FILLERS)}"
            rows.append((text.strip(), label))
    rng.shuffle(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def binary_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("labels")
    return write_labels(folder / "binary.csv", ("negative", "positive"))


@pytest.fixture(scope="module")
def binary_model(binary_file: Path) -> SentimentModel:
    return train(read_labels(binary_file), source=binary_file.name, today="2026-12-03")


def test_ngrams_are_folded_words_and_their_pairs() -> None:
    grams = ngrams("Pas TERRIBLE, l'appli!!! :( http://x.fr @Orbis")
    assert grams[:5] == ["pas", "terrible", "l'", "appli", "!"]
    assert "pas terrible" in grams and "appli !" in grams and ":(" in grams
    assert not any("http" in g or "orbis" in g for g in grams)


def test_binary_model_learns_the_phrases_and_explains_its_verdict(
    binary_model: SentimentModel,
) -> None:
    assert binary_model.labels == ("negative", "positive")
    good = binary_model.predict("Le conseiller est vraiment génial")
    bad = binary_model.predict("La fibre est horrible depuis lundi")
    assert (good.label, bad.label) == ("positive", "negative")
    assert 0.5 < good.probability < 1 and 0.5 < bad.probability < 1
    # The explanation names the n-grams that pushed the label, the largest first.
    assert bad.contributions[0].weight > 0
    assert "horrible" in {c.ngram for c in bad.contributions if c.weight > 0}
    assert "genial" in {c.ngram for c in good.contributions if c.weight > 0}
    weights = [abs(c.weight) for c in bad.contributions]
    assert weights == sorted(weights, reverse=True)
    # Words that occur under both labels push little: a subject never outweighs the verdict.
    subject = next(
        c
        for c in binary_model.predict("La fibre est nul", top=20).contributions
        if c.ngram == "fibre"
    )
    verdict = next(
        c
        for c in binary_model.predict("La fibre est nul", top=20).contributions
        if c.ngram == "nul"
    )
    assert abs(subject.weight) < verdict.weight


@pytest.mark.parametrize("classes", [("negative", "positive"), ("negative", "neutral", "positive")])
def test_pure_python_inference_equals_scikit_learn(
    tmp_path: Path, classes: tuple[str, ...]
) -> None:
    """The dictionary look-ups reproduce scikit-learn's own pipeline, probability for
    probability (binary: the split log-odds vector; three labels: the multinomial model)."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    examples = read_labels(write_labels(tmp_path / "labels.csv", classes))
    model = train(examples)
    reference = make_pipeline(
        CountVectorizer(analyzer=ngrams, min_df=DEFAULT_MIN_COUNT),
        TfidfTransformer(sublinear_tf=True),
        LogisticRegression(C=DEFAULT_C, max_iter=5000),
    ).fit([e.text for e in examples], [e.label for e in examples])
    texts = ["Le conseiller est nul nul nul !", "La fibre ouvre à neuf heures", "génial", "???"]
    for text, row in zip(texts, reference.predict_proba(texts), strict=True):
        expected = dict(zip(reference.classes_, row, strict=True))
        prediction = model.predict(text)
        assert prediction.probability == pytest.approx(expected[prediction.label], abs=1e-9)
        assert prediction.label == max(expected, key=expected.__getitem__)


def test_margin_is_the_log_odds_of_positive(binary_model: SentimentModel) -> None:
    for text in ["Le conseiller est vraiment génial", "La fibre m'a déçu", "Mon forfait"]:
        prediction = binary_model.predict(text)
        p = prediction.probability
        p_positive = p if prediction.label == "positive" else 1 - p
        assert 1 / (1 + math.exp(-binary_model.margin(text))) == pytest.approx(p_positive)
    assert binary_model.margin("La fibre est horrible") < 0 < binary_model.margin("Super rapide")


def test_three_labels_train_a_multinomial_model(tmp_path: Path) -> None:
    path = write_labels(tmp_path / "three.csv", ("negative", "neutral", "positive"))
    model = train(read_labels(path))
    assert model.labels == ("negative", "neutral", "positive")
    assert model.label("Mon forfait change de tarif en mars") == "neutral"
    assert model.label("Mon forfait m'a déçu") == "negative"
    assert model.label("Mon forfait est excellent") == "positive"
    prediction = model.predict("Le service client ouvre à neuf heures")
    assert prediction.label == "neutral" and prediction.probability > 1 / 3


def test_json_round_trip_predicts_the_same(binary_model: SentimentModel, tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    binary_model.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT and data["labels"] == ["negative", "positive"]
    assert data["metadata"]["training_size"] == 80
    assert data["metadata"]["trained_on"] == "2026-12-03"
    assert data["metadata"]["source"] == "binary.csv"
    assert data["columns"] == ["idf", "negative", "positive"]
    assert len(data["ngrams"]["nul"]) == 3
    loaded = SentimentModel.load(path)
    assert loaded.info == binary_model.info
    for text in ["Le conseiller m'a ravi", "Mon forfait est nul", "L'appli est bof", "rien"]:
        before, after = binary_model.predict(text), loaded.predict(text)
        assert after.label == before.label
        assert after.probability == pytest.approx(before.probability, abs=1e-4)
        assert [c.ngram for c in after.contributions] == [c.ngram for c in before.contributions]


def test_prediction_does_not_need_scikit_learn(
    binary_model: SentimentModel, tmp_path: Path
) -> None:
    path = tmp_path / "model.json"
    binary_model.save(path)
    script = (
        "import sys; sys.modules['sklearn'] = None\n"
        "from generator.analyse.sentiment_model import SentimentModel\n"
        f"p = SentimentModel.load({str(path)!r}).predict('Mon forfait est horrible')\n"
        "print(p.label, p.contributions[0].ngram)\n"
        "try:\n    import sklearn\nexcept ImportError:\n    print('sklearn blocked')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    label, top_ngram = done.stdout.splitlines()[0].split(" ", 1)
    assert label == "negative" and "horrible" in top_ngram
    assert done.stdout.splitlines()[1] == "sklearn blocked"


def test_training_without_scikit_learn_says_what_to_install(
    binary_file: Path, tmp_path: Path
) -> None:
    script = (
        "import sys; sys.modules['sklearn'] = None\n"
        "from generator.cli import main\n"
        f"main(['sentiment-train', '--labels', {str(binary_file)!r}, "
        f"'--out', {str(tmp_path / 'm.json')!r}])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert "needs scikit-learn: pip install scikit-learn" in done.stderr
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not JSON"),
        ('{"format": "other"}', "'format' must be"),
        (
            '{"format": "observatoire-sentiment-model", "format_version": 99}',
            "format_version 99 is not supported",
        ),
        (
            '{"format": "observatoire-sentiment-model", "format_version": 1, '
            '"labels": ["negative", "positive"], "intercepts": [0, 0], '
            '"ngrams": {"nul": [1.0, 0.5]}, "metadata": {}}',
            "n-gram 'nul': expected 3 numbers",
        ),
        (
            '{"format": "observatoire-sentiment-model", "format_version": 1, '
            '"labels": ["negative", "positive"], "intercepts": [0, 0], '
            '"ngrams": {"nul": [1.0, 0.5, -0.5]}, "metadata": {"c": 1}}',
            "'metadata' incomplete",
        ),
    ],
)
def test_a_bad_model_file_is_refused_by_name(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken-model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelError, match=re.escape(message)) as caught:
        SentimentModel.load(path)
    assert str(path) in str(caught.value)


def test_a_missing_model_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=re.escape("missing.json: cannot read sentiment model")):
        SentimentModel.load(tmp_path / "missing.json")


def test_sentiment_train_command(binary_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "trained.json"
    result = CliRunner().invoke(
        main, ["sentiment-train", "--labels", str(binary_file), "--out", str(out), "--part", "tune"]
    )
    assert result.exit_code == 0, result.output
    assert "trained on 40 texts (tune)" in result.output
    held_out = re.search(
        r"accuracy on the test half \(40 texts, not trained on\): (\S+)\n", result.output
    )
    assert held_out is not None and float(held_out.group(1)) >= 0.8, result.output
    negative_line = next(line for line in result.output.splitlines() if line.startswith("neg"))
    assert "nul" in negative_line or "horrible" in negative_line
    assert SentimentModel.load(out).info.training_size == 40


def test_sentiment_train_needs_two_labels(tmp_path: Path) -> None:
    path = write_labels(tmp_path / "one.csv", ("positive",))
    result = CliRunner().invoke(
        main, ["sentiment-train", "--labels", str(path), "--out", str(tmp_path / "m.json")]
    )
    assert result.exit_code == 1
    assert "one.csv: training needs at least two labels, found ['positive']" in result.output


# --- the model blended with the rules (analysis.sentiment_model) ------------------------------

CONFIG = """\
sectors:
  - slug: telecom
    name: Télécoms
    brands:
      - slug: orbis
        name: Orbis
sources:
  - name: Forum
    path: feeds/forum.xml
    kind: forum
analysis:
  sentiment_model:
    path: modele.json
    min_chars: 40
"""


@pytest.fixture
def blend_config(tmp_path: Path, binary_model: SentimentModel) -> Path:
    binary_model.save(tmp_path / "modele.json")
    path = tmp_path / "observatoire.yml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_the_blend_decides_long_french_posts_and_says_how(blend_config: Path) -> None:
    from generator.analyse import Analyser
    from generator.analyse.pipeline import config_blend
    from generator.config import load_config

    blend = config_blend(load_config(blend_config))
    assert blend is not None and (blend.min_chars, blend.rules_weight) == (40, 0.5)
    analyser = Analyser(blend=blend)
    long_post = "Le conseiller est vraiment génial, encore une fois, merci à lui"
    result = analyser.analyse(long_post, "fr")
    line = result.explanation[-1]
    assert result.sentiment == "positive"
    assert line.startswith("trained model modele.json: margin +") and line.endswith("→ positive")
    assert "'genial'" in line or "'vraiment genial'" in line  # the n-grams that pushed it
    assert len(result.explanation) > 1  # the rules' own lines stay

    unsure = "La boutique ouvre à neuf heures et ferme à midi, rue de la Paix"
    assert analyser.analyse(unsure, "fr").sentiment == "positive"  # a binary model: the sign
    banded = Analyser(blend=dataclasses.replace(blend, neutral_margin=0.5)).analyse(unsure, "fr")
    assert banded.sentiment == "neutral" and "neutral within ±0.5" in banded.explanation[-1]
    for untouched in ("La fibre est horrible", "The advisor was great, thanks a lot to him"):
        lines = analyser.analyse(untouched, "fr").explanation
        assert not any(line.startswith("trained model") for line in lines)


def test_a_new_model_file_means_the_posts_are_analysed_again(
    blend_config: Path, tmp_path: Path
) -> None:
    from generator.analyse.corrections import NO_CORRECTIONS
    from generator.analyse.pipeline import analysis_version, config_blend
    from generator.config import load_config

    config = load_config(blend_config)
    before = analysis_version(config, NO_CORRECTIONS, config_blend(config))
    assert before != analysis_version(config, NO_CORRECTIONS, None)
    model = SentimentModel.load(tmp_path / "modele.json")
    tweaked = {**model.weights, "nouveau": (1.0, -0.5, 0.5)}
    SentimentModel(model.labels, model.intercepts, tweaked, model.info).save(
        tmp_path / "modele.json"
    )
    assert analysis_version(config, NO_CORRECTIONS, config_blend(config)) != before


def test_a_missing_model_stops_the_analysis_naming_the_file(blend_config: Path) -> None:
    (blend_config.parent / "modele.json").unlink()
    result = CliRunner().invoke(main, ["analyse", "--config", str(blend_config)])
    assert result.exit_code != 0
    assert "modele.json: cannot read sentiment model" in result.output


def test_evaluate_measures_the_configured_blend(blend_config: Path, binary_file: Path) -> None:
    result = CliRunner().invoke(
        main, ["evaluate", "--labels", str(binary_file), "--config", str(blend_config), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["model"] == "modele.json (posts of 40+ characters)"


def test_a_three_class_model_keeps_its_neutral_posts_neutral(tmp_path: Path) -> None:
    """Trained on the user's own neutral posts too, the model is followed when it finds a long
    post most likely neutral, whatever the sign of the blend."""
    from generator.analyse.sentiment_model import Blend

    labels = write_labels(tmp_path / "three.csv", ("negative", "neutral", "positive"))
    blend = Blend(train(read_labels(labels)), "trois.json", "", 20, 0.5, 0.0)
    label, _, line = blend.decide("La fibre passe au nouveau réseau depuis lundi", 0.4)
    assert label == "neutral" and line.endswith("(the model finds it most likely neutral)")
    assert blend.decide("Le conseiller est vraiment génial hier soir", 0.0)[0] == "positive"
