"""Brand queries: the boolean syntax social-listening users already type (Brandwatch style).

    "Bouygues Telecom" OR (Bouygues NEAR/5 (forfait OR box OR réseau)) OR #bouyguestelecom
    {Orange} NEAR/8 (opérateur OR forfait OR livebox*) NOT "Orange mécanique"

- `AND`, `OR`, `NOT` (binary `A NOT B` = `A AND NOT B`), parentheses; operators in capitals.
- `"quoted phrases"`: consecutive words; `NEAR/n`: within n words, either order
  (`NEAR/nf`: the left side first); operands of NEAR are words, phrases or OR-groups of them.
- `freebox*`: trailing wildcard; `@free`, `#freebox`: a handle or hashtag exactly (a bare word
  also matches it written as a handle or hashtag).
- `{Orange}`, `{"La Poste"}`: case-sensitive (accents are always ignored).
Words are what `TOKEN_RE` finds: letters and digits ("B&You" is one word); apostrophes and
hyphens separate words, so "d'Orange" holds the word "Orange" and "free-lance" the words
"free" and "lance".

Parsing is pure and raises `QuerySyntaxError` with the position; evaluation works on a
`Tokens` view of one text and returns the spans of the words that matched (for highlighting).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from generator.analyse.text import fold
from generator.errors import ObservatoireError

TOKEN_RE = re.compile(r"[@#]?\w+(?:&\w+)*")  # "B&You", "AT&T" are one word
Span = tuple[int, int]  # [start, end) in words


class QuerySyntaxError(ObservatoireError, ValueError):
    """A malformed query; `position` is the 0-based character offset of the problem."""

    def __init__(self, message: str, query: str, position: int) -> None:
        self.message, self.query, self.position = message, query, position
        super().__init__(self.describe())

    def describe(self) -> str:
        lines = self.query.split("\n")
        line_no, column = 0, self.position
        while line_no < len(lines) - 1 and column > len(lines[line_no]):
            column -= len(lines[line_no]) + 1
            line_no += 1
        where = f"position {column + 1}" + (f" of line {line_no + 1}" if len(lines) > 1 else "")
        return f"{self.message} at {where}\n    {lines[line_no]}\n    {' ' * column}^"


def strip_accents(text: str) -> str:
    """Accents removed, case kept: what a case-sensitive term compares with."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# -- terms -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a term: its comparison form, a prefix (`*`) or a handle/hashtag marker."""

    text: str  # folded (or accent-stripped with case kept, for case-sensitive terms)
    prefix: bool = False  # trailing wildcard
    marker: str = ""  # "@" or "#": only that handle or hashtag
    hyphen: bool = False  # written joined to the previous word by a hyphen ("free-lance")
    key: str = ""  # the folded form it is looked up under (marker included)

    def matches(self, folded: str, cased: str, case_sensitive: bool) -> bool:
        token = cased if case_sensitive else folded
        if token[:1] in ("@", "#"):
            if self.marker and token[0] != self.marker:
                return False
            token = token[1:]
        elif self.marker:
            return False
        return token.startswith(self.text) if self.prefix else token == self.text


@dataclass(frozen=True, slots=True)
class Term:
    """A word or a phrase of consecutive words."""

    label: str  # as written in the query, for explanations
    words: tuple[Word, ...]
    case_sensitive: bool = False

    @property
    def required(self) -> frozenset[str]:
        """Folded words that must all occur for the term to match (its exact words)."""
        return frozenset(w.key for w in self.words if not w.prefix)

    def spans(self, tokens: Tokens) -> list[Span]:
        first, size = self.words[0], len(self.words)
        found = []
        for start in tokens.candidates(first, self.case_sensitive):
            if start + size > len(tokens):
                continue
            if all(
                tokens.word_matches(start + k, word, self.case_sensitive)
                and (not word.hyphen or tokens.hyphenated(start + k))
                for k, word in enumerate(self.words[1:], start=1)
            ):
                found.append((start, start + size))
        return found

    @property
    def anchor(self) -> str:
        """A regex that any text this term matches contains (folded): the cheap pre-filter."""
        word = self.words[0]
        return re.escape(word.key) + (r"\w*" if word.prefix else r"(?!\w)")


_TERM_WORD = re.compile(r"(-?)([@#]?\w+(?:&\w+)*\*?)")


def parse_term(raw: str, *, case_sensitive: bool = False) -> Term:
    """A term from its written form (a phrase is split into words like a text is).

    A word written right after a hyphen ("free-lance") must follow one in the text too, so
    the phrase tells "free-lance" from "Free lance une offre".
    """
    words: list[Word] = []
    for match in _TERM_WORD.finditer(raw):
        hyphen = bool(match.group(1)) and match.start() > 0 and bool(words)
        piece = match.group(2)
        prefix = piece.endswith("*")
        piece = piece.rstrip("*")
        marker = piece[0] if piece[0] in "@#" else ""
        piece = piece[len(marker) :]
        text = strip_accents(piece) if case_sensitive else fold(piece)
        words.append(Word(text, prefix, marker, hyphen, marker + fold(piece)))
    if not words:
        raise ValueError(f"{raw!r} has no word in it")
    return Term(raw.strip(), tuple(words), case_sensitive)


class Tokens:
    """The words of one text: folded (always), case-kept and located (when a rule asks).

    Matching reads the folded text, which the analyser has already computed; the case-kept
    forms and the character offsets are only built for case-sensitive terms and explanations.
    """

    __slots__ = (
        "_cased",
        "_index",
        "_offsets",
        "_prefix_memo",
        "_spans",
        "folded",
        "folded_text",
        "text",
        "words",
    )

    def __init__(self, text: str, folded: str | None = None) -> None:
        self.text = text
        self.folded_text = fold(text) if folded is None else folded
        matches = list(TOKEN_RE.finditer(self.folded_text))
        self.folded = [m.group() for m in matches]
        self._spans = [m.span() for m in matches]  # in the folded text
        # Every form a bare word can be looked up under (a hashtag also holds its word).
        self.words = set(self.folded)
        self.words.update(t[1:] for t in self.folded if t[:1] in ("@", "#"))
        self._cased: list[str] | None = None
        self._offsets: list[tuple[int, int]] | None = None
        self._index: dict[str, list[int]] | None = None
        self._prefix_memo: dict[tuple[str, ...], frozenset[str]] = {}

    def __len__(self) -> int:
        return len(self.folded)

    @property
    def cased(self) -> list[str]:
        if self._cased is None:
            cased = TOKEN_RE.findall(strip_accents(self.text))
            # Folding can (rarely) split words differently: then compare case-insensitively.
            self._cased = cased if len(cased) == len(self.folded) else self.folded
        return self._cased

    @property
    def offsets(self) -> list[tuple[int, int]]:
        if self._offsets is None:
            spans = [m.span() for m in TOKEN_RE.finditer(self.text)]
            self._offsets = spans if len(spans) == len(self.folded) else self._spans
        return self._offsets

    def prefixes_present(self, prefixes: tuple[str, ...]) -> frozenset[str]:
        """Which of `prefixes` start a word of the text (memoised: brands share lists)."""
        found = self._prefix_memo.get(prefixes)
        if found is None:
            hits: set[str] = set()
            wanted = _prefix_set(prefixes)
            for token in self.words:
                if token.startswith(prefixes):
                    hits.update(token[:k] for k in range(1, len(token) + 1) if token[:k] in wanted)
            found = self._prefix_memo[prefixes] = frozenset(hits)
        return found

    def hyphenated(self, position: int) -> bool:
        """Whether the token is joined to the previous one by a hyphen alone."""
        if position == 0:
            return False
        end, start = self._spans[position - 1][1], self._spans[position][0]
        return self.folded_text[end:start] == "-"

    def candidates(self, word: Word, case_sensitive: bool) -> Iterator[int]:
        """Positions where `word` may start a match (exact words through an index)."""
        if word.prefix:
            return (
                i for i in range(len(self.folded)) if self.word_matches(i, word, case_sensitive)
            )
        if self._index is None:
            index: dict[str, list[int]] = {}
            for i, token in enumerate(self.folded):
                index.setdefault(token, []).append(i)
                if token[:1] in ("@", "#"):
                    index.setdefault(token[1:], []).append(i)
            self._index = index
        positions = self._index.get(word.key, [])
        return (i for i in positions if self.word_matches(i, word, case_sensitive))

    def word_matches(self, position: int, word: Word, case_sensitive: bool) -> bool:
        cased = self.cased[position] if case_sensitive else ""
        return word.matches(self.folded[position], cased, case_sensitive)

    def chars(self, span: Span) -> tuple[int, int]:
        """Character offsets of a word span in the text."""
        offsets = self.offsets
        return offsets[span[0]][0], offsets[span[1] - 1][1]


@lru_cache(maxsize=4096)
def _prefix_set(prefixes: tuple[str, ...]) -> frozenset[str]:
    return frozenset(prefixes)


# -- the query tree ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """What a node found in one text: whether it holds, and the word spans behind it."""

    ok: bool
    spans: tuple[tuple[Term, Span], ...] = ()


NO_MATCH = Match(False)


@dataclass(frozen=True, slots=True)
class TermNode:
    term: Term
    required: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "required", self.term.required)

    def evaluate(self, tokens: Tokens, blocked: frozenset[Span]) -> Match:
        if not self.required <= tokens.words:  # a word of it is missing: no need to look
            return NO_MATCH
        spans = tuple((self.term, s) for s in self.term.spans(tokens) if not _inside(s, blocked))
        return Match(bool(spans), spans)

    def terms(self) -> Iterator[Term]:
        yield self.term


@dataclass(frozen=True, slots=True)
class OrNode:
    parts: tuple[Node, ...]

    def evaluate(self, tokens: Tokens, blocked: frozenset[Span]) -> Match:
        found = [part.evaluate(tokens, blocked) for part in self.parts]
        return Match(any(m.ok for m in found), tuple(s for m in found if m.ok for s in m.spans))

    def terms(self) -> Iterator[Term]:
        for part in self.parts:
            yield from part.terms()


@dataclass(frozen=True, slots=True)
class AndNode:
    parts: tuple[Node, ...]
    negated: tuple[Node, ...] = ()

    def evaluate(self, tokens: Tokens, blocked: frozenset[Span]) -> Match:
        spans: list[tuple[Term, Span]] = []
        for part in self.parts:
            found = part.evaluate(tokens, blocked)
            if not found.ok:
                return NO_MATCH
            spans.extend(found.spans)
        if any(part.evaluate(tokens, blocked).ok for part in self.negated):
            return NO_MATCH
        return Match(True, tuple(spans))

    def terms(self) -> Iterator[Term]:
        for part in (*self.parts, *self.negated):
            yield from part.terms()


@dataclass(frozen=True, slots=True)
class NearNode:
    left: Node
    right: Node
    distance: int
    ordered: bool = False  # NEAR/nf: the left side comes first

    def evaluate(self, tokens: Tokens, blocked: frozenset[Span]) -> Match:
        left = self.left.evaluate(tokens, blocked)
        if not left.ok:
            return NO_MATCH
        right = self.right.evaluate(tokens, blocked)
        if not right.ok:
            return NO_MATCH
        kept: dict[tuple[Term, Span], None] = {}
        for a in left.spans:
            for b in right.spans:
                if words_between(a[1], b[1], self.ordered) <= self.distance:
                    kept[a] = kept[b] = None
        return Match(bool(kept), tuple(kept))

    def terms(self) -> Iterator[Term]:
        yield from self.left.terms()
        yield from self.right.terms()


Node = TermNode | OrNode | AndNode | NearNode


def words_between(a: Span, b: Span, ordered: bool = False) -> int:
    """Words strictly between two spans (a large number when `ordered` and b comes first)."""
    if b[0] >= a[1]:
        return b[0] - a[1]
    if ordered:
        return 1 << 30
    if a[0] >= b[1]:
        return a[0] - b[1]
    return 0  # overlapping


def _inside(span: Span, blocked: frozenset[Span]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in blocked)


# -- parser ------------------------------------------------------------------------------------

_LEXEME = re.compile(
    r"""\s*(?:
        (?P<lparen>\() | (?P<rparen>\)) | (?P<near>NEAR/(?P<n>\d+)(?P<f>f)?)
      | (?P<op>AND|OR|NOT)(?![\w*])
      | (?P<case>\{[^{}]*\}?)
      | (?P<phrase>"[^"]*"?)
      | (?P<word>[^\s(){}"]+)
    )""",
    re.VERBOSE,
)
_LOWER_OPERATORS = {"and", "or", "not", "near"}


@dataclass(slots=True)
class _Lexeme:
    kind: str
    text: str
    position: int
    value: object = None


@dataclass(slots=True)
class _Parser:
    query: str
    lexemes: list[_Lexeme] = field(default_factory=list)
    at: int = 0

    def error(self, message: str, position: int | None = None) -> QuerySyntaxError:
        if position is None:
            position = (
                self.lexemes[self.at].position
                if self.at < len(self.lexemes)
                else len(self.query.rstrip())
            )
        return QuerySyntaxError(message, self.query, position)

    def peek(self) -> _Lexeme | None:
        return self.lexemes[self.at] if self.at < len(self.lexemes) else None

    def take(self) -> _Lexeme:
        lexeme = self.lexemes[self.at]
        self.at += 1
        return lexeme

    def is_op(self, name: str) -> bool:
        lexeme = self.peek()
        return lexeme is not None and lexeme.kind == "op" and lexeme.text == name

    # query := and (OR and)*
    def parse_or(self) -> Node:
        parts = [self.parse_and()]
        while self.is_op("OR"):
            self.take()
            parts.append(self.parse_and())
        return parts[0] if len(parts) == 1 else OrNode(tuple(parts))

    # and := near ((AND [NOT] | NOT) near)*
    def parse_and(self) -> Node:
        if self.is_op("NOT"):
            raise self.error("a query or group cannot start with NOT (write: A NOT B)")
        parts, negated = [self.parse_near()], []
        while True:
            if self.is_op("AND"):
                self.take()
                if self.is_op("NOT"):
                    self.take()
                    negated.append(self.parse_near())
                else:
                    parts.append(self.parse_near())
            elif self.is_op("NOT"):
                self.take()
                negated.append(self.parse_near())
            else:
                lexeme = self.peek()
                if lexeme is not None and lexeme.kind not in ("op", "rparen"):
                    raise self.error(
                        "two terms without an operator between them (join them with AND or "
                        'OR, or quote a phrase: "Orange mécanique")'
                    )
                break
        if len(parts) == 1 and not negated:
            return parts[0]
        return AndNode(tuple(parts), tuple(negated))

    # near := primary (NEAR/n primary)*
    def parse_near(self) -> Node:
        start = self.peek()
        node = self.parse_primary()
        while (lexeme := self.peek()) is not None and lexeme.kind == "near":
            self.take()
            assert isinstance(lexeme.value, tuple)
            distance: int = lexeme.value[0]
            ordered: bool = lexeme.value[1]
            right_start = self.peek()
            right = self.parse_primary()
            for side, at in ((node, start), (right, right_start)):
                if not _near_operand(side):
                    position = at.position if at is not None else None
                    raise self.error(
                        "NEAR needs words, phrases or OR-groups of them on each side", position
                    )
            node = NearNode(node, right, distance, ordered)
        return node

    def parse_primary(self) -> Node:
        lexeme = self.peek()
        if lexeme is None:
            raise self.error("the query ends where a term was expected")
        if lexeme.kind == "lparen":
            self.take()
            if self.peek() is not None and self.peek().kind == "rparen":  # type: ignore[union-attr]
                raise self.error("empty parentheses")
            node = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise self.error("this parenthesis is never closed", lexeme.position)
            self.take()
            return node
        if lexeme.kind in ("rparen", "op", "near"):
            what = {"rparen": "a closing parenthesis", "near": "NEAR"}.get(lexeme.kind, lexeme.text)
            raise self.error(f"{what} where a term was expected")
        self.take()
        assert isinstance(lexeme.value, Term)
        return TermNode(lexeme.value)


def _near_operand(node: Node) -> bool:
    if isinstance(node, TermNode):
        return True
    return isinstance(node, OrNode) and all(_near_operand(p) for p in node.parts)


def _lex(query: str) -> list[_Lexeme]:
    lexemes: list[_Lexeme] = []
    position = 0
    while position < len(query):
        match = _LEXEME.match(query, position)
        if match is None or match.end() == position:
            break
        start = match.start(match.lastgroup) if match.lastgroup else position
        kind = match.lastgroup or ""
        text = match.group(kind) if kind else ""
        position = match.end()
        if kind in ("n", "f"):
            kind = "near"
        if kind == "near":
            distance = int(match.group("n"))
            if distance < 1 or distance > 100:
                raise QuerySyntaxError("NEAR/n takes a distance from 1 to 100", query, start)
            lexemes.append(_Lexeme("near", text, start, (distance, bool(match.group("f")))))
            continue
        if kind in ("lparen", "rparen", "op"):
            lexemes.append(_Lexeme(kind, text, start))
            continue
        lexemes.append(_Lexeme("term", text, start, _term_of(kind, text, query, start)))
    return lexemes


def _term_of(kind: str, text: str, query: str, start: int) -> Term:
    case_sensitive = False
    body = text
    if kind == "case":
        if not text.endswith("}"):
            raise QuerySyntaxError("this { is never closed", query, start)
        case_sensitive, body = True, text[1:-1].strip()
        if body.startswith('"'):
            if len(body) < 2 or not body.endswith('"'):
                raise QuerySyntaxError("this quote is never closed", query, start + 1)
            body = body[1:-1]
    elif kind == "phrase":
        if len(text) < 2 or not text.endswith('"'):
            raise QuerySyntaxError("this quote is never closed", query, start)
        body = text[1:-1]
    else:
        if text.lower() in _LOWER_OPERATORS or text.lower().startswith("near/"):
            raise QuerySyntaxError(
                f"operators are written in capitals ({text.upper()}); quote the word to "
                "search for it",
                query,
                start,
            )
        if "*" in text.rstrip("*") or text.startswith("*"):
            raise QuerySyntaxError("a wildcard * may only end a word", query, start)
        if not re.fullmatch(r"[@#]?\w+(?:[-'’.&]\w+)*\*?", text):
            raise QuerySyntaxError(
                f"{text!r} is not a word (quote it to search for a phrase)", query, start
            )
    if re.search(r"\*\w", body) or body.strip().startswith("*"):
        raise QuerySyntaxError("a wildcard * may only end a word", query, start)
    try:
        return parse_term(body, case_sensitive=case_sensitive)
    except ValueError:
        raise QuerySyntaxError("empty term", query, start) from None


def parse_query(query: str) -> Node:
    """Parse a brand query; raises QuerySyntaxError naming the position of the problem."""
    if not query.strip():
        raise QuerySyntaxError("empty query", query, 0)
    parser = _Parser(query, _lex(query))
    node = parser.parse_or()
    if parser.peek() is not None:
        lexeme = parser.peek()
        assert lexeme is not None
        if lexeme.kind == "rparen":
            raise parser.error("a closing parenthesis without an opening one")
        raise parser.error("unexpected text")
    return node
