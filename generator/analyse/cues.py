"""Recommendation, advocacy, churn and sponsorship cues, found with explicit patterns.

These drive the ambassador spotlight, so they must be conservative and explainable: each cue
names the phrase that triggered it. A negated recommendation ("je ne recommande pas") is advice
against, never a recommendation. Sponsorship markers are the labels French law requires of paid
influencers (#ad, #sponsorisé, collaboration commerciale, publicité...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
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


def compile_any(patterns: Sequence[str], flags: int = 0) -> re.Pattern[str]:
    """One regex matching any of `patterns` (each kept whole in its own group)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


NEG_RECOMMEND_RE = compile_any(_NEG_RECOMMEND)
RECOMMEND_RE = compile_any(_RECOMMEND)
ADVISE_AGAINST_RE = compile_any(_ADVISE_AGAINST)
LEAVE_RE = compile_any(_LEAVE)
SPONSORED_RE = compile_any(_SPONSORED, re.MULTILINE)

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


# -- Switching brands --------------------------------------------------------------------------
# "Je quitte Fibralis pour Orbis" is bad news for Fibralis and good news for Orbis: a post-level
# "intends to leave" would wrongly make its author a detractor of both. The phrases below find
# the destination (`dst`) and, when stated, the brand left (`src`) in the folded text; which
# brands those stretches name is decided by the caller's brand rules (see `detect_switch`).
_CLAUSE = r"[^.!?;:\n]"  # a stretch inside one sentence
_DST = r"(?P<dst>[^.!?;:,\n]{1,60})"
_SWITCH = [
    # je quitte X pour Y / j'ai résilié X pour aller chez Y / left X for Y
    rf"\b(?:quitt|resili|lach|abandonn)\w*\s+(?P<src>{_CLAUSE}{{1,60}}?)\s+pour\s+"
    rf"(?:(?:aller|passer|partir)\s+(?:chez|a)\s+|rejoindre\s+)?{_DST}",
    rf"\b(?:left|leav\w*|ditch\w*|dump\w*|dropp\w*|quit\w*)\s+(?P<src>{_CLAUSE}{{1,60}}?)"
    rf"\s+for\s+{_DST}",
    # passé(e) de X à Y / migré de X vers Y / switched from X to Y
    rf"\b(?:pass|migr|bascul)\w*\s+de\s+(?:chez\s+)?(?P<src>{_CLAUSE}{{1,40}}?)\s+"
    rf"(?:a|chez|vers)\s+{_DST}",
    rf"\b(?:switch\w*|mov\w*|went|chang\w*|port\w*)\s+(?:over\s+)?from\s+"
    rf"(?P<src>{_CLAUSE}{{1,40}}?)\s+to\s+{_DST}",
    # destination only: je pars chez Y / je vais passer chez Y / je rejoins Y / switching to Y
    rf"\b(?:pars|partir|partirai|passe|passer|passerai|file|filer|aller|vais|parti|partie"
    rf"|passee|alle|allee|retourne|revenu|revenue)\s+chez\s+{_DST}",
    rf"\b(?:rejoins|rejoindre|rejoint)\s+{_DST}",
    rf"\b(?:switch\w*|mov\w*|port\w*)\s+(?:over\s+)?to\s+{_DST}",
]
SWITCH_RES = tuple(re.compile(p) for p in _SWITCH)
DESTINATION_WORDS = 3
_SWITCH_WORDS = (
    "quitt",
    "resili",
    "lach",
    "abandonn",
    "left",
    "leav",
    "ditch",
    "dump",
    "dropp",
    "quit",
    "pass",
    "migr",
    "bascul",
    "switch",
    "mov",
    "went",
    "chang",
    "port",
    "chez",
    "rejoin",
)
# A switch that is denied, asked about or only considered is not one.
_NOT_A_SWITCH_RE = re.compile(
    r"\bne\b|\bn'|\bpas\b|\bjamais\b|\bsi\b|\bhesit\w*|\bpeut[\s-]etre\b|\bpourquoi\b"
    r"|\bnot\b|\bnever\b|\bwon'?t\b|\bdon'?t\b|\bdidn'?t\b|\bif\b|\bshould\b|\bwhether\b"
)
_CLAUSE_START_RE = re.compile(r"[.!?;:,\n][^.!?;:,\n]*$")


@dataclass(frozen=True, slots=True)
class Switch:
    """A customer moving between brands: the brands left, the brand joined, and the phrase."""

    left: tuple[str, ...]
    joined: str
    phrase: str


def _clause_around(folded: str, start: int, end: int) -> tuple[str, str]:
    """The clause's text before the match, and the rest of its sentence after it."""
    before = folded[max(0, start - 80) : start]
    cut = _CLAUSE_START_RE.search(before)
    if cut is not None:
        before = before[cut.start() + 1 :]
    after = re.match(r"[^.!?;\n]*[.!?;\n]?", folded[end:])
    return before, after.group() if after else ""


def detect_switch(
    folded: str,
    brands_in: Callable[[str], Sequence[str]],
    mentioned: Sequence[str],
) -> Switch | None:
    """The first switch between brands the text states, or None.

    `folded`: the text through `text.fold`; `brands_in(stretch)`: the brands a stretch of that
    text names, first named first; `mentioned`: every brand of the post. When only the
    destination is named ("je vais partir chez Orbis"), the brand left is the post's one
    other brand, if it has exactly one. Denials, questions and conditionals ("je ne quitterai
    pas X pour Y", "si je passe chez Y", "... pour Y ?") are not switches.
    """
    folded = " ".join(folded.split())
    if len(mentioned) < 1 or not any(word in folded for word in _SWITCH_WORDS):
        return None
    for regex in SWITCH_RES:
        for m in regex.finditer(folded):
            before, after = _clause_around(folded, m.start(), m.end())
            between = folded[m.start() : m.start("dst")]
            if _NOT_A_SWITCH_RE.search(before + " " + between) or after.rstrip().endswith("?"):
                continue
            # The brand joined opens the destination ("chez Orbis", "pour Orbis Télécom"), not
            # "chez la concurrence de Fibralis".
            destinations = brands_in(" ".join(m.group("dst").split()[:DESTINATION_WORDS]))
            if not destinations:
                continue
            joined = destinations[0]
            if "src" in regex.groupindex:
                left = tuple(b for b in brands_in(m.group("src")) if b != joined)
            else:
                others = tuple(dict.fromkeys(b for b in mentioned if b != joined))
                left = others if len(others) == 1 else ()
            if left:
                return Switch(left=left, joined=joined, phrase=m.group().strip())
    return None


# -- Opinion in news ---------------------------------------------------------------------------
# A news article is factual unless it carries the writer's own voice: an exclamation, the first
# person singular, an explicit verdict or recommendation. Used by the news prior (analyse).
_OPINION = [
    r"!",
    r"\bje\b|\bj'|\bmoi\b",
    r"\bnotre\s+avis\b|\ba\s+notre\s+avis\b|\bselon\s+nous\b|\bon\s+a\s+(?:aime|adore|deteste)\b",
    r"\bverdict\b|\beditorial\b|\bchronique\b|\btribune\b|\bcoup\s+de\s+(?:gueule|coeur)\b",
    r"\bscandal\w*|\bhonteu\w*|\binadmissible\b|\binacceptable\b|\blamentable\b",
    r"\bi\b|\bi'm\b|\bmy\b|\bour\s+(?:verdict|view|take)\b|\bin\s+our\s+view\b|\bopinion\b",
]
OPINION_RE = re.compile("|".join(f"(?:{p})" for p in _OPINION))


def opinion_cue(folded: str) -> str | None:
    """The first sign of the writer's own opinion in a (folded) text, or None."""
    found = OPINION_RE.search(folded)
    return found.group() if found else None
