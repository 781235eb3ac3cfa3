"""`observatoire sentiment-train`: train the linear sentiment model on the user's own labelled
posts and write it as JSON (analyse/sentiment_model.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli_common import labels_option

if TYPE_CHECKING:
    from generator.analyse.evaluate import Example


@click.command("sentiment-train")
@labels_option("three labels train a three-class model, two a binary one.")
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The model file to write (JSON).",
)
@click.option(
    "--part",
    type=click.Choice(["all", "tune"]),
    default="all",
    show_default=True,
    help="Train on the whole file, or on its tune half and measure on the test half "
    "(the halves `evaluate --part` uses).",
)
def sentiment_train(labels_path: Path, out_path: Path, part: str) -> None:
    """Train a sentiment model (word n-grams, logistic regression) on labelled posts; predicting
    with it needs no scikit-learn, and each prediction names the n-grams that decided it."""
    from generator.analyse.evaluate import read_labels, split_halves
    from generator.analyse.sentiment_model import top_ngrams, train

    examples = read_labels(labels_path)
    held_out: list[Example] = []
    if part == "tune":
        examples, held_out = split_halves(examples)
    start = time.perf_counter()
    model = train(examples, source=labels_path.name)
    seconds = time.perf_counter() - start
    model.save(out_path)
    size = out_path.stat().st_size
    click.echo(
        f"{out_path}: trained on {len(examples)} texts ({part}) in {seconds:.1f} s; "
        f"labels {', '.join(model.labels)}; {len(model.weights)} n-grams; {size / 1e3:,.0f} kB"
    )
    if held_out:
        right = sum(model.label(e.text) == e.label for e in held_out)
        click.echo(
            f"accuracy on the test half ({len(held_out)} texts, not trained on): "
            f"{right / len(held_out):.3f}"
        )
    for label in model.labels:
        grams = ", ".join(gram for gram, _ in top_ngrams(model, label, 8))
        click.echo(f"{label}: {grams}")
