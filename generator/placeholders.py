"""Language-neutral placeholders that aggregate leaves in text and render puts into words.

Aggregate masks private details in quotes and labels authors without knowing the site's
language; render replaces each placeholder by its wording. A placeholder is a name between two
private-use characters, which no feed can forge: `strip` removes them from collected text
before any placeholder is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

OPEN = "\ue000"
CLOSE = "\ue001"

Kind = Literal["name", "email", "phone", "anonymous", "pseudonym"]

NAME = f"{OPEN}name{CLOSE}"
EMAIL = f"{OPEN}email{CLOSE}"
PHONE = f"{OPEN}phone{CLOSE}"
ANONYMOUS = f"{OPEN}anonymous{CLOSE}"

_PLACEHOLDER_RE = re.compile(
    f"{OPEN}(name|email|phone|anonymous|pseudonym)(?::([0-9A-F]+))?{CLOSE}"
)
_MARKS = str.maketrans("", "", OPEN + CLOSE)


def pseudonym(code: str) -> str:
    """The placeholder of a pseudonym whose visible code is `code` (upper-case hex)."""
    return f"{OPEN}pseudonym:{code}{CLOSE}"


def strip(text: str) -> str:
    """Collected text without the placeholder marks (so it cannot carry a placeholder)."""
    return text.translate(_MARKS) if OPEN in text or CLOSE in text else text


def resolve(text: str, words: Callable[[Kind, str], str]) -> str:
    """Replace every placeholder by `words(kind, argument)`."""
    if OPEN not in text:
        return text
    return _PLACEHOLDER_RE.sub(lambda m: words(m.group(1), m.group(2) or ""), text)  # type: ignore[arg-type]
