"""The French sentiment passes that read a text's structure: contrast, concession, conclusion.

A tweet has one sentence and one turn; a review or a forum post has several, and says what it
means where it turns and where it concludes: "Les images sont belles. Mais le scénario est
creux." is a complaint, "Malgré de bons acteurs, je me suis ennuyé" too, and "Bref, à éviter"
outweighs the praise of a set-up. These passes are functions of the reading (its opinions and
marks in token order) and the rule weights, like the others in `sentiment_fr_passes`:

- contrast: within the sentence of a contrast word ("mais", "par contre"...), what follows it
  counts more and what precedes it less; a contrast word opening a sentence turns against the
  sentence before it.
- concession: the clause a concession opens ("malgré", "même si", "bien que", "certes") counts
  less: it is granted, not meant; the rest of its sentence is what is meant.
- conclusion: a sentence opened by a conclusion word ("bref", "au final", "en résumé") counts
  more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from generator.analyse.sentiment_fr_passes import (
    CLAUSE,
    CONCESSION_MARK,
    CONCLUSION_MARK,
    CONTRAST_MARK,
    Opinion,
    Reading,
    Step,
)
from generator.analyse.sentiment_fr_words import SENTENCE_END

if TYPE_CHECKING:
    from generator.analyse.sentiment_fr import Params

_DISCOURSE_KINDS = frozenset({CONTRAST_MARK, CONCESSION_MARK, CONCLUSION_MARK})


class Marker(NamedTuple):
    """A discourse word where the reading found it."""

    kind: str  # CONTRAST_MARK | CONCESSION_MARK | CONCLUSION_MARK
    sentence: int
    opens: bool  # it is its sentence's first token (the "mais" of "bon mais nul" is not)
    position: int  # token index
    word: str  # as explained


class Layout(NamedTuple):
    """The sentences of a reading: the one each opinion stands in, and the discourse words."""

    sentences: list[int]  # per opinion, its sentence number (0 for the first)
    markers: list[Marker]


def layout(reading: Reading) -> Layout:
    """One walk over the reading that numbers its sentences (the three passes share it)."""
    sentences: list[int] = []
    markers: list[Marker] = []
    sentence, start = 0, 0
    for unit in reading.units:
        if isinstance(unit, Opinion):
            sentences.append(sentence)
            continue
        kind, index, word, _ = unit
        if kind == CLAUSE:
            if _ends_sentence(word):
                sentence, start = sentence + 1, index + 1
        elif kind in _DISCOURSE_KINDS:
            markers.append(Marker(kind, sentence, index == start, index, word))
    return Layout(sentences, markers)


def _ends_sentence(raw: str) -> bool:
    return raw in SENTENCE_END or raw[0] in "!?."


def contrast_steps(reading: Reading, params: Params, shape: Layout | None = None) -> list[Step]:
    """Contrast, sentence by sentence: after the last contrast word of a sentence its opinions
    count `after_contrast` times, before it `before_contrast` times; a contrast word opening a
    sentence also lowers the sentence before it ("Bon casting. Mais quel ennui !")."""
    shape = shape or layout(reading)
    last_in = {m.sentence: m for m in shape.markers if m.kind == CONTRAST_MARK}
    if not last_in:
        return []
    before, after = params.before_contrast, params.after_contrast
    steps: list[Step] = []
    for k, (opinion, sentence) in enumerate(zip(reading.opinions, shape.sentences, strict=True)):
        own = last_in.get(sentence)
        if own is not None and opinion.position > own.position:
            steps.append((k, after, after, f"after {own.word!r} ×{after:g}"))
        elif own is not None:
            steps.append((k, before, before, f"before {own.word!r} ×{before:g}"))
        else:
            following = last_in.get(sentence + 1)
            if following is not None and following.opens:
                steps.append((k, before, before, f"before {following.word!r} ×{before:g}"))
    return steps


def concession_steps(reading: Reading, params: Params, shape: Layout | None = None) -> list[Step]:
    """The clause a concession word opens counts `concession` times, and the rest of its
    sentence `after_contrast` times: "malgré de bons acteurs, le film est ennuyeux" grants the
    actors and means the film, as "de bons acteurs, mais ..." would. "certes" grants up to the
    next contrast word (which then weighs what follows) or the end of its sentence."""
    shape = shape or layout(reading)
    if not any(m.kind == CONCESSION_MARK for m in shape.markers):
        return []
    weight, point = params.concession, params.after_contrast
    steps: list[Step] = []
    open_word, until_contrast, granted = "", False, ""
    k = -1
    for unit in reading.units:
        if isinstance(unit, Opinion):
            k += 1
            if open_word:
                steps.append((k, weight, weight, f"conceded by {open_word!r} ×{weight:g}"))
            elif granted:
                steps.append((k, point, point, f"after conceding {granted!r} ×{point:g}"))
            continue
        kind, _, word, _ = unit
        if kind == CONCESSION_MARK:
            open_word, until_contrast, granted = word, word == "certes", ""
        elif kind == CONTRAST_MARK or (kind == CLAUSE and _ends_sentence(word)):
            open_word, granted = "", ""
        elif kind == CLAUSE and open_word and not until_contrast:
            open_word, granted = "", open_word
    return steps


def conclusion_steps(reading: Reading, params: Params, shape: Layout | None = None) -> list[Step]:
    """A sentence a conclusion word opens ("Bref, ...", "Au final, ...") counts `conclusion`
    times: it gives the verdict. (Weighting the first or last sentence of a long text without
    such a word did not pay on the tuning half of the review set: reviews do not reliably
    open or end on their verdict.)"""
    shape = shape or layout(reading)
    concluding: dict[int, str] = {}
    for m in shape.markers:
        if m.kind == CONCLUSION_MARK and m.opens:
            concluding.setdefault(m.sentence, m.word)
    if not concluding:
        return []
    weight = params.conclusion
    return [
        (k, weight, weight, f"conclusion {concluding[s]!r} ×{weight:g}")
        for k, s in enumerate(shape.sentences)
        if s in concluding
    ]
