"""Each pass of the French sentiment scorer on its own, then the chain against known outputs.

The passes are read from a tiny lexicon so that each test shows one rule with round numbers;
the last tests pin whole explanations the single-function scorer produced before the split.
"""

from __future__ import annotations

import math

import pytest

from generator.analyse.lexicon_fr import Lexicon
from generator.analyse.sentiment_fr import DEFAULT_PARAMS, FrenchSentiment, Params
from generator.analyse.sentiment_fr_discourse import (
    concession_steps,
    conclusion_steps,
    contrast_steps,
    layout,
)
from generator.analyse.sentiment_fr_passes import (
    BOOST,
    CLAUSE,
    CONTRAST_MARK,
    EMOTION,
    NEGATOR,
    NOT_VERY,
    PHRASE,
    REACH,
    SPOKEN,
    WORD,
    Mark,
    Opinion,
    PhraseRules,
    Reading,
    Step,
    Vocabulary,
    apply_steps,
    emphasis_steps,
    explanation,
    negation_steps,
    punctuation_steps,
    read,
    squash,
)
from generator.analyse.text import tokenize

P = DEFAULT_PARAMS


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    lexicon = Lexicon(
        words={"bon": 1.0, "nul": -1.0, "lent": -0.5, "aime": 0.6, "royal": 0.4, "neutre": 0.0},
        stems={},
        phrases={("pas", "mal"): 0.5, ("toujours", "pas"): 0.0, ("bonne", "nouvelle"): 0.8},
        max_stem=0,
        borrowed=frozenset({"royal"}),
    )
    return Vocabulary(lexicon)


def reading_of(text: str, vocabulary: Vocabulary, rules: PhraseRules | None = None) -> Reading:
    return read(tokenize(text), vocabulary, rules)


def marks(reading: Reading) -> list[Mark]:
    return [u for u in reading.units if not isinstance(u, Opinion)]


def word(index: int, value: float, **flags: bool) -> Opinion:
    return Opinion(index, f"w{index}", value, "lexicon", WORD, negatable=True, **flags)


# --- (a) tokens and phrases -------------------------------------------------------------------


def test_read_finds_lexicon_words_and_skips_neutral_ones(vocabulary: Vocabulary) -> None:
    reading = reading_of("le service est bon mais neutre", vocabulary)
    assert [(o.raw, o.value, o.kind) for o in reading.opinions] == [("bon", 1.0, WORD)]
    assert marks(reading) == [(CONTRAST_MARK, 4, "mais", 1.0)]


def test_read_prefers_the_longest_phrase_and_rules_over_the_lexicon(
    vocabulary: Vocabulary,
) -> None:
    reading = reading_of("pas mal du tout", vocabulary)
    assert [(o.raw, o.value, o.reason, o.negatable) for o in reading.opinions] == [
        ("pas mal", 0.5, "phrase", False)  # it holds its negator: nothing negates it again
    ]
    ruled = reading_of("pas mal", vocabulary, {("pas", "mal"): (-0.2, "correction for x")})
    assert [(o.value, o.reason, o.kind) for o in ruled.opinions] == [
        (-0.2, "correction for x", PHRASE)
    ]


def test_read_notes_a_neutralising_rule_and_keeps_a_phrase_negator_reaching(
    vocabulary: Vocabulary,
) -> None:
    reading = reading_of(
        "Galère Zéro toujours pas bon", vocabulary, {("galere", "zero"): (0.0, "fix")}
    )
    assert reading.notes == ["'Galère Zéro' neutral (fix)"]
    assert (REACH, 3, "toujours pas", 1.0) in marks(reading)


def test_read_hashtag_phrase_and_capitalised_borrowed_name(vocabulary: Vocabulary) -> None:
    assert [o.value for o in reading_of("#bonnenouvelle", vocabulary).opinions] == [0.8]
    assert reading_of("le Royal est ouvert", vocabulary).opinions == []
    assert [o.raw for o in reading_of("Royal service", vocabulary).opinions] == ["Royal"]


def test_read_emoji_run_is_capped_and_emoticons_count(vocabulary: Vocabulary) -> None:
    reading = reading_of("😍😍😍 :(", vocabulary)
    assert [(o.raw, o.value, o.kind) for o in reading.opinions] == [
        ("😍😍😍", 1.5, EMOTION),
        (":(", -0.6, EMOTION),
    ]


def test_read_marks_ne_with_its_partner_but_not_ne_que(vocabulary: Vocabulary) -> None:
    assert marks(reading_of("ce n'est pas bon", vocabulary)) == [
        (REACH, 3, "ne … pas", 1.0),
        (NEGATOR, 3, "pas", 1.0),  # with "ne" open, "pas" is no spoken negator
    ]
    assert marks(reading_of("il ne reste que du nul", vocabulary)) == []


def test_read_plus_negates_after_ne_and_intensifies_otherwise(vocabulary: Vocabulary) -> None:
    assert marks(reading_of("ne plus jamais bon", vocabulary)) == [
        (REACH, 1, "ne … plus", 1.0),
        (NEGATOR, 1, "plus", 1.0),
        (NEGATOR, 2, "jamais", 1.0),
    ]
    assert marks(reading_of("plus bon", vocabulary))[0][0] == BOOST


def test_read_negators_spoken_pas_du_tout_and_not_very(vocabulary: Vocabulary) -> None:
    assert marks(reading_of("aime pas", vocabulary)) == [(SPOKEN, 1, "pas", 1.0)]
    assert marks(reading_of("pas du tout bon", vocabulary)) == [(REACH, 2, "pas du tout", 1.0)]
    assert marks(reading_of("pas très bon", vocabulary)) == [(NOT_VERY, 1, "pas tres", -0.5)]


def test_read_modifiers_only_before_an_opinion_word(vocabulary: Vocabulary) -> None:
    assert marks(reading_of("un peu lent", vocabulary)) == [(BOOST, 1, "un peu", 0.6)]
    assert marks(reading_of("Très bon", vocabulary)) == [(BOOST, 0, "Très", 1.5)]
    assert marks(reading_of("très tard", vocabulary)) == []


def test_read_contrast_pairs_and_clause_ends(vocabulary: Vocabulary) -> None:
    reading = reading_of("bon, par contre nul [x]", vocabulary)
    assert marks(reading) == [(CLAUSE, 1, ",", 1.0), (CONTRAST_MARK, 2, "par contre", 1.0)]


def test_read_detects_shouting(vocabulary: Vocabulary) -> None:
    assert reading_of("LE SERVICE EST NUL", vocabulary).shouting
    assert not reading_of("le service est NUL", vocabulary).shouting


# --- (c) intensity of words -------------------------------------------------------------------


def test_emphasis_capitals_elongation_then_modifier_in_that_order() -> None:
    units: list[Opinion | Mark] = [
        (BOOST, 0, "très", 1.5),
        word(1, -1.0, caps=True, elongated=True),
    ]
    steps = emphasis_steps(Reading(units, [], [], False), P)
    assert steps == [
        (0, 1.3, 1.3, "capitals ×1.3"),
        (0, 1.3, 1.3, "elongated ×1.3"),
        (0, 1.5, 1.5, "'très' ×1.5"),
    ]


def test_emphasis_ignores_capitals_when_shouting_and_non_words() -> None:
    units: list[Opinion | Mark] = [word(0, 1.0, caps=True), Opinion(1, "😍", 0.9, "emoji")]
    assert emphasis_steps(Reading(units, [], [], True), P) == []


def test_emphasis_modifier_reaches_two_tokens_within_its_clause() -> None:
    reach: list[Opinion | Mark] = [(NOT_VERY, 1, "pas tres", -0.5), word(3, 1.0), word(4, 1.0)]
    assert [s[0] for s in emphasis_steps(Reading(reach, [], [], False), P)] == [0]
    cut: list[Opinion | Mark] = [(BOOST, 0, "très", 1.5), (CLAUSE, 1, ",", 1.0), word(2, 1.0)]
    assert emphasis_steps(Reading(cut, [], [], False), P) == []


# --- (b) negation -----------------------------------------------------------------------------


def test_negation_reaches_its_window_within_the_clause() -> None:
    units: list[Opinion | Mark] = [(REACH, 1, "ne … pas", 1.0), word(3, 1.0), word(5, 1.0)]
    assert negation_steps(units, P) == [(0, -0.75, -0.5, "negated by 'ne … pas'")]
    cut: list[Opinion | Mark] = [(NEGATOR, 0, "pas", 1.0), (CLAUSE, 1, ".", 1.0), word(2, 1.0)]
    assert negation_steps(cut, P) == []


def test_negation_spoken_negates_the_opinion_just_before() -> None:
    units: list[Opinion | Mark] = [Opinion(0, "😍", 0.9, "emoji"), (SPOKEN, 1, "pas", 1.0)]
    assert negation_steps(units, P) == [(0, -0.75, -0.5, "negated by 'pas'")]
    apart: list[Opinion | Mark] = [word(0, 1.0), (SPOKEN, 2, "pas", 1.0)]
    assert negation_steps(apart, P) == []


def test_negation_spares_emotions_self_negating_phrases_and_stops_at_contrast() -> None:
    phrase = Opinion(1, "pas mal", 0.5, "phrase", PHRASE, negatable=False)
    units: list[Opinion | Mark] = [
        (NEGATOR, 0, "sans", 1.0),
        phrase,
        Opinion(2, ":)", 0.6, "emoticon"),
    ]
    assert negation_steps(units, P) == []
    contrast: list[Opinion | Mark] = [
        (NEGATOR, 0, "pas", 1.0),
        (CONTRAST_MARK, 1, "mais", 1.0),
        word(2, 1.0),
    ]
    assert negation_steps(contrast, P) == []


def test_negation_a_lone_negator_does_not_shorten_a_longer_reach() -> None:
    units: list[Opinion | Mark] = [
        (REACH, 2, "pas du tout", 1.0),
        (NEGATOR, 3, "jamais", 1.0),
        word(5, 1.0),
    ]
    assert negation_steps(units, P) == [(0, -0.75, -0.5, "negated by 'pas du tout'")]


# --- (c) intensity of sentences ---------------------------------------------------------------


def test_punctuation_softens_only_the_question_sentence_and_counts_exclamations() -> None:
    units: list[Opinion | Mark] = [
        word(0, 1.0),
        (CLAUSE, 1, "!!", 1.0),
        word(2, 1.0),
        (CLAUSE, 3, ",", 1.0),
        word(4, 1.0),
        (CLAUSE, 5, "?", 1.0),
    ]
    steps, exclamations = punctuation_steps(units, P)
    assert steps == [(1, 0.3, 0.3, "question ×0.3"), (2, 0.3, 0.3, "question ×0.3")]
    assert exclamations == 2


def test_punctuation_interrobang_is_no_question() -> None:
    steps, exclamations = punctuation_steps([word(0, 1.0), (CLAUSE, 1, "?!", 1.0)], P)
    assert (steps, exclamations) == ([], 1)


# --- (d) contrast -----------------------------------------------------------------------------


def test_contrast_last_contrast_word_splits_before_and_after() -> None:
    opinions = [word(0, 1.0), word(3, 1.0), word(6, -1.0)]
    units: list[Opinion | Mark] = [
        opinions[0],
        (CONTRAST_MARK, 1, "mais", 1.0),
        opinions[1],
        (CONTRAST_MARK, 4, "par contre", 1.0),
        opinions[2],
    ]
    assert contrast_steps(Reading(units, opinions, [], False), P) == [
        (0, 0.5, 0.5, "before 'par contre' ×0.5"),
        (1, 0.5, 0.5, "before 'par contre' ×0.5"),
        (2, 1.5, 1.5, "after 'par contre' ×1.5"),
    ]
    assert contrast_steps(Reading([opinions[0]], opinions[:1], [], False), P) == []


def test_contrast_stays_in_its_sentence_or_turns_against_the_one_before(
    vocabulary: Vocabulary,
) -> None:
    """A "mais" deep in a review weighs its own sentence, not the whole text; "Mais" opening a
    sentence lowers the sentence before it."""
    reading = reading_of("bon. bon mais nul. bon. Mais nul. bon", vocabulary)
    steps = contrast_steps(reading, P)
    assert [(k, factor) for k, factor, _, _ in steps] == [(1, 0.5), (2, 1.5), (3, 0.5), (4, 1.5)]
    assert steps[2][3] == "before 'mais' ×0.5"
    assert layout(reading).sentences == [0, 1, 1, 2, 3, 4]


def test_concession_grants_its_clause_and_means_the_rest_of_the_sentence(
    vocabulary: Vocabulary,
) -> None:
    reading = reading_of("malgré un bon début, c'est nul. bon", vocabulary)
    assert [(k, why) for k, _, _, why in concession_steps(reading, P)] == [
        (0, "conceded by 'malgre' ×0.5"),
        (1, "after conceding 'malgre' ×1.5"),
    ]
    certes = reading_of("certes bon, bon, mais nul", vocabulary)
    assert [k for k, *_ in concession_steps(certes, P)] == [0, 1]  # up to "mais"
    two_words = reading_of("même si c'est bon, c'est lent", vocabulary)
    first = concession_steps(two_words, P)[0]
    assert first[3] == "conceded by 'meme si' ×0.5"


def test_conclusion_word_opening_a_sentence_gives_the_verdict(vocabulary: Vocabulary) -> None:
    reading = reading_of("bon, bon. Bref, nul. bon", vocabulary)
    assert [(k, factor) for k, factor, *_ in conclusion_steps(reading, P)] == [(2, 2.0)]
    inside = reading_of("il est bon et au final nul", vocabulary)  # not opening: no verdict
    assert conclusion_steps(inside, P) == []
    assert conclusion_steps(reading_of("bon. nul.", vocabulary), P) == []


@pytest.mark.parametrize(
    ("text", "raw", "value"),
    [
        ("je mets 3/10", "3/10", -0.9),
        ("16/20 !", "16/20", 0.6),
        ("note 2,5/5", "2,5/5", -0.3),
        ("★★★★☆", "★★★★☆", 0.6),
        ("deux étoiles", "deux étoiles", -0.6),
        ("1,5 étoile", "1,5 étoile", -0.9),
        ("0 étoile", "0 étoile", -1.5),
        ("Note : 3/5", "3/5", 0.0),
    ],
)
def test_marks_written_in_the_text_are_opinions(
    vocabulary: Vocabulary, text: str, raw: str, value: float
) -> None:
    (opinion,) = reading_of(text, vocabulary).opinions
    assert (opinion.raw, opinion.reason) == (raw, "rating")
    assert opinion.value == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["livraison le 3/10", "depuis le 12/10", "12/10/2026", "11/10", "★"]
)
def test_dates_and_impossible_marks_are_no_rating(vocabulary: Vocabulary, text: str) -> None:
    assert reading_of(text, vocabulary).opinions == []


# --- (e) combination --------------------------------------------------------------------------


def test_apply_steps_in_order_with_the_sign_of_the_moment() -> None:
    opinions = [word(0, 1.0)]
    boost: list[Step] = [(0, -0.5, -0.5, "'pas tres' ×-0.5")]
    negation: list[Step] = [(0, -0.75, -0.5, "negated by 'pas'")]
    values, reasons = apply_steps(opinions, [boost, negation])
    assert values == [0.25]  # -0.5 is no longer positive: the complaint's factor applies
    assert reasons == [["lexicon", "'pas tres' ×-0.5", "negated by 'pas'"]]


def test_squash_amplifies_up_to_three_exclamations_and_maps_zero_to_zero() -> None:
    total, score = squash([1.0, 0.5], 5, P)
    assert total == pytest.approx(1.5 * 1.45)
    assert score == pytest.approx(total / math.sqrt(total * total + 1.0))
    assert squash([], 3, P) == (0.0, 0.0)
    assert squash([1.0], 0, Params(alpha=3.0))[1] == pytest.approx(0.5)


def test_explanation_lines_opinions_notes_exclamations_conclusion() -> None:
    opinion = word(0, 1.0)
    reading = Reading([opinion], [opinion], ["'x' neutral (fix)"], False)
    lines = explanation(reading, [1.3], [["lexicon", "capitals ×1.3"]], 1.3, 2, "end", P)
    assert lines == ("'w0' +1.30 (lexicon, capitals ×1.3)", "'x' neutral (fix)", "!! ×1.3", "end")
    empty = Reading([], [], [], False)
    assert explanation(empty, [], [], 0.0, 1, "end", P) == ("no opinion word found", "end")


# --- the chain --------------------------------------------------------------------------------

# Outputs of the scorer before it was split into passes, with this rule set.
RULES: PhraseRules = {("galere", "zero"): (0.0, "correction for orbis")}
GOLDEN = [
    (
        "Le prix est bon mais le réseau est NUL !!",
        "negative",
        -0.8106560681488207,
        (
            "'bon' +0.30 (lexicon, before 'mais' ×0.5)",
            "'NUL' -1.36 (lexicon, capitals ×1.3, after 'mais' ×1.5)",
            "!! ×1.3",
            "score -0.81 → negative",
        ),
    ),
    (
        "j'aime pas ce réseau 😡😡",
        "negative",
        -0.8898174628127369,
        (
            "'aime' -0.45 (lexicon, negated by 'pas')",
            "'😡😡' -1.50 (emoji)",
            "score -0.89 → negative",
        ),
    ),
    (
        "Est-ce que la fibre est rapide ?",
        "positive",
        0.17715299831526515,
        ("'rapide' +0.18 (lexicon, question ×0.3)", "score +0.18 → positive"),
    ),
    (
        "Ce n'est pas très rapide, un peu lent",
        "negative",
        -0.5144957554275266,
        (
            "'rapide' -0.30 (lexicon, 'pas tres' ×-0.5)",
            "'lent' -0.30 (lexicon, 'un peu' ×0.6)",
            "score -0.51 → negative",
        ),
    ),
    (
        "J'ai testé la box Galère Zéro",
        "neutral",
        0.0,
        (
            "'Galère Zéro' neutral (correction for orbis)",
            "no opinion word found",
            "score +0.00 → neutral",
        ),
    ),
]


@pytest.mark.parametrize(("text", "label", "score", "lines"), GOLDEN)
def test_the_chain_reproduces_the_single_function_scorer(
    text: str, label: str, score: float, lines: tuple[str, ...]
) -> None:
    scorer = FrenchSentiment()
    result = scorer.score(text, RULES)
    assert (result.label, result.score, result.explanation) == (label, score, lines)
    quiet = scorer.score(text, RULES, explain=False)
    assert (quiet.label, quiet.score, quiet.explanation) == (label, score, ())
