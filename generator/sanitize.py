"""Make feed HTML safe to publish, and turn it into plain text for analysis.

Feeds are written by strangers: their HTML is untrusted. nh3 (ammonia) keeps a conservative
allowlist of tags and attributes, drops scripts, styles and event handlers, accepts only
http(s)/mailto URLs and marks every link `rel="nofollow noopener ugc"` (user content we do not
endorse). Relative links are resolved against the entry's URL so they survive republishing.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import nh3

LINK_REL = "nofollow noopener ugc"

_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl",
        "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
        "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr",
        "u", "ul",
    }
)  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript"})


def sanitize_html(html: str | None, base_url: str | None = None) -> str:
    """Return `html` reduced to safe markup; relative URLs resolve against `base_url`.

    Without an absolute http(s) base, relative URLs are dropped: on the site they would point
    into the observatory itself, which is never what the author meant.
    """
    if not html:
        return ""
    if base_url and base_url.startswith(("http://", "https://")):
        relative: object = ("rewrite_with_base", base_url)
    else:
        relative = "deny"
    try:
        cleaned = _clean(html, relative)
    except ValueError:
        cleaned = _clean(html, "deny")  # a base nh3 cannot parse: be safe rather than clever
    return cleaned.strip()


def _clean(html: str, relative: Any) -> str:  # nh3's url_relative: a mode or a rewrite
    return nh3.clean(
        html,
        tags=set(_TAGS),
        clean_content_tags=set(_DROP_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in _ATTRIBUTES.items()},
        url_schemes=set(_URL_SCHEMES),
        link_rel=LINK_REL,
        url_relative=relative,
    )


_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h[1-6]", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "td", "th", "tr", "ul",
)  # fmt: skip
_BLOCK_BOUNDARY = re.compile(r"<(?=/?(?:{})\b)".format("|".join(_BLOCK_TAGS)), re.IGNORECASE)
_SOURCE_SPACE = re.compile(r"\s+")  # line breaks in HTML source are just spaces
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(html: str | None) -> str:
    """Plain text of an HTML fragment: entities decoded, whitespace tidied, paragraphs kept.

    Block tags become line breaks, then nh3 strips every tag (dropping script-like content)
    and the remaining entities are decoded: fast, and never confused by broken markup.
    """
    if not html:
        return ""
    marked = _BLOCK_BOUNDARY.sub("\n<", _SOURCE_SPACE.sub(" ", html))
    stripped = nh3.clean(marked, tags=set(), clean_content_tags=set(_DROP_WITH_CONTENT))
    text = unescape(stripped)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


# -- platform boilerplate ------------------------------------------------------------------------
# Lines a platform or a blog engine appends to every post: not the author's words, and they put
# user names and counts in quotes ("proposé par u/name [0 commentaires]"). Each pattern is one
# whole line at the end of the text, in a shape only that boilerplate has.
_TRAILER_LINES = (
    # Reddit and its localised copies: "submitted by /u/name [to r/sub]", "proposé par u/name",
    # then (on the same line or the next) its links "[link] [comments]", "[9 commentaires]".
    re.compile(
        r"(?:submitted by|posted by|proposé par|posté par|publié par)\s++/?u/[\w.-]++"
        r"(?:\s++(?:to|dans|sur)\s++/?r/[\w.-]++)?(?:\s*+\[[^\[\]\n]{1,40}+\]){0,3}+",
        re.IGNORECASE,
    ),
    re.compile(r"(?:\[[^\[\]\n]{1,40}+\]\s*+){1,3}+"),  # "[link] [comments]" alone on its line
    # WordPress: "The post X appeared first on Y." and its French version.
    re.compile(r"The post .{1,300}? appeared first on .{1,200}?\.?", re.IGNORECASE),
    re.compile(r"(?:L['’]article|Cet article) .{1,300}? est apparu en premier sur .{1,200}?\.?"),
    # Medium and blog engines: "Continue reading on Medium »", "Lire la suite…".
    re.compile(
        r"(?:Continue reading|Read more|Read the full (?:article|story)|Lire la suite"
        r"|Lire l['’]article(?: complet)?)(?: on [^\n]{0,40}+)?\s*+[»→…]?(?:\.\.\.)?",
        re.IGNORECASE,
    ),
)
_BRACKETS_ONLY = _TRAILER_LINES[1]
_MAX_TRAILER_LINES = 3
_MAX_TRAILER_LENGTH = 600


def strip_boilerplate(text: str) -> str:
    """`text` without the platform boilerplate at its end (see _TRAILER_LINES).

    Only whole last lines are looked at, at most three, so a post quoting "submitted by" in
    its middle keeps it. A line of bracketed links ("[link] [comments]") goes only with the
    by-line above it: "[Mise à jour]" at the end of a post is the author's.
    """
    if not text:
        return text
    # Enough lines for three trailer lines with blank lines between them; the rest stays whole.
    lines = text.rstrip().rsplit("\n", 2 * _MAX_TRAILER_LINES + 1)
    removed = 0
    while lines and removed < _MAX_TRAILER_LINES:
        last = lines[-1].strip()
        if len(last) > _MAX_TRAILER_LENGTH:
            break
        if _BRACKETS_ONLY.fullmatch(last):
            above = next((i for i in range(len(lines) - 2, -1, -1) if lines[i].strip()), None)
            byline = lines[above].strip() if above is not None else ""
            if len(byline) > _MAX_TRAILER_LENGTH or not _TRAILER_LINES[0].fullmatch(byline):
                break
            lines = lines[:above]
            removed += 2
        elif last and any(p.fullmatch(last) for p in _TRAILER_LINES):
            lines = lines[:-1]
            removed += 1
        else:
            break
        while lines and not lines[-1].strip():
            lines.pop()
    return "\n".join(lines).rstrip() if removed else text
