"""Customer-care cues: is a post a question, does a customer thank whoever answered?

The care KPIs (generator/aggregate/care.py) count questions received and customers who thank
after a reply. Both must stay conservative and explainable, like the other cues (cues.py):
explicit French-first patterns on the folded text (lower case, accents stripped). A negated
or sarcastic thank ("toujours pas résolu", "merci pour rien", "pas top") is no thanks, and a
polite request ("merci de me rappeler", "merci d'avance") is not a thank either.
"""

from __future__ import annotations

import re

import pandas as pd

from generator import placeholders
from generator.analyse.cues import compile_any
from generator.analyse.text import fold
from generator.sanitize import strip_boilerplate

_QUESTION = [
    r"\?",
    r"\b(?:comment|pourquoi|quand|combien|ou)\s+(?:est[\s-]ce|faire|puis[\s-]je|je\s+peux"
    r"|on\s+peut|fait[\s-]on|activer|resilier|changer)\b",
    r"\best[\s-]ce\s+que?\b",
    r"\b(?:quelqu'un|qqn|qq1)\s+(?:sait|saurait|a|aurait|peut|pourrait|connait)\b",
    r"\b(?:savez|pouvez|pourriez)[\s-]vous\b",
    r"\bune\s+idee\b",
    r"\bbesoin\s+d'(?:aide|un\s+coup\s+de\s+main)\b",
    r"\baidez[\s-]moi\b",
    r"\bhelp\b",
    r"\b(?:anyone|does\s+anybody|does\s+anyone)\s+(?:know|have|else)\b",
    r"\bhow\s+(?:do|can|to)\b",
]
_THANKS = [
    r"\bmerci+\b",
    r"\bthanks?\b",
    r"\bthank\s+you\b",
    r"\bthx\b",
    r"\bresolu\b",
    r"\b(?:c'est|probleme|souci|tout\s+est)\s+regle\b",
    r"\bca\s+(?:marche|fonctionne|remarche|refonctionne)\b",
    r"\b(?:au\s+)?top\b",
    r"\bnickel\b",
    r"\bparfait\b",
    r"\bimpeccable\b",
    r"\bsolved\b",
    r"\bit\s+works\b",
    r"\U0001F64F|\U0001F44D",  # folded hands, thumbs up
]
# Matched first and blanked out: what looks like thanks but is not.
_NOT_THANKS = [
    # "merci de me rappeler", "merci d'avance" ask; "merci de votre aide", "merci d'avoir
    # répondu" thank.
    r"\bmerci+\s+(?:de\s+(?!(?:votre|vos|ton|ta|tes|la|le|l'|les|cette|ce|ces|m'avoir"
    r"|nous\s+avoir|avoir)\b)|d'(?!avoir\b)|par\s+avance|du\s+rien)",
    r"\bmerci+\s+(?:[\w@]+\s+){0,3}pour\s+rien\b",
    r"\bnon\s+merci\b",
    r"\bno\s+thanks?\b",
    r"\bthanks?\s+for\s+nothing\b",
    r"\b(?:pas|plus|jamais|toujours\s+pas|non|rien\s+de|not|never)\s+(?:\w+\s+)?"
    r"(?:top|resolu|regle|parfait|nickel|impeccable|solved)\b",
    r"\bca\s+(?:ne\s+)?(?:marche|fonctionne|remarche|refonctionne)\s+(?:toujours\s+)?"
    r"(?:pas|plus|jamais)\b",
    r"\bca\s+ne\s+(?:marche|fonctionne)\b",
    r"\bit\s+(?:still\s+)?(?:doesn'?t|does\s+not)\s+work\b",
]


QUESTION_RE = compile_any(_QUESTION)
_LINK_RE = re.compile(r"https?://\S+|www\.\S+")  # "?" in a link's query string asks nothing
THANKS_RE = compile_any(_THANKS)
NOT_THANKS_RE = compile_any(_NOT_THANKS)


def asks(text: str) -> bool:
    """The post asks something: a question mark or a question or help phrase."""
    return QUESTION_RE.search(_LINK_RE.sub(" ", fold(text))) is not None


def post_asks(text: str) -> bool:
    """`asks` of a stored post's text as a build reads it (platform boilerplate and
    placeholder marks removed): worked out once, when the post is analysed."""
    return asks(placeholders.strip(strip_boilerplate(text or "")))


def thanks(text: str) -> bool:
    """The post thanks or says the problem is solved (negated and sarcastic forms excluded)."""
    folded = " ".join(fold(text).split())
    return THANKS_RE.search(NOT_THANKS_RE.sub(" ", folded)) is not None


def asks_series(texts: pd.Series) -> pd.Series:
    """`asks` of many texts (the regex runs over the whole column at once)."""
    folded = texts.fillna("").astype(str).map(fold).str.replace(_LINK_RE, " ", regex=True)
    return folded.str.contains(QUESTION_RE, regex=True).astype(bool)


def thanks_series(texts: pd.Series) -> pd.Series:
    """`thanks` of many texts."""
    folded = texts.fillna("").astype(str).map(lambda t: " ".join(fold(t).split()))
    cleaned = folded.str.replace(NOT_THANKS_RE, " ", regex=True)
    return cleaned.str.contains(THANKS_RE, regex=True).astype(bool)
