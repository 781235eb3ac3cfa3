"""Theme tagging from the sector's keyword taxonomy (configuration), several themes per post.

Keywords are matched like brand aliases: case- and accent-insensitive, on word boundaries, with
the plural forms French adds (-s, -x), so "panne" tags "pannes" but not "panneau".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from generator.analyse.text import fold


def _keyword_regex(keywords: Iterable[str]) -> re.Pattern[str] | None:
    parts = sorted(
        {" ".join(fold(k).split()) for k in keywords if k.strip()}, key=len, reverse=True
    )
    if not parts:
        return None
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in parts)
    return re.compile(rf"(?<![\w])(?:{body})(?:s|x|es)?(?!\w)")


class ThemeMatcher:
    """Tag texts with theme slugs; `themes` are objects with `.slug` and `.keywords`."""

    def __init__(self, themes: Iterable[Any]) -> None:
        self._owner: dict[str, list[str]] = {}
        keywords: list[str] = []
        for theme in themes:
            for keyword in theme.keywords:
                key = " ".join(fold(keyword).split())
                owners = self._owner.setdefault(key, [])
                if theme.slug not in owners:
                    owners.append(theme.slug)
                keywords.append(keyword)
        self._order = {
            slug: i
            for i, slug in enumerate(
                dict.fromkeys(s for owners in self._owner.values() for s in owners)
            )
        }
        self._regex = _keyword_regex(keywords)

    def match_folded(self, folded: str) -> tuple[str, ...]:
        if self._regex is None:
            return ()
        found: set[str] = set()
        for m in self._regex.finditer(folded):
            key = " ".join(m.group().split())
            owners = self._owner.get(key)
            if owners is None:  # a plural ending matched: strip it
                for ending in ("es", "s", "x"):
                    if key.endswith(ending) and key[: -len(ending)] in self._owner:
                        owners = self._owner[key[: -len(ending)]]
                        break
            found.update(owners or ())
        return tuple(sorted(found, key=self._order.__getitem__))

    def match(self, text: str) -> tuple[str, ...]:
        return self.match_folded(fold(text))
