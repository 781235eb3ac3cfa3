"""French and English sentiment rules: each rule changes the score the way a reader expects."""

from __future__ import annotations

import pytest

from generator.analyse.sentiment_en import EnglishSentiment
from generator.analyse.sentiment_fr import FrenchSentiment


@pytest.fixture(scope="module")
def fr() -> FrenchSentiment:
    return FrenchSentiment()


def label(fr: FrenchSentiment, text: str) -> str:
    return fr.score(text).label


def score(fr: FrenchSentiment, text: str) -> float:
    return fr.score(text).score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le conseiller était aimable et efficace", "positive"),
        ("Encore une panne, service client injoignable", "negative"),
        ("La boutique ouvre à 9 heures", "neutral"),
        ("Ce forfait n'est pas bon", "negative"),
        ("Ce n'est pas du tout génial", "negative"),
        ("j'aime pas ce réseau", "negative"),
        ("Ce n'est plus un problème depuis la mise à jour", "positive"),
        ("Aucun problème avec la livraison", "positive"),
        ("pas mal du tout ce nouveau forfait", "positive"),
        ("Franchement pas terrible", "negative"),
        ("Il ne reste que des problèmes", "negative"),
    ],
)
def test_labels_follow_the_rules(fr: FrenchSentiment, text: str, expected: str) -> None:
    assert label(fr, text) == expected


def test_negation_flips_and_is_explained(fr: FrenchSentiment) -> None:
    plain, negated = fr.score("le service est rapide"), fr.score("le service n'est pas rapide")
    assert plain.score > 0 > negated.score
    assert any("negated by" in line and "rapide" in line for line in negated.explanation)


def test_negation_stops_at_the_clause_end(fr: FrenchSentiment) -> None:
    assert label(fr, "Ce n'est pas cher. Le service est excellent") == "positive"


def test_a_phrase_ending_in_a_negator_negates_what_follows(fr: FrenchSentiment) -> None:
    # Spoken French drops "ne": "toujours pas rétabli" is a complaint, not praise of "rétabli".
    result = fr.score("Jour 3 de panne, le service toujours pas rétabli")
    assert result.label == "negative"
    assert any(
        "rétabli" in line and "negated by 'toujours pas'" in line for line in result.explanation
    )
    assert label(fr, "toujours pas rétabli") == "negative"


def test_negated_complaint_is_only_faint_praise(fr: FrenchSentiment) -> None:
    assert 0 < score(fr, "le réseau n'est pas mauvais") < score(fr, "le réseau est bon")


def test_intensifiers_and_attenuators(fr: FrenchSentiment) -> None:
    base = score(fr, "le service est lent")
    assert (
        score(fr, "le service est très lent") < base < score(fr, "le service est un peu lent") < 0
    )
    assert score(fr, "le service n'est pas très rapide") < 0


def test_contrast_the_clause_after_mais_wins(fr: FrenchSentiment) -> None:
    assert label(fr, "Le prix est bon mais le réseau est nul") == "negative"
    assert label(fr, "Le réseau est lent mais le conseiller est adorable") == "positive"
    result = fr.score("Le prix est bon mais le réseau est nul")
    assert any("after 'mais'" in line for line in result.explanation)


def test_capitals_elongation_and_exclamation_amplify(fr: FrenchSentiment) -> None:
    base = score(fr, "le service est nul")
    assert score(fr, "le service est NUL") < base
    assert score(fr, "le service est nulllll") < base
    assert score(fr, "le service est nul !!!") < base
    explanation = " ".join(fr.score("c'est géniaaaal").explanation)
    assert "elongated" in explanation


def test_whole_text_in_capitals_is_not_emphasis(fr: FrenchSentiment) -> None:
    result = fr.score("LE SERVICE EST NUL")
    assert not any("capitals" in line for line in result.explanation)


def test_emoji_and_emoticons_count(fr: FrenchSentiment) -> None:
    assert label(fr, "Livraison reçue 😍") == "positive"
    assert label(fr, "Livraison reçue 😡") == "negative"
    assert label(fr, "Livraison reçue :(") == "negative"
    assert label(fr, "Livraison reçue :-)") == "positive"


def test_explanation_names_every_word_that_moved_the_score(fr: FrenchSentiment) -> None:
    result = fr.score("Super conseiller, mais facture erronée et attente interminable")
    text = "\n".join(result.explanation)
    assert "'conseiller'" not in text  # not an opinion word
    assert "erronée" in text and "attente" in text
    assert result.explanation[-1].startswith("score ")
    assert fr.score("La boutique ouvre à 9 heures").explanation[0] == "no opinion word found"


def test_phrase_rules_neutralise_a_product_name(fr: FrenchSentiment) -> None:
    polar = "J'ai testé la box Galère Zéro hier soir"
    assert label(fr, polar) == "negative"
    rules = {("galere", "zero"): (0.0, "correction for orbis")}
    result = fr.score(polar, rules)
    assert result.label == "neutral"
    assert any("correction for orbis" in line for line in result.explanation)
    positive = fr.score(polar, {("galere", "zero"): (0.6, "correction for orbis")})
    assert positive.label == "positive"


def test_capitalised_adjective_mid_sentence_is_taken_for_a_name(fr: FrenchSentiment) -> None:
    # textblob-fr's "royal" is positive; "Ségolène Royal" is a person.
    assert label(fr, "Rencontre avec Ségolène Royal ce matin") == "neutral"


def test_english_uses_vader_and_explains() -> None:
    en = EnglishSentiment()
    good, bad = en.score("The support team was great, thanks!"), en.score("Terrible outage again")
    assert (good.label, bad.label) == ("positive", "negative")
    assert any("great" in line for line in good.explanation)
    ruled = en.score("Terrible Zone is out", {"terrible zone": (0.0, "correction for x")})
    assert ruled.label == "neutral"


def test_a_question_asks_rather_than_praises(fr: FrenchSentiment) -> None:
    asked = fr.score("Est-ce que la 5G fonctionne avec un iPhone 13 ?")
    assert asked.label == "neutral"
    assert any("question" in line for line in asked.explanation)
    assert label(fr, "La 5G fonctionne bien. Des infos sur la 6G ?") == "positive"


# --- long posts: reviews and forum posts ----------------------------------------------------


def test_long_review_turns_on_its_contrast_and_its_conclusion(fr: FrenchSentiment) -> None:
    review = (
        "Les images sont belles et la musique est sympa. Les acteurs font le travail. "
        "Mais le scénario est creux et on s'ennuie. Bref, à éviter."
    )
    result = fr.score(review)
    assert result.label == "negative"
    lines = "\n".join(result.explanation)
    assert "conclusion 'bref' ×2" in lines and "after 'mais' ×1.5" in lines


def test_concession_is_granted_not_meant(fr: FrenchSentiment) -> None:
    result = fr.score("Malgré de bons acteurs et une belle photo, le film est ennuyeux.")
    assert result.label == "negative"
    lines = "\n".join(result.explanation)
    assert "conceded by 'malgre' ×0.5" in lines and "after conceding 'malgre' ×1.5" in lines


def test_a_mark_in_the_text_is_the_verdict(fr: FrenchSentiment) -> None:
    assert label(fr, "Quelques bons moments, de belles images, mais 3/10 pour moi.") == "negative"
    assert label(fr, "Un peu long par moments. 9/10") == "positive"
    assert label(fr, "Livraison prévue le 3/10, colis bien reçu.") == "positive"


def test_recommendations_and_review_vocabulary(fr: FrenchSentiment) -> None:
    assert label(fr, "Un film à voir absolument") == "positive"
    assert label(fr, "Je déconseille ce forfait") == "negative"
    assert label(fr, "Perte de temps, passez votre chemin") == "negative"
    assert label(fr, "Un roman prévisible et laborieux") == "negative"
    assert label(fr, "Un récit bouleversant, lu d'une traite") == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "J'ai envoyé une lettre recommandée au service client",
        "Le conseiller m'a rappelé à 14 h",
        "Quel moyen de paiement pour le téléphone ?",
        "Comme convenu, le technicien passe demain",
        "Tout au long de la journée, le réseau a été coupé puis rétabli",
    ],
)
def test_review_words_do_not_colour_customer_relations_words(
    fr: FrenchSentiment, text: str
) -> None:
    """The review vocabulary must not hijack words that customer relations use plainly: a
    registered letter, an advisor, a means of payment, a phone, "as agreed"."""
    words = [line.split("'")[1].lower() for line in fr.score(text).explanation if line[0] == "'"]
    assert not {"recommandée", "conseiller", "moyen", "téléphone", "convenu", "long"} & set(words)


def test_a_comparison_is_no_complaint(fr: FrenchSentiment) -> None:
    """ "Orbis Max contre Célesta Home" compares two boxes; it blames neither."""
    assert label(fr, "Deux box, un même budget : Orbis Max contre Célesta Home.") == "neutral"
    assert label(fr, "Orbis Max vs Célesta Home : le duel des box") == "neutral"
