"""Add one source to observatoire.yml without disturbing anything else in the file.

The configuration file is written by people: its comments explain choices (why a source is
weighted so, who consented to be named) and its layout is theirs. So the file is never dumped
again from a parsed tree: ruamel.yaml's round-trip composer gives the position and style of
the `sources:` sequence, the new entry is rendered in the same style (block or flow, the same
indentation) and spliced in after the last entry; every other byte of the file stays as it was.
The new text is validated with the same `parse_config` as every command before it is written,
atomically, so a refused entry leaves the file untouched.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator import atomic
from generator.config import Config, ConfigError, Source, parse_config

# The order of keys in a new entry: the order of the documented example.
ENTRY_KEYS = ("name", "url", "kind", "language", "audience", "sector", "brand", "name_authors")


class ConfigEditError(ConfigError):
    """The file cannot be edited safely (or the entry is refused); the message says why."""


def source_entry(
    *,
    name: str,
    url: str,
    kind: str,
    language: str | None = None,
    sector: str | None = None,
    brand: str | None = None,
    audience: float = 1,
) -> dict[str, Any]:
    """A `sources:` entry with the keys a person will want to adjust, in the documented order.

    `audience` and `name_authors` are written out even at their defaults: the reach weight
    and the consent to name authors are decisions, and an explicit value invites making them.
    """
    values: dict[str, Any] = {
        "name": name,
        "url": url,
        "kind": kind,
        "language": language,
        "audience": audience,
        "sector": sector,
        "brand": brand,
        "name_authors": False,
    }
    return {key: values[key] for key in ENTRY_KEYS if values[key] is not None}


def duplicate_problem(config: Config, name: str, url: str) -> str | None:
    """Why a source with this name or URL cannot be added (None when it can)."""
    for source in config.sources:
        if source.name == name:
            return f"a source named {name!r} is already configured (choose another with --name)"
        if _same_url(source.location, url):
            return f"{url} is already configured, as source {source.name!r}"
    return None


def _same_url(a: str, b: str) -> bool:
    """Equal up to the case of scheme and host and a trailing slash."""

    def key(url: str) -> tuple[str, str, str, str]:
        split = urlsplit(url.strip())
        return (split.scheme.lower(), split.netloc.lower(), split.path.rstrip("/"), split.query)

    return key(a) == key(b)


def add_source(path: Path, entry: dict[str, Any]) -> Source:
    """Append `entry` to the file's `sources:`; returns the validated source as configured.

    Raises ConfigError (ConfigEditError for a duplicate or an unsafe file) and leaves the
    file untouched on any error.
    """
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")  # bytes, not read_text: "\r\n" must survive as it is
    except FileNotFoundError:
        raise ConfigError(f"{path}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    base_dir = path.resolve().parent
    current = parse_config(text, source=str(path), base_dir=base_dir)
    problem = duplicate_problem(current, entry["name"], entry["url"])
    if problem is not None:
        raise ConfigEditError(f"{path}: {problem}")
    new_text = insert_source(text, entry)
    config = parse_config(new_text, source=str(path), base_dir=base_dir)
    added = [s for s in config.sources if s.name == entry["name"]]
    if len(config.sources) != len(current.sources) + 1 or len(added) != 1:
        raise ConfigEditError(f"{path}: the new entry did not read back as one more source")
    if added[0].url != entry["url"]:
        raise ConfigEditError(f"{path}: the new entry's URL did not read back unchanged")
    atomic.write_text(path, new_text)  # keeps the file's permissions (it may hold a secret)
    return added[0]


# -- splicing ------------------------------------------------------------------------------


def insert_source(text: str, entry: dict[str, Any]) -> str:
    """`text` with `entry` appended to its `sources:` sequence, every other byte unchanged."""
    newline = "\r\n" if "\r\n" in text else "\n"
    try:
        root = YAML().compose(text)
    except RuamelError as exc:
        raise ConfigEditError(f"not valid YAML: {exc}") from None
    if root is None:
        return _append_block(text, None, entry, newline)
    if not isinstance(root, MappingNode) or root.flow_style:
        raise ConfigEditError(
            "the top level is not a block mapping: add the source by hand under `sources:`"
        )
    pair = next(((k, v) for k, v in root.value if k.value == "sources"), None)
    if pair is None:
        return _append_block(text, root, entry, newline)
    key, value = pair
    if isinstance(value, ScalarNode) and (value.tag or "").endswith(":null"):
        start, end = value.start_mark.index, value.end_mark.index
        if end > start:  # "~" or "null" makes way for the entries
            text = text[:start].rstrip(" \t") + text[end:]
        return _block_after_line(text, key.start_mark.line, key.start_mark.column, entry, newline)
    if not isinstance(value, SequenceNode):
        raise ConfigEditError("`sources` is not a list: fix it before adding a source")
    if value.flow_style:
        if not value.value:  # "sources: []": give the first entry the usual block style
            start, end = value.start_mark.index, value.end_mark.index
            text = text[:start].rstrip(" \t") + text[end:]
            return _block_after_line(
                text, key.start_mark.line, key.start_mark.column, entry, newline
            )
        at = value.value[-1].end_mark.index
        return text[:at] + ", " + _render(entry, flow=True) + text[at:]
    return _append_to_block(text, value, entry, newline)


def _append_to_block(text: str, sequence: SequenceNode, entry: dict[str, Any], nl: str) -> str:
    """A block sequence: the new item after the last one, in the first item's layout."""
    lines = text.splitlines(keepends=True)
    dash = sequence.start_mark.column
    first = sequence.value[0]
    if isinstance(first, MappingNode) and first.flow_style:
        rendered = [" " * dash + "- " + _render(entry, flow=True)]
    else:
        keys = first.start_mark.column if isinstance(first, MappingNode) else dash + 2
        rendered = _block_item(entry, dash, max(keys, dash + 2))
    last = _last_content_line(sequence.value[-1], lines)
    # Comments indented under the last item (a commented-out key) still belong to it.
    while last + 1 < len(lines) and _indented_comment(lines[last + 1], dash):
        last += 1
    return _splice(lines, last, rendered, nl)


def _append_block(text: str, root: Node | None, entry: dict[str, Any], nl: str) -> str:
    """No `sources:` key: add one at the end, indented like the file's other sequences."""
    dash, keys = 2, 4
    for _key, value in root.value if root is not None else []:
        if isinstance(value, SequenceNode) and not value.flow_style and value.value:
            dash = value.start_mark.column
            item = value.value[0]
            keys = item.start_mark.column if isinstance(item, MappingNode) else dash + 2
            break
    lines = text.splitlines(keepends=True)
    block = ["sources:", *_block_item(entry, dash, max(keys, dash + 2))]
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += nl
    return "".join(lines) + nl.join(block) + nl


def _block_after_line(text: str, line: int, column: int, entry: dict[str, Any], nl: str) -> str:
    """Entries for an empty `sources:` key at (line, column): after that line."""
    lines = text.splitlines(keepends=True)
    return _splice(lines, line, _block_item(entry, column + 2, column + 4), nl)


def _splice(lines: list[str], after: int, rendered: list[str], nl: str) -> str:
    head = lines[: after + 1]
    if head and not head[-1].endswith(("\n", "\r")):
        head[-1] += nl
    return "".join(head) + "".join(line + nl for line in rendered) + "".join(lines[after + 1 :])


def _block_item(entry: dict[str, Any], dash: int, keys: int) -> list[str]:
    """`- key: value` lines: the dash at column `dash`, the keys at column `keys`."""
    body = _render(entry, flow=False).splitlines()
    first = " " * dash + "-" + " " * (keys - dash - 1) + body[0]
    return [first, *(" " * keys + line for line in body[1:])]


def _render(entry: dict[str, Any], *, flow: bool) -> str:
    """The entry as YAML that PyYAML (YAML 1.1, what the loader speaks) reads back the same."""
    mapping = CommentedMap((key, _safe_scalar(value)) for key, value in entry.items())
    if flow:
        mapping.fa.set_flow_style()
    dumper = YAML()
    dumper.width = 4096  # one line per value: a wrapped URL would be hard to read and edit
    dumper.allow_unicode = True
    buffer = io.StringIO()
    dumper.dump(mapping, buffer)
    return buffer.getvalue().rstrip("\n")


def _safe_scalar(value: Any) -> Any:
    """Quote strings YAML 1.1 would read as something else ("yes", "off", "1e3", "~")."""
    if not isinstance(value, str):
        return value
    try:
        plain = yaml.safe_load(value)
    except yaml.YAMLError:
        plain = None
    return value if plain == value else DoubleQuotedScalarString(value)


def _last_content_line(node: Node, lines: list[str]) -> int:
    """The 0-based line where a node's last value ends (not the blank lines after it)."""
    while not getattr(node, "flow_style", False) and isinstance(node, MappingNode | SequenceNode):
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    end = node.end_mark
    line = end.line if end.column > 0 else end.line - 1
    while line > node.start_mark.line and not lines[line].strip():
        line -= 1
    return max(int(line), int(node.start_mark.line))


def _indented_comment(line: str, dash: int) -> bool:
    stripped = line.lstrip(" ")
    return stripped.startswith("#") and len(line) - len(stripped) > dash
