"""The py3langid adapter: its fast path on internals must match the public API, or step aside.

If py3langid is upgraded, the first two tests say so loudly: re-run this file, and when the
fast and public paths still agree, record the new version in `VERIFIED_WITH`.
"""

from __future__ import annotations

import csv
import importlib.metadata
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import SHARED, require_shared
from py3langid import langid

from generator.analyse import language, language_langid
from generator.analyse.language_langid import (
    FastRanker,
    PublicRanker,
    internals_problem,
    make_rankers,
)

# The py3langid release whose internals the fast path was written against and verified with.
FAST_PATH_VERIFIED_WITH = "0.4.0"
ROOT = Path(__file__).resolve().parents[1]
DEFT = SHARED / "data/sentiment/fr_tweets_deft2017.csv"
HINTS = ("fr", "en", "de", None)


def demo_texts() -> list[str]:
    """Every post of the bundled demo feeds, as the analyser sees it."""
    from generator.analyse.pipeline import post_text
    from generator.collect.normalise import normalise_feed
    from generator.collect.parse import parse_feed

    texts: list[str] = []
    for path in sorted((ROOT / "generator/data/demo/feeds").iterdir()):
        url = f"https://example.org/{path.name}"
        feed = parse_feed(path.read_bytes(), url=url)
        entries = normalise_feed(feed, feed_url=url, fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
        texts.extend(post_text(e.title, e.text) for e in entries)
    return texts


@pytest.fixture(scope="module")
def rankers() -> tuple[FastRanker, PublicRanker]:
    identifier = language_langid.load_identifier(language.CANDIDATES)
    return (
        FastRanker(identifier, language.HINT_WEIGHT),
        PublicRanker(identifier, language.HINT_WEIGHT),
    )


def test_installed_py3langid_is_the_version_the_fast_path_was_verified_with() -> None:
    installed = importlib.metadata.version("py3langid")
    assert language_langid.VERIFIED_WITH == FAST_PATH_VERIFIED_WITH
    assert installed == FAST_PATH_VERIFIED_WITH, (
        f"py3langid {installed} is installed; the fast path was verified with "
        f"{FAST_PATH_VERIFIED_WITH}: check the tests below, then update VERIFIED_WITH"
    )


def test_the_internals_the_fast_path_reads_are_there() -> None:
    assert internals_problem() is None
    chosen, public = make_rankers(language.CANDIDATES, language.HINT_WEIGHT)
    assert isinstance(chosen, FastRanker) and isinstance(public, PublicRanker)


def assert_same_languages(
    texts: list[str], rankers: tuple[FastRanker, PublicRanker], minimum: int
) -> None:
    fast, public = rankers
    texts = [text[: language.MAX_CHARS] for text in texts]
    assert len(texts) >= minimum
    for prior in HINTS:
        differ = [t for t in texts if fast.best(t, prior) != public.best(t, prior)]
        assert differ == [], f"prior {prior}: {len(differ)} texts differ, e.g. {differ[:3]}"


def test_both_paths_give_the_same_language_on_every_demo_text(
    rankers: tuple[FastRanker, PublicRanker],
) -> None:
    assert_same_languages(demo_texts(), rankers, minimum=500)


def test_both_paths_give_the_same_language_on_deft_tweets(
    rankers: tuple[FastRanker, PublicRanker],
) -> None:
    with require_shared(DEFT).open(encoding="utf-8", newline="") as handle:
        tweets = [row["text"] for row in csv.DictReader(handle)][:600]
    assert_same_languages(tweets, rankers, minimum=600)


def test_detect_language_agrees_whichever_path_it_takes(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["The customer service was great", "Le réseau est en panne depuis hier", "ok"]
    fast = [language.detect_language(t, "fr") for t in texts]
    monkeypatch.setattr(language, "_FAST_ARGMAX", False)
    assert [language.detect_language(t, "fr") for t in texts] == fast == ["en", "fr", "fr"]


def test_a_missing_internal_falls_back_to_the_public_api(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # As if a py3langid release renamed an internal (the real ones stay: rank() needs them).
    methods = {**language_langid._METHODS, "_renamed_score": ("self", "visits", "table")}
    monkeypatch.setattr(language_langid, "_METHODS", methods)
    problem = internals_problem()
    assert problem == "LanguageIdentifier lacks _renamed_score"
    monkeypatch.setattr(language_langid, "FAST_PATH_PROBLEM", problem)
    with caplog.at_level(logging.WARNING, logger=language_langid.__name__):
        chosen, public = make_rankers(language.CANDIDATES, language.HINT_WEIGHT)
    assert chosen is public
    assert "lacks _renamed_score" in caplog.text and FAST_PATH_VERIFIED_WITH in caplog.text
    assert chosen.best("The customer service was great", "fr") == "en"


def test_a_changed_signature_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def visit_counts(text: bytes, model: object) -> None:
        return None

    monkeypatch.setattr(langid, "visit_counts", visit_counts)
    assert internals_problem() == (
        "visit_counts('text', 'model') is not visit_counts('nm', 'rowbase', 'out', 'text')"
    )


def test_a_fast_path_that_disagrees_on_the_probes_is_not_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(FastRanker, "best", lambda self, text, prior: "tr")
    chosen, public = make_rankers(language.CANDIDATES, language.HINT_WEIGHT)
    assert chosen is public
