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
