"""Quotes: the only shape in which individual posts leave aggregate.

A quote on a public page must not leak more than needed: the excerpt is short, cut at a word
boundary, and e-mail addresses, phone numbers and @handles of private persons are masked.
The author appears only through `author_display` (a pseudonym unless consent was given).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import fields
from functools import lru_cache
from typing import Any
from urllib.parse import unquote

import pandas as pd

from generator import placeholders
from generator.aggregate.privacy import Privacy
from generator.records import Quote

EXCERPT_LENGTH = 280
POST_DICT_KEYS = tuple(f.name for f in fields(Quote))

_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_RE = re.compile(r"(?<!\w)(?:\+\d{1,3}[\s.-]?)?(?:\(?\d{1,4}\)?[\s.-]?){3,6}\d{2,4}(?!\w)")
_HANDLE_RE = re.compile(r"(?<!\w)@\w+")
_SPACE_RE = re.compile(r"\s+")
_HANDLE_MASK = "@…"


def mask_personal(text: str, allowed_handles: Iterable[str] = ()) -> str:
    """Mask e-mails, phone numbers and @handles (except brand handles in `allowed_handles`).

    E-mails and numbers become placeholders that render words in the site's language.
    """
    allowed = {h.casefold() for h in allowed_handles}
    text = _EMAIL_RE.sub(placeholders.EMAIL, text)
    text = _PHONE_RE.sub(
        lambda m: placeholders.PHONE if sum(c.isdigit() for c in m.group()) >= 8 else m.group(),
        text,
    )
    return _HANDLE_RE.sub(
        lambda m: m.group() if m.group().casefold() in allowed else _HANDLE_MASK, text
    )


_WORD_RE = re.compile(r"\w[\w.'’-]*\w|\w")


@lru_cache(maxsize=8)
def first_words(names: frozenset[str]) -> frozenset[str]:
    """First word of every name: a text without any of them needs no further look."""
    return frozenset(name.split()[0] for name in names if name.split())


def mask_names(text: str, names: frozenset[str], mask: str, max_words: int = 3) -> str:
    """Replace any known author name (1 to `max_words` words, case-insensitive) by `mask`.

    Quotes often greet or cite other members ("Bonjour Marc_D", "proposé par u/Thomas_G"):
    those are private persons too, so the names of the corpus's authors are masked.
    """
    if not names or not text:
        return text
    words = list(_WORD_RE.finditer(text))
    firsts = first_words(names)
    if not any(w.group().casefold() in firsts for w in words):
        return text  # the usual case: no name at all, decided in one pass
    out: list[str] = []
    last = i = 0
    while i < len(words):
        found = 0
        for k in range(min(max_words, len(words) - i), 0, -1):
            if text[words[i].start() : words[i + k - 1].end()].casefold() in names:
                found = k
                break
        if found:
            out += [text[last : words[i].start()], mask]
            last = words[i + found - 1].end()
            i += found
        else:
            i += 1
    out.append(text[last:])
    return "".join(out)


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


def hide_author(text: str, author: str, shown: str) -> str:
    """Replace the author's own name (a signature, a handle) by what the page shows."""
    name = author.strip().lower()
    low = text.lower()
    if len(name) < 3 or name not in low:
        return text
    if len(low) != len(text):  # rare letters whose lower case changes length
        return re.sub(re.escape(author.strip()), shown, text, flags=re.IGNORECASE)
    out, last = [], 0
    at = low.find(name)
    while at >= 0:
        out += [text[last:at], shown]
        last = at + len(name)
        at = low.find(name, last)
    out.append(text[last:])
    return "".join(out)


def reveals_author(url: str, author: str) -> bool:
    """True when a link's address carries the author's name (e.g. https://x.example/@Julie_M/1)."""
    name = author.strip().casefold()
    return len(name) >= 3 and name in unquote(url).casefold()


def post_quotes(
    rows: pd.DataFrame,
    privacy: Privacy,
    allowed_handles: Iterable[str] = (),
    shown_as: Sequence[tuple[str, bool]] | None = None,
) -> list[Quote]:
    """Quotes of a few selected mention rows (never call this on the whole frame).

    `shown_as` gives, per row, the (display name, named) under which the author is listed
    elsewhere on the page, so a quote never shows a name behind a pseudonym. For authors who
    are not named, their own name is replaced in the text and a link whose address contains
    it is left out (the page would otherwise reveal who hides behind the pseudonym). Names of
    other authors of the corpus are masked (see `mask_names`).
    """
    handles = tuple(allowed_handles)
    result: list[Quote] = []
    needed = ["post_id", "brand", "author", "source_named", "title", "text", "url"]
    needed += ["published", "source", "sentiment", "engagement"]
    needed += ["origin"] if "origin" in rows.columns else []
    records: Iterable[Any] = rows[needed].itertuples(index=False)  # plain tuples of cells
    for i, row in enumerate(records):
        author = row.author or ""
        if shown_as is None:
            named = privacy.is_named(author, bool(row.source_named))
            shown = privacy.display(author, row.brand, bool(row.source_named))
        else:
            shown, named = shown_as[i]
        text = row.text or ""
        title = row.title or ""
        url = row.url or ""
        if not named:
            text = hide_author(text, author, shown)
            title = hide_author(title, author, shown)
            if reveals_author(url, author):
                url = ""
        text = mask_names(text, privacy.corpus_names, privacy.name_mask, privacy.name_words)
        title = mask_names(title, privacy.corpus_names, privacy.name_mask, privacy.name_words)
        result.append(
            Quote(
                post_id=int(row.post_id),
                title=mask_personal(title, handles),
                excerpt=excerpt(mask_personal(text, handles)),
                url=url,
                published=pd.Timestamp(row.published).isoformat(),
                source=row.source,
                author_display=shown,
                sentiment=row.sentiment,
                engagement=float(row.engagement),
                origin=getattr(row, "origin", "earned"),
            )
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
