"""Human corrections: the team's word beats the analyser, and survives every re-analysis.

The corrections file (YAML) is edited by people, so it is validated strictly and every error
names the file, the entry and its line. Corrections are applied inside the analysis of each
post, and the file's content is part of the stored analyser version, so editing it re-analyses.

```yaml
posts:                       # by guid or url
  - url: https://forum.example/t/123
    sentiment: negative      # positive | neutral | negative
    sponsored: true          # optional
    off_topic: true          # optional
    note: sarcasm            # optional, shown in the explanation
authors:
  - name: Orbis_Care
    role: staff              # staff | excluded
    brand: orbis             # optional: staff of which brand
phrases:                     # per-brand phrase rules
  - brand: orbis
    phrase: War Zone         # a product name, not a complaint
    polarity: neutral        # neutral | positive | negative | a number in -1..1
```
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator.analyse.lexicon_fr import phrase_key
from generator.config import load_yaml_mapping, nearest_line, yaml_lines
from generator.errors import ObservatoireError


class CorrectionsError(ObservatoireError, ValueError):
    """The corrections file cannot be used; the message names the file, entry and line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PostCorrection(_Strict):
    guid: str | None = None
    url: str | None = None
    sentiment: Literal["positive", "neutral", "negative"] | None = None
    sponsored: bool | None = None
    off_topic: bool | None = None
    recommends: bool | None = None
    advises_against: bool | None = None
    intends_to_leave: bool | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _identified(self) -> PostCorrection:
        if not self.guid and not self.url:
            raise ValueError("give the post's 'guid' or 'url'")
        return self


class AuthorCorrection(_Strict):
    name: str = Field(min_length=1)
    role: Literal["staff", "excluded"]
    brand: str | None = None


class PhraseRule(_Strict):
    brand: str = Field(min_length=1)
    phrase: str = Field(min_length=1)
    polarity: float | Literal["neutral", "positive", "negative"] = "neutral"

    @field_validator("polarity")
    @classmethod
    def _in_range(cls, value: float | str) -> float | str:
        if isinstance(value, float | int) and not -1.0 <= value <= 1.0:
            raise ValueError("a numeric polarity must lie in -1..1")
        return value

    @property
    def value(self) -> float:
        named = {"neutral": 0.0, "positive": 0.6, "negative": -0.6}
        return named[self.polarity] if isinstance(self.polarity, str) else float(self.polarity)


class _File(_Strict):
    posts: list[PostCorrection] = Field(default_factory=list)
    authors: list[AuthorCorrection] = Field(default_factory=list)
    phrases: list[PhraseRule] = Field(default_factory=list)


@dataclass(frozen=True)
class Corrections:
    """Indexed corrections, ready for the analyser."""

    posts: tuple[PostCorrection, ...] = ()
    authors: tuple[AuthorCorrection, ...] = ()
    phrases: tuple[PhraseRule, ...] = ()
    fingerprint: str = "none"
    _by_guid: dict[str, PostCorrection] = field(default_factory=dict, repr=False)
    _by_url: dict[str, PostCorrection] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        posts: Iterable[PostCorrection] = (),
        authors: Iterable[AuthorCorrection] = (),
        phrases: Iterable[PhraseRule] = (),
        fingerprint: str = "none",
    ) -> Corrections:
        posts, authors, phrases = tuple(posts), tuple(authors), tuple(phrases)
        by_guid = {p.guid: p for p in posts if p.guid}
        by_url = {p.url: p for p in posts if p.url}
        return cls(posts, authors, phrases, fingerprint, by_guid, by_url)

    def for_post(self, guid: str | None, url: str | None) -> PostCorrection | None:
        """The correction of a post, by guid first, then by url."""
        if guid and guid in self._by_guid:
            return self._by_guid[guid]
        if url and url in self._by_url:
            return self._by_url[url]
        return None

    def excluded_authors(self) -> set[str]:
        return {a.name for a in self.authors if a.role == "excluded"}

    def staff(self) -> dict[str | None, set[str]]:
        """Staff names by brand slug (None: staff of an unnamed brand)."""
        out: dict[str | None, set[str]] = {}
        for a in self.authors:
            if a.role == "staff":
                out.setdefault(a.brand, set()).add(a.name)
        return out

    def french_rules(self, brands: Iterable[str]) -> dict[tuple[str, ...], tuple[float, str]]:
        """Phrase rules of the given brands, keyed like the French analyser's phrases."""
        wanted = set(brands)
        return {
            phrase_key(r.phrase): (r.value, f"correction for {r.brand}")
            for r in self.phrases
            if r.brand in wanted and phrase_key(r.phrase)
        }

    def english_rules(self, brands: Iterable[str]) -> dict[str, tuple[float, str]]:
        wanted = set(brands)
        return {
            r.phrase.lower(): (r.value, f"correction for {r.brand}")
            for r in self.phrases
            if r.brand in wanted
        }

    def rule_brands(self) -> set[str]:
        return {r.brand for r in self.phrases}


NO_CORRECTIONS = Corrections.build()


def parse_corrections(text: str, *, source: str = "<string>") -> Corrections:
    data = load_yaml_mapping(text, source, CorrectionsError, "a mapping (posts/authors/phrases)")
    try:
        parsed = _File.model_validate(data)
    except ValidationError as exc:
        lines = yaml_lines(text)
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line = nearest_line(lines, loc) if len(loc) >= 2 else None
            where = f"{source}:{line}" if line else source
            entry = f"{loc[0]}[{loc[1]}]" if len(loc) >= 2 else ".".join(map(str, loc))
            key = f" key '{'.'.join(map(str, loc[2:]))}'" if len(loc) > 2 else ""
            message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
            problems.append(f"{where}: entry {entry}{key}: {message}")
        raise CorrectionsError("invalid corrections\n  " + "\n  ".join(problems)) from None
    fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return Corrections.build(parsed.posts, parsed.authors, parsed.phrases, fingerprint)


def load_corrections(path: str | Path | None) -> Corrections:
    """Read the corrections file; None gives no corrections, a missing file is an error."""
    if path is None:
        return NO_CORRECTIONS
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CorrectionsError(f"{path}: corrections file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionsError(f"{path}: cannot read corrections: {exc}") from exc
    return parse_corrections(text, source=str(path))


__all__: list[Any] = [
    "AuthorCorrection",
    "Corrections",
    "CorrectionsError",
    "PhraseRule",
    "PostCorrection",
    "load_corrections",
    "parse_corrections",
]
