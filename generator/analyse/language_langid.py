"""py3langid behind one small interface, with a fast path on its internals and a safe fallback.

`detect_language` needs one thing from py3langid: the best of our candidate languages for a
text, given the feed's language as a prior. py3langid's public API (`rank`) answers that, but
walks every byte of every post in Python and normalises and sorts all the scores each time;
the fast path reads py3langid's internals to memoise the walk per word and take an argmax
instead. It is about half as fast again on our feeds, and gives the same languages.

Internals change without notice, so the fast path is only used when, at import time, every
internal it reads exists with the signature it was written for (`internals_problem`), and when,
on first use, it agrees with the public API on a few probe texts (`make_rankers`). Otherwise
`make_rankers` logs why and returns the public-API ranker, whose results are the same.
`VERIFIED_WITH` names the py3langid version the fast path was last checked against.
"""

from __future__ import annotations

import inspect
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from py3langid import langid

LOGGER = logging.getLogger(__name__)

VERIFIED_WITH = "0.4.0"  # py3langid version whose internals the fast path was verified with

# The internals the fast path calls, reads or re-implements (the walk of `visit_counts` and
# `_raw_score`), with the parameters they had when it was written.
_FUNCTIONS: dict[str, tuple[str, ...]] = {"visit_counts": ("nm", "rowbase", "out", "text")}
_METHODS: dict[str, tuple[str, ...]] = {
    "_encode": ("text",),  # a staticmethod: text -> the bytes py3langid scores
    "_sparse_score": ("self", "visits", "table"),  # {feature: count} -> raw scores
    "_raw_score": ("self", "text"),  # what the fast path replaces with a memoised walk
}
_ATTRIBUTES = (
    "tk_nextmove",
    "tk_output",
    "_rowbase",
    "nb_ptc",
    "nb_classes",
    "_alias_pairs",
    "_norm_probs",
)
_MODULE_NAMES = ("MODEL_FILE", "LanguageIdentifier", "visit_counts")

_WALK_CACHE_LIMIT = 200_000  # (state, word) pairs remembered per process, a few tens of MB
_PIECE_RE = re.compile(rb"[^ ]* |[^ ]+")  # words with their trailing space; they tile the text

# Texts on which the fast path must agree with the public API before it is trusted.
_PROBES = (
    "Le service client a été très efficace, je recommande cet opérateur",
    "The customer service was great and the network is fast",
    "Das ist sehr gut, aber die Rechnung ist falsch",
    "El servicio es malo y la factura es incorrecta",
    "THIS IS REALLY BAD AND NOBODY ANSWERS",
    "ok ok ok 1234 !!",
)


class Ranker(Protocol):
    """The one question `detect_language` asks py3langid."""

    def best(self, text: str, prior: str | None) -> str:
        """The candidate language that `rank` picks once `prior` is weighted by `weight`."""
        ...


def internals_problem() -> str | None:
    """Why the fast path cannot run on the installed py3langid, or None if it can.

    Checked on the class and module, before any model is loaded, so that a py3langid upgrade
    that renames or re-signs an internal falls back at once instead of failing on a post."""
    missing = [name for name in _MODULE_NAMES if not hasattr(langid, name)]
    if missing:
        return f"py3langid.langid lacks {', '.join(missing)}"
    for name, expected in _FUNCTIONS.items():
        problem = _signature_problem(getattr(langid, name), name, expected)
        if problem:
            return problem
    base = langid.LanguageIdentifier
    for name, expected in _METHODS.items():
        if not hasattr(base, name):
            return f"LanguageIdentifier lacks {name}"
        problem = _signature_problem(getattr(base, name), name, expected)
        if problem:
            return problem
    slots = set(getattr(base, "__slots__", ()))
    absent = [name for name in _ATTRIBUTES if name not in slots]
    return f"LanguageIdentifier lacks {', '.join(absent)}" if absent else None


def _signature_problem(function: Any, name: str, expected: tuple[str, ...]) -> str | None:
    """A message if `function`'s parameters are not `expected` (names and order)."""
    try:
        found = tuple(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return f"{name} has no readable signature"
    if found != expected:
        return f"{name}{found} is not {name}{expected}"
    return None


FAST_PATH_PROBLEM = internals_problem()


def load_identifier(candidates: Sequence[str]) -> Any:
    """py3langid's bundled model (no download), normalised, restricted to `candidates`."""
    identifier = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(candidates))
    return identifier


class PublicRanker:
    """`best` through py3langid's public `rank` only: the reference and the fallback."""

    def __init__(self, identifier: Any, weight: float) -> None:
        self.identifier = identifier
        self.weight = weight

    def best(self, text: str, prior: str | None) -> str:
        """Weight the prior's probability and take the largest; ties go to the earlier rank."""
        best_code, best_score = "", -1.0
        for code, probability in self.identifier.rank(text):
            score = probability * (self.weight if code == prior else 1.0)
            if score > best_score:
                best_code, best_score = code, score
        return best_code


class FastRanker:
    """`best` on py3langid's internals: the same scores, computed once per distinct word.

    py3langid's probabilities are softmax(raw / sqrt(bytes)); multiplying one of them by the
    weight and taking the largest is the same as adding log(weight) to its scaled raw score and
    taking the argmax (ties go to the first language in both). The raw scores come from a
    byte-by-byte automaton walk, a pure function of (state, bytes): walking "word " from a
    given state always yields the same end state and features, so the walk is memoised per
    word while the counts, their order and hence every score stay exactly py3langid's."""

    def __init__(self, identifier: Any, weight: float) -> None:
        self.identifier = identifier
        self.log_weight = math.log(weight)
        self._walks: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}

    def best(self, text: str, prior: str | None) -> str:
        """The argmax of the scaled raw scores, the prior's raised by log(weight)."""
        identifier = self.identifier
        encoded = identifier._encode(text)
        scores = self._raw_score(encoded) / math.sqrt(len(encoded) or 1)
        classes: list[str] = identifier.nb_classes
        if prior in classes:
            scores[classes.index(prior)] += self.log_weight
        return classes[int(scores.argmax())]

    def _raw_score(self, encoded: bytes) -> Any:
        """py3langid's raw scores of the encoded text; zeros without features (norm_probs)."""
        visits = self._walk(encoded)
        if visits:
            return self.identifier._sparse_score(visits, self.identifier.nb_ptc)
        return np.zeros(len(self.identifier.nb_classes), dtype=np.float32)

    def _walk(self, data: bytes) -> Counter[int] | None:
        """The automaton's feature counts over `data`, remembered per (state, word)."""
        nextmove = self.identifier.tk_nextmove
        rowbase, output = self.identifier._rowbase, self.identifier.tk_output
        walks = self._walks
        state = 0
        features: list[int] = []
        for piece in _PIECE_RE.findall(data):
            key = (state, piece)
            done = walks.get(key)
            if done is None:
                found: list[int] = []
                for byte in piece:
                    state = nextmove[rowbase[state] + byte]
                    feature = output[state]
                    if feature >= 0:
                        found.append(feature)
                done = (state, tuple(found))
                if len(walks) >= _WALK_CACHE_LIMIT:
                    walks.clear()
                walks[key] = done
            state = done[0]
            features.extend(done[1])
        return Counter(features) if features else None


def make_rankers(candidates: Sequence[str], weight: float) -> tuple[Ranker, PublicRanker]:
    """(the ranker to use, the public-API ranker), sharing one loaded model.

    The ranker to use is the fast one if the installed py3langid allows it and agrees with the
    public API on the probes, else the public one (and a warning says why)."""
    identifier = load_identifier(candidates)
    public = PublicRanker(identifier, weight)
    problem = FAST_PATH_PROBLEM or _instance_problem(identifier)
    if problem is None:
        fast = FastRanker(identifier, weight)
        problem = _probe_problem(fast, public, candidates)
        if problem is None:
            return fast, public
    LOGGER.warning(
        "language detection uses py3langid's public API (slower): %s "
        "(the fast path was verified with py3langid %s)",
        problem,
        VERIFIED_WITH,
    )
    return public, public


def _instance_problem(identifier: Any) -> str | None:
    """What the loaded model lacks for the fast path: its attributes, and no aliased labels
    (py3langid merges aliased columns in `rank`; the argmax shortcut does not)."""
    absent = [name for name in _ATTRIBUTES if not hasattr(identifier, name)]
    if absent:
        return f"the loaded identifier lacks {', '.join(absent)}"
    if identifier._norm_probs is not True:
        return "the identifier does not normalise its scores"
    if identifier._alias_pairs:
        return "the candidate languages include aliased labels"
    return None


def _probe_problem(fast: Ranker, public: Ranker, candidates: Sequence[str]) -> str | None:
    """A message if the two rankers disagree on a probe text, without a prior or with one of
    the first candidates (ours, the ones a hint names most) as prior."""
    for prior in (None, *candidates[:3]):
        for text in _PROBES:
            if fast.best(text, prior) != public.best(text, prior):
                return f"the fast path disagrees with rank() on {text!r} (prior {prior})"
    return None
