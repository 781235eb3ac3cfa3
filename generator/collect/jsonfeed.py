"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org/), which feedparser does not read.

Items are converted to the same dictionary shape feedparser produces, so one normaliser serves
every format. The shape is validated: anything that is not a JSON Feed is an error, items that
break the spec are skipped or repaired and the feed is flagged malformed.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

VERSION_PREFIXES = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")


class JSONFeedError(ValueError):
    """The document is not a usable JSON Feed; the message says why in plain words."""


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _date(value: Any) -> time.struct_time | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).timetuple()


def _author(container: dict[str, Any]) -> str | None:
    authors = container.get("authors")
    if isinstance(authors, list):
        for author in authors:
            if isinstance(author, dict) and _text(author.get("name")):
                return _text(author.get("name"))
    author = container.get("author")
    if isinstance(author, dict):
        return _text(author.get("name"))
    return None


def parse_json_feed(body: bytes) -> dict[str, Any]:
    """Return {"version", "feed": {...}, "entries": [...], "problems": [...]}."""
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise JSONFeedError(f"JSON Feed is not valid UTF-8: {exc.reason}") from None
    except json.JSONDecodeError as exc:
        raise JSONFeedError(f"invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(document, dict):
        raise JSONFeedError("not a JSON Feed: the document is not a JSON object")
    version = document.get("version")
    if not isinstance(version, str) or not version.startswith(VERSION_PREFIXES):
        raise JSONFeedError("not a JSON Feed: no https://jsonfeed.org/version/ marker")
    items = document.get("items")
    if not isinstance(items, list):
        raise JSONFeedError("JSON Feed without an 'items' list")

    problems: list[str] = []
    entries: list[dict[str, Any]] = []
    skipped = 0
    for item in items:
        if not isinstance(item, dict):
            skipped += 1
            continue
        entry = _entry(item)
        if entry is None:
            skipped += 1
            continue
        if "id" not in entry:
            problems.append("items without an id")
        entries.append(entry)
    if skipped:
        problems.append(f"{skipped} item(s) that are not JSON Feed items skipped")
    feed = {
        "title": _text(document.get("title")),
        "link": _text(document.get("home_page_url")),
        "language": _text(document.get("language")),
        "author": _author(document),
    }
    suffix = version.rsplit("/", 1)[-1]
    return {
        "version": f"json{suffix}",
        "feed": feed,
        "entries": entries,
        "problems": sorted(set(problems)),
    }


def _entry(item: dict[str, Any]) -> dict[str, Any] | None:
    entry: dict[str, Any] = {}
    raw_id = item.get("id")
    if isinstance(raw_id, (str, int, float)) and str(raw_id).strip():
        entry["id"] = str(raw_id).strip()
    link = _text(item.get("url")) or _text(item.get("external_url"))
    if link:
        entry["link"] = link
    if _text(item.get("title")):
        entry["title"] = item["title"].strip()
    content: list[dict[str, str]] = []
    if _text(item.get("content_html")):
        content.append({"type": "text/html", "value": item["content_html"]})
    if _text(item.get("content_text")):
        content.append({"type": "text/plain", "value": item["content_text"]})
    if content:
        entry["content"] = content
    if _text(item.get("summary")):
        entry["summary"] = item["summary"]
        entry["summary_detail"] = {"type": "text/plain", "value": item["summary"]}
    published = _date(item.get("date_published"))
    updated = _date(item.get("date_modified"))
    if published:
        entry["published_parsed"] = published
    if updated:
        entry["updated_parsed"] = updated
    author = _author(item)
    if author:
        entry["author"] = author
    if _text(item.get("language")):
        entry["language"] = item["language"].strip()
    if not (content or entry.get("title") or entry.get("summary") or link or "id" in entry):
        return None
    return entry
