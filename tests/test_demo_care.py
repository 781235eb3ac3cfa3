"""Customer care on the bundled demo (issue 19): every care KPI recomputed from the raw feeds.

The numbers are computed here independently of the pipeline and of the generator's
bookkeeping, straight from the feed files with ElementTree: threads from `thr:in-reply-to`
(the Atom forum), Discourse topic URLs (`/t/<slug>/<topic>`) and "Re: " titles within one
feed; brands by a plain regex on the configuration's names and aliases (or the source's
`brand:`); sentiment from labels.csv, a question by a plain "?" in the post's text; staff and
excluded authors from observatoire.yml. The rules are those of generator/aggregate/care.py
and conversations.py: a month's conversations are those started in it, read up to the end
of the next month, on a source that shows replies (one among its posts of M-2..M+1) or with
replies of their own; a convert's next post is looked for within 30 days of the brand's
answer.
They must equal the `care:` section of tests/fixtures/demo_truth.yml (written by
tools/demo/make_feeds.py from its own Post objects), and the observatory's `care` frame.
"""

from __future__ import annotations

import csv
import html
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TRUTH_PATH = ROOT / "tests" / "fixtures" / "demo_truth.yml"
LABELS_PATH = ROOT / "generator" / "data" / "demo" / "labels.csv"
PARIS = ZoneInfo("Europe/Paris")
ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
THR = "{http://purl.org/syndication/thread/1.0}"
TOPIC = re.compile(r"^https?://([^/]+)/t/[^/]+/(\d+)")
REPLY_TITLE = re.compile(r"^\s*re\s*:\s*", re.IGNORECASE)
THANKS = re.compile(r"\bmerci\b|\bca (?:marche|fonctionne)\b|\bresolu\b|\bnickel\b")
NOT_THANKS = re.compile(r"\bmerci (?:d'avance|de me|pour rien)|\b(?:pas|plus) resolu\b")
ACKNOWLEDGE_HOURS, ANSWER_HOURS, EXTENDED_HOURS = 1.0, 24.0, 48.0
CONVERT_DAYS = 30
COUNTS = (
    "conversations", "questions", "complaints", "requests", "converts", "detractors_answered",
    "third_party_requests",
)  # fmt: skip


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def plain(markup: str) -> str:
    without_blocks = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", markup or "")
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without_blocks)).split())


@dataclass(eq=False)
class Raw:
    """One feed item as the file says it."""

    source: str
    kind: str
    guid: str
    url: str
    author: str
    published: datetime
    title: str
    text: str
    parent_ref: str = ""  # thr:in-reply-to ref
    brands: tuple[str, ...] = ()
    sentiment: str = "neutral"
    links: list[Raw] = field(default_factory=list)


def read_feed(path: Path, source: str, kind: str) -> list[Raw]:
    """Dated items of a feed (undated ones never enter a month)."""
    root = ElementTree.parse(path).getroot()
    found = []
    if root.tag == f"{ATOM}feed":
        for entry in root.iter(f"{ATOM}entry"):
            stamp = entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")
            body = entry.findtext(f"{ATOM}content") or ""
            if not body:
                body = " ".join(e.text or "" for e in entry.iter() if e.tag.endswith("description"))
            body = re.sub(r"<!-- SC_OFF -->(.*?)<!-- SC_ON -->.*", r"\1", body, flags=re.S)
            link = entry.find(f"{ATOM}link[@rel='alternate']")
            parent = entry.find(f"{THR}in-reply-to")
            if not stamp:
                continue
            found.append(
                Raw(
                    source=source,
                    kind=kind,
                    guid=entry.findtext(f"{ATOM}id") or "",
                    url=link.get("href", "") if link is not None else "",
                    author=entry.findtext(f"{ATOM}author/{ATOM}name") or "",
                    published=datetime.fromisoformat(stamp),
                    title=plain(entry.findtext(f"{ATOM}title") or ""),
                    text=plain(body),
                    parent_ref=parent.get("ref", "") if parent is not None else "",
                )
            )
    else:
        for item in root.iter("item"):
            stamp = item.findtext("pubDate")
            if not stamp:
                continue
            body = item.findtext(f"{CONTENT}encoded") or item.findtext("description") or ""
            found.append(
                Raw(
                    source=source,
                    kind=kind,
                    guid=item.findtext("guid") or "",
                    url=item.findtext("link") or "",
                    author=item.findtext(f"{DC}creator") or "",
                    published=parsedate_to_datetime(stamp),
                    title=plain(item.findtext("title") or ""),
                    text=plain(body),
                )
            )
    return found


@dataclass(frozen=True)
class Demo:
    posts: list[Raw]
    staff: dict[str, set[str]]  # brand -> folded staff names
    own: dict[str, set[str]]  # brand -> its own sources (`brand:`)
    brands: list[str]


def load_demo() -> Demo:
    """The demo's posts, each with its brands, its sentiment (labels.csv) and links to the
    posts it threads with."""
    config = yaml.safe_load((ROOT / "observatoire.yml").read_text(encoding="utf-8"))
    excluded = {fold(a) for a in config["privacy"]["excluded_authors"]}
    brands = [b for s in config["sectors"] for b in s["brands"]]
    staff = {b["slug"]: {fold(a) for a in b.get("staff", [])} for b in brands}
    patterns = {
        b["slug"]: re.compile(
            r"(?<!\w)(?:"
            + "|".join(
                re.escape(n)
                for n in sorted({fold(x).lstrip("@") for x in [b["name"], *b["aliases"]]})
            )
            + r")(?!\w)"
        )
        for b in brands
    }
    own: dict[str, set[str]] = defaultdict(set)
    labels = {}
    with LABELS_PATH.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            labels[(row["file"], row["guid"])] = row["label"]
    posts: list[Raw] = []
    long_texts: set[tuple[str, str]] = set()
    for source in config["sources"]:
        if source.get("brand"):
            own[source["brand"]].add(source["name"])
        path = ROOT / source["path"]
        for post in read_feed(path, source["name"], source["kind"]):
            if fold(post.author) in excluded:
                continue
            named = tuple(
                slug
                for slug, pattern in patterns.items()
                if pattern.search(fold(f"{post.title} {post.text}"))
            )  # a brand's own source adds its brand to those the text names
            owner = (source["brand"],) if source.get("brand") else ()
            post.brands = tuple(dict.fromkeys((*named, *owner)))
            post.sentiment = labels[(path.name, post.guid)]
            posts.append(post)
    posts.sort(key=lambda p: p.published)
    kept = []
    for post in posts:  # a word-for-word republished article counts once: the first copy
        if len(post.text) >= 140:
            if (post.title, post.text) in long_texts:
                continue
            long_texts.add((post.title, post.text))
        kept.append(post)
    by_guid = {(p.source, p.guid): p for p in kept}
    by_key: dict[tuple[str, ...], list[Raw]] = defaultdict(list)
    for post in kept:
        if post.parent_ref and (post.source, post.parent_ref) in by_guid:
            post.links.append(by_guid[(post.source, post.parent_ref)])
        if topic := TOPIC.match(post.url):
            by_key[("topic", *topic.groups())].append(post)
        elif not post.parent_ref and post.title:
            by_key[("title", post.source, fold(REPLY_TITLE.sub("", post.title)))].append(post)
    for key, members in by_key.items():
        if key[0] == "title" and not any(REPLY_TITLE.match(p.title) for p in members):
            continue  # a title only threads when someone answers with "Re: <title>"
        for post in members[1:]:
            post.links.append(members[0])
    return Demo(kept, staff, dict(own), [b["slug"] for b in brands])


def is_reply(post: Raw) -> bool:
    return bool(post.parent_ref) or bool(REPLY_TITLE.match(post.title))


def conversations(posts: list[Raw]) -> list[list[Raw]]:
    """Posts grouped by their links (transitively), each group oldest first."""
    parent = {id(p): p for p in posts}
    up: dict[int, int] = {id(p): id(p) for p in posts}

    def find(x: int) -> int:
        while up[x] != x:
            x = up[x]
        return x

    for post in posts:
        for other in post.links:
            a, b = find(id(post)), find(id(other))
            if a != b:
                up[a] = b
    groups: dict[int, list[Raw]] = defaultdict(list)
    for post in posts:
        groups[find(id(post))].append(parent[id(post)])
    return [sorted(g, key=lambda p: p.published) for g in groups.values()]


def unresolved(guid: str) -> str:
    return guid.rsplit("/", 1)[-1] if guid.startswith("file:") else guid


def says_thanks(text: str) -> bool:
    folded = fold(text)
    return bool(THANKS.search(folded)) and not NOT_THANKS.search(folded)


def month_start(month: str, add: int) -> datetime:
    year, mon = (int(x) for x in month.split("-"))
    mon += add
    year, mon = year + (mon - 1) // 12, (mon - 1) % 12 + 1
    return datetime(year, mon, 1, tzinfo=PARIS)


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def share(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def care_numbers(
    demo: Demo, sentiment_of: dict[tuple[str, str, str], str] | None = None
) -> dict[str, dict[str, dict[str, object]]]:
    """brand -> month -> KPI, recomputed from the feeds. `sentiment_of` (source, guid, brand)
    replaces the labels (to compare with a pipeline whose analyser reads a post otherwise)."""

    def feeling(post: Raw, brand: str) -> str:
        if sentiment_of is not None:  # a post naming no brand: its context row's
            found = sentiment_of.get((post.source, unresolved(post.guid), brand))
            return found or sentiment_of.get((post.source, unresolved(post.guid), ""), "neutral")
        return post.sentiment

    any_staff = set().union(*demo.staff.values())

    def shift(month: str, by: int) -> str:
        return month_start(month, by).strftime("%Y-%m")

    replying = {
        (p.source, p.published.astimezone(PARIS).strftime("%Y-%m"))
        for p in demo.posts
        if is_reply(p)
    }
    rows: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for group in conversations(demo.posts):
        starters = [p for p in group if not is_reply(p)]
        if not starters:
            continue  # orphan replies
        starter = starters[0]
        if starter.kind == "news" or fold(starter.author) in any_staff:
            continue
        month = starter.published.astimezone(PARIS).strftime("%Y-%m")
        horizon = month_start(month, 2)
        replies = [p for p in group if p is not starter and p.published < horizon]
        if not replies and not any(
            (starter.source, shift(month, by)) in replying for by in (-2, -1, 0, 1)
        ):
            continue  # a feed that shows no reply cannot tell an unanswered request
        customer = fold(starter.author)

        def hours(post: Raw, start: Raw = starter) -> float:
            return max(0.0, (post.published - start.published).total_seconds() / 3600)

        for brand in starter.brands:
            negative = feeling(starter, brand) == "negative"
            question = "?" in starter.text
            answers = [p for p in replies if fold(p.author) in demo.staff[brand]]
            peers = [p for p in replies if fold(p.author) not in ("", customer, *any_staff)]
            brand_hours = hours(answers[0]) if answers else None
            peer_hours = hours(peers[0]) if peers else None
            first = min([h for h in (brand_hours, peer_hours) if h is not None], default=None)
            thanked = first is not None and any(
                fold(p.author) == customer and hours(p) > first and says_thanks(p.text)
                for p in replies
            )
            converted = False
            if negative and answers:
                answered_at = answers[0].published
                limit = min(answered_at + timedelta(days=CONVERT_DAYS), horizon)
                following = [
                    p
                    for p in demo.posts
                    if fold(p.author) == customer
                    and (brand in p.brands or p in replies)
                    and answered_at < p.published <= limit
                ]
                converted = bool(following) and feeling(following[0], brand) == "positive"
            rows[(brand, month)].append(
                {
                    "question": question,
                    "negative": negative,
                    "request": question or negative,
                    "hours": brand_hours,
                    "peers_first": peer_hours is not None
                    and (brand_hours is None or peer_hours < brand_hours),
                    "answered": first is not None,
                    "thanked": thanked,
                    "converted": converted,
                    "author": customer,
                    "third_party": starter.source not in demo.own.get(brand, set()),
                }
            )
    out: dict[str, dict[str, dict[str, object]]] = {}
    for (brand, month), found in sorted(rows.items()):
        requests = [r for r in found if r["request"]]
        n = len(requests)
        timed = [r["hours"] for r in requests if r["hours"] is not None]
        answered = [r for r in requests if r["answered"]]
        detractors = {r["author"] for r in requests if r["negative"] and r["hours"] is not None}
        converts = {
            r["author"]
            for r in requests
            if r["negative"] and r["hours"] is not None and r["converted"]
        }
        replied = [r for r in found if r["hours"] is not None]
        third = [r for r in requests if r["third_party"]]
        out.setdefault(brand, {})[month] = {
            "conversations": len(found),
            "questions": sum(bool(r["question"]) for r in found),
            "complaints": sum(bool(r["negative"]) for r in found),
            "requests": n,
            "brand_answered_share": share(len(timed), n),
            "peers_first_share": share(sum(bool(r["peers_first"]) for r in requests), n),
            "unanswered_share": share(n - len(answered), n),
            "reply_median_hours": quantile(timed, 0.5) if timed else None,  # type: ignore[arg-type]
            "reply_p90_hours": quantile(timed, 0.9) if timed else None,  # type: ignore[arg-type]
            "acknowledged_share": share(sum(h <= ACKNOWLEDGE_HOURS for h in timed), n),  # type: ignore[operator]
            "answered_share": share(sum(h <= ANSWER_HOURS for h in timed), n),  # type: ignore[operator]
            "answered_extended_share": share(sum(h <= EXTENDED_HOURS for h in timed), n),  # type: ignore[operator]
            "thanked_share": share(sum(bool(r["thanked"]) for r in answered), len(answered)),
            "converts": len(converts),
            "detractors_answered": len(detractors),
            "convert_share": share(len(converts), len(detractors)),
            "third_party_presence": share(
                sum(bool(r["third_party"]) for r in replied), len(replied)
            ),
            "third_party_requests": len(third),
            "third_party_answered_share": share(
                sum(r["hours"] is not None for r in third), len(third)
            ),
        }
    return out


def assert_same(found: dict, expected: dict) -> None:
    assert sorted(found) == sorted(expected)
    for brand, months in expected.items():
        assert sorted(found[brand]) == sorted(months), brand
        for month, kpis in months.items():
            for name, value in kpis.items():
                got = found[brand][month][name]
                where = (brand, month, name, got, value)
                if name in COUNTS:
                    assert got == value, where
                elif value is None:
                    assert got is None or (isinstance(got, float) and math.isnan(got)), where
                else:
                    assert got is not None and not math.isnan(got), where
                    assert abs(got - value) <= 1e-9, where


@pytest.fixture(scope="module")
def truth() -> dict:
    return yaml.safe_load(TRUTH_PATH.read_text(encoding="utf-8"))["care"]


@pytest.fixture(scope="module")
def demo() -> Demo:
    return load_demo()


def test_care_truth_is_what_the_feeds_say(demo: Demo, truth: dict) -> None:
    assert_same(care_numbers(demo), truth)


def test_the_brands_care_profiles_show(truth: dict) -> None:
    """Orbis answers fast, Fibralis slowly (and worst in August), Nuvo's community first."""

    def pooled(brand: str, name: str) -> list[float]:
        return [k[name] for k in truth[brand].values() if k[name] is not None]

    median = {b: sorted(pooled(b, "reply_median_hours")) for b in truth}
    assert max(median["orbis"]) < 13 < 24 < min(median["fibralis"])
    assert max(median["orbis"]) < min(median["nuvo"])
    assert truth["fibralis"]["2026-08"]["reply_median_hours"] > 24
    assert truth["fibralis"]["2026-08"]["acknowledged_share"] == 0
    assert truth["orbis"]["2026-08"]["acknowledged_share"] > 0
    peers = {b: sum(pooled(b, "peers_first_share")) for b in truth}
    assert peers["nuvo"] == max(peers.values())
    assert sum(k["converts"] for b in truth.values() for k in b.values()) >= 2


def test_the_demo_wording_is_unambiguous_for_the_cues(demo: Demo) -> None:
    """The product's cues read the starters and the customers' follow-ups as the plain rules
    here do: a question has a "?", a thanks says merci / ça marche / nickel."""
    from generator.analyse.care_cues import asks, thanks

    for group in conversations(demo.posts):
        starters = [p for p in group if not is_reply(p)]
        if not starters or starters[0].kind == "news":
            continue
        starter = starters[0]
        assert asks(starter.text) == ("?" in starter.text), starter.text
        for post in group:
            if post is not starter and fold(post.author) == fold(starter.author):
                assert thanks(post.text) == says_thanks(post.text), post.text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """The demo collected, analysed and aggregated as `observatoire build` does."""
    from generator.aggregate.mentions import shape_mentions
    from generator.analyse.pipeline import analyse_store, excluded_authors, staff_authors
    from generator.collect import collect_sources
    from generator.config import StoreConfig, load_config
    from generator.incremental import observatory_from_store
    from generator.store import Store

    db = tmp_path_factory.mktemp("care") / "demo.db"
    config = load_config(ROOT / "observatoire.yml")
    store = StoreConfig(url=f"sqlite:///{db}", cache=str(db.parent / "months"))
    config = config.model_copy(update={"store": store})
    with Store(config.store_url) as store:
        collect_sources(config, store)
        analyse_store(store, config)
        try:
            rows = store.mention_rows(context=True)  # with the posts that name no brand
        except TypeError:
            rows = store.mention_rows()
        rows = shape_mentions(rows, config.site.timezone, excluded_authors(config))
        build = observatory_from_store(
            config, store, staff=staff_authors(config), excluded=excluded_authors(config)
        )
    return build.observatory, rows


def test_observatory_care_equals_the_independent_numbers(built, demo: Demo) -> None:
    """The pipeline's `care` frame, KPI by KPI. Sentiment toward each brand is the one input
    taken from the pipeline (its analyser, tested elsewhere, reads some demo posts otherwise
    than labels.csv, and a post leaving a brand for another is negative for the one left);
    threads, brands, questions, thanks, staff, windows and formulas are recomputed here."""
    observatory, rows = built
    care = getattr(observatory, "care", None)
    if care is None or care.empty:
        pytest.xfail("Observatory.care is not computed yet (issue 19)")
    sentiment_of = {  # a feed's relative <id> is stored resolved against the feed's location
        (str(r.source), unresolved(str(r.guid)), "" if r.brand is None else str(r.brand)): str(
            r.sentiment
        )
        for r in rows.itertuples()
    }
    expected = care_numbers(demo, sentiment_of)
    found: dict[str, dict[str, dict[str, object]]] = {}
    for record in care.to_dict("records"):
        kpis = {}
        for name in expected[record["brand"]].get(record["month"], {}) or COUNTS:
            value = record[name]
            kpis[name] = (
                None if value is None or (isinstance(value, float) and math.isnan(value)) else value
            )
        found.setdefault(record["brand"], {})[record["month"]] = kpis
    assert_same(found, expected)
