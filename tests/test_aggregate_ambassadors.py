"""The ambassador model: one scenario per class, and exclusivity on random frames."""

from __future__ import annotations

import pandas as pd
from aggregate_support import config, frame
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.aggregate import compute
from generator.aggregate.ambassadors import CLASSES
from generator.config import Source
from generator.render.i18n import Wording
from generator.render.placeholder_words import in_words
from generator.render.wording import author_explanation


def post(author: str, day: str, sentiment: str, **extra: object) -> dict:
    return {"author": author, "published": f"{day}T12:00", "sentiment": sentiment, **extra}


def scenario() -> list[dict]:
    rows = [
        # Alice: positive, recommends, active over two months -> ambassador.
        post(
            "Alice",
            "2025-01-05",
            "positive",
            recommends=True,
            engagement=9,
            text="Je recommande Orbis, écrivez-moi à alice@example.org",
        ),
        post("Alice", "2025-02-05", "positive", is_reply=True),
        post("Alice", "2025-03-05", "positive", recommends=True),
        # Bruno: positive, never recommends -> brand lover.
        post("Bruno", "2025-03-01", "positive"),
        post("Bruno", "2025-03-02", "positive"),
        # Chloé: positive and recommends but sponsored -> influencer, never ambassador.
        post("Chloé", "2025-02-01", "positive", recommends=True, sponsored=True),
        post("Chloé", "2025-03-01", "positive", recommends=True, source="Blog"),
        # Denis: negative and advises against -> detractor.
        post("Denis", "2025-03-03", "negative", advises_against=True, text="Fuyez Orbis"),
        post("Denis", "2025-03-04", "negative"),
        # Emma: detractor in January, positive since -> convert.
        post("Emma", "2025-01-10", "negative", intends_to_leave=True, text="Je résilie Orbis"),
        post("Emma", "2025-02-20", "positive", text="Finalement Orbis a réglé mon problème"),
        post("Emma", "2025-03-20", "positive", recommends=True),
        # Staff: would be an ambassador, but works for the brand.
        post("orbis_care", "2025-01-05", "positive", recommends=True),
        post("Orbis_Care", "2025-03-05", "positive", recommends=True, source="Blog"),
        # Félix: recommends once, one month, one source -> not consistent, not listed.
        post("Félix", "2025-03-05", "positive", recommends=True),
        # Unknown author: never classified.
        post("", "2025-03-05", "positive", recommends=True),
        post("", "2025-02-05", "positive", recommends=True),
    ]
    return rows


def explained(authors: pd.DataFrame, klass: str, lang: str = "fr") -> str:
    """The sentence render writes for the author of that class (the aggregate gives facts)."""
    row = authors[authors["klass"] == klass].iloc[0].to_dict()
    return author_explanation(Wording(lang), row, "Orbis")


def march(authors: pd.DataFrame) -> pd.DataFrame:
    return authors[(authors["month"] == "2025-03") & (authors["brand"] == "orbis")]


def test_each_class_in_march() -> None:
    result = compute(frame(scenario()), config(pseudonym_secret="k"))
    authors = march(result.authors)
    classes = sorted(authors["klass"])
    assert classes == sorted(["ambassador", "brand_lover", "influencer", "detractor", "convert"])
    by_class = authors.set_index("klass")
    ambassador = by_class.loc["ambassador"]
    assert ambassador["posts"] == 3 and ambassador["active_months"] == 3
    assert ambassador["recommendations"] == 2 and ambassador["replies"] == 1
    assert not ambassador["named"]
    assert in_words(ambassador["display_name"], Wording("fr")).startswith("Contributeur·rice ")
    assert "recommande Orbis 2 fois" in explained(authors, "ambassador")
    quotes = ambassador["quotes"]
    # The month's recommendation first, though the January one was more engaged: a report
    # quotes its own month unless it says otherwise (quoted_earlier).
    assert [q.post_id for q in quotes] == [3, 1]
    assert not ambassador["quoted_earlier"]
    assert all("alice@example.org" not in q.excerpt for q in quotes)
    assert all(q.author_display == ambassador["display_name"] for q in quotes)
    convert = by_class.loc["convert"]
    assert [q.sentiment for q in convert["quotes"]] == ["negative", "positive"]
    assert "Critique d'Orbis (message négatif le 10 janvier 2025)" in explained(authors, "convert")
    detractor = by_class.loc["detractor"]
    assert detractor["advice_against"] == 1
    assert "déconseille Orbis 1 fois" in explained(authors, "detractor")
    # French agreement: one message is singular, and a zero count is not spelled out.
    for klass in authors["klass"]:
        sentence = explained(authors, klass)
        assert "1 messages" not in sentence and " 0 fois" not in sentence


def test_window_and_history() -> None:
    authors = compute(frame(scenario()), config()).authors
    january = authors[authors["month"] == "2025-01"].set_index("klass")
    # In January, Emma is still a detractor; Alice has one month and one source.
    assert list(january.index) == ["detractor"]
    assert (authors["klass"] == "influencer").sum() == 2  # February and March windows


def test_staff_and_consent() -> None:
    result = compute(frame(scenario()), config(named_authors=["alice"]))
    authors = march(result.authors)
    assert authors["author_id"].str.fullmatch(r"[0-9a-f]{16}").all()
    alice = authors[authors["klass"] == "ambassador"].iloc[0]
    assert alice["named"] and alice["display_name"] == "Alice"
    assert "orbis_care" not in authors.to_string().casefold()
    assert len(authors) == 5


def test_named_source_does_not_unmask_a_pseudonymous_author() -> None:
    rows = [
        post(
            "Gina",
            "2025-02-05",
            "positive",
            recommends=True,
            source="Named",
            source_named=True,
            engagement=50,
        ),
        post("Gina", "2025-03-05", "positive", recommends=True),
    ]
    authors = compute(frame(rows), config()).authors
    gina = authors[authors["month"] == "2025-03"].iloc[0]
    assert not gina["named"]
    assert all("Gina" not in q.author_display for q in gina["quotes"])
    rows_all_named = [{**r, "source_named": True} for r in rows]
    authors = compute(frame(rows_all_named), config()).authors
    assert authors[authors["month"] == "2025-03"].iloc[0]["display_name"] == "Gina"


def test_english_explanations() -> None:
    cfg = config()
    cfg = cfg.model_copy(update={"site": cfg.site.model_copy(update={"language": "en"})})
    authors = march(compute(frame(scenario()), cfg).authors)
    shown = authors.set_index("klass").loc["ambassador", "display_name"]
    assert in_words(shown, Wording("en")).startswith("Contributor ")
    assert "recommends Orbis 2 times" in explained(authors, "ambassador", "en")
    assert "won-back" in explained(authors, "convert", "en")


author_post = st.fixed_dictionaries(
    {
        "author": st.sampled_from(["A", "B", "C", "Orbis_Care"]),
        "month": st.integers(1, 6),
        "day": st.integers(1, 28),
        "sentiment": st.sampled_from(["positive", "neutral", "negative"]),
        "recommends": st.booleans(),
        "advises_against": st.booleans(),
        "intends_to_leave": st.booleans(),
        "sponsored": st.sampled_from([False, False, False, True]),
        "source": st.sampled_from(["Forum", "Blog"]),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(author_post, min_size=1, max_size=30))
def test_classes_exclusive_and_rules_hold(draws: list[dict]) -> None:
    rows = [
        {
            **{k: v for k, v in d.items() if k not in ("month", "day")},
            "published": f"2025-{d['month']:02d}-{d['day']:02d}T12:00",
        }
        for d in draws
    ]
    result = compute(frame(rows), config())
    authors = result.authors
    assert not authors.duplicated(["brand", "month", "author_id"]).any()
    assert set(authors["klass"]) <= set(CLASSES)
    assert "orbis_care" not in authors["display_name"].str.casefold().tolist()
    ambassadors = authors[authors["klass"] == "ambassador"]
    assert (ambassadors["sponsored_posts"] == 0).all()
    assert (ambassadors["recommendations"] > 0).all()
    assert ((ambassadors["active_months"] >= 2) | (ambassadors["source_count"] >= 2)).all()
    assert (authors[authors["klass"] == "influencer"]["sponsored_posts"] > 0).all()
    detractors = authors[authors["klass"] == "detractor"]
    assert ((detractors["advice_against"] + detractors["intent_to_leave"]) > 0).all()
    assert authors["positive_share"].between(0, 1).all()


def test_extra_staff_and_empty_frame() -> None:
    rows = scenario()
    result = compute(frame(rows), config(), staff={"orbis": ["ALICE"]})
    assert "ambassador" not in set(march(result.authors)["klass"])
    empty = compute(frame([]), config())
    assert empty.months == [] and empty.authors.empty and not empty.crises
    assert empty.monthly.empty and empty.top_posts.empty


def test_the_brands_own_account_is_owned_but_its_forum_members_are_its_community() -> None:
    """Posts under the brand's name or handle are the brand speaking (owned): never an
    ambassador, outside the KPIs. Customers on the brand's own forum are earned voices."""
    forum = Source.model_validate(
        {"name": "Forum Orbis", "url": "https://forum.orbis.example/feed", "kind": "forum",
         "brand": "orbis"}
    )  # fmt: skip
    own = config().model_copy(update={"sources": [forum]})
    rows = [
        post("Hugo", "2025-02-05", "positive", recommends=True, source="Forum Orbis"),
        post("Hugo", "2025-03-05", "positive", recommends=True, source="Forum Orbis"),
        post("OrbisTelecom", "2025-02-05", "positive", recommends=True),
        post("@OrbisTelecom", "2025-03-05", "positive", recommends=True, source="Blog"),
        post("Orbis", "2025-03-06", "positive", recommends=True),
    ]
    observatory = compute(frame(rows), own)
    authors = march(observatory.authors)
    assert list(authors["klass"]) == ["ambassador"] and authors.iloc[0]["posts"] == 2  # Hugo
    march_row = observatory.monthly.set_index(["brand", "month"]).loc[("orbis", "2025-03")]
    assert (march_row["mentions"], march_row["owned_mentions"]) == (1, 2)


def test_spotlight_prefers_ambassadors_not_spotlighted_in_the_three_months_before() -> None:
    """Five steady ambassadors, at most three spotlighted a month: nobody spotlighted in the
    three months before is spotlighted again while someone else is waiting."""
    names = ["Ana", "Ben", "Cyd", "Dan", "Eve"]
    rows = [
        post(name, f"2025-{month:02d}-{10 + i:02d}", "positive", recommends=True, engagement=i)
        for month in range(1, 9)
        for i, name in enumerate(names)
    ]
    authors = compute(frame(rows), config()).authors
    ambassadors = authors[authors["klass"] == "ambassador"]
    spot = ambassadors[ambassadors["spotlight"]].groupby("month")["author_id"].agg(set)
    months = sorted(spot.index)
    assert all(1 <= len(spot[m]) <= 3 for m in months)
    for i, month in enumerate(months):
        recent = set().union(*(spot[m] for m in months[max(0, i - 3) : i]))
        waiting = set(ambassadors[ambassadors["month"] == month]["author_id"]) - recent
        if waiting:
            assert spot[month] <= waiting, month
    assert set().union(*spot) == set(ambassadors["author_id"]), "everyone gets a turn"
