"""The wording layer: every message a reader sees is in the catalogs, translated, current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from generator.render.i18n import DOMAIN, LOCALE_DIR, SOURCE_LANGUAGE, Wording, catalog_path

ROOT = Path(__file__).resolve().parents[1]
METHODS = [("generator/**.py", "python"), ("templates/**.j2", "jinja2")]
OPTIONS = {"templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
# Values some languages need beside the msgid's own (French elision: "d'Orbis", "d'avril 2026").
EXTRA_PLACEHOLDERS = {"of_brand", "from_first", "of_month"}
LANGUAGES = sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES").is_dir())


def extracted() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        ROOT, METHODS, OPTIONS, strip_comment_tags=True
    ):
        if isinstance(message, tuple):
            message = tuple(m for m in message if m)
            found.add(message if len(message) > 1 else message[0])
        else:
            found.add(message)
    return found


def placeholders(text: str) -> set[str]:
    """`{name}` (the code's str.format) and `%(name)s` (the templates' newstyle gettext)."""
    return {a or b for a, b in re.findall(r"\{(\w+)\}|%%|%\((\w+)\)s", text)} - {""}


def test_the_template_is_current() -> None:
    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    assert template == extracted(), "run pybabel extract (see generator/render/i18n.py)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated(lang: str) -> None:
    with catalog_path(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    messages = {m.id: m for m in catalog if m.id}
    assert set(messages) == extracted(), f"{lang}: run pybabel update"
    if lang == SOURCE_LANGUAGE:
        return  # the msgids are this language's text
    for msgid, message in messages.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{lang}: no translation for {msgid!r}"
        assert not message.fuzzy, f"{lang}: fuzzy translation of {msgid!r}"
        allowed = set().union(
            *(placeholders(m) for m in (msgid if isinstance(msgid, tuple) else (msgid,)))
        )
        for string in strings:
            unknown = placeholders(string) - allowed - EXTRA_PLACEHOLDERS
            assert not unknown, f"{lang}: {msgid!r} translation uses unknown {unknown}"


def test_french_plurals_and_elision() -> None:
    fr = Wording("fr")
    assert fr.ngettext("{count} post", "{count} posts", 0) == "0 message"
    assert fr.ngettext("{count} post", "{count} posts", 1) == "1 message"
    assert fr.ngettext("{count} post", "{count} posts", 1234) == "1\u202f234 messages"
    assert fr.of("Orbis") == "d'Orbis" and fr.of("Nuvo") == "de Nuvo"
    en = Wording("en")
    assert en.ngettext("{count} post", "{count} posts", 0) == "0 posts"
    assert en._("Home") == "Home" and fr._("Home") == "Accueil"


def test_the_templates_look_up_the_extracted_messages() -> None:
    """At render time the site's environment (newstyle gettext) asks for exactly the msgids that
    extraction put in the catalogs: a trans block without `trimmed`, or a "%" in a trans block
    without values, would be extracted one way and looked up another, and stay untranslated."""
    from generator.render.pages import make_env

    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as handle:
        template = {m.id for m in read_po(handle) if m.id}
    env = make_env(ROOT / "templates", "fr")
    for path in sorted((ROOT / "templates").glob("*.j2")):
        source = path.read_text(encoding="utf-8")
        for line, function, message in env.extract_translations(source):
            if isinstance(message, tuple):
                message = tuple(m for m in message if m is not None)  # non-constant arguments
                if function in ("pgettext", "npgettext"):
                    message = message[1:]  # the context is not part of the id
                message = message if len(message) > 1 else message[0]
            assert message in template, f"{path.name}:{line}: {message!r} is not in the catalogs"
