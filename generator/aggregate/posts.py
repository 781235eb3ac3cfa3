"""Post dicts: the only shape in which individual posts leave aggregate.

A quote on a public page must not leak more than needed: the excerpt is short, cut at a word
boundary, and e-mail addresses, phone numbers and @handles of private persons are masked.
The author appears only through `author_display` (a pseudonym unless consent was given).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from generator.aggregate.privacy import Privacy

EXCERPT_LENGTH = 280
POST_DICT_KEYS = (
    "post_id",
    "title",
    "excerpt",
    "url",
    "published",
    "source",
    "author_display",
    "sentiment",
    "engagement",
)

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(r"(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(?\d{1,4}\)?[\s.-]?){3,6}\d{2,4}(?!\w)")
_HANDLE_RE = re.compile(r"(?<!\w)@\w+")
_SPACE_RE = re.compile(r"\s+")
_MASKS = {
    "fr": {"email": "[courriel masqué]", "phone": "[numéro masqué]", "handle": "@…"},
    "en": {"email": "[e-mail hidden]", "phone": "[number hidden]", "handle": "@…"},
}


def mask_personal(text: str, allowed_handles: Iterable[str] = (), language: str = "fr") -> str:
    """Mask e-mails, phone numbers and @handles (except brand handles in `allowed_handles`)."""
    masks = _MASKS.get(language, _MASKS["fr"])
    allowed = {h.casefold() for h in allowed_handles}
    text = _EMAIL_RE.sub(masks["email"], text)
    text = _PHONE_RE.sub(
        lambda m: masks["phone"] if sum(c.isdigit() for c in m.group()) >= 8 else m.group(), text
    )
    return _HANDLE_RE.sub(
        lambda m: m.group() if m.group().casefold() in allowed else masks["handle"], text
    )


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """Plain text cut at a word boundary, at most `limit` characters including the ellipsis."""
    text = _SPACE_RE.sub(" ", text or "").strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def post_dicts(
    rows: pd.DataFrame, privacy: Privacy, allowed_handles: Iterable[str] = ()
) -> list[dict[str, object]]:
    """Post dicts for a few selected mention rows (never call this on the whole frame)."""
    handles = tuple(allowed_handles)
    result: list[dict[str, object]] = []
    for row in rows.itertuples(index=False):
        text = mask_personal(row.text or "", handles, privacy.language)
        title = mask_personal(row.title or "", handles, privacy.language)
        result.append(
            {
                "post_id": int(row.post_id),
                "title": title,
                "excerpt": excerpt(text),
                "url": row.url or "",
                "published": pd.Timestamp(row.published).isoformat(),
                "source": row.source,
                "author_display": privacy.display(row.author, row.brand, bool(row.source_named)),
                "sentiment": row.sentiment,
                "engagement": float(row.engagement),
            }
        )
    return result


def brand_handles(config_brands: Iterable[object]) -> tuple[str, ...]:
    """Brand aliases written as @handles: they may stay visible in quotes."""
    return tuple(
        alias
        for brand in config_brands
        for alias in getattr(brand, "aliases", ())
        if alias.startswith("@")
    )
