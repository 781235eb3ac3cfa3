"""Evaluation: metrics are right, labels files fail clearly, and on DEFT 2017 we beat textblob-fr.

The DEFT file lives in ../shared (research licence: evaluation only, never copied here).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import SHARED, require_shared

from generator.analyse.evaluate import (
    Example,
    LabelsError,
    evaluate_file,
    format_report,
    metrics,
    read_labels,
    split_halves,
)

DEFT = SHARED / "data" / "sentiment" / "fr_tweets_deft2017.csv"


def test_metrics_on_a_known_confusion() -> None:
    truth = ["positive", "positive", "negative", "neutral"]
    predicted = ["positive", "neutral", "negative", "neutral"]
    m = metrics("x", truth, predicted, 1.0)
    assert m.accuracy == pytest.approx(0.75)
    assert m.per_class["positive"].precision == 1.0
    assert m.per_class["positive"].recall == 0.5
    assert m.per_class["neutral"].precision == 0.5
    assert m.macro_f1 == pytest.approx((2 / 3 + 1 + 2 / 3) / 3)
    assert m.confusion == ((1, 0, 0), (0, 1, 0), (0, 1, 1))


def test_label_aliases_and_report(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    path.write_text(
        "text,label\n"
        '"Service au top, merci",pos\n'
        "Panne générale encore,-1\n"
        "La boutique ouvre à 9h,neu\n"
        "Conseiller adorable,1\n",
        encoding="utf-8",
    )
    assert [e.label for e in read_labels(path)] == ["positive", "negative", "neutral", "positive"]
    report = evaluate_file(path)
    assert [m.name for m in report.systems] == ["observatoire", "textblob-fr", "vader"]
    assert report.system("observatoire").accuracy == 1.0
    text = format_report(report)
    assert "macro-F1" in text and "confusion" in text and "textblob-fr" in text


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("txt,lbl\nbon,pos\n", ":1: the header"),
        ("text,label\nbon,pos\nmauvais,terrible\n", ":3: unknown label 'terrible'"),
        ("text,label\n,pos\n", ":2: empty text"),
        ("text,label\n", "no labelled rows"),
    ],
)
def test_bad_labels_files_name_file_and_line(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "labels.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LabelsError) as error:
        read_labels(path)
    assert str(path) in str(error.value) and fragment in str(error.value)


def test_split_halves_are_stratified_disjoint_and_fixed() -> None:
    examples = [Example(f"t{i}", ("negative", "neutral", "positive")[i % 3]) for i in range(300)]
    tune, test = split_halves(examples)
    assert Counter(e.label for e in tune) == Counter(e.label for e in test)
    assert not {e.text for e in tune} & {e.text for e in test}
    assert split_halves(examples) == (tune, test)


def test_deft2017_held_out_half_beats_textblob_fr() -> None:
    report = evaluate_file(
        require_shared(DEFT), part="test"
    )  # rules were tuned on the other half only
    ours, textblob = report.system("observatoire"), report.system("textblob-fr")
    assert report.size == 1518
    assert ours.macro_f1 >= 0.60, format_report(report)
    assert ours.macro_f1 > textblob.macro_f1 + 0.1
