"""The Markdown of a new hand-written blog post (`observatoire new article`).

The front matter follows the mkdocs-material blog plugin's conventions, like the hand-written
articles in content/blog/posts/: `date.created`, `authors` (keys of .authors.yml),
`categories`, `tags`, `slug`, `description`, and `draft: true` so nothing is published before
the editor says so. The placeholder sentences are in the site's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

import yaml

from generator.render.i18n import Wording

SLUG_MAX = 60  # characters: URLs stay readable, words are never cut in half

# Letters NFKD does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ø": "o"})


def slugify(title: str) -> str:
    """`L'été des réseaux !` -> `l-ete-des-reseaux`: accents folded, lower case, ASCII words
    joined by hyphens (the blog's URL is blog/yyyy/MM/<slug>/); "" when no letter is left."""
    folded = unicodedata.normalize("NFKD", title.translate(_LIGATURES))
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_MAX:
            break
        slug = candidate
    return slug or (words[0][:SLUG_MAX] if words else "")


def article_markdown(
    title: str,
    *,
    created: date,
    slug: str,
    authors: Sequence[str],
    categories: Sequence[str],
    tags: Sequence[str],
    lang: str,
) -> str:
    """The new post: front matter, the title, an excerpt before `<!-- more -->` (the blog
    requires one: post_excerpt is `required`) and a first section to write."""
    w = Wording(lang)
    meta: dict[str, Any] = {"date": {"created": created}}
    if authors:
        meta["authors"] = list(authors)
    meta["categories"] = list(categories) if categories else [w._("Analyses")]
    meta["tags"] = list(tags)
    meta["slug"] = slug
    meta["description"] = w._("One sentence for search engines and shared links.")
    meta["draft"] = True
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    heading = " ".join(title.split())
    return (
        f"---\n{front}---\n\n# {heading}\n\n"
        + w._(
            "The opening paragraph: what the reader will learn. It is the excerpt shown on "
            "the blog's home page and in the feed."
        )
        + "\n\n<!-- more -->\n\n## "
        + w._("First section")
        + "\n\n"
        + w._("The article. Remove `draft: true` above to publish it at the next build.")
        + "\n"
    )
