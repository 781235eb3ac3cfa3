"""Language detection: fr, en or other, offline.

py3langid ships its model inside the package (no download, no network) and is fast enough to
run on every post. The detector is restricted to languages our feeds plausibly carry, which makes
it far more reliable on short posts. The feed's declared language is only a prior: it decides
short or ambiguous texts, and is overruled by clear evidence (an English post in a French feed).
py3langid is reached through `language_langid`, which keeps its internals in one place.
"""

from __future__ import annotations

from functools import lru_cache

from generator.analyse.language_langid import PublicRanker, Ranker, make_rankers

CANDIDATES = ("fr", "en", "es", "de", "it", "pt", "nl", "ca", "oc", "br", "eu", "ar", "tr", "pl")
HINT_WEIGHT = 3.0  # the hinted language's probability is multiplied by this before comparing
MIN_LETTERS = 12  # below this, a text is too short to overrule the hint
MAX_CHARS = 600  # the opening of a long post is enough and keeps detection fast

# False: rank with py3langid's public API even when the fast path is available (tests compare).
_FAST_ARGMAX = True


@lru_cache(maxsize=1)
def _rankers() -> tuple[Ranker, PublicRanker]:
    """(the ranker to use, the public-API ranker), built once: loading the model takes time."""
    return make_rankers(CANDIDATES, HINT_WEIGHT)


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
    chosen, public = _rankers()
    ranker = chosen if _FAST_ARGMAX else public
    return bucket(ranker.best(text[:MAX_CHARS], prior))
