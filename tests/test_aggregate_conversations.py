"""Conversations and care KPIs on hand-built threads whose every answer is known.

The scenario (March 2026, times in UTC): Orbis answers within 20 minutes, Fibralis after
30 hours, Nuvo lets its community answer first; a thread split across two feeds, a staff
reply in another brand's thread, a detractor turned positive after a brand reply, thanks
(and a negated one), a post naming two brands, an orphan reply, a staff announcement and a
news article (neither counted).
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest
from aggregate_support import frame as mentions
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.aggregate.care import CARE_COLUMNS, CareTargets, care_kpis, own_sources
from generator.aggregate.conversations import (
    FACT_COLUMNS,
    THREAD_COLUMNS,
    conversation_details,
    conversation_facts,
    conversations,
    grouped_posts,
)
from generator.analyse.care_cues import asks, asks_series, thanks, thanks_series

STAFF = {"orbis": {"Orbis_Care"}, "fibralis": {"Fibralis_SAV"}, "nuvo": {"Nuvo_Team"}}
OWN = {"orbis": {"Forum Orbis"}, "fibralis": {"Forum Fibralis"}, "nuvo": {"Forum Nuvo"}}
THREAD_FIELDS = ("guid", "reply_to", "thread_hint")


def threads(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A mentions frame with the threading columns (guid defaults to `urn:<post id>`)."""
    out = mentions(rows)
    if out.empty:
        return out.assign(**{name: pd.Series(dtype=object) for name in THREAD_FIELDS})
    for name in THREAD_FIELDS:
        out[name] = [row.get(name, "") for row in rows]
    out["guid"] = [g or f"urn:{p}" for g, p in zip(out["guid"], out["post_id"], strict=True)]
    return out


def row(pid: int, brand: str, author: str, when: str, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "post_id": pid,
        "brand": brand,
        "author": author,
        "published": f"2026-03-{when}",
        "text": text,
        "source": extra.pop("source", "Twitter"),
        "source_kind": extra.pop("source_kind", "social"),
        **extra,
    }


def reply(pid: int, brand: str, author: str, when: str, text: str, **extra: Any) -> dict[str, Any]:
    return row(pid, brand, author, when, text, is_reply=True, **extra)


ORBIS_TOPIC = "discourse:forum.orbis.example:10"
NUVO_TOPIC = "discourse:forum.nuvo.example:5"


def scenario() -> list[dict[str, Any]]:
    forum = {"source": "Forum Orbis", "source_kind": "forum"}
    return [
        # Orbis, fast: a forum question answered in 20 min, then thanked.
        row(1, "orbis", "Alice", "02T10:00", "Ma box ne synchronise plus, une idée ?",
            thread_hint=ORBIS_TOPIC, **forum),
        reply(2, "orbis", "Orbis_Care", "02T10:20", "Bonjour Alice, nous regardons.",
              thread_hint=ORBIS_TOPIC, reply_to="urn:1", **forum),
        reply(3, "orbis", "Alice", "02T11:00", "Merci, ça marche !", sentiment="positive",
              thread_hint=ORBIS_TOPIC, **forum),
        # Orbis: a complaint on a third-party network, answered in 20 min; its author's next
        # post about Orbis is positive: a care-driven convert.
        row(4, "orbis", "Bruno", "03T08:00", "@Orbis panne internet depuis ce matin",
            sentiment="negative"),
        reply(5, "orbis", "Orbis_Care", "03T08:20", "Désolés Bruno, un technicien arrive.",
              reply_to="urn:4"),
        row(6, "orbis", "Bruno", "10T09:00", "Orbis au top finalement", sentiment="positive",
            source="Blog", source_kind="blog"),
        # Fibralis, slow: a forum question answered after 30 h.
        row(7, "fibralis", "Chloé", "04T12:00", "Comment changer mon offre ?",
            source="Forum Fibralis", source_kind="forum"),
        reply(8, "fibralis", "Fibralis_SAV", "05T18:00", "Depuis votre espace client.",
              reply_to="urn:7", source="Forum Fibralis", source_kind="forum"),
        # Fibralis: a complaint whose thread is split across two feeds; the reply points at
        # the starter's URL (without its trailing slash); the customer stays unhappy.
        row(9, "fibralis", "Denis", "06T09:00", "Fibralis facture fausse", sentiment="negative",
            url="https://social.example/denis/9/"),
        reply(10, "fibralis", "Fibralis_SAV", "07T15:00", "Nous corrigeons votre facture.",
              reply_to="https://social.example/denis/9", source="Twitter replies"),
        reply(11, "fibralis", "Denis", "08T09:00", "Toujours pas résolu", sentiment="negative",
              reply_to="urn:10"),
        # Fibralis: a complaint that only Orbis' staff answers (not Fibralis' answer).
        row(12, "fibralis", "Emma", "10T10:00", "Fibralis en panne ?", sentiment="negative"),
        reply(13, "orbis", "Orbis_Care", "10T10:05", "Venez chez Orbis !", reply_to="urn:12"),
        # Nuvo, community first: a peer answers in 30 min, the staff after 48 h.
        row(14, "nuvo", "Félix", "11T09:00", "Quelqu'un sait configurer le wifi ?",
            thread_hint=NUVO_TOPIC, source="Forum Nuvo", source_kind="forum"),
        reply(15, "nuvo", "Gaëlle", "11T09:30", "Menu réseau, puis wifi.",
              thread_hint=NUVO_TOPIC, source="Forum Nuvo", source_kind="forum"),
        reply(16, "nuvo", "Félix", "11T10:00", "Merci Gaëlle 🙏", sentiment="positive",
              thread_hint=NUVO_TOPIC, source="Forum Nuvo", source_kind="forum"),
        reply(17, "nuvo", "Nuvo_Team", "13T09:00", "Tout est dans la FAQ.",
              thread_hint=NUVO_TOPIC, source="Forum Nuvo", source_kind="forum"),
        # Nuvo: only a peer answers.
        row(18, "nuvo", "Hugo", "12T09:00", "Nuvo : comment activer la 5G ?",
            source="Forum Nuvo", source_kind="forum"),
        reply(19, "nuvo", "Inès", "12T11:00", "Dans les réglages.", reply_to="urn:18",
              source="Forum Nuvo", source_kind="forum"),
        # A post naming two brands; Orbis' staff answers: Orbis' answer, not Fibralis'.
        row(20, "orbis", "Jules", "15T12:00", "Orbis ou Fibralis, lequel pour la fibre ?"),
        row(20, "fibralis", "Jules", "15T12:00", "Orbis ou Fibralis, lequel pour la fibre ?"),
        reply(21, "orbis", "Orbis_Care", "15T12:30", "Orbis, sans hésiter.", reply_to="urn:20"),
        # A reply whose parent was never collected: an orphan conversation of its own.
        reply(22, "orbis", "Karl", "16T09:00", "Moi aussi, panne ?", sentiment="negative",
              reply_to="urn:never-collected"),
        # A staff announcement with a customer's reply: not a request to the brand.
        row(23, "orbis", "Orbis_Care", "17T09:00", "Maintenance prévue ce soir.",
            thread_hint="discourse:forum.orbis.example:11", **forum),
        reply(24, "orbis", "Léa", "17T10:00", "Encore ? Pourquoi ?", sentiment="negative",
              thread_hint="discourse:forum.orbis.example:11", **forum),
        # A news article: journalists report, they do not ask.
        row(25, "fibralis", "Journaliste", "18T09:00", "Fibralis : panne géante ?",
            sentiment="negative", source="Le Quotidien", source_kind="news"),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return threads(scenario())


@pytest.fixture(scope="module")
def facts(data: pd.DataFrame) -> pd.DataFrame:
    return conversation_facts(data, STAFF)


@pytest.fixture(scope="module")
def kpis(facts: pd.DataFrame) -> pd.DataFrame:
    nuvo = CareTargets(answer_hours=72.0, extended_answer_hours=96.0)
    table = care_kpis(facts, OWN, {"nuvo": nuvo})
    return table.set_index("brand")


def fact(facts: pd.DataFrame, conversation: int, brand: str) -> pd.Series:
    found = facts[(facts["conversation"] == conversation) & (facts["brand"] == brand)]
    assert len(found) == 1
    return found.iloc[0]


def test_grouping_links_replies_hints_urls_and_feeds(data: pd.DataFrame) -> None:
    rows = conversations(data, STAFF)
    assert list(rows.columns) == THREAD_COLUMNS
    assert rows.index.equals(data.index)
    by_post = rows.drop_duplicates("post_id").set_index("post_id")
    conversation = by_post["conversation"].to_dict()
    assert [conversation[p] for p in (1, 2, 3)] == [1, 1, 1]
    assert [conversation[p] for p in (9, 10, 11)] == [9, 9, 9]  # two feeds, a URL link
    assert [conversation[p] for p in (14, 15, 16, 17)] == [14, 14, 14, 14]  # thread_hint
    assert conversation[6] == 6  # a later post by the same author is not a reply
    assert by_post.loc[[14, 15, 16, 17], "position"].tolist() == [0, 1, 2, 3]
    assert by_post.loc[[9, 10, 11], "starter"].tolist() == [True, False, False]
    assert by_post.loc[22, "orphan"] and by_post.loc[22, "starter"]
    assert not by_post.loc[[1, 9, 14, 20], "orphan"].any()
    # Orbis' agent answers for Orbis in Jules' thread, not for Fibralis in Emma's.
    assert by_post.loc[21, "staff"] and not by_post.loc[13, "staff"]
    assert by_post.loc[[2, 5, 8, 10, 17], "staff"].all()
    # The post naming two brands keeps its two rows, one conversation.
    assert rows.loc[rows["post_id"] == 20, "conversation"].tolist() == [20, 20]


def test_conversation_facts(facts: pd.DataFrame) -> None:
    assert list(facts.columns) == FACT_COLUMNS
    alice = fact(facts, 1, "orbis")
    assert alice["status"] == "brand" and alice["question"] and not alice["negative"]
    assert alice["first_brand_reply_hours"] == pytest.approx(1 / 3)
    assert alice["thanked"] and alice["replies"] == 2 and alice["participants"] == 2
    assert fact(facts, 4, "orbis")["converted"]
    denis = fact(facts, 9, "fibralis")
    assert denis["first_brand_reply_hours"] == pytest.approx(30.0)
    assert not denis["thanked"] and not denis["converted"]  # "toujours pas résolu"
    emma = fact(facts, 12, "fibralis")
    assert emma["status"] == "unanswered" and not emma["peers_first"]
    assert math.isnan(emma["first_peer_reply_hours"])  # a competitor's agent is no peer
    felix = fact(facts, 14, "nuvo")
    assert felix["status"] == "brand" and felix["peers_first"] and felix["thanked"]
    assert felix["first_peer_reply_hours"] == pytest.approx(0.5)
    assert felix["first_brand_reply_hours"] == pytest.approx(48.0)
    assert felix["participants"] == 3
    assert fact(facts, 18, "nuvo")["status"] == "peers"
    assert fact(facts, 20, "orbis")["status"] == "brand"
    assert fact(facts, 20, "fibralis")["status"] == "unanswered"
    assert fact(facts, 22, "orbis")["orphan"]
    assert fact(facts, 23, "orbis")["by_staff"]


def test_care_kpis_fast_brand(kpis: pd.DataFrame) -> None:
    orbis = kpis.loc["orbis"]
    assert orbis["month"] == "2026-03" and orbis["sector"] == "telecom"
    # Alice, Bruno, Jules (not the orphan, the announcement, nor Bruno's later post on a blog
    # whose feed shows no replies: nobody can tell whether it was answered)
    assert (orbis["conversations"], orbis["questions"], orbis["complaints"]) == (3, 2, 1)
    assert orbis["requests"] == orbis["n"] == 3
    assert orbis["brand_answered_share"] == 1.0
    assert orbis["peers_first_share"] == 0.0 and orbis["unanswered_share"] == 0.0
    assert orbis["reply_median_hours"] == pytest.approx(1 / 3)
    assert orbis["reply_p90_hours"] == pytest.approx(1 / 3 + 0.8 * (0.5 - 1 / 3))
    assert orbis["acknowledged_share"] == 1.0
    assert orbis["answered_share"] == orbis["answered_extended_share"] == 1.0
    assert orbis["thanked_share"] == pytest.approx(1 / 3)
    assert (orbis["converts"], orbis["detractors_answered"], orbis["convert_share"]) == (1, 1, 1.0)
    assert orbis["third_party_presence"] == pytest.approx(2 / 3)  # Twitter twice, own forum once
    assert orbis["third_party_requests"] == 2 and orbis["third_party_answered_share"] == 1.0
    assert (orbis["acknowledge_hours"], orbis["answer_hours"]) == (1.0, 24.0)
    assert orbis["extended_answer_hours"] == 48.0


def test_care_kpis_slow_brand(kpis: pd.DataFrame) -> None:
    fibralis = kpis.loc["fibralis"]
    # Chloé, Denis, Emma, Jules (the news article is not counted)
    assert (fibralis["conversations"], fibralis["questions"], fibralis["complaints"]) == (4, 3, 2)
    assert fibralis["n"] == 4
    assert fibralis["brand_answered_share"] == 0.5 and fibralis["unanswered_share"] == 0.5
    assert fibralis["reply_median_hours"] == fibralis["reply_p90_hours"] == pytest.approx(30.0)
    assert fibralis["acknowledged_share"] == 0.0 and fibralis["answered_share"] == 0.0
    assert fibralis["answered_extended_share"] == 0.5
    assert fibralis["thanked_share"] == 0.0
    assert (fibralis["converts"], fibralis["detractors_answered"]) == (0, 1)
    assert fibralis["convert_share"] == 0.0
    assert fibralis["third_party_presence"] == 0.5
    assert fibralis["third_party_requests"] == 3
    assert fibralis["third_party_answered_share"] == pytest.approx(1 / 3)


def test_care_kpis_community_brand_and_targets(kpis: pd.DataFrame) -> None:
    nuvo = kpis.loc["nuvo"]
    assert (nuvo["conversations"], nuvo["n"], nuvo["complaints"]) == (2, 2, 0)
    assert nuvo["brand_answered_share"] == 0.5 and nuvo["peers_first_share"] == 1.0
    assert nuvo["unanswered_share"] == 0.0
    assert nuvo["reply_median_hours"] == pytest.approx(48.0)
    assert nuvo["acknowledged_share"] == 0.0
    assert nuvo["answer_hours"] == 72.0 and nuvo["answered_share"] == 0.5  # its own target
    assert nuvo["extended_answer_hours"] == 96.0 and nuvo["answered_extended_share"] == 0.5
    assert nuvo["thanked_share"] == 0.5
    assert nuvo["detractors_answered"] == 0 and math.isnan(nuvo["convert_share"])
    assert nuvo["third_party_presence"] == 0.0
    assert nuvo["third_party_requests"] == 0 and math.isnan(nuvo["third_party_answered_share"])


def test_only_sources_that_show_replies_count(facts: pd.DataFrame) -> None:
    bruno_later = fact(facts, 6, "orbis")
    assert not bruno_later["source_threaded"]
    assert fact(facts, 1, "orbis")["source_threaded"]  # the forum shows its replies


def test_a_build_reads_only_the_conversations_care_can_count(data: pd.DataFrame) -> None:
    """A month's build asks for the observable conversations only: same KPIs, fewer facts;
    a window without any threading fact (a feed of tweets) costs nothing."""
    observable = conversation_details(data, STAFF, observable_only=True)
    every = conversation_facts(data, STAFF)
    assert 6 in set(every["conversation"]) and 6 not in set(observable.facts["conversation"])
    pd.testing.assert_frame_equal(care_kpis(observable.facts, OWN), care_kpis(every, OWN))
    flat = threads([row(1, "orbis", "Alice", "02T10:00", "Orbis en panne ?")])
    assert conversation_details(flat, STAFF, observable_only=True).facts.empty


def test_own_sources_from_the_configuration() -> None:
    found = own_sources({"Forum Orbis": "orbis", "Orbis TV": "orbis", "Forum Nuvo": "nuvo"})
    assert found == {"orbis": {"Forum Orbis", "Orbis TV"}, "nuvo": {"Forum Nuvo"}}


def test_undefined_kpis_are_nan() -> None:
    data = threads(
        [
            row(1, "orbis", "Alice", "02T10:00", "Orbis, c'est bien."),
            reply(2, "orbis", "Alice", "02T10:10", "Edit : vraiment.", reply_to="urn:1"),
        ]
    )
    table = care_kpis(conversation_facts(data, STAFF), OWN)
    assert list(table.columns) == CARE_COLUMNS
    only = table.iloc[0]
    assert (only["conversations"], only["n"]) == (1, 0)
    for name in ("brand_answered_share", "reply_median_hours", "reply_p90_hours", "thanked_share"):
        assert math.isnan(only[name]), name


def test_no_conversations() -> None:
    empty = threads([])
    assert list(conversations(empty, STAFF).columns) == THREAD_COLUMNS
    facts = conversation_facts(empty, STAFF)
    assert facts.empty and list(facts.columns) == FACT_COLUMNS
    table = care_kpis(facts, OWN)
    assert table.empty and list(table.columns) == CARE_COLUMNS


def test_convert_needs_the_next_post_within_60_days() -> None:
    base = [
        row(1, "orbis", "Bruno", "03T08:00", "Panne Orbis", sentiment="negative"),
        reply(2, "orbis", "Orbis_Care", "03T08:20", "On regarde.", reply_to="urn:1"),
    ]
    late = {**row(3, "orbis", "Bruno", "03T08:00", "Orbis au top"), "published": "2026-05-10"}
    late["sentiment"] = "positive"
    facts = conversation_facts(threads([*base, late]), STAFF)
    assert not fact(facts, 1, "orbis")["converted"]
    # A negative post first: the *next* post decides, not any later one.
    then = [
        row(3, "orbis", "Bruno", "04T08:00", "Toujours en panne", sentiment="negative"),
        row(4, "orbis", "Bruno", "05T08:00", "Orbis au top", sentiment="positive"),
    ]
    facts = conversation_facts(threads([*base, *then]), STAFF)
    assert not fact(facts, 1, "orbis")["converted"]


def test_thanks_before_any_answer_do_not_count() -> None:
    data = threads(
        [
            row(1, "orbis", "Alice", "02T10:00", "Panne ?", sentiment="negative"),
            reply(2, "orbis", "Alice", "02T10:05", "Merci !", reply_to="urn:1"),
            reply(3, "orbis", "Orbis_Care", "02T11:00", "On regarde.", reply_to="urn:1"),
        ]
    )
    alice = fact(conversation_facts(data, STAFF), 1, "orbis")
    assert alice["status"] == "brand" and not alice["thanked"]
    assert alice["first_brand_reply_hours"] == pytest.approx(1.0)


def test_a_thread_started_by_a_competitors_agent_is_no_request() -> None:
    data = threads(
        [
            row(1, "fibralis", "Orbis_Care", "02T10:00", "Fibralis en panne ? Venez chez Orbis",
                sentiment="negative"),
            reply(2, "fibralis", "Fibralis_SAV", "02T10:10", "Tout fonctionne.", reply_to="urn:1"),
        ]
    )  # fmt: skip
    facts = conversation_facts(data, STAFF)
    assert fact(facts, 1, "fibralis")["by_staff"]
    assert care_kpis(facts, OWN).empty


def test_orphans_sharing_a_hint_are_one_conversation() -> None:
    data = threads(
        [
            reply(1, "orbis", "A", "02T10:00", "Re: panne", thread_hint="title:x:panne"),
            reply(2, "orbis", "B", "02T09:00", "Re: panne", thread_hint="title:x:panne"),
        ]
    )
    posts = grouped_posts(data).set_index("post_id")
    assert posts["conversation"].tolist() == [2, 2]  # the earliest starts it
    assert posts["orphan"].all() and posts.loc[2, "starter"]


def test_a_long_reply_chain_is_one_conversation() -> None:
    """Thousands of replies each answering the previous one (no recursion limit)."""
    size = 5000
    rows = [row(1, "orbis", "A", "02T10:00", "Question ?")]
    rows += [
        {**reply(i, "orbis", "B", "02T10:00", "ok", reply_to=f"urn:{i - 1}"),
         "published": pd.Timestamp("2026-03-02T10:00Z") + pd.Timedelta(seconds=i)}
        for i in range(size, 1, -1)
    ]  # fmt: skip
    posts = grouped_posts(threads(rows))
    assert (posts["conversation"] == 1).all()
    assert sorted(posts["position"]) == list(range(size))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 30), st.integers(0, 4), st.booleans(), st.integers(0, 59)),
        min_size=1,
        max_size=30,
    )
)
def test_every_conversation_has_one_starter_and_dense_positions(
    links: list[tuple[int, int, bool, int]],
) -> None:
    rows = [
        {
            **reply(i, "orbis", "A", "02T10:00", "x", reply_to=f"urn:{target}" if target else ""),
            "is_reply": is_reply,
            "thread_hint": f"h{hint}" if hint else "",
            "published": f"2026-03-02T10:{minute:02d}",
        }
        for i, (target, hint, is_reply, minute) in enumerate(links, start=1)
    ]
    posts = grouped_posts(threads(rows))
    for _, group in posts.groupby("conversation"):
        assert group["starter"].sum() == 1
        assert sorted(group["position"]) == list(range(len(group)))
        assert group.loc[group["starter"], "post_id"].iloc[0] == group["conversation"].iloc[0]


@pytest.mark.parametrize(
    ("text", "thanked"),
    [
        ("Merci beaucoup !", True),
        ("Merci de votre aide", True),
        ("Merci d'avoir répondu si vite", True),
        ("C’est réglé 👍", True),
        ("Ça marche, au top", True),
        ("Thanks, solved", True),
        ("Merci de me rappeler", False),
        ("Merci d’avance", False),
        ("Merci Fibralis pour rien", False),
        ("Toujours pas résolu", False),
        ("Pas top", False),
        ("Ça ne marche toujours pas", False),
        ("Non merci", False),
    ],
)
def test_thanks_cues(text: str, thanked: bool) -> None:
    assert thanks(text) is thanked
    assert thanks_series(pd.Series([text])).tolist() == [thanked]


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Panne ?", True),
        ("Quelqu’un sait pourquoi la box clignote", True),
        ("Comment faire pour résilier", True),
        ("Besoin d’aide svp", True),
        ("Ma box est en panne.", False),
        ("Orbis au top", False),
        ("Nouvelle offre : https://orbis.example/offre?id=3", False),
    ],
)
def test_question_cues(text: str, asked: bool) -> None:
    assert asks(text) is asked
    assert asks_series(pd.Series([text])).tolist() == [asked]
