"""The words of aggregate's placeholders (masked names, e-mails, numbers, pseudonyms).

Aggregate leaves language-neutral placeholders in quotes and author labels (see
`generator.placeholders`); render replaces them once, before any page or data file is written,
so every page and the open data say them in the site's language.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from typing import Any

import pandas as pd

from generator import placeholders
from generator.aggregate import Observatory
from generator.render.i18n import N_, Wording

_WORDS = {
    "name": N_("[name hidden]"),
    "email": N_("[e-mail hidden]"),
    "phone": N_("[number hidden]"),
    "anonymous": N_("Anonymous"),
}


def placeholder_word(w: Wording, kind: placeholders.Kind, argument: str) -> str:
    if kind == "pseudonym":
        return w._("Contributor {code}", code=argument)
    return w._(_WORDS[kind])


def in_words(value: Any, w: Wording) -> Any:
    """`value` with its placeholders in words: strings, and lists, tuples and dicts of them."""
    if isinstance(value, str):
        return placeholders.resolve(value, lambda kind, arg: placeholder_word(w, kind, arg))
    if isinstance(value, list | tuple):
        return type(value)(in_words(item, w) for item in value)
    if isinstance(value, dict):
        return {key: in_words(item, w) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return replace(
            value, **{f.name: in_words(getattr(value, f.name), w) for f in fields(value)}
        )
    return value


def frame_in_words(frame: pd.DataFrame, w: Wording) -> pd.DataFrame:
    """A copy of `frame` whose text cells (object columns) have their placeholders in words."""
    columns = [
        c
        for c in frame.columns
        if pd.api.types.is_object_dtype(frame[c]) or pd.api.types.is_string_dtype(frame[c])
    ]
    if not columns or frame.empty:
        return frame
    return frame.assign(**{c: frame[c].map(lambda v: in_words(v, w)) for c in columns})


def observatory_in_words(observatory: Observatory, w: Wording) -> Observatory:
    """The observatory with every placeholder of every table in the site's words."""
    changes: dict[str, Any] = {}
    for f in fields(observatory):
        value = getattr(observatory, f.name)
        if isinstance(value, pd.DataFrame):
            changes[f.name] = frame_in_words(value, w)
        elif f.name == "crises":
            changes[f.name] = [in_words(crisis, w) for crisis in value]
    return replace(observatory, **changes)
