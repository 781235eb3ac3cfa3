"""Tokenising and normalising short social-media texts.

Every analyser (sentiment, cues, themes, brands) compares words the same way: lower case,
accents stripped (people often type "celesta" for "Célesta"), letters repeated three times or
more collapsed ("géniaaaal"). Keeping that in one module keeps the analysers consistent.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Order matters: URLs and handles before words; emoticons before punctuation.
_TOKEN_RE = re.compile(
    r"""
    (?P<url>https?://\S+|www\.\S+|\bhttp\b)
  | (?P<mention>@\w+)
  | (?P<hashtag>\#\w+)
  | (?P<emoticon>(?<!\w)(?:
        [:;=8xX][-'^o]?[)\]DPp3*]+ | [:;=][-'^o]?[(\[/\\|]+ | <3+ | </3 | \^\^ | \^_\^
        | [xX]D+ | :'\( | T_T | -_- | >:\( | \bmdr+\b | \blol+\b | \bptdr+\b
    )(?!\w))
  | (?P<rating>(?<![\w/.,])(?:[1-9]\d?|0)(?:[.,]5)?/(?:5|10|20)(?![\w/]))
  | (?P<stars>[★☆]*★[★☆]*)
  | (?P<word>\w+(?:-\w+)*['’]?)
  | (?P<punct>[!?]+|\.{2,}|…|[.,;:()\[\]"«»]|\s-\s)
  | (?P<emoji>[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2764\uFE0F]+)
    """,
    re.VERBOSE | re.UNICODE,
)

_ELONGATED_RE = re.compile(r"(\w)\1{2,}")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: `norm` is the comparison form, `raw` what the author typed."""

    kind: str  # word | emoticon | emoji | punct | url | mention | hashtag | rating | stars
    raw: str
    norm: str
    caps: bool = False  # written in capitals (shouting), 3+ letters
    elongated: bool = False  # a letter repeated 3+ times
    rule_norm: str = ""  # `norm` for words and hashtags, "" for symbols: what rules compare


def _fold_char(ch: str) -> str:
    """One (lower-case) character without its accents: NFKD, combining marks dropped."""
    return "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))


class _FoldTable(dict[int, str]):
    """str.translate table that folds any character, filling itself on first sight.

    Folding character by character equals folding the whole text: NFKD decomposes each
    character on its own and only reorders combining marks, which are dropped anyway."""

    def __missing__(self, code: int) -> str:
        plain = _fold_char(chr(code))
        self[code] = plain
        return plain


def _fold_table() -> _FoldTable:
    """Accented Latin letters -> plain ones, precomputed; others are added as they are seen."""
    table = _FoldTable()
    for code in range(0xC0, 0x250):
        ch = chr(code)
        plain = _fold_char(ch.lower())
        if plain != ch:
            table[code] = plain
    table.update({ord("’"): "'", ord("œ"): "oe", ord("æ"): "ae", ord("Œ"): "oe", ord("Æ"): "ae"})
    return table


_FOLD = _fold_table()


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD)


def fold(text: str) -> str:
    """Lower-case and strip accents: the form every comparison uses.

    ASCII folds to itself, so only the runs of other characters (a few per cent of French
    text) go through the table: twice as fast as translating every character."""
    low = text.lower()
    if low.isascii():
        return low
    return _NON_ASCII_RE.sub(_fold_run, low)


@lru_cache(maxsize=200_000)
def _word_token(raw: str) -> Token:
    norm = fold(raw)
    elongated = bool(_ELONGATED_RE.search(norm)) and not norm.isdigit()
    if elongated:
        norm = _ELONGATED_RE.sub(r"\1", norm)
    caps = len(raw) >= 3 and raw.isupper()
    return Token("word", raw, norm, caps, elongated, norm)


def _scan(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        kind = match.lastgroup or "punct"
        raw = match.group()
        if kind == "word":
            tokens.append(_word_token(raw))
        elif kind == "hashtag":
            body = fold(raw[1:])
            tokens.append(Token("hashtag", raw, body, False, False, body))
        elif kind == "emoticon":
            tokens.append(Token("emoticon", raw, fold(raw) if raw[0].isalpha() else raw))
        else:
            tokens.append(Token(kind, raw, raw if kind != "word" else fold(raw)))
    return tuple(tokens)


# Only the " - " token spans whitespace; every other token lies inside one whitespace-separated
# chunk, and the pattern's boundary checks see whitespace and a chunk's ends alike. So a text
# without " - " tokenises as the concatenation of its chunks' tokens, which are memoised.
_SPACED_DASH_RE = re.compile(r"\s-\s")
_CHUNK_CACHE_LIMIT = 100_000
_chunks: dict[str, tuple[Token, ...]] = {}


def tokenize(text: str, *, links: bool = True) -> list[Token]:
    """Split a text into tokens; elisions ("n'", "l'") are words that keep their apostrophe.

    `links=False` leaves out URLs and @mentions (what sentiment reads), at no extra cost."""
    if "-" in text and _SPACED_DASH_RE.search(text):
        scanned = _scan(text)
        return list(scanned if links else _without_links(scanned))
    get = _chunks.get if links else _chunks_without_links.get
    # A comprehension, not a loop of extend(): on a long post this is most of tokenising.
    return [token for chunk in text.split() for token in (get(chunk) or _remember(chunk, links))]


_chunks_without_links: dict[str, tuple[Token, ...]] = {}


def _remember(chunk: str, links: bool) -> tuple[Token, ...]:
    """Scan a chunk not seen yet (or without tokens) and remember it, within a bound."""
    cache = _chunks if links else _chunks_without_links
    found = _scan(chunk) if links else _without_links(_scan(chunk))
    if len(cache) >= _CHUNK_CACHE_LIMIT:
        cache.clear()
    cache[chunk] = found
    return found


def _without_links(tokens: tuple[Token, ...]) -> tuple[Token, ...]:
    return tuple(t for t in tokens if t.kind not in ("url", "mention"))


@lru_cache(maxsize=20_000)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Find `phrase` in folded text on word boundaries ("Orbis" but not "Orbisland")."""
    folded = fold(phrase).strip()
    body = r"\s+".join(re.escape(part) for part in folded.split())
    left = r"(?<![\w@#])" if folded[:1].isalnum() or folded[:1] == "_" else r"(?<!\w)"
    return re.compile(left + body + r"(?!\w)")
