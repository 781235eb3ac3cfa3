"""Pseudonyms are stable, keyed and not reversible; quotes are cut and masked."""

from __future__ import annotations

import hashlib

from aggregate_support import config
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import placeholders
from generator.aggregate.posts import excerpt, mask_personal
from generator.aggregate.privacy import Privacy, author_hash, pseudonym
from generator.render.i18n import Wording
from generator.render.placeholder_words import in_words

names = st.text(min_size=1, max_size=30).filter(lambda s: s.strip())


@settings(max_examples=80, deadline=None)
@given(names, st.sampled_from(["orbis", "celesta"]))
def test_pseudonym_stable_and_keyed(name: str, brand: str) -> None:
    first = author_hash(name, brand, "secret-1")
    assert first == author_hash(f"  {name.casefold()} ", brand, "secret-1")
    assert first != author_hash(name, brand, "secret-2")
    other = "celesta" if brand == "orbis" else "orbis"
    assert first != author_hash(name, other, "secret-1")
    # Hashing a list of candidate names without the secret does not find the pseudonym.
    for candidate in (name, name.casefold(), f"{name.casefold()}\x1f{brand}"):
        for algo in (hashlib.sha256, hashlib.md5, hashlib.sha1):
            assert not algo(candidate.encode()).hexdigest().startswith(first)
    label = in_words(pseudonym(first), Wording("fr"))
    assert label == f"Contributeur·rice {first[:6].upper()}"
    assert len(name.strip()) <= 6 or name.strip() not in label  # 6 hex digits may spell "0"


def test_case_insensitive() -> None:
    assert author_hash("Jean Dupont", "orbis", "k") == author_hash(" JEAN dupont", "orbis", "k")


def test_display_consent_and_case() -> None:
    privacy = Privacy(config(named_authors=["Paul Martin"], pseudonym_secret="s"))
    assert privacy.display("paul martin", "orbis", False) == "paul martin"
    assert privacy.display("Zoé", "orbis", True) == "Zoé"  # the source allows naming
    shown = privacy.display("Zoé", "orbis", False)
    assert shown == privacy.display("ZOÉ ", "orbis", False)
    # Aggregate gives a placeholder; render says it in the site's language.
    assert in_words(shown, Wording("fr")).startswith("Contributeur·rice ")
    assert in_words(shown, Wording("en")).startswith("Contributor ")
    assert "Zoé" not in in_words(shown, Wording("fr"))
    assert in_words(privacy.display(" ", "orbis", False), Wording("fr")) == "Anonyme"


def test_placeholders_cannot_be_forged() -> None:
    """A post carrying the placeholder marks is stripped before aggregate writes its own."""
    forged = f"{placeholders.pseudonym('ABCDEF')} et {placeholders.NAME}"
    assert placeholders.strip(forged) == "pseudonym:ABCDEF et name"
    assert in_words(placeholders.strip(forged), Wording("fr")) == "pseudonym:ABCDEF et name"


def test_mask_personal() -> None:
    text = "Écrivez à jean.dupont@mail.fr ou au 06 12 34 56 78, cc @jeannot et @OrbisTelecom"
    masked = mask_personal(text, ["@OrbisTelecom"])
    assert "jean.dupont" not in masked and "06 12" not in masked and "@jeannot" not in masked
    assert "@OrbisTelecom" in masked
    assert in_words(masked, Wording("fr")).count("[courriel masqué]") == 1
    assert "[e-mail hidden]" in in_words(masked, Wording("en"))
    assert "[numéro masqué]" in in_words(masked, Wording("fr"))
    assert mask_personal("Forfait à 19 euros, 5G en 2025") == "Forfait à 19 euros, 5G en 2025"


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=800))
def test_excerpt_bounded_and_prefix(text: str) -> None:
    cut = excerpt(text)
    assert len(cut) <= 280
    normal = " ".join(text.split())
    if len(normal) <= 280:
        assert cut == normal
    else:
        assert cut.endswith("…") and normal.startswith(cut[:-1])


def test_excerpt_word_boundary() -> None:
    text = "mot " * 100
    cut = excerpt(text)
    assert cut.endswith("mot…") and len(cut) <= 280


def test_quotes_hide_names_and_revealing_links() -> None:
    from aggregate_support import frame

    from generator.aggregate.posts import mask_names, post_quotes

    names = frozenset({"marc_d", "jean dupont"})
    assert mask_names("Bonjour Marc_D, et Jean  Dupont ?", names, "[x]") == (
        "Bonjour [x], et Jean  Dupont ?"  # two spaces: not the same words
    )
    assert mask_names("Merci JEAN DUPONT.", names, "[x]", 2) == "Merci [x]."
    privacy = Privacy(config(pseudonym_secret="s"))
    privacy.learn_names(["Julie_M", "Marc_D", "Orbis", "Bob"])
    assert privacy.corpus_names == {"julie_m", "marc_d"}  # brand names and short names kept
    rows = frame(
        [
            {
                "published": "2025-01-01",
                "author": "Julie_M",
                "url": "https://x.example/@julie_m/1",
                "text": "Réponse à Marc_D : j'adore Orbis — Julie_M",
            },
            {
                "published": "2025-01-01",
                "author": "Julie_M",
                "url": "https://x.example/@julie_m/2",
                "source_named": True,
                "text": "Signé Julie_M",
            },
        ]
    )
    hidden, shown = post_quotes(rows, privacy)
    assert hidden.url == "" and "Julie_M" not in hidden.excerpt
    assert "Marc_D" not in hidden.excerpt and "Orbis" in hidden.excerpt
    assert hidden.excerpt.endswith(hidden.author_display)
    assert shown.author_display == "Julie_M" and shown.url.endswith("/2")
