"""Brand matching: which configured brands a text is about, and why.

Real brands have ambiguous names (Orange, Free, La Poste), so a brand is described by rules
(configuration keys of a brand):
- `aliases`: terms that name the brand on their own ("Bouygues Telecom", "@Free", "freebox*",
  "{SFR}" case-sensitive); the brand's `name` is one too unless it is listed as ambiguous or
  the brand has a query (which then says when the name counts);
- `ambiguous` + `context` (+ `context_window`): terms that count only with a context word
  within that many words ("Orange" near "forfait", "fibre", "4G"...);
- `exclude`: phrases whose words never count for the brand ("Orange mécanique",
  "free-lance", "poste à pourvoir"): an occurrence inside one is ignored, the rest of the text
  still counts;
- `query`: a boolean query (see `generator.analyse.query`) for what the lists cannot say.
A text mentions the brand when an alias, an ambiguous term with context, or the query matches.
Every text is first checked by one regex over the words that could start a match, so the
common case (no brand at all) costs one pass.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.analyse.query import (
    Node,
    Span,
    Term,
    Tokens,
    parse_query,
    parse_term,
    words_between,
)
from generator.analyse.text import fold

DEFAULT_CONTEXT_WINDOW = 10
# One term matching more than this share of all posts, and more than twice an even share of
# the brands, is probably an ambiguous word (in a sector of four brands, each may well be named
# in a quarter of the posts).
OUTSIZED_SHARE = 1 / 3
OUTSIZED_MIN_POSTS = 20


def outsized_share(brands: int) -> float:
    """The share of all posts above which one term alone looks ambiguous."""
    return max(OUTSIZED_SHARE, 2 / max(brands, 1))


def outsized_terms(term_posts: Counter[str], total: int, brands: int) -> list[tuple[str, float]]:
    """Terms that alone match an outsized share of `total` posts (most first)."""
    if total < OUTSIZED_MIN_POSTS:
        return []
    limit = outsized_share(brands)
    return [
        (term, count / total) for term, count in term_posts.most_common() if count / total > limit
    ]


def _case_term(label: str, body: str) -> Term:
    return Term(label, parse_term(body, case_sensitive=True).words, True)


def rule_term(alias: str) -> Term:
    """An alias, context word or exclusion as a term (`{...}` makes it case-sensitive)."""
    text = alias.strip()
    if len(text) > 2 and text.startswith("{") and text.endswith("}"):
        return _case_term(text, text[1:-1].strip().strip('"'))
    return parse_term(text)


class TermIndex:
    """A rule's terms by their first word, so a text only tries the terms it may contain."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = tuple(terms)
        self._required = [t.required for t in self.terms]
        self._prefixes = [tuple(w.key for w in t.words if w.prefix) for t in self.terms]
        self._by_key: dict[str, list[int]] = {}
        self._prefixed: list[int] = []  # terms whose first word is a prefix
        for i, term in enumerate(self.terms):
            first = term.words[0]
            if first.prefix:
                self._prefixed.append(i)
            else:
                self._by_key.setdefault(first.key, []).append(i)
        self._keys = frozenset(self._by_key)
        self._all_prefixes = tuple(sorted({p for group in self._prefixes for p in group}))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def present(self, tokens: Tokens) -> list[Term]:
        """The terms whose words all occur in the text (in any order), in configuration order.

        Set lookups only: most terms of a long list are ruled out without looking at the
        text's word order.
        """
        words = tokens.words
        found = {i for key in self._keys & words for i in self._by_key[key]}
        hit_prefixes: frozenset[str] = frozenset()
        if self._all_prefixes:
            hit_prefixes = tokens.prefixes_present(self._all_prefixes)
            if hit_prefixes:
                found.update(i for i in self._prefixed if self._prefixes[i][0] in hit_prefixes)
        if not found:
            return []
        return [
            self.terms[i]
            for i in sorted(found)
            if self._required[i] <= words and hit_prefixes.issuperset(self._prefixes[i])
        ]


@dataclass(frozen=True, slots=True)
class Hit:
    """One occurrence of a rule's term in a text."""

    term: str  # the term as configured
    rule: str  # alias | ambiguous | query | exclude | context
    span: Span  # words
    chars: tuple[int, int]  # characters, for highlighting
    blocked_by: str | None = None  # the exclusion phrase it fell inside
    context: str | None = None  # the context word that let an ambiguous term count


@dataclass(slots=True)
class BrandEvidence:
    """Why a brand matched a text or not (`brands explain`, `brands test`)."""

    slug: str
    matched: bool = False
    via: str | None = None  # alias | context | query | source
    hits: list[Hit] = field(default_factory=list)  # occurrences that counted
    excluded: list[Hit] = field(default_factory=list)  # inside an exclusion phrase
    without_context: list[Hit] = field(default_factory=list)  # ambiguous, no context nearby
    query: bool | None = None  # the query's verdict (None: the brand has none)

    @property
    def lost(self) -> bool:
        """The text would match without `exclude` / `context` rules: what those rules cost."""
        return not self.matched and bool(self.excluded or self.without_context)


@dataclass(frozen=True)
class BrandRules:
    """One brand's compiled rules."""

    slug: str
    name: str
    aliases: TermIndex
    ambiguous: TermIndex
    context: TermIndex
    window: int
    exclude: TermIndex
    query: Node | None
    query_terms: TermIndex
    # Cheap gate: the first words (exact, or prefixes) that any match must start with.
    gate_words: frozenset[str] = frozenset()
    gate_prefixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        firsts = [t.words[0] for t in self.starting_terms()]
        object.__setattr__(self, "gate_words", frozenset(w.key for w in firsts if not w.prefix))
        object.__setattr__(self, "gate_prefixes", tuple({w.key for w in firsts if w.prefix}))

    @property
    def simple(self) -> bool:
        """Plain aliases only (no context, exclusion, query, case or wildcard): one regex
        over the folded text finds it, as fast as matching gets."""
        return not (self.ambiguous or self.exclude or self.query) and all(
            not term.case_sensitive and not any(w.prefix or w.hyphen for w in term.words)
            for term in self.aliases.terms
        )

    def may_match(self, tokens: Tokens) -> bool:
        """False when no word of the text can start one of the brand's terms."""
        if not self.gate_words.isdisjoint(tokens.words):
            return True
        prefixes = self.gate_prefixes
        return bool(prefixes) and any(t.startswith(prefixes) for t in tokens.words)

    @classmethod
    def of(cls, brand: Any, query: str | None = None) -> BrandRules:
        """Compile a configured brand (`query` overrides the brand's own, for `brands test`)."""
        ambiguous = tuple(rule_term(a) for a in getattr(brand, "ambiguous", ()) or ())
        ambiguous_keys = {_loose_key(t) for t in ambiguous}
        aliases = [rule_term(a) for a in getattr(brand, "aliases", ()) or ()]
        name = getattr(brand, "name", None)
        written = query if query is not None else getattr(brand, "query", None)
        name_key = _loose_key(rule_term(name)) if name else ()
        # "@OrbisTelecom" also names the brand without the "@", unless the bare word is the
        # brand's name or an ambiguous term: then those rules say when it counts ("@free").
        for alias in list(aliases):
            if len(alias.words) == 1 and alias.words[0].marker == "@":
                bare = rule_term(alias.label[1:])
                if _loose_key(bare) not in ambiguous_keys and _loose_key(bare) != name_key:
                    aliases.append(bare)
        # The name is an alias too, unless it is ambiguous or a query says when it counts.
        if name and not written and name_key not in ambiguous_keys:
            aliases.append(rule_term(name))
        unique = tuple(
            {_key(t): t for t in aliases if _loose_key(t) not in ambiguous_keys}.values()
        )
        parsed = parse_query(written) if written else None
        return cls(
            slug=brand.slug,
            name=name or brand.slug,
            aliases=TermIndex(unique),
            ambiguous=TermIndex(ambiguous),
            context=TermIndex(rule_term(c) for c in getattr(brand, "context", ()) or ()),
            window=getattr(brand, "context_window", None) or DEFAULT_CONTEXT_WINDOW,
            exclude=TermIndex(rule_term(e) for e in getattr(brand, "exclude", ()) or ()),
            query=parsed,
            # A query only holds when one of its terms occurs (NOT never stands alone).
            query_terms=TermIndex(parsed.terms() if parsed is not None else ()),
        )

    def starting_terms(self) -> list[Term]:
        """Terms whose presence can make the brand match (the pre-filter's words)."""
        return [*self.aliases.terms, *self.ambiguous.terms, *self.query_terms.terms]

    def evaluate(self, tokens: Tokens, explain: bool = False) -> BrandEvidence:
        """Whether the text matches; with `explain`, every occurrence and why it counted."""
        evidence = BrandEvidence(self.slug)
        # BrandMatcher.match gates brands itself before calling; explanations look at all.
        if explain and not self.may_match(tokens):
            if self.query is not None:
                evidence.query = False
            return evidence
        aliases = self.aliases.present(tokens)
        ambiguous = self.ambiguous.present(tokens)
        in_query = self.query is not None and bool(self.query_terms.present(tokens))
        if not (aliases or ambiguous or in_query):
            if self.query is not None:
                evidence.query = False
            return evidence
        blocked: dict[Span, str] = {}
        for term in self.exclude.present(tokens):
            for span in term.spans(tokens):
                blocked[span] = term.label
        blocked_spans = frozenset(blocked)

        def hit(term: Term, rule: str, span: Span, **extra: Any) -> Hit:
            return Hit(term.label, rule, span, tokens.chars(span), **extra)

        def blocker(span: Span) -> str | None:
            for (start, end), label in blocked.items():
                if start <= span[0] and span[1] <= end:
                    return label
            return None

        for term in aliases:
            for span in term.spans(tokens):
                by = blocker(span) if blocked else None
                if by is None:
                    evidence.hits.append(hit(term, "alias", span))
                    if not explain:
                        evidence.matched, evidence.via = True, "alias"
                        return evidence
                elif explain:
                    evidence.excluded.append(hit(term, "alias", span, blocked_by=by))
        if ambiguous:
            context: list[tuple[Term, Span]] | None = None
            for term in ambiguous:
                for span in term.spans(tokens):
                    by = blocker(span) if blocked else None
                    if by is not None:
                        if explain:
                            evidence.excluded.append(hit(term, "ambiguous", span, blocked_by=by))
                        continue
                    if context is None:
                        context = [
                            (c, s) for c in self.context.present(tokens) for s in c.spans(tokens)
                        ]
                    near = next(
                        (
                            c
                            for c, s in context
                            if words_between(span, s) <= self.window
                            and s != span
                            and _loose_key(c) != _loose_key(term)  # "orange … orange"
                        ),
                        None,
                    )
                    if near is None:
                        if explain:
                            evidence.without_context.append(hit(term, "ambiguous", span))
                        continue
                    evidence.hits.append(hit(term, "ambiguous", span, context=near.label))
                    if not explain:
                        evidence.matched, evidence.via = True, "context"
                        return evidence
        if self.query is not None and in_query:
            found = self.query.evaluate(tokens, blocked_spans)
            evidence.query = found.ok
            if found.ok:
                evidence.hits.extend(hit(term, "query", span) for term, span in found.spans)
        elif self.query is not None:
            evidence.query = False
        if evidence.hits:
            evidence.matched = True
            first = evidence.hits[0].rule
            evidence.via = {"alias": "alias", "ambiguous": "context"}.get(first, "query")
        return evidence


def _phrase_regex(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Folded phrases on word boundaries, longest first, any blank between their words."""
    ordered = sorted(phrases, key=len, reverse=True)
    if not ordered:
        return None
    body = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _key(term: Term) -> tuple[Any, ...]:
    return (term.case_sensitive, term.words)


def _loose_key(term: Term) -> tuple[str, ...]:
    """The same words whatever their case: an alias also listed as ambiguous is ambiguous."""
    return tuple(w.marker + fold(w.text) + ("*" if w.prefix else "") for w in term.words)


class BrandMatcher:
    """Which brands a text mentions; `brands`: configured brands (slug, name, rules)."""

    def __init__(self, brands: Iterable[Any], *, queries: dict[str, str] | None = None) -> None:
        self.rules = [BrandRules.of(b, (queries or {}).get(b.slug)) for b in brands]
        self._order = {r.slug: i for i, r in enumerate(self.rules)}
        # Brands of plain aliases: one regex, each match names its owners (and the term).
        self._phrases: dict[str, list[tuple[int, str]]] = {}
        for i, rules in enumerate(self.rules):
            if rules.simple:
                for term in rules.aliases.terms:
                    key = " ".join(w.marker + w.text for w in term.words)
                    self._phrases.setdefault(key, []).append((i, term.label))
        self._simple_re = _phrase_regex(self._phrases)
        # The other brands: a regex over the words that can start one of their terms.
        self._complex = [i for i, rules in enumerate(self.rules) if not rules.simple]
        anchors = sorted(
            {t.anchor for i in self._complex for t in self.rules[i].starting_terms()}, key=len
        )
        self._prefilter = (
            re.compile(r"(?<!\w)(?:" + "|".join(reversed(anchors)) + ")") if anchors else None
        )
        # "brand: term" -> texts it made match (the first counting term of each text)
        self.term_counts: Counter[str] = Counter()
        self._by_word: dict[str, set[int]] = {}
        self._by_prefix: dict[str, set[int]] = {}
        for i in self._complex:
            rules = self.rules[i]
            for word in rules.gate_words:
                self._by_word.setdefault(word, set()).add(i)
            for prefix in rules.gate_prefixes:
                self._by_prefix.setdefault(prefix, set()).add(i)
        self._prefixes = tuple(self._by_prefix)

    def _candidates(self, tokens: Tokens) -> list[int]:
        """Brands (indexes) one of whose terms may start at a word of the text."""
        found: set[int] = set()
        for word in tokens.words:
            brands = self._by_word.get(word)
            if brands is not None:
                found |= brands
            if self._prefixes and word.startswith(self._prefixes):
                for k in range(1, len(word) + 1):
                    owners = self._by_prefix.get(word[:k])
                    if owners is not None:
                        found |= owners
        return sorted(found)

    def match(self, text: str, folded: str | None = None) -> tuple[str, ...]:
        """Slugs of the brands mentioned, in configuration order."""
        folded = fold(text) if folded is None else folded
        found: dict[int, str] = {}  # brand index -> the first term that named it
        if self._simple_re is not None:
            for m in self._simple_re.finditer(folded):
                for index, term in self._phrases.get(" ".join(m.group().split()), ()):
                    found.setdefault(index, term)
        if self._prefilter is not None and self._prefilter.search(folded) is not None:
            tokens = Tokens(text, folded)
            for index in self._candidates(tokens):
                evidence = self.rules[index].evaluate(tokens)
                if evidence.matched:
                    found[index] = evidence.hits[0].term
        for index, term in found.items():
            self.term_counts[f"{self.rules[index].name}: {term}"] += 1
        return tuple(self.rules[i].slug for i in sorted(found))

    def explain(self, text: str) -> list[BrandEvidence]:
        """Every brand's evidence on the text (matched or not), in configuration order."""
        tokens = Tokens(text)
        return [rules.evaluate(tokens, explain=True) for rules in self.rules]
