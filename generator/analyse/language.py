"""Language detection: fr, en or other, offline.

py3langid ships its model inside the package (no download, no network) and is fast enough to
run on every post. The detector is restricted to languages our feeds plausibly carry, which makes
it far more reliable on short posts. The feed's declared language is only a prior: it decides
short or ambiguous texts, and is overruled by clear evidence (an English post in a French feed).
"""

from __future__ import annotations

from functools import lru_cache

CANDIDATES = ("fr", "en", "es", "de", "it", "pt", "nl", "ca", "oc", "br", "eu", "ar", "tr", "pl")
HINT_WEIGHT = 3.0  # the hinted language's probability is multiplied by this before comparing
MIN_LETTERS = 12  # below this, a text is too short to overrule the hint
MAX_CHARS = 600  # the opening of a long post is enough and keeps detection fast


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
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
    ranked = _identifier().rank(text[:MAX_CHARS])
    best_code, best_score = None, -1.0
    for code, probability in ranked:
        score = probability * (HINT_WEIGHT if code == prior else 1.0)
        if score > best_score:
            best_code, best_score = code, score
    return bucket(best_code)
