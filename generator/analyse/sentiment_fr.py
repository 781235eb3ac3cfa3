"""French sentiment by lexicon and rules, so that every score can say why it is what it is.

A post's score is the sum of its opinion words (see `lexicon_fr`), each adjusted by the rules
people actually use: negation ("ne ... pas", "pas du tout", "aucun", informal "j'aime pas"),
intensifiers and attenuators ("très", "un peu", "pas très"), contrast (after "mais" the clause
counts more), capitals, elongated words, exclamation marks, emoji and emoticons. The sum is
squashed into -1..1 and cut into three classes by two thresholds. The explanation lists each
word that moved the score and each rule that changed it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from generator.analyse.lexicon_fr import ATTENUATORS, INTENSIFIERS, Lexicon, default_lexicon
from generator.analyse.text import Token, tokenize

EMOTICONS: dict[str, float] = {
    ":)": 0.6,
    ":-)": 0.6,
    ":]": 0.5,
    "=)": 0.6,
    ":d": 0.8,
    ":-d": 0.8,
    "xd": 0.6,
    ";)": 0.5,
    ";-)": 0.5,
    ":p": 0.4,
    ":-p": 0.4,
    "<3": 0.8,
    "^^": 0.5,
    "^_^": 0.6,
    ":*": 0.6,
    "mdr": 0.1,
    "lol": 0.1,
    "ptdr": 0.1,
    ":(": -0.6,
    ":-(": -0.6,
    ":'(": -0.7,
    ":/": -0.4,
    ":-/": -0.4,
    ":\\": -0.4,
    ":|": -0.2,
    "</3": -0.7,
    "t_t": -0.6,
    "-_-": -0.4,
    ">:(": -0.8,
    ":[": -0.5,
}
EMOJI: dict[str, float] = {
    "😀": 0.6,
    "😃": 0.6,
    "😄": 0.6,
    "😁": 0.6,
    "😆": 0.5,
    "😂": 0.4,
    "🤣": 0.4,
    "😊": 0.7,
    "🙂": 0.4,
    "😉": 0.4,
    "😍": 0.9,
    "🥰": 0.9,
    "😘": 0.7,
    "😎": 0.5,
    "🤩": 0.8,
    "👍": 0.6,
    "👌": 0.6,
    "👏": 0.7,
    "🙏": 0.4,
    "💪": 0.5,
    "🎉": 0.7,
    "🥳": 0.7,
    "✨": 0.3,
    "⭐": 0.4,
    "🌟": 0.5,
    "❤": 0.8,
    "💙": 0.7,
    "💚": 0.7,
    "💜": 0.7,
    "💛": 0.7,
    "🧡": 0.7,
    "💖": 0.8,
    "💯": 0.6,
    "🔥": 0.3,
    "✅": 0.4,
    "😞": -0.6,
    "😔": -0.5,
    "😟": -0.5,
    "😕": -0.4,
    "🙁": -0.5,
    "☹": -0.6,
    "😢": -0.6,
    "😭": -0.6,
    "😩": -0.6,
    "😫": -0.6,
    "😤": -0.6,
    "😠": -0.8,
    "😡": -0.9,
    "🤬": -0.9,
    "👎": -0.7,
    "💩": -0.7,
    "🤮": -0.8,
    "🤢": -0.7,
    "😱": -0.5,
    "😒": -0.5,
    "🙄": -0.5,
    "😑": -0.3,
    "😐": -0.1,
    "💔": -0.7,
    "❌": -0.3,
    "⚠": -0.3,
    "🤦": -0.6,
    "😬": -0.3,
    "🐌": -0.5,
}

NE = frozenset({"ne", "n'"})
# Second parts of "ne ... X" and negators that work alone (spoken French drops "ne").
NE_PARTNERS = frozenset(
    {"pas", "plus", "jamais", "rien", "guere", "point", "aucun", "aucune", "personne", "nullement"}
)
SOLO_NEGATORS = frozenset({"pas", "jamais", "aucun", "aucune", "sans", "ni", "nullement", "guere"})
NEGATING = NE | NE_PARTNERS | SOLO_NEGATORS  # a phrase holding one carries its own negation
CONTRAST = frozenset(
    {"mais", "pourtant", "cependant", "toutefois", "neanmoins", "heureusement", "sinon"}
)
CONTRAST_PAIRS = frozenset({("par", "contre"), ("en", "revanche"), ("sauf", "que")})
SENTENCE_END = frozenset({".", "...", "…", ";"})
CLAUSE_END = frozenset({".", ";", ",", "...", "…", "(", ")", ":", '"', "«", "»", " - "})


@dataclass(frozen=True, slots=True)
class Params:
    """The rule weights; `evaluate --tune` searches the thresholds on a tuning split only."""

    negation_positive: float = -0.75  # "pas bon": a negated praise becomes a complaint
    negation_negative: float = -0.5  # "pas mauvais": a negated complaint is faint praise
    negation_window: int = 3  # words after the negator that it reaches
    before_contrast: float = 0.5
    after_contrast: float = 1.5
    caps: float = 1.3
    elongated: float = 1.3
    exclamation: float = 0.15  # per "!" up to three
    question: float = 0.3  # opinion words in a question count less
    alpha: float = 1.0  # squashing: score = s / sqrt(s² + alpha)
    positive_threshold: float = 0.1
    negative_threshold: float = -0.1


DEFAULT_PARAMS = Params()


@dataclass(frozen=True, slots=True)
class Sentiment:
    label: str  # positive | neutral | negative
    score: float  # -1..1
    explanation: tuple[str, ...]


@dataclass(slots=True)
class _Hit:
    index: int
    raw: str
    value: float
    reasons: list[str]


def label_for(score: float, params: Params = DEFAULT_PARAMS) -> str:
    if score >= params.positive_threshold:
        return "positive"
    if score <= params.negative_threshold:
        return "negative"
    return "neutral"


class FrenchSentiment:
    """Score French texts. `phrase_rules` map a folded word tuple to (polarity, why)."""

    def __init__(self, lexicon: Lexicon | None = None, params: Params = DEFAULT_PARAMS) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.params = params
        self._cache: dict[str, tuple[float, str] | None] = {}
        by_first: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        for key, value in sorted(self.lexicon.phrases.items(), key=lambda kv: -len(kv[0])):
            by_first.setdefault(key[0], []).append((key, value))
        self._phrases_by_first = by_first
        # "#bonnenouvelle" is the phrase "bonne nouvelle" written as a hashtag.
        self._hashtag_phrases = {"".join(k): v for k, v in self.lexicon.phrases.items() if v}
        self._borrowed = self.lexicon.borrowed

    def _lookup(self, norm: str) -> tuple[float, str] | None:
        try:
            return self._cache[norm]
        except KeyError:
            found = self.lexicon.lookup(norm)
            if len(self._cache) < 500_000:
                self._cache[norm] = found
            return found

    def _phrase_at(
        self,
        norms: list[str],
        i: int,
        rules: Mapping[tuple[str, ...], tuple[float, str]] | None,
    ) -> tuple[int, float, str] | None:
        """Longest phrase starting at word i: (length, polarity, why); rules beat the lexicon."""
        if rules:
            for key in sorted(rules, key=len, reverse=True):
                if key[0] == norms[i] and tuple(norms[i : i + len(key)]) == key:
                    value, why = rules[key]
                    return len(key), value, why
        candidates = self._phrases_by_first.get(norms[i])
        if candidates:
            for key, value in candidates:
                if tuple(norms[i : i + len(key)]) == key:
                    return len(key), value, "phrase"
        return None

    def score(
        self,
        text: str,
        phrase_rules: Mapping[tuple[str, ...], tuple[float, str]] | None = None,
        *,
        explain: bool = True,
    ) -> Sentiment:
        p = self.params
        tokens = [t for t in tokenize(text) if t.kind not in ("url", "mention")]
        words = [t for t in tokens if t.kind in ("word", "hashtag")]
        shouting = bool(words) and sum(t.caps for t in words) > 0.6 * len(words)
        norms = [t.norm if t.kind in ("word", "hashtag") else "" for t in tokens]
        hits: list[_Hit] = []
        notes: list[str] = []
        neg_until, neg_word = -1, ""
        boost, boost_until, boost_word = 1.0, -1, ""
        ne_open = False
        contrast_at, contrast_word = -1, ""
        exclamations = 0
        sentence_hits = 0  # hits before this index belong to earlier sentences
        n = len(tokens)
        i = 0
        while i < n:
            tok = tokens[i]
            kind = tok.kind
            if kind == "punct":
                exclamations += tok.raw.count("!")
                if "?" in tok.raw and "!" not in tok.raw:
                    # "Est-ce que la 5G fonctionne ?" asks, it does not praise.
                    for hit in hits[sentence_hits:]:
                        hit.value *= p.question
                        hit.reasons.append(f"question ×{p.question:g}")
                if tok.raw in SENTENCE_END or tok.raw[0] in "!?.":
                    sentence_hits = len(hits)
                if tok.raw in CLAUSE_END or tok.raw[0] in "!?.":
                    neg_until, ne_open, boost_until = -1, False, -1
                i += 1
                continue
            if kind in ("emoticon", "emoji"):
                self._emotion(tok, i, hits)
                i += 1
                continue
            norm = norms[i]
            phrase = self._phrase_at(norms, i, phrase_rules) if norm else None
            if phrase is not None:
                length, value, why = phrase
                raw = " ".join(t.raw for t in tokens[i : i + length])
                if value != 0.0:
                    reasons = [why]
                    if i <= neg_until and not NEGATING.intersection(norms[i : i + length]):
                        value *= p.negation_positive if value > 0 else p.negation_negative
                        reasons.append(f"negated by {neg_word!r}")
                    hits.append(_Hit(i, raw, value, reasons))
                elif why != "phrase":
                    notes.append(f"{raw!r} neutral ({why})")
                last = i + length - 1
                if norms[last] in SOLO_NEGATORS or norms[last] in NE_PARTNERS:
                    # "toujours pas rétabli": the phrase's negator still reaches what follows.
                    neg_until, neg_word = last + p.negation_window, raw
                i += length
                continue
            nxt = norms[i + 1] if i + 1 < n else ""
            # Negation.
            if norm in NE:
                partner = self._ne_partner(norms, i)
                if partner is not None:
                    neg_until, neg_word = partner + p.negation_window, f"ne … {norms[partner]}"
                    ne_open = True
                i += 1
                continue
            if norm == "pas" and nxt in ("tres", "trop", "vraiment", "si", "assez", "super"):
                boost, boost_until, boost_word = -0.5, i + 3, f"pas {nxt}"
                neg_until = -1  # the negation is inside the -0.5: do not flip twice
                i += 2
                continue
            if norm in SOLO_NEGATORS or (norm in NE_PARTNERS and ne_open):
                if norm == "pas" and nxt == "du" and i + 2 < n and norms[i + 2] == "tout":
                    neg_until, neg_word = i + 2 + p.negation_window, "pas du tout"
                    i += 3
                    continue
                if not ne_open and norm in ("pas", "jamais") and hits and hits[-1].index == i - 1:
                    # Spoken French: "j'aime pas", "ça marche jamais".
                    self._negate(hits[-1], norm)
                if i > neg_until:
                    neg_until, neg_word = i + p.negation_window, norm
                i += 1
                continue
            # Contrast.
            if norm in CONTRAST or (norm, nxt) in CONTRAST_PAIRS:
                contrast_at, contrast_word = i, norm if norm in CONTRAST else f"{norm} {nxt}"
                neg_until, ne_open = -1, False
                i += 1 if norm in CONTRAST else 2
                continue
            # Intensifiers and attenuators modify the next opinion word.
            if norm == "un" and nxt == "peu":
                boost, boost_until, boost_word = ATTENUATORS["un peu"], i + 3, "un peu"
                i += 2
                continue
            factor = INTENSIFIERS.get(norm) or ATTENUATORS.get(norm)
            if factor is not None and nxt and self._lookup(nxt) is not None:
                boost, boost_until, boost_word = factor, i + 2, tok.raw
                i += 1
                continue
            found = self._lookup(norm) if norm else None
            if found is None and kind == "hashtag" and norm in self._hashtag_phrases:
                found = (self._hashtag_phrases[norm], "phrase")
            if (
                found is not None
                and norm in self._borrowed
                and tok.raw[:1].isupper()
                and not tok.caps
                and i > 0
                and tokens[i - 1].kind != "punct"
            ):
                found = None  # "Royal", "Grand Paris": a capitalised adjective is likely a name
            if found is not None and found[0] != 0.0:
                value, entry = found
                reasons = ["lexicon" if entry == norm else f"lexicon {entry}"]
                if tok.caps and not shouting:
                    value *= p.caps
                    reasons.append(f"capitals ×{p.caps:g}")
                if tok.elongated:
                    value *= p.elongated
                    reasons.append(f"elongated ×{p.elongated:g}")
                if i <= boost_until:
                    value *= boost
                    reasons.append(f"{boost_word!r} ×{boost:g}")
                hit = _Hit(i, tok.raw, value, reasons)
                if i <= neg_until:
                    self._negate(hit, neg_word)
                hits.append(hit)
            i += 1
        return self._finish(hits, notes, contrast_at, contrast_word, exclamations, explain)

    def _emotion(self, tok: Token, i: int, hits: list[_Hit]) -> None:
        if tok.kind == "emoticon":
            value = EMOTICONS.get(tok.norm.lower())
            if value is not None:
                hits.append(_Hit(i, tok.raw, value, ["emoticon"]))
            return
        total, seen = 0.0, []
        for ch in tok.raw:
            value = EMOJI.get(ch)
            if value is not None:
                total += value
                seen.append(ch)
        if seen:
            # Repeated emoji add up, with diminishing returns.
            total = math.copysign(min(abs(total), 1.5), total)
            hits.append(_Hit(i, "".join(seen), total, ["emoji"]))

    @staticmethod
    def _ne_partner(norms: list[str], i: int) -> int | None:
        """Index of the "pas/plus/jamais..." that completes "ne", or None ("ne ... que")."""
        for j in range(i + 1, min(i + 6, len(norms))):
            if norms[j] in NE_PARTNERS:
                return j
            if norms[j] == "que" or norms[j] == "":
                return None
        return None

    def _negate(self, hit: _Hit, negator: str) -> None:
        p = self.params
        hit.value *= p.negation_positive if hit.value > 0 else p.negation_negative
        hit.reasons.append(f"negated by {negator!r}")

    def _finish(
        self,
        hits: list[_Hit],
        notes: list[str],
        contrast_at: int,
        contrast_word: str,
        exclamations: int,
        explain: bool,
    ) -> Sentiment:
        p = self.params
        total = 0.0
        for hit in hits:
            if contrast_at >= 0:
                if hit.index < contrast_at:
                    hit.value *= p.before_contrast
                    hit.reasons.append(f"before {contrast_word!r} ×{p.before_contrast:g}")
                else:
                    hit.value *= p.after_contrast
                    hit.reasons.append(f"after {contrast_word!r} ×{p.after_contrast:g}")
            total += hit.value
        boost = 1.0 + p.exclamation * min(exclamations, 3)
        if total and exclamations:
            total *= boost
        score = total / math.sqrt(total * total + p.alpha) if total else 0.0
        label = label_for(score, p)
        if not explain:
            return Sentiment(label, score, ())
        lines = [f"{h.raw!r} {h.value:+.2f} ({', '.join(h.reasons)})" for h in hits]
        lines.extend(notes)
        if total and exclamations:
            lines.append(f"{'!' * min(exclamations, 3)} ×{boost:g}")
        if not hits:
            lines.append("no opinion word found")
        lines.append(f"score {score:+.2f} → {label}")
        return Sentiment(label, score, tuple(lines))
