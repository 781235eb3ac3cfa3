"""Recommendation, advocacy, churn and sponsorship cues, found with explicit patterns.

These drive the ambassador spotlight, so they must be conservative and explainable: each cue
names the phrase that triggered it. A negated recommendation ("je ne recommande pas") is advice
against, never a recommendation. Sponsorship markers are the labels French law requires of paid
influencers (#ad, #sponsorisé, collaboration commerciale, publicité...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.analyse.text import fold

_OBJ = r"(?:(?:vous|te|le|la|les|l'|lui|leur)\s*)*"
_NEG_RECOMMEND = [
    rf"\bje\s+ne\s+{_OBJ}(?:recommande|conseille)\w*\s+(?:pas|plus|jamais|a\s+personne|absolument\s+pas)\b",
    rf"\bje\s+{_OBJ}(?:recommande|conseille)\w*\s+pas\b",
    r"\b(?:pas|plus|jamais|aucunement)\s+(?:du\s+tout\s+)?(?:a\s+)?recommand\w*",
    r"\bje\s+ne\s+peux\s+pas\s+recommander\b",
    r"\b(?:don'?t|do\s+not|would\s+not|wouldn'?t|can'?t|cannot|never)\s+recommend\w*",
    r"\bnot\s+recommended\b",
]
_RECOMMEND = [
    rf"\bje\s+{_OBJ}(?:recommande|conseille)\w*\b",
    r"\bj'(?:le\s+|la\s+)?(?:ai\s+)?recommande\w*",
    r"\b(?:a|à)\s+recommander\b",
    r"\brecommande\s+(?:vivement|fortement|chaudement|les\s+yeux\s+fermes)\b",
    r"\bfoncez\b",
    r"\ballez[\s-]y\b",
    r"\bn'hesitez\s+pas\b",
    r"\bje\s+ne\s+regrette\s+pas\b",
    r"\b(?:i|we)\s+(?:highly\s+|strongly\s+|totally\s+)?recommend\b",
    r"\bhighly\s+recommended\b",
    r"\bgo\s+for\s+it\b",
]
_ADVISE_AGAINST = [
    r"\b(?:a|à)\s+fuir\b",
    r"\bfuyez\b",
    r"\bje\s+(?:vous\s+)?deconseille\w*",
    r"\bdeconseille\w*",
    r"\bne\s+prenez\s+(?:pas|surtout\s+pas|jamais)\b",
    r"\bn'allez\s+(?:pas|surtout\s+pas|jamais)\b",
    r"\bevitez\b",
    r"\bpassez\s+votre\s+chemin\b",
    r"\bstay\s+away\b",
    r"\bavoid\s+(?:at\s+all\s+costs|them|this|it)\b",
    r"\bdon'?t\s+buy\b",
]
_LEAVE = [
    r"\bje\s+(?:vais\s+|veux\s+|compte\s+)?resilie\w*",
    r"\bj'ai\s+resilie\w*",
    r"\bje\s+resilie\b",
    r"\bje\s+(?:vais\s+|veux\s+)?(?:partir|passer|aller)\s+chez\b",
    r"\bje\s+pars\s+chez\b",
    r"\bje\s+(?:vais\s+)?(?:quitter|quitte)\b",
    r"\bje\s+(?:vais\s+)?change\w*\s+d'(?:operateur|fournisseur|banque|assureur)",
    r"\bbye\s+bye\b",
    r"\badieu\b",
    r"\b(?:i'?m|i\s+am)\s+(?:switching|leaving|cancell?ing)\b",
    r"\b(?:cancell?ed|cancell?ing)\s+my\s+(?:subscription|contract|account|plan)\b",
    r"\bswitching\s+to\b",
]
_SPONSORED = [
    r"(?<![\w#])#(?:ad|ads|pub|sponso\w*|sponsored|partenariat\w*|collab\w*|publicite|paid"
    r"|spon|gifted|partnership|annonce)\b",
    r"\bcollaboration\s+commerciale\b",
    r"\bpartenariat\s+(?:remunere|commercial|avec)\b",
    r"\ben\s+partenariat\s+avec\b",
    r"\bsponsorise\w*\s+par\b",
    r"\bcontenu\s+sponsorise\b",
    # "Publicité" is the legal label only where it stands as a label ("[Publicité]",
    # "Publicité :" or alone on a line); "publicité mensongère" is a complaint, not a disclosure.
    r"(?:^|[\[(|])[ \t]*publicite[ \t]*(?:[\]):|-]|$)",
    r"\bpaid\s+partnership\b",
    r"\bsponsored\s+by\b",
]


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


NEG_RECOMMEND_RE = _compile(_NEG_RECOMMEND)
RECOMMEND_RE = _compile(_RECOMMEND)
ADVISE_AGAINST_RE = _compile(_ADVISE_AGAINST)
LEAVE_RE = _compile(_LEAVE)
SPONSORED_RE = re.compile("|".join(f"(?:{p})" for p in _SPONSORED), re.MULTILINE)

# Every match of a pattern contains one of its words, so a text holding none of them is not
# searched at all (a substring test is far cheaper than the regex). Keep these in step with
# the patterns above; tests/test_analyse_cues.py checks each pattern's examples.
_NEG_RECOMMEND_WORDS = ("recommand", "conseill", "recommend")
_RECOMMEND_WORDS = (
    *_NEG_RECOMMEND_WORDS,
    "foncez",
    "allez",
    "hesitez",
    "regrette",
    "for",
)
_ADVISE_AGAINST_WORDS = (
    "fuir",
    "fuyez",
    "deconseille",
    "prenez",
    "allez",
    "evitez",
    "chemin",
    "stay",
    "avoid",
    "buy",
)
_LEAVE_WORDS = (
    "resilie",
    "chez",
    "quitte",
    "change",
    "bye",
    "adieu",
    "switching",
    "leaving",
    "cancel",
)
_SPONSORED_WORDS = ("#", "collaboration", "partenariat", "sponsor", "publicite", "paid")


def _search(regex: re.Pattern[str], words: tuple[str, ...], text: str) -> re.Match[str] | None:
    for word in words:
        if word in text:
            return regex.search(text)
    return None


@dataclass(frozen=True, slots=True)
class Cues:
    recommends: bool
    advises_against: bool
    intends_to_leave: bool
    sponsored: bool
    explanation: tuple[str, ...]


def detect_cues(text: str, folded: str | None = None) -> Cues:
    """Find the cues in a text (French and English patterns, accent-insensitive).

    `folded`: the text already passed through `text.fold`, to save doing it twice."""
    folded = " ".join((fold(text) if folded is None else folded).split())
    notes: list[str] = []
    negated = (
        [m.group() for m in NEG_RECOMMEND_RE.finditer(folded)]
        if any(word in folded for word in _NEG_RECOMMEND_WORDS)
        else []
    )
    masked = NEG_RECOMMEND_RE.sub(" ", folded) if negated else folded
    recommend = _search(RECOMMEND_RE, _RECOMMEND_WORDS, masked)
    against = _search(ADVISE_AGAINST_RE, _ADVISE_AGAINST_WORDS, masked)
    leave = _search(LEAVE_RE, _LEAVE_WORDS, folded)
    sponsored = _search(SPONSORED_RE, _SPONSORED_WORDS, folded)
    for phrase in negated:
        notes.append(f"advises against: negated recommendation {phrase!r}")
    if against:
        notes.append(f"advises against: {against.group()!r}")
    if recommend:
        notes.append(f"recommends: {recommend.group()!r}")
    if leave:
        notes.append(f"intends to leave: {leave.group()!r}")
    if sponsored:
        notes.append(f"sponsored: {sponsored.group()!r}")
    return Cues(
        recommends=bool(recommend),
        advises_against=bool(negated or against),
        intends_to_leave=bool(leave),
        sponsored=bool(sponsored),
        explanation=tuple(notes),
    )
