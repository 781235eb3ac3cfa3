"""How two author names compare: one rule for exclusion, consent, staff and pseudonyms alike.

Feeds are written by strangers: a zero-width space, a full-width letter or a doubled blank must
not let an excluded author back onto the site, nor give one person two pseudonyms. Names are
compared after Unicode NFKC normalisation, removal of invisible (format and control)
characters, whitespace folding and case folding.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# Format (zero-width, bidi marks), control, surrogate, private-use and unassigned characters.
_INVISIBLE = frozenset({"Cf", "Cc", "Cs", "Co", "Cn"})


@lru_cache(maxsize=65536)
def author_key(name: str | None) -> str:
    """The comparison form of an author name ('' for no name)."""
    text = unicodedata.normalize("NFKC", name or "")
    # Whitespace first (tabs and newlines are control characters too), then the invisible rest.
    text = " ".join(text.split())
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE)
    return unicodedata.normalize("NFKC", " ".join(text.split()).casefold())


def author_keys(names: Iterable[str | None]) -> list[str]:
    """author_key of many names, each distinct name worked out once (a month of a busy
    store holds more distinct authors than author_key's cache)."""
    values = list(names)
    keys = {name: author_key(name) for name in dict.fromkeys(values)}
    return [keys[name] for name in values]
