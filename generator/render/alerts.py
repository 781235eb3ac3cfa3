"""A crisis alert in words: the Atom feed `alertes.xml`, the e-mail and the webhook payload.

The sentence is the monthly summary's crisis sentence (render/summary.py), so an alert and
the report it links to say the same thing. Post text is untrusted: the feed is built with
ElementTree (which escapes), the e-mail is plain text and the payload is JSON.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import asdict
from datetime import date, datetime, time
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator.aggregate.alerts import alert_key
from generator.config import Config
from generator.records import Crisis
from generator.render.i18n import Wording
from generator.render.pages import ALERTS_FEED, report_url
from generator.render.summary import FactWords

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = ALERTS_FEED  # linked in every page head (theme/main.html)


def sentence(crisis: Crisis, config: Config, lang: str) -> str:
    """The crisis in one sentence, as the monthly summary opens with it."""
    return FactWords(config, lang).crisis(crisis)


def title(crisis: Crisis, config: Config, lang: str) -> str:
    names = {b.slug: b.name for b in config.brands}
    return Wording(lang)._("Crisis: {brand}", brand=names.get(crisis.brand, crisis.brand))


def link(crisis: Crisis, config: Config) -> str:
    """The monthly report of the month the crisis started in, on the public site."""
    return config.site.url.rstrip("/") + "/" + report_url(crisis.month)


def entry_id(crisis: Crisis, config: Config) -> str:
    """A permanent id (RFC 4151 tag URI): the same crisis keeps its id in every build."""
    host = urlsplit(config.site.url).hostname or "observatoire"
    return f"tag:{host},{crisis.start.isoformat()}:alerte/{alert_key(crisis)}"


def _stamp(day: date, timezone: str) -> str:
    return datetime.combine(day, time(), tzinfo=ZoneInfo(timezone)).isoformat()


def atom_feed(crises: list[Crisis], config: Config, lang: str, updated: date) -> bytes:
    """Every crisis as an Atom 1.0 entry, newest first; `updated` when there is none."""
    ET.register_namespace("", ATOM)
    tz = config.site.timezone
    w = Wording(lang)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    site = config.site.url.rstrip("/") + "/"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = site + FEED_FILE
    heading = w._("Crisis alerts")  # outside the f-string, where pybabel can find it
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{config.site.title} — {heading}"
    newest = max((c.start for c in crises), default=updated)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(newest, tz)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = config.site.author or config.site.title
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": site + FEED_FILE})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": site})
    for crisis in sorted(crises, key=lambda c: (c.start, c.brand), reverse=True):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = entry_id(crisis, config)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = title(crisis, config, lang)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(crisis.start, tz)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": link(crisis, config)})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = sentence(crisis, config, lang)
    ET.indent(feed)
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True)) + b"\n"


def email_text(crisis: Crisis, config: Config, lang: str) -> str:
    """The plain-text body: the sentence, the most engaged negative posts, the report."""
    w = Wording(lang)
    lines = [sentence(crisis, config, lang), ""]
    if crisis.posts:
        lines.append(w._("Negative posts"))
        for quote in crisis.posts:
            lines.append(f"- {quote.source}, {quote.author_display} — {quote.excerpt}")
            if quote.url:
                lines.append(f"  {quote.url}")
        lines.append("")
    lines += [w._("Read the full report"), link(crisis, config), ""]
    return "\n".join(lines)


def email_message(
    crisis: Crisis, config: Config, lang: str, sender: str, to: list[str]
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = title(crisis, config, lang)
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=urlsplit(config.site.url).hostname or None)
    message.set_content(email_text(crisis, config, lang), cte="quoted-printable")
    return message


def payload(crisis: Crisis, config: Config, lang: str, as_of: date) -> dict[str, Any]:
    """The webhook's JSON body: the crisis as data, its sentence and its report link."""
    names = {b.slug: b.name for b in config.brands}
    return {
        "type": "crisis",
        "id": alert_key(crisis),
        "as_of": as_of.isoformat(),
        "brand": crisis.brand,
        "brand_name": names.get(crisis.brand, crisis.brand),
        "sector": crisis.sector,
        "start": crisis.start.isoformat(),
        "negatives": crisis.negatives,
        "threshold": crisis.threshold,
        "baseline_mean": crisis.baseline_mean,
        "themes": list(crisis.themes),
        "text": sentence(crisis, config, lang),
        "title": title(crisis, config, lang),
        "url": link(crisis, config),
        "posts": [asdict(q) for q in crisis.posts],
    }
