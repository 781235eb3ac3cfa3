"""Language detection: fr, en or other, offline.

py3langid ships its model inside the package (no download, no network) and is fast enough to
run on every post. The detector is restricted to languages our feeds plausibly carry, which makes
it far more reliable on short posts. The feed's declared language is only a prior: it decides
short or ambiguous texts, and is overruled by clear evidence (an English post in a French feed).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np

CANDIDATES = ("fr", "en", "es", "de", "it", "pt", "nl", "ca", "oc", "br", "eu", "ar", "tr", "pl")
HINT_WEIGHT = 3.0  # the hinted language's probability is multiplied by this before comparing
MIN_LETTERS = 12  # below this, a text is too short to overrule the hint
MAX_CHARS = 600  # the opening of a long post is enough and keeps detection fast


_WALK_CACHE_LIMIT = 200_000  # (state, word) pairs remembered per process, a few tens of MB
_PIECE_RE = re.compile(rb"[^ ]* |[^ ]+")  # words with their trailing space; they tile the text


def _cached_class():  # type: ignore[no-untyped-def]
    """py3langid's identifier with its byte-by-byte automaton walk memoised per word.

    The walk is a pure function of (state, bytes), so walking "word " from a given state always
    yields the same end state and features: the counts, their order and hence every score are
    exactly py3langid's, only the Python loop over each byte runs once per distinct word.
    Falls back to the plain class if py3langid's internals are not the ones expected."""
    from py3langid import langid

    base = langid.LanguageIdentifier
    needed = ("_raw_score", "_sparse_score", "tk_nextmove", "tk_output", "_rowbase")
    if not all(hasattr(base, name) for name in needed) or not hasattr(langid, "visit_counts"):
        return base

    class CachedIdentifier(base):  # type: ignore[misc, valid-type]
        __slots__ = ("_walks",)

        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            self._walks: dict[tuple[int, bytes], tuple[int, tuple[int, ...]]] = {}

        def _walk(self, data: bytes) -> Counter[int] | None:
            nextmove, rowbase, output = self.tk_nextmove, self._rowbase, self.tk_output
            walks = self._walks
            state, features = 0, []
            for piece in _PIECE_RE.findall(data):
                key = (state, piece)
                done = walks.get(key)
                if done is None:
                    found = []
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

        def _raw_score(self, text):  # type: ignore[no-untyped-def]
            visits = self._walk(text)
            if visits:
                return self._sparse_score(visits, self.nb_ptc)
            fill = 0.0 if self._norm_probs else langid.RAW_FLOOR
            return np.full(len(self.nb_classes), fill, dtype=np.float32)

    return CachedIdentifier


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE

    cls = _cached_class()
    identifier = cls.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def normalise_hint(hint: str | None) -> str | None:
    """'fr-FR', 'FR', 'fr_CA' -> 'fr'; '' -> None."""
    if not hint:
        return None
    code = hint.strip().lower().replace("_", "-").split("-")[0]
    return code or None


def bucket(code: str | None) -> str:
    return code if code in ("fr", "en") else "other"


def detect_language(text: str, hint: str | None = None) -> str:
    """'fr', 'en' or 'other' for a text, using the feed's language as a prior."""
    prior = normalise_hint(hint)
    letters = sum(map(str.isalpha, text)) if len(text) < 4 * MIN_LETTERS else MIN_LETTERS
    if letters < MIN_LETTERS:
        return bucket(prior)
    identifier = _identifier()
    if _FAST_ARGMAX and not identifier._alias_pairs:
        return bucket(_best_code(identifier, text[:MAX_CHARS], prior))
    best_code, best_score = None, -1.0
    for code, probability in identifier.rank(text[:MAX_CHARS]):
        score = probability * (HINT_WEIGHT if code == prior else 1.0)
        if score > best_score:
            best_code, best_score = code, score
    return bucket(best_code)


_FAST_ARGMAX = True
_LOG_HINT_WEIGHT = math.log(HINT_WEIGHT)


def _best_code(identifier, text: str, prior: str | None) -> str:  # type: ignore[no-untyped-def]
    """The language `rank` + the hint would pick, without the softmax and the sort.

    py3langid's probabilities are softmax(raw / sqrt(bytes)); multiplying one of them by
    HINT_WEIGHT and taking the largest is the same as adding log(HINT_WEIGHT) to its scaled
    raw score and taking the argmax (ties go to the first language in both)."""
    encoded = identifier._encode(text)
    scores = identifier._raw_score(encoded) / math.sqrt(len(encoded) or 1)
    classes = identifier.nb_classes
    if prior in classes:
        scores[classes.index(prior)] += _LOG_HINT_WEIGHT
    return classes[int(scores.argmax())]
