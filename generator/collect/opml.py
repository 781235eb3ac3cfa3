"""OPML 2.0 import and export of the source list: the format every feed reader speaks.

Import never edits the configuration file (comments and layout there are precious): it returns
source definitions, which the CLI prints as a YAML block to paste under `sources:`. Outline
categories or an `observatoire:kind` attribute map to a source kind; export writes them back.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

import yaml

from generator.config import Source, SourceKind
from generator.errors import ObservatoireError

KINDS: tuple[str, ...] = ("forum", "blog", "news", "social", "review", "video")
_KIND_WORDS = {
    "forum": "forum", "forums": "forum", "community": "forum", "communauté": "forum",
    "blog": "blog", "blogs": "blog",
    "news": "news", "actualités": "news", "actualites": "news", "presse": "news",
    "social": "social", "reddit": "social", "mastodon": "social",
    "review": "review", "reviews": "review", "avis": "review",
    "video": "video", "videos": "video", "youtube": "video", "vidéo": "video",
}  # fmt: skip


class OPMLError(ObservatoireError, ValueError):
    """The file is not readable OPML; the message says why."""


@dataclass(frozen=True, slots=True)
class OPMLFeed:
    name: str
    url: str
    kind: str
    language: str | None = None
    site_url: str | None = None

    def as_config(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"name": self.name, "url": self.url, "kind": self.kind}
        if self.language:
            entry["language"] = self.language
        return entry


def _kind(outline: ET.Element, parents: list[str], default: str) -> str:
    explicit = outline.get("{https://observatoire.example.org/opml}kind") or outline.get(
        "observatoire_kind"
    )
    if explicit in KINDS:
        return explicit
    words = [
        c.strip().lower() for c in (outline.get("category") or "").replace("/", ",").split(",")
    ]
    for word in [*words, *(p.lower() for p in reversed(parents))]:
        if word in _KIND_WORDS:
            return _KIND_WORDS[word]
    return default


def parse_opml(data: bytes | str, default_kind: str = "news") -> list[OPMLFeed]:
    """Every feed outline (type rss/atom or any outline with xmlUrl), folders flattened."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise OPMLError(f"not valid OPML: {exc}") from None
    if root.tag.lower() != "opml":
        raise OPMLError("not an OPML document (the root element is not <opml>)")
    body = root.find("body")
    if body is None:
        raise OPMLError("OPML without a <body>")
    feeds: list[OPMLFeed] = []
    seen: set[str] = set()

    def walk(element: ET.Element, parents: list[str]) -> None:
        for outline in element.findall("outline"):
            url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
            title = (outline.get("title") or outline.get("text") or "").strip()
            if url and url not in seen and url.startswith(("http://", "https://", "file://")):
                seen.add(url)
                feeds.append(
                    OPMLFeed(
                        name=title or url,
                        url=url,
                        kind=_kind(outline, parents, default_kind),
                        language=(outline.get("language") or None),
                        site_url=outline.get("htmlUrl") or None,
                    )
                )
            walk(outline, [*parents, title] if not url else parents)

    walk(body, [])
    return feeds


def new_sources(feeds: Iterable[OPMLFeed], existing: Iterable[Source]) -> list[OPMLFeed]:
    """Drop feeds already configured (same URL) and make names unique against the config."""
    existing = list(existing)
    urls = {s.location for s in existing}
    names = {s.name for s in existing}
    kept: list[OPMLFeed] = []
    for feed in feeds:
        if feed.url in urls:
            continue
        name, number = feed.name, 2
        while name in names:
            name, number = f"{feed.name} ({number})", number + 1
        names.add(name)
        urls.add(feed.url)
        kept.append(OPMLFeed(name=name, url=feed.url, kind=feed.kind, language=feed.language))
    return kept


def yaml_block(feeds: Iterable[OPMLFeed]) -> str:
    """The `sources:` entries to paste into observatoire.yml."""
    entries = [feed.as_config() for feed in feeds]
    if not entries:
        return ""
    return yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=100)


def export_opml(sources: Iterable[Source], title: str, now: datetime | None = None) -> str:
    """OPML 2.0 of the configured sources, one folder per kind (feed readers show folders)."""
    now = now or datetime.now(UTC)
    opml = ET.Element("opml", {"version": "2.0"})
    opml.set("xmlns:observatoire", "https://observatoire.example.org/opml")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(now)
    body = ET.SubElement(opml, "body")
    by_kind: dict[SourceKind, list[Source]] = {}
    for source in sources:
        by_kind.setdefault(source.kind, []).append(source)
    for kind in KINDS:
        members = by_kind.get(kind)  # type: ignore[call-overload]
        if not members:
            continue
        folder = ET.SubElement(body, "outline", {"text": kind, "title": kind})
        for source in members:
            attributes = {
                "type": "rss",
                "text": source.name,
                "title": source.name,
                "xmlUrl": source.location,
                "category": kind,
                "observatoire:kind": kind,
            }
            if source.language:
                attributes["language"] = source.language
            ET.SubElement(folder, "outline", attributes)
    ET.indent(opml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(opml, encoding="unicode") + "\n"
