"""Load and validate `observatoire.yml`.

Validation is strict (unknown keys are errors) because a typo in a brand alias or a source
kind silently changes every published number; errors name the file, the key and the line.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from generator.errors import ObservatoireError

DEFAULT_CONFIG_NAME = "observatoire.yml"
SourceKind = Literal["forum", "blog", "news", "social", "review", "video"]
# Default brand colours: the Okabe-Ito palette (distinguishable with colour-vision
# deficiencies), without its yellow, which vanishes on white.
OKABE_ITO = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000")


class ConfigError(ObservatoireError):
    """A configuration problem the user must fix; the message names file, key and line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_EMAIL = re.compile(r"[^@\s()<>,;]+@[^@\s()<>,;]+\.[^@\s()<>,;]+")


class DataLicence(_Strict):
    """The licence of the open data (donnees/): stated on the data page and in every file's
    metadata. `id` is its SPDX identifier when it has one (Frictionless `licenses[].name`)."""

    name: str = "Licence Ouverte / Open Licence 2.0 (Etalab)"
    url: str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
    id: str | None = "etalab-2.0"

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value


class SiteConfig(_Strict):
    title: str = "Observatoire des médias sociaux en relations publiques"
    url: str = "https://observatoire.example.org/"
    language: Literal["fr", "en"] = "fr"
    timezone: str = "Europe/Paris"
    description: str = (
        "Un observatoire public de la vie des marques sur les médias sociaux : "
        "e-réputation, ambassadeurs, crises et service client."
    )
    author: str = "L'équipe de l'observatoire"
    # Where readers ask for removal of their posts (privacy notice on the methodology page).
    contact: str | None = None
    # The RSS feed's managingEditor and webMaster (an e-mail address); `contact` when unset.
    # RSS 2.0 wants an address there: with neither, the feed names no editor.
    editor_email: str | None = None
    data_licence: DataLicence = Field(default_factory=DataLicence)

    @field_validator("editor_email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.fullmatch(value.strip()):
            raise ValueError(f"{value!r} is not an e-mail address")
        return value.strip() if value is not None else None

    @field_validator("url")
    @classmethod
    def _url_ends_with_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value if value.endswith("/") else value + "/"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


class StoreConfig(_Strict):
    url: str = "sqlite:///data/observatoire.db"
    # Recent months' posts as a build prepared them, kept between builds (relative to the
    # configuration file; null: none): a daily build then reads only the changed months.
    cache: str | None = ".cache/months"


class CollectConfig(_Strict):
    timeout: float = Field(20.0, gt=0)
    connect_timeout: float = Field(5.0, gt=0)
    max_bytes: int = Field(10_000_000, gt=0)
    concurrency: int = Field(16, ge=1, le=512)
    per_host: int = Field(2, ge=1, le=64)
    max_redirects: int = Field(5, ge=0, le=20)
    user_agent: str | None = None
    # How long a collector's lease on a source lasts (several collectors, one store); None:
    # derived from the timeouts (generator/collect/run.py lease_seconds).
    lease_seconds: float | None = Field(None, gt=0)


class Theme(_Strict):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    keywords: list[str] = Field(min_length=1)


class CareTargets(_Strict):
    """A brand's response-time targets in public, in hours (aggregate/care.py). Defaults: the
    published practices the observatory writes about (acknowledge within the hour, answer
    within 24 hours, and within two days)."""

    acknowledge_hours: float = Field(1.0, gt=0)
    answer_hours: float = Field(24.0, gt=0)
    extended_answer_hours: float = Field(48.0, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> CareTargets:
        if not self.acknowledge_hours <= self.answer_hours <= self.extended_answer_hours:
            raise ValueError(
                "care targets must grow: acknowledge_hours <= answer_hours <= extended_answer_hours"
            )
        return self


class Brand(_Strict):
    """A brand and the rules that find it in a text (see generator/analyse/brands.py)."""

    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    aliases: list[str] = Field(default_factory=list)
    ambiguous: list[str] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    context_window: int = Field(10, ge=1, le=100)
    exclude: list[str] = Field(default_factory=list)
    query: str | None = None
    staff: list[str] = Field(default_factory=list)
    # "#rrggbb", the same on every chart; default: OKABE_ITO in configuration order.
    colour: str | None = None
    care: CareTargets = Field(default_factory=CareTargets)

    @field_validator("colour")
    @classmethod
    def _hex_colour(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
            raise ValueError(
                f'brand {info.data.get("slug")!r}: colour {value!r} is not a "#rrggbb" hex colour'
            )
        return value.lower()

    @field_validator("aliases", "ambiguous", "context", "exclude")
    @classmethod
    def _terms_parse(cls, values: list[str], info: ValidationInfo) -> list[str]:
        from generator.analyse.brands import rule_term

        for value in values:
            try:
                rule_term(value)
            except ValueError as exc:
                raise ValueError(f"brand {info.data.get('slug')!r}: {exc}") from None
        return values

    @field_validator("query")
    @classmethod
    def _query_parses(cls, value: str | None, info: ValidationInfo) -> str | None:
        from generator.analyse.query import QuerySyntaxError, parse_query

        if value is not None:
            try:
                parse_query(value)
            except QuerySyntaxError as exc:
                raise ValueError(f"brand {info.data.get('slug')!r}: {exc.describe()}") from None
        return value

    @model_validator(mode="after")
    def _ambiguous_needs_context(self) -> Brand:
        if self.ambiguous and not self.context:
            raise ValueError(
                f"brand {self.slug!r}: 'ambiguous' terms need 'context' words to count"
            )
        return self


class Sector(_Strict):
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    brands: list[Brand] = Field(min_length=1)
    themes: list[Theme] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_slugs(self) -> Sector:
        _require_unique([b.slug for b in self.brands], "brand slug")
        _require_unique([t.slug for t in self.themes], "theme slug")
        return self


class Source(_Strict):
    name: str
    url: str | None = None
    path: Path | None = None
    kind: SourceKind
    language: str | None = None
    audience: float = Field(1.0, ge=0)
    sector: str | None = None
    name_authors: bool = False
    # The brand's own forum or account: every post counts for this brand (slug or name),
    # whether or not it names it.
    brand: str | None = None

    @model_validator(mode="after")
    def _exactly_one_location(self) -> Source:
        if (self.url is None) == (self.path is None):
            raise ValueError("give exactly one of 'url' or 'path'")
        if self.url is not None and not self.url.startswith(("http://", "https://", "file://")):
            raise ValueError("'url' must start with http://, https:// or file://")
        return self

    @property
    def location(self) -> str:
        """The URL the collector fetches: an http(s) URL or a file:// URL for local paths."""
        if self.url is not None:
            return self.url
        assert self.path is not None
        return self.path.resolve().as_uri()


class PrivacyConfig(_Strict):
    named_authors: list[str] = Field(default_factory=list)
    excluded_authors: list[str] = Field(default_factory=list)
    pseudonym_secret: str = "observatoire-demo-secret"

    @property
    def secret(self) -> str:
        """The environment wins so a public repository need not hold the real secret."""
        return os.environ.get("OBSERVATOIRE_SECRET") or self.pseudonym_secret


class ReportConfig(_Strict):
    """What the monthly report may claim: below `min_mentions` a brand's month is a small
    sample, so its changes are shown without percentages and flagged."""

    min_mentions: int = Field(30, ge=1)
    # Customer care: below this many requests (questions and complaints) a brand's month of
    # care KPIs is a small sample, flagged like the mentions.
    min_requests: int = Field(10, ge=1)


class SentimentModelConfig(_Strict):
    """A model trained with `sentiment-train`, blended with the rules on French posts of
    `min_chars` or more: the sign of `model margin + rules_weight × rules score` decides
    (neutral within ±`neutral_margin`, or when a three-class model finds neutral likeliest)."""

    path: Path
    min_chars: int = Field(150, ge=0)
    rules_weight: float = Field(0.5, ge=0)
    neutral_margin: float = Field(0.0, ge=0)


class AnalysisConfig(_Strict):
    corrections: Path | None = None
    sentiment_model: SentimentModelConfig | None = None


def _address(value: str) -> str:
    """A bare address or `Name <address>`; returned stripped."""
    from email.utils import parseaddr

    text = value.strip()
    if not _EMAIL.fullmatch(parseaddr(text)[1] or "-"):
        raise ValueError(f"{value!r} is not an e-mail address")
    return text


class EmailConfig(_Strict):
    """SMTP settings of `report --email`. The password is read from the environment variable
    named by `password_env` when sending, never from this file (it is often in a repository)."""

    host: str = Field(min_length=1)
    port: int = Field(587, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password_env: str | None = Field(None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    sender: str
    recipients: list[str] = Field(min_length=1)
    timeout: float = Field(30, gt=0)

    @field_validator("sender")
    @classmethod
    def _sender(cls, value: str) -> str:
        return _address(value)

    @field_validator("recipients")
    @classmethod
    def _recipients(cls, value: list[str]) -> list[str]:
        return [_address(v) for v in value]


class AlertsConfig(_Strict):
    """`observatoire alerts`: where a new crisis is announced (see generator/alerts_send.py).

    The e-mail goes through the `email:` section when there is one; the webhook only when a
    URL is given. Sent alerts are remembered in the store (table sent_alerts); `state_file`
    (relative to the configuration) is where older versions kept them: imported once."""

    webhook_url: str | None = None
    webhook_timeout: float = Field(10, gt=0)
    webhook_retries: int = Field(3, ge=0, le=10)  # attempts after the first one
    webhook_backoff: float = Field(1.0, ge=0)  # seconds before the first retry, doubled after
    email: bool = True
    lookback_days: int = Field(3, ge=1, le=60)  # a crisis that started this recently is due
    state_file: Path = Path("data/alerts-sent.json")

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value


class Config(_Strict):
    site: SiteConfig = Field(default_factory=SiteConfig)
    store: StoreConfig = Field(default_factory=StoreConfig)
    collect: CollectConfig = Field(default_factory=CollectConfig)
    sectors: list[Sector] = Field(min_length=1)
    sources: list[Source] = Field(default_factory=list)
    privacy: PrivacyConfig = Field(default_factory=PrivacyConfig)
    analysis: AnalysisConfig = Field(default_factory=AnalysisConfig)
    report: ReportConfig = Field(default_factory=ReportConfig)
    email: EmailConfig | None = None  # `report --email`; absent: the report is not e-mailed
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)  # `observatoire alerts`
    # Set by load_config, not by the file: where relative paths resolve.
    base_dir: Path = Field(default=Path("."), exclude=True)

    @model_validator(mode="after")
    def _cross_checks(self) -> Config:
        _require_unique([s.slug for s in self.sectors], "sector slug")
        _require_unique([b.slug for s in self.sectors for b in s.brands], "brand slug")
        _require_unique([s.name for s in self.sources], "source name")
        sector_slugs = {s.slug for s in self.sectors}
        for source in self.sources:
            if source.sector is not None and source.sector not in sector_slugs:
                raise ValueError(f"source {source.name!r} names unknown sector {source.sector!r}")
            if source.brand is not None and self.brand_slug(source.brand) is None:
                known = ", ".join(b.slug for b in self.brands)
                raise ValueError(
                    f"source {source.name!r} names unknown brand {source.brand!r} (known: {known})"
                )
        return self

    def source_brands(self) -> dict[str, str]:
        """Source name -> the brand every post of that source is about (its own forum,
        account)."""
        found = {}
        for source in self.sources:
            slug = self.brand_slug(source.brand) if source.brand else None
            if slug is not None:
                found[source.name] = slug
        return found

    def brand_slug(self, slug_or_name: str) -> str | None:
        """The slug of a brand given by slug or display name (case-insensitive), else None."""
        wanted = slug_or_name.strip().casefold()
        for brand in self.brands:
            if wanted in (brand.slug, brand.name.casefold()):
                return brand.slug
        return None

    @property
    def brands(self) -> list[Brand]:
        return [b for s in self.sectors for b in s.brands]

    @property
    def brand_colours(self) -> dict[str, str]:
        """Brand slug -> its chart colour: the configured one, else the next Okabe-Ito colour
        no brand chose, in configuration order across sectors (cycling past seven brands)."""
        chosen = {b.colour for b in self.brands if b.colour is not None}
        free = [c for c in OKABE_ITO if c not in chosen] or list(OKABE_ITO)
        defaults = itertools.cycle(free)
        return {b.slug: b.colour or next(defaults) for b in self.brands}

    def sector_of(self, brand_slug: str) -> Sector:
        for sector in self.sectors:
            if any(b.slug == brand_slug for b in sector.brands):
                return sector
        raise KeyError(brand_slug)

    @property
    def store_url(self) -> str:
        """SQLite paths in the file are relative to the configuration file."""
        url = self.store.url
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith("sqlite:////"):
            relative = url[len(prefix) :]
            if relative and relative != ":memory:":
                return prefix + str((self.base_dir / relative).resolve())
        return url

    @property
    def months_cache_path(self) -> Path | None:
        cache = self.store.cache
        return None if cache is None else (self.base_dir / cache)

    @property
    def corrections_path(self) -> Path | None:
        path = self.analysis.corrections
        return None if path is None else (self.base_dir / path)

    @property
    def sentiment_model_path(self) -> Path | None:
        model = self.analysis.sentiment_model
        return None if model is None else (self.base_dir / model.path)


def _require_unique(values: list[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"duplicate {what} {value!r}")
        seen.add(value)


class DuplicateKeyError(yaml.YAMLError):
    """A mapping names the same key twice (YAML would silently keep the last one)."""

    def __init__(self, key: Any, first_line: int, second_line: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key, self.first_line, self.second_line = key, first_line, second_line


class _UniqueKeyLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_lines: dict[Any, int] = {}
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                if key in first_lines:
                    raise DuplicateKeyError(key, first_lines[key], line)
                first_lines[key] = line
            except TypeError:  # an unhashable key: the constructor below says so
                continue
        return super().construct_mapping(node, deep=deep)


def load_yaml_mapping(
    text: str, source: str, error: type[Exception], expected: str
) -> dict[str, Any]:
    """A YAML document that must be a mapping (empty is {}); `error` names `source` otherwise.

    A key given twice in one mapping is an error naming both lines: otherwise the last one
    would silently win (e.g. a second `site:` block replacing the first).
    """
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
    except DuplicateKeyError as exc:
        raise error(
            f"{source}:{exc.second_line}: duplicate key {exc.key!r} "
            f"(first at line {exc.first_line}): merge the two or remove one"
        ) from None
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise error(f"{source}: the top level must be {expected}")
    return data


def yaml_lines(text: str) -> dict[tuple[Any, ...], int]:
    """Key path -> line for a YAML text (empty when it does not parse): the files we validate."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    return _line_index(node) if node is not None else {}


def _line_index(node: yaml.Node, path: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], int]:
    """Map each key path of the YAML document to its 1-based line, for error messages."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            lines.update(_line_index(value_node, child))
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_line_index(item, (*path, index)))
    return lines


def nearest_line(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    """Line of the deepest part of a validation error's location that the document has."""
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def _describe(error: ErrorDetails) -> str:
    loc = tuple(error["loc"])
    key = ".".join(str(part) for part in loc) or "(top level)"
    if error["type"] == "extra_forbidden":
        return f"unknown key '{key}'"
    if error["type"] == "missing":
        return f"missing required key '{key}'"
    message = error["msg"].removeprefix("Value error, ")
    return f"key '{key}': {message}"


def parse_config(text: str, *, source: str = "<string>", base_dir: Path | None = None) -> Config:
    """Validate configuration text; `source` names the file in error messages."""
    data = load_yaml_mapping(text, source, ConfigError, "a mapping of keys")
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        lines = yaml_lines(text)
        problems = []
        for error in exc.errors():
            line = nearest_line(lines, tuple(error["loc"]))
            where = f"{source}:{line}" if line else source
            problems.append(f"{where}: {_describe(error)}")
        raise ConfigError("invalid configuration\n  " + "\n  ".join(problems)) from None
    return config.model_copy(update={"base_dir": base_dir or Path(".")})


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read the configuration file (default: ./observatoire.yml)."""
    config_path = Path(path) if path is not None else Path(DEFAULT_CONFIG_NAME)
    try:
        text = config_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{config_path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{config_path}: cannot read configuration: {exc}") from exc
    config = parse_config(text, source=str(config_path), base_dir=config_path.resolve().parent)
    _resolve_paths(config)
    return config


def _resolve_paths(config: Config) -> None:
    """Make local source paths absolute against the configuration file's directory.

    A missing file is left to the collector: it is one broken source, not a broken run.
    """
    for source in config.sources:
        if source.path is not None:
            resolved = config.base_dir / source.path
            object.__setattr__(source, "path", resolved)
