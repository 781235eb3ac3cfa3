"""The words and symbols the French sentiment rules react to, kept apart from the rules.

The lexicon (`lexicon_fr`) says how much an opinion word weighs; these tables say which words
negate, contrast or soften it and how much an emoji or emoticon weighs on its own, so that the
passes of `sentiment_fr_passes` read as rules rather than as lists.
"""

from __future__ import annotations

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
# Concession opens a clause the author grants rather than means ("malgré", "même si", "certes").
CONCESSION = frozenset({"malgre", "certes", "quoique"})
CONCESSION_PAIRS = frozenset(
    {("meme", "si"), ("meme", "s'"), ("bien", "que"), ("bien", "qu'"), ("en", "depit")}
)
# Conclusion words open the sentence that gives the verdict ("Bref, ...", "Au final, ...").
CONCLUSION = frozenset({"bref", "finalement"})
CONCLUSION_PAIRS = frozenset(
    {
        ("au", "final"),
        ("en", "bref"),
        ("en", "resume"),
        ("pour", "resumer"),
        ("en", "conclusion"),
        ("pour", "conclure"),
        ("en", "somme"),
        ("au", "total"),
        ("en", "definitive"),
        ("pour", "finir"),
        ("en", "gros"),
    }
)
# Words before "3/10" that make it a date ("le 3/10", "depuis le 12/10"), not a mark.
DATE_WORDS = frozenset(
    {"le", "du", "au", "des", "depuis", "jusqu'au", "avant", "apres", "ce", "vers", "entre", "et"}
    | {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "prevu", "prevue"}
)
# "deux étoiles": a mark out of five written in words or digits.
STAR_COUNTS = {
    "0": 0, "zero": 0, "1": 1, "une": 1, "2": 2, "deux": 2, "3": 3, "trois": 3, "4": 4,
    "quatre": 4, "5": 5, "cinq": 5,
}  # fmt: skip
STARS = frozenset({"etoile", "etoiles"})
SENTENCE_END = frozenset({".", "...", "…", ";"})
CLAUSE_END = frozenset({".", ";", ",", "...", "…", "(", ")", ":", '"', "«", "»", " - "})

# "pas très bon": the negated intensifier turns the praise into a mild complaint, and already
# holds the negation (the words it modifies are not negated a second time).
NOT_VERY_WORDS = frozenset({"tres", "trop", "vraiment", "si", "assez", "super"})
NOT_VERY_FACTOR = -0.5
# Negators that spoken French puts after the verb it negates: "j'aime pas", "ça marche jamais".
SPOKEN_NEGATORS = frozenset({"pas", "jamais"})
