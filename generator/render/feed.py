"""Make the feeds mkdocs-rss-plugin writes valid: RSS 2.0 and JSON Feed 1.1.

The plugin's template writes `<image><url>None</url></image>` when no image is configured,
puts the site author's *name* in `managingEditor` and each post's author name in `<author>`,
where RSS 2.0 wants e-mail addresses, and leaves categories unescaped (a brand named "R&D"
would break the XML). Its JSON Feed says `"icon": null`, where the format wants a URL or no
key. Rather than fork the plugin's template, the build rewrites the feeds after mkdocs and
before the site is swapped in (`render/site.py`):

- an `<image>` without an absolute http(s) URL is dropped;
- `managingEditor` and `webMaster` are "address (Name)" when the configuration gives an
  address (`site.editor_email`, else `site.contact`), and absent otherwise;
- a post author without an address becomes `<dc:creator>` (Dublin Core, the usual element
  for a name), so the name stays;
- the JSON Feed loses its null members.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from generator import atomic
from generator.config import Config
from generator.errors import BuildError

RSS_FILES = ("feed_rss_created.xml", "feed_rss_updated.xml")
JSON_FILES = ("feed_json_created.json", "feed_json_updated.json")
ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
NAMESPACES = {"atom": ATOM, "dc": DC}

# RSS 2.0 e-mail fields: "address" or "address (Name)" (RFC 822 with a comment).
EMAIL_FIELD = re.compile(r"[^@\s()<>,;]+@[^@\s()<>,;]+\.[^@\s()<>,;]+(?: \([^()]*\))?")
_BARE_AMPERSAND = re.compile(r"&(?!(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
_PROLOGUE_PI = re.compile(r"<\?xml-stylesheet\b[^?]*\?>")
_HTTP_URL = re.compile(r"https?://\S+", re.IGNORECASE)
# Where managingEditor and webMaster go: after the last of these channel elements.
_EDITOR_AFTER = ("title", "description", "link", f"{{{ATOM}}}link", "language")


def feed_editor(config: Config) -> str | None:
    """The RSS e-mail field naming the site's editor, or None when no address is configured."""
    site = config.site
    address = (site.editor_email or site.contact or "").strip()
    if not address or not EMAIL_FIELD.fullmatch(address):
        return None
    name = re.sub(r"[()]", "", " ".join(site.author.split()))  # a comment cannot nest here
    return f"{address} ({name})" if name else address


def fix_rss(text: str, editor: str | None) -> str:
    """The RSS document `text` made valid RSS 2.0 (see the module docstring)."""
    start = text.find("<rss")
    if start < 0:
        raise BuildError("the RSS feed has no <rss> element")
    prologue = "".join(m.group() + "\n" for m in _PROLOGUE_PI.finditer(text[:start]))
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    try:
        root = ET.fromstring(_BARE_AMPERSAND.sub("&amp;", text[start:]))
    except ET.ParseError as exc:
        raise BuildError(f"the RSS feed is not well-formed XML: {exc}") from exc
    channel = root.find("channel")
    if channel is None:
        raise BuildError("the RSS feed has no <channel>")
    for image in channel.findall("image"):
        if not _HTTP_URL.fullmatch((image.findtext("url") or "").strip()):
            channel.remove(image)
    _set_editor(channel, editor)
    for item in channel.findall("item"):
        for index, element in enumerate(list(item)):
            if element.tag == "author" and not EMAIL_FIELD.fullmatch((element.text or "").strip()):
                creator = ET.Element(f"{{{DC}}}creator")
                creator.text, creator.tail = element.text, element.tail
                item.remove(element)
                item.insert(index, creator)
    _drop_none(root)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{prologue}{body}\n'


def _set_editor(channel: ET.Element, editor: str | None) -> None:
    for tag in ("managingEditor", "webMaster"):
        for element in channel.findall(tag):
            channel.remove(element)
    if editor is None:
        return
    children = list(channel)
    at = max((i + 1 for i, e in enumerate(children) if e.tag in _EDITOR_AFTER), default=0)
    for offset, tag in enumerate(("managingEditor", "webMaster")):
        element = ET.Element(tag)
        element.text = editor
        channel.insert(at + offset, element)


def _drop_none(element: ET.Element) -> None:
    """Optional elements whose whole text is Python's "None" (a missing value printed)."""
    for child in list(element):
        _drop_none(child)
        if len(child) == 0 and (child.text or "").strip() == "None" and not child.attrib:
            element.remove(child)


def fix_json_feed(text: str) -> str:
    """The JSON Feed without null members (the format has no null: a member is absent)."""
    return json.dumps(_without_nulls(json.loads(text)), ensure_ascii=False, indent=2) + "\n"


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value if v is not None]
    return value


def finish_feeds(site_dir: Path, editor: str | None = None) -> list[Path]:
    """Rewrite the feeds found in a built site; returns the files rewritten."""
    done = []
    for name in RSS_FILES:
        path = site_dir / name
        if path.exists():
            atomic.write_text(path, fix_rss(path.read_text(encoding="utf-8"), editor))
            done.append(path)
    for name in JSON_FILES:
        path = site_dir / name
        if path.exists():
            try:
                fixed = fix_json_feed(path.read_text(encoding="utf-8"))
            except json.JSONDecodeError as exc:
                raise BuildError(f"{name} is not valid JSON: {exc}") from exc
            atomic.write_text(path, fixed)
            done.append(path)
    return done
