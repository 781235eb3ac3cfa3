"""The French sentiment score as a chain of small passes, one per rule family.

a. `read` — tokens and phrases: one walk over the tokens that finds the opinions (lexicon
   words, phrases and phrase rules, emoji, emoticons) and marks where the rules start and stop
   (negators, modifiers, contrast words, clause ends). It decides no weight.
b. `negation_steps` — negation ("ne ... pas", "pas du tout", "j'aime pas").
c. intensity: `emphasis_steps` for single words (capitals, elongation, intensifiers and
   attenuators such as "très", "un peu", "pas très"), `punctuation_steps` for sentences
   (questions soften, "!" amplify).
d. structure, in `sentiment_fr_discourse`: contrast ("mais"), concession ("malgré") and the
   conclusion ("bref", the last sentence of a long text).
e. combination: `apply_steps`, `squash` and `explanation` give the score and say why.

Passes b–d are functions of the reading and the rule weights only: each returns the steps it
would take (multiply opinion k by a factor, for this reason) instead of changing anything, so
each can be tested alone and none depends on another. Only the order in which `apply_steps`
applies them matters, because floating-point products depend on their order and a negation's
factor on the sign of the value it meets: word emphasis, negation, question, contrast — the
order of the single loop this chain replaced, so scores are identical to the last digit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from generator.analyse.lexicon_fr import ATTENUATORS, INTENSIFIERS, Lexicon
from generator.analyse.sentiment_fr_words import (
    CLAUSE_END,
    CONCESSION,
    CONCESSION_PAIRS,
    CONCLUSION,
    CONCLUSION_PAIRS,
    CONTRAST,
    CONTRAST_PAIRS,
    DATE_WORDS,
    EMOJI,
    EMOTICONS,
    NE,
    NE_PARTNERS,
    NEGATING,
    NOT_VERY_FACTOR,
    NOT_VERY_WORDS,
    SENTENCE_END,
    SOLO_NEGATORS,
    SPOKEN_NEGATORS,
    STAR_COUNTS,
    STARS,
)
from generator.analyse.text import Token

if TYPE_CHECKING:
    from generator.analyse.sentiment_fr import Params

PhraseRules = Mapping[tuple[str, ...], tuple[float, str]]

# Opinion kinds: which rules reach an opinion.
WORD = "word"  # a lexicon word: emphasis and negation both apply
PHRASE = "phrase"  # a phrase or phrase rule: negation applies unless it holds its negator
EMOTION = "emotion"  # an emoji or emoticon: only the spoken "😍 pas" negation applies

# Mark kinds: where a rule starts or stops. A mark is (kind, token index, word, factor).
CLAUSE = "clause end"  # punctuation that ends a clause; word = the punctuation as typed
REACH = "negation reach"  # a negator whose reach ends at index + window; word = as explained
NEGATOR = "negator"  # a negator on its own at index; word = the folded negator
SPOKEN = "spoken negator"  # "pas"/"jamais" after a verb, no "ne": also negates the word before
NOT_VERY = "not very"  # "pas très": a negated intensifier ending at index; factor = its weight
BOOST = "boost"  # an intensifier or attenuator ending at index; factor = its weight
CONTRAST_MARK = "contrast"  # "mais", "par contre"... at index; word = as explained
CONCESSION_MARK = "concession"  # "malgré", "même si"... at index; word = as explained
CONCLUSION_MARK = "conclusion"  # "bref", "au final"... at index; word = as explained

Mark = tuple[str, int, str, float]
# A step of a pass: multiply opinion k by the first factor if its value is then positive, else by
# the second (they differ only for negation), and add the reason to its explanation.
Step = tuple[int, float, float, str]

# Every word that may start a negation, contrast or modifier: the others go straight to the
# lexicon, which keeps the walk fast (most words are none of these). Words that play a role only
# with the next word ("en" of "en revanche", "au" of "au final") are checked as pairs.
_PAIRS = CONTRAST_PAIRS | CONCESSION_PAIRS | CONCLUSION_PAIRS
_FUNCTION_WORDS = frozenset(
    NE
    | NE_PARTNERS
    | SOLO_NEGATORS
    | CONTRAST
    | CONCESSION
    | CONCLUSION
    | {"pas", "un"}
    | INTENSIFIERS.keys()
    | ATTENUATORS.keys()
)
_PAIR_FIRSTS = frozenset(first for first, _ in _PAIRS) - _FUNCTION_WORDS
_ROLE_WORDS = _FUNCTION_WORDS | _PAIR_FIRSTS | STAR_COUNTS.keys()
_CACHE_LIMIT = 500_000  # folded words whose lexicon entry is remembered
RATING_NEUTRAL = 0.6  # the fraction of a scale that reads as neither praise nor blame: 3/5, 6/10
RATING_SLOPE = 3.0  # polarity per unit of the scale's fraction
RATING_WEIGHT = 1.5  # the strongest polarity a mark can have


class Opinion(NamedTuple):
    """Something that moves the score, as read: the passes never change it, they add steps."""

    position: int  # token index of its (first) word or symbol
    raw: str  # as typed, for the explanation
    value: float  # polarity before any rule
    reason: str  # where the polarity comes from: "lexicon", "phrase", "emoji"...
    kind: str = EMOTION
    caps: bool = False  # written in capitals
    elongated: bool = False  # a letter repeated ("géniaaal")
    negatable: bool = False  # a negator before it reverses it


class Reading(NamedTuple):
    """What pass (a) found: the opinions and marks in text order, and the neutralised phrases."""

    units: list[Opinion | Mark]  # opinions and marks interleaved in token order
    opinions: list[Opinion]
    notes: list[str]  # phrase rules that neutralised a phrase, for the explanation
    shouting: bool  # most words in capitals: capitals are then no emphasis


class Vocabulary:
    """The lexicon as pass (a) consults it: memoised word lookups and phrases by first word.

    Lookups are memoised because the same few thousand words recur in every feed; phrases are
    indexed by their first word, longest first, so the longest phrase wins."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.cache: dict[str, tuple[float, str] | None] = {}
        by_first: dict[str, list[tuple[tuple[str, ...], float]]] = {}
        for key, value in sorted(lexicon.phrases.items(), key=lambda kv: -len(kv[0])):
            by_first.setdefault(key[0], []).append((key, value))
        self.phrases_by_first = by_first
        # Words that start nothing and carry no opinion (filled as texts are read, bounded):
        # the walk skips them with one set look-up.
        self.plain: set[str] = set()
        # The first two words of every phrase (one for one-word phrases): most words that start
        # a phrase ("on", "a", "bien") are not followed by its second word, and this says so
        # without trying each phrase.
        self.phrase_heads = frozenset(key[:2] for key in lexicon.phrases)
        # "#bonnenouvelle" is the phrase "bonne nouvelle" written as a hashtag.
        self.hashtag_phrases = {"".join(k): v for k, v in lexicon.phrases.items() if v}
        self.borrowed = lexicon.borrowed

    def lookup(self, norm: str) -> tuple[float, str] | None:
        """(polarity, entry) of a folded word, or None; remembered up to a bound."""
        try:
            return self.cache[norm]
        except KeyError:
            found = self.lexicon.lookup(norm)
            if len(self.cache) < _CACHE_LIMIT:
                self.cache[norm] = found
            return found

    def never_acts(self, norm: str) -> bool:
        """Whether a word without lexicon entry can never start a phrase, a rule or a mark,
        whatever its neighbours: the walk may then skip it."""
        return not (
            norm in _ROLE_WORDS or norm in self.phrases_by_first or norm in self.hashtag_phrases
        )

    def phrase_at(
        self, norms: Sequence[str], i: int, rules: PhraseRules | None
    ) -> tuple[int, float, str] | None:
        """Longest phrase starting at word i: (length, polarity, why); rules beat the lexicon."""
        if rules:
            for key in sorted(rules, key=len, reverse=True):
                if key[0] == norms[i] and tuple(norms[i : i + len(key)]) == key:
                    value, why = rules[key]
                    return len(key), value, why
        candidates = self.phrases_by_first.get(norms[i])
        if candidates:
            for key, value in candidates:
                if tuple(norms[i : i + len(key)]) == key:
                    return len(key), value, "phrase"
        return None


# --- (a) tokens and phrases -------------------------------------------------------------------


def read(tokens: Sequence[Token], vocabulary: Vocabulary, rules: PhraseRules | None) -> Reading:
    """Pass (a): the opinions and rule marks of a text, in one walk over its tokens.

    A walk, not a lookup per token, because a token's role depends on its neighbours: a phrase
    swallows its words, "plus" negates after "ne" but intensifies otherwise, "pas très" is one
    modifier. The walk only records; the later passes decide what the marks do. Plain words,
    most of any text, are looked up inline: a call per word would cost a tenth of the time."""
    norms, shouting = _norms(tokens)
    reading = Reading([], [], [], shouting)
    phrase_starts, cache = vocabulary.phrases_by_first, vocabulary.cache
    heads, plain = vocabulary.phrase_heads, vocabulary.plain
    ne_open = False  # a "ne" waits for its partner: "plus" then negates, not intensifies
    n, i = len(tokens), 0
    # Most words carry no opinion and start no rule: skip them in one comprehension, then walk
    # the others (a phrase rule may start with any word, so with rules every word is walked).
    if rules:
        rule_firsts = {key[0] for key in rules}
        walked: Iterable[int] = (
            j for j, norm in enumerate(norms) if norm in rule_firsts or norm not in plain
        )
    else:
        walked = [j for j, norm in enumerate(norms) if norm not in plain]
    for j in walked:
        if j < i:  # inside a phrase or a modifier already read
            continue
        i, norm, tok = j, norms[j], tokens[j]
        if tok.kind in _SYMBOLS:
            if read_symbol(tok, i, reading, norms):
                ne_open = False
            i += 1
            continue
        if norm in STAR_COUNTS and i + 1 < n and norms[i + 1] in STARS:
            start, count = _star_count(tokens, norms, i)
            raw = "".join(t.raw for t in tokens[start : i + 1]) + " " + tokens[i + 1].raw
            opinion = Opinion(i, raw, rating_value(count / 5), "rating")
            reading.units.append(opinion)
            reading.opinions.append(opinion)
            i += 2
            continue
        if rules or (  # a phrase may start here, judged by its first two words
            norm in phrase_starts
            and ((norm,) in heads or (i + 1 < n and (norm, norms[i + 1]) in heads))
        ):
            used = read_phrase(norms, i, tokens, vocabulary.phrase_at(norms, i, rules), reading)
            if used:
                i += used
                continue
        if norm in _FUNCTION_WORDS or (
            norm in _PAIR_FIRSTS and i + 1 < n and (norm, norms[i + 1]) in _PAIRS
        ):
            used, ne_open = read_function_word(norms, i, tok, ne_open, vocabulary, reading.units)
            if used:
                i += used
                continue
        found = cache[norm] if norm in cache else vocabulary.lookup(norm)
        if found is not None or tok.kind == "hashtag":
            read_word(tokens, i, found, vocabulary, reading)
        elif vocabulary.never_acts(norm) and len(plain) < _CACHE_LIMIT:
            plain.add(norm)  # none of the checks above can ever match it: skip it next time
        i += 1
    return reading


_SYMBOLS = frozenset({"punct", "emoticon", "emoji", "rating", "stars"})


def _star_count(tokens: Sequence[Token], norms: Sequence[str], i: int) -> tuple[int, float]:
    """(first token, count) of "deux étoiles" or "1,5 étoile", whose count ends at word i."""
    if i >= 2 and tokens[i - 1].raw in (",", ".") and norms[i - 2].isdigit() and norms[i].isdigit():
        return i - 2, float(f"{norms[i - 2]}.{norms[i]}")
    return i, STAR_COUNTS[norms[i]]


def _norms(tokens: Sequence[Token]) -> tuple[list[str], bool]:
    """Each token's folded form ("" for symbols, so no rule matches them) and whether the text
    shouts (most words in capitals), in which case capitals are no emphasis."""
    norms = [t.rule_norm for t in tokens]
    words = len(norms) - norms.count("")
    shouting = words > 0 and sum(map(_CAPS, tokens)) > 0.6 * words  # only words are in capitals
    return norms, shouting


_CAPS = attrgetter("caps")


def read_symbol(tok: Token, i: int, reading: Reading, norms: Sequence[str]) -> bool:
    """Record punctuation, an emoji, an emoticon or a rating at i; True if it ends a clause.

    Clause ends stop negations and modifiers, and carry the "?" and "!" of pass (d)."""
    if tok.kind != "punct":
        emotion = read_rating(tok, i, norms) if tok.kind in _RATINGS else read_emotion(tok, i)
        if emotion is not None:
            reading.units.append(emotion)
            reading.opinions.append(emotion)
        return False
    if tok.raw in CLAUSE_END or tok.raw[0] in "!?.":
        reading.units.append((CLAUSE, i, tok.raw, 1.0))
        return True
    return False


_RATINGS = frozenset({"rating", "stars"})


def read_rating(tok: Token, i: int, norms: Sequence[str]) -> Opinion | None:
    """A mark written in the text ("3/10", "★★★★☆") as an opinion of its own.

    A reviewer's mark is the plainest verdict there is: half the scale is neutral, each side
    weighs up to RATING_WEIGHT. "le 3/10" is a date, not a mark."""
    got: float
    if tok.kind == "stars":
        got, scale = tok.raw.count("★"), len(tok.raw)
        if scale < 3:  # one or two stars alone are decoration, not a mark out of five
            return None
        scale = max(scale, 5)
    else:
        if i > 0 and norms[i - 1] in DATE_WORDS:
            return None
        mark, _, out_of = tok.raw.replace(",", ".").partition("/")
        got, scale = float(mark), int(out_of)
        if got > scale:
            return None
    return Opinion(i, tok.raw, rating_value(got / scale), "rating")


def rating_value(fraction: float) -> float:
    """A mark's polarity: 3/5 or 6/10 is "ok", neither praise nor blame."""
    value = (fraction - RATING_NEUTRAL) * RATING_SLOPE
    return max(-RATING_WEIGHT, min(RATING_WEIGHT, value))


def read_emotion(tok: Token, i: int) -> Opinion | None:
    """An emoticon's weight, or the emoji of a run added up with diminishing returns.

    Several emoji in a row ("😍😍😍") insist, but three hearts are not three opinions: the sum
    is capped at 1.5 in absolute value."""
    if tok.kind == "emoticon":
        value = EMOTICONS.get(tok.norm.lower())
        return None if value is None else Opinion(i, tok.raw, value, "emoticon")
    total, seen = 0.0, []
    for ch in tok.raw:
        value = EMOJI.get(ch)
        if value is not None:
            total += value
            seen.append(ch)
    if not seen:
        return None
    total = math.copysign(min(abs(total), 1.5), total)
    return Opinion(i, "".join(seen), total, "emoji")


def read_phrase(
    norms: Sequence[str],
    i: int,
    tokens: Sequence[Token],
    phrase: tuple[int, float, str] | None,
    reading: Reading,
) -> int:
    """Record the phrase found at word i, if any; return how many tokens it covers (0: none).

    A zero-valued phrase rule is a correction that neutralises words ("Galère Zéro" is a box,
    not a complaint): it scores nothing but is named in the explanation. A phrase that ends in a
    negator ("toujours pas") still negates the words that follow it."""
    if phrase is None:
        return 0
    length, value, why = phrase
    raw = " ".join(t.raw for t in tokens[i : i + length])
    if value != 0.0:
        negatable = not NEGATING.intersection(norms[i : i + length])
        opinion = Opinion(i, raw, value, why, PHRASE, negatable=negatable)
        reading.units.append(opinion)
        reading.opinions.append(opinion)
    elif why != "phrase":
        reading.notes.append(f"{raw!r} neutral ({why})")
    last = i + length - 1
    if norms[last] in SOLO_NEGATORS or norms[last] in NE_PARTNERS:
        reading.units.append((REACH, last, raw, 1.0))
    return length


def read_function_word(
    norms: Sequence[str],
    i: int,
    tok: Token,
    ne_open: bool,
    vocabulary: Vocabulary,
    units: list[Opinion | Mark],
) -> tuple[int, bool]:
    """Mark a negator, contrast word or modifier at word i: (tokens used, "ne" still open).

    Returns 0 tokens used when the word plays none of these roles here (an intensifier before
    a word that is no opinion), so that it is then looked up as an opinion word itself."""
    nxt = norms[i + 1] if i + 1 < len(norms) else ""
    used, ne_open = _read_negation(norms, i, nxt, ne_open, units)
    if used:
        return used, ne_open
    for kind, words, pairs in _DISCOURSE:
        if norms[i] in words or (norms[i], nxt) in pairs:
            alone = norms[i] in words
            units.append((kind, i, norms[i] if alone else f"{norms[i]} {nxt}", 1.0))
            return (1 if alone else 2), ne_open and kind != CONTRAST_MARK
    return _read_modifier(norms[i], i, nxt, tok, vocabulary, units), ne_open


# Discourse markers: (mark kind, single words, word pairs). A contrast also closes a "ne".
_DISCOURSE = (
    (CONTRAST_MARK, CONTRAST, CONTRAST_PAIRS),
    (CONCESSION_MARK, CONCESSION, CONCESSION_PAIRS),
    (CONCLUSION_MARK, CONCLUSION, CONCLUSION_PAIRS),
)


def _read_negation(
    norms: Sequence[str], i: int, nxt: str, ne_open: bool, units: list[Opinion | Mark]
) -> tuple[int, bool]:
    """Mark "ne" (reaching to its partner), "pas très" or a negator: (tokens used, ne open).

    "ne ... que" is no negation ("il ne reste que des problèmes"), so a "ne" without partner
    marks nothing; "plus" is a negator only while a "ne" is open."""
    norm = norms[i]
    if norm in NE:
        partner = ne_partner(norms, i)
        if partner is None:
            return 1, ne_open
        units.append((REACH, partner, f"ne … {norms[partner]}", 1.0))
        return 1, True
    if norm == "pas" and nxt in NOT_VERY_WORDS:
        units.append((NOT_VERY, i + 1, f"pas {nxt}", NOT_VERY_FACTOR))
        return 2, ne_open
    if norm in SOLO_NEGATORS or (norm in NE_PARTNERS and ne_open):
        if norm == "pas" and nxt == "du" and i + 2 < len(norms) and norms[i + 2] == "tout":
            units.append((REACH, i + 2, "pas du tout", 1.0))
            return 3, ne_open
        spoken = not ne_open and norm in SPOKEN_NEGATORS
        units.append((SPOKEN if spoken else NEGATOR, i, norm, 1.0))
        return 1, ne_open
    return 0, ne_open


def _read_modifier(
    norm: str, i: int, nxt: str, tok: Token, vocabulary: Vocabulary, units: list[Opinion | Mark]
) -> int:
    """Mark "un peu" or an intensifier/attenuator at word i; return the tokens it covers.

    An intensifier counts only before an opinion word: "très" in "très bien" is emphasis, in
    "très tard" it is nothing (and may then be looked up itself)."""
    if norm == "un" and nxt == "peu":
        units.append((BOOST, i + 1, "un peu", ATTENUATORS["un peu"]))
        return 2
    factor = INTENSIFIERS.get(norm) or ATTENUATORS.get(norm)
    if factor is not None and nxt and vocabulary.lookup(nxt) is not None:
        units.append((BOOST, i, tok.raw, factor))
        return 1
    return 0


def ne_partner(norms: Sequence[str], i: int) -> int | None:
    """Index of the "pas/plus/jamais..." that completes "ne", or None ("ne ... que")."""
    for j in range(i + 1, min(i + 6, len(norms))):
        if norms[j] in NE_PARTNERS:
            return j
        if norms[j] == "que" or norms[j] == "":
            return None
    return None


def read_word(
    tokens: Sequence[Token],
    i: int,
    found: tuple[float, str] | None,
    vocabulary: Vocabulary,
    reading: Reading,
) -> None:
    """Record the opinion of the word at i, given its lexicon entry, if it carries one.

    A hashtag may be a phrase written solid ("#bonnenouvelle"); a capitalised borrowed word
    inside a sentence is likely a name ("Royal", "Grand Paris"), not an opinion."""
    tok = tokens[i]
    norm = tok.norm
    if found is None and tok.kind == "hashtag" and norm in vocabulary.hashtag_phrases:
        found = (vocabulary.hashtag_phrases[norm], "phrase")
    if found is None or found[0] == 0.0:
        return
    if norm in vocabulary.borrowed and _looks_like_a_name(tokens, i):
        return
    value, entry = found
    reason = "lexicon" if entry == norm else f"lexicon {entry}"
    opinion = Opinion(i, tok.raw, value, reason, WORD, tok.caps, tok.elongated, True)
    reading.units.append(opinion)
    reading.opinions.append(opinion)


def _looks_like_a_name(tokens: Sequence[Token], i: int) -> bool:
    """Capitalised (not shouted) and not at the start of a sentence or clause."""
    tok = tokens[i]
    return tok.raw[:1].isupper() and not tok.caps and i > 0 and tokens[i - 1].kind != "punct"


# --- (c) intensity of single words ------------------------------------------------------------


def emphasis_steps(reading: Reading, params: Params) -> list[Step]:
    """Pass (c), words: capitals, elongation and the modifier before a lexicon word.

    "NUL" and "nuuul" insist; "très lent" is slower than "lent", "un peu lent" less slow and
    "pas très rapide" a mild complaint. A modifier reaches the two tokens after it, within its
    clause. Capitals are no emphasis when the whole text shouts."""
    steps: list[Step] = []
    caps, elongated = params.caps, params.elongated
    boost, reach, modifier = 1.0, -1, ""
    k = -1
    for unit in reading.units:
        if isinstance(unit, Opinion):
            k += 1
            if unit.kind != WORD:
                continue
            if unit.caps and not reading.shouting:
                steps.append((k, caps, caps, f"capitals ×{caps:g}"))
            if unit.elongated:
                steps.append((k, elongated, elongated, f"elongated ×{elongated:g}"))
            if unit.position <= reach:
                steps.append((k, boost, boost, f"{modifier!r} ×{boost:g}"))
        elif unit[0] == CLAUSE:
            reach = -1
        elif unit[0] == BOOST or unit[0] == NOT_VERY:
            _, last, modifier, boost = unit
            reach = last + 2
    return steps


# --- (b) negation -----------------------------------------------------------------------------


def negation_steps(units: Iterable[Opinion | Mark], params: Params) -> list[Step]:
    """Pass (b): reverse the opinions a negator reaches.

    A negator reaches `negation_window` words, within its clause: "pas bon" becomes a complaint
    (×negation_positive), "pas mauvais" only faint praise (×negation_negative). Spoken French
    puts the negator after the verb ("j'aime pas"): it then reverses the word just before.
    "pas très" and contrast words end a negation ("pas très" already holds it)."""
    steps: list[Step] = []
    positive, negative = params.negation_positive, params.negation_negative
    window = params.negation_window
    reach, negator = -1, ""
    k, last_index = -1, -2  # the latest opinion and the token it sits on
    for unit in units:
        if isinstance(unit, Opinion):
            k, last_index = k + 1, unit.position
            if unit.negatable and unit.position <= reach:
                steps.append((k, positive, negative, f"negated by {negator!r}"))
            continue
        kind, index, word, _ = unit
        if kind == REACH:
            reach, negator = index + window, word
        elif kind in (NEGATOR, SPOKEN):
            if kind == SPOKEN and last_index == index - 1:
                steps.append((k, positive, negative, f"negated by {word!r}"))
            if index > reach:
                reach, negator = index + window, word
        elif kind in (CLAUSE, NOT_VERY, CONTRAST_MARK):
            reach = -1
    return steps


# --- (c) intensity of sentences ---------------------------------------------------------------


def punctuation_steps(units: Iterable[Opinion | Mark], params: Params) -> tuple[list[Step], int]:
    """Pass (c), sentences: soften the opinions of a question; count the exclamation marks.

    "Est-ce que la 5G fonctionne ?" asks, it does not praise: the opinions of a sentence ending
    in "?" count `question` times as much ("?!" is no question). The "!" of the whole text
    amplify the total later, in `squash`."""
    steps: list[Step] = []
    question = params.question
    exclamations = 0
    k, sentence_start = -1, 0  # the latest opinion, the first opinion of the sentence
    for unit in units:
        if isinstance(unit, Opinion):
            k += 1
            continue
        if unit[0] != CLAUSE:
            continue
        raw = unit[2]
        exclamations += raw.count("!")
        if "?" in raw and "!" not in raw:
            why = f"question ×{question:g}"
            steps.extend((j, question, question, why) for j in range(sentence_start, k + 1))
        if raw in SENTENCE_END or raw[0] in "!?.":
            sentence_start = k + 1
    return steps, exclamations


# --- (e) combination --------------------------------------------------------------------------


def apply_steps(
    opinions: Sequence[Opinion], passes: Iterable[Sequence[Step]]
) -> tuple[list[float], list[list[str]]]:
    """Each opinion's final value and reasons: its steps applied pass after pass, in order.

    Floating-point products depend on their order, and a negation's factor on the sign the
    value has when it applies; applying the passes in sequence keeps both as they were."""
    values = [opinion.value for opinion in opinions]
    reasons = [[opinion.reason] for opinion in opinions]
    for steps in passes:
        for k, if_positive, otherwise, why in steps:
            value = values[k]
            values[k] = value * (if_positive if value > 0 else otherwise)
            reasons[k].append(why)
    return values, reasons


def squash(values: Iterable[float], exclamations: int, params: Params) -> tuple[float, float]:
    """(total, score): the values summed, amplified by up to three "!", squashed into -1..1.

    s / sqrt(s² + alpha) keeps the sign, saturates smoothly and maps 0 to 0."""
    total = 0.0
    for value in values:  # a plain loop: sum() may round differently on newer Pythons
        total += value
    if total and exclamations:
        total *= exclamation_boost(exclamations, params)
    score = total / math.sqrt(total * total + params.alpha) if total else 0.0
    return total, score


def exclamation_boost(exclamations: int, params: Params) -> float:
    """The factor "!" give the total: one step per mark, three at most."""
    return 1.0 + params.exclamation * min(exclamations, 3)


def explanation(
    reading: Reading,
    values: Sequence[float],
    reasons: Sequence[Sequence[str]],
    total: float,
    exclamations: int,
    conclusion: str,
    params: Params,
) -> tuple[str, ...]:
    """One line per opinion with its final value and every rule that changed it, then the
    neutralised phrases, the "!" boost and the conclusion: a reader can redo the sum."""
    lines = [
        f"{opinion.raw!r} {value:+.2f} ({', '.join(why)})"
        for opinion, value, why in zip(reading.opinions, values, reasons, strict=True)
    ]
    lines.extend(reading.notes)
    if total and exclamations:
        boost = exclamation_boost(exclamations, params)
        lines.append(f"{'!' * min(exclamations, 3)} ×{boost:g}")
    if not reading.opinions:
        lines.append("no opinion word found")
    lines.append(conclusion)
    return tuple(lines)
