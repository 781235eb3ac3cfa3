"""Most distinctive terms per group (brand and month) for the reports, by TF-IDF.

Each group's texts form one document; a term weighs high when frequent in the group and rare in
the others, which surfaces what was specific to a brand's month ("panne", "fibre") rather than
what every post says. French and English stop words, URLs, handles and numbers are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping

from generator.analyse.text import fold

FRENCH_STOP_WORDS = frozenset(
    [
        "a",
        "afin",
        "ai",
        "aie",
        "aient",
        "ainsi",
        "alors",
        "au",
        "aucun",
        "aucune",
        "aupres",
        "auquel",
        "aussi",
        "autre",
        "autres",
        "aux",
        "avaient",
        "avais",
        "avait",
        "avant",
        "avec",
        "avez",
        "aviez",
        "avoir",
        "avons",
        "ayant",
        "bah",
        "ben",
        "bien",
        "c",
        "ca",
        "car",
        "ce",
        "ceci",
        "cela",
        "celle",
        "celles",
        "celui",
        "cependant",
        "certain",
        "ces",
        "cet",
        "cette",
        "ceux",
        "chaque",
        "chez",
        "ci",
        "comme",
        "comment",
        "d",
        "dans",
        "de",
        "des",
        "depuis",
        "deja",
        "doit",
        "donc",
        "dont",
        "du",
        "elle",
        "elles",
        "en",
        "encore",
        "entre",
        "es",
        "est",
        "et",
        "etaient",
        "etais",
        "etait",
        "etant",
        "ete",
        "etes",
        "etre",
        "eu",
        "eux",
        "fait",
        "faire",
        "fois",
        "font",
        "hui",
        "il",
        "ils",
        "j",
        "je",
        "jusqu",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "m",
        "ma",
        "mais",
        "me",
        "meme",
        "memes",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "ni",
        "non",
        "nos",
        "notre",
        "nous",
        "on",
        "ont",
        "ou",
        "par",
        "parce",
        "pas",
        "peu",
        "peut",
        "peux",
        "plus",
        "pour",
        "pourquoi",
        "qu",
        "quand",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "quoi",
        "s",
        "sa",
        "sans",
        "se",
        "ses",
        "si",
        "sien",
        "soi",
        "soit",
        "son",
        "sont",
        "sous",
        "suis",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tous",
        "tout",
        "toute",
        "toutes",
        "tres",
        "trop",
        "tu",
        "un",
        "une",
        "vers",
        "via",
        "voici",
        "voila",
        "vos",
        "votre",
        "vous",
        "vu",
        "y",
        "rt",
        "http",
        "https",
        "www",
        "com",
        "fr",
        "amp",
    ]
)


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return FRENCH_STOP_WORDS | frozenset(ENGLISH_STOP_WORDS)


_CLEAN_RE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|\b\d[\d.,]*\b")


_ELISION_RE = re.compile(r"\b(?:[cdjlmnst]|qu)['’]")  # l'option -> option, c'est -> est


def _prepare(text: str) -> str:
    return _ELISION_RE.sub(" ", _CLEAN_RE.sub(" ", fold(text)))


_SURFACE_RE = re.compile(r"(?u)\b[^\W\d_][\w'-]{2,}\b")


def surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """Folded word -> its most frequent written form in lower case (`reseau` -> `réseau`), so
    terms computed on folded text can be shown the way people wrote them."""
    counts: dict[str, dict[str, int]] = {}
    for text in texts:
        for word in _SURFACE_RE.findall(_ELISION_RE.sub(" ", text.lower())):
            forms = counts.setdefault(fold(word), {})
            forms[word] = forms.get(word, 0) + 1
    return {key: max(forms, key=lambda f: (forms[f], f)) for key, forms in counts.items()}


def distinctive_terms(
    texts_by_group: Mapping[Hashable, Iterable[str]],
    *,
    top: int = 10,
    min_df: int = 1,
    ngram_range: tuple[int, int] = (1, 2),
    exclude: Iterable[str] = (),
) -> dict[Hashable, list[tuple[str, float]]]:
    """{group: [(term, weight), ...]} with the `top` highest TF-IDF terms of each group.

    Terms are accent-folded lower case. A term containing a word of `exclude` (brand names:
    every group says them; author names: private) is left out. Groups with no usable words
    get an empty list.
    """
    excluded = {w for phrase in exclude for w in fold(phrase).split()}
    groups = list(texts_by_group)
    documents = [_prepare("\n".join(texts_by_group[g])) for g in groups]
    result: dict[Hashable, list[tuple[str, float]]] = {g: [] for g in groups}
    if not any(doc.strip() for doc in documents):
        return result
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        stop_words=sorted(_stop_words()),
        token_pattern=r"(?u)\b[^\W\d_][\w'-]{2,}\b",
        ngram_range=ngram_range,
        min_df=min_df,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # every word was a stop word
        return result
    vocabulary = vectorizer.get_feature_names_out()
    for row, group in enumerate(groups):
        weights = matrix.getrow(row).toarray().ravel()
        order = [
            i
            for i in weights.argsort()[::-1]
            if weights[i] > 0 and not excluded.intersection(str(vocabulary[i]).split())
        ][:top]
        result[group] = [(str(vocabulary[i]), round(float(weights[i]), 4)) for i in order]
    return result
