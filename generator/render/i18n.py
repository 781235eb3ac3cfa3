"""Every sentence and label a reader sees goes through gettext catalogs (Babel).

Messages are written in English in the code and the templates (the msgids); a language is a
catalog, `generator/locale/<lang>/LC_MESSAGES/observatoire.po`, compiled in memory the first
time it is used (no build step, never a stale .mo). Adding a language means adding a catalog
(Babel's CLDR data already formats its dates and numbers). To refresh the catalogs after
changing a message:

    pybabel extract -F babel.cfg -o generator/locale/observatoire.pot .
    pybabel update -i generator/locale/observatoire.pot -d generator/locale -D observatoire

`tests/test_i18n.py` fails when a message of the code or templates lacks a translation.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from generator.french import de

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
DOMAIN = "observatoire"
LOCALES: dict[str, str] = {"fr": "fr_FR", "en": "en_GB"}  # Babel locales of the site languages
SOURCE_LANGUAGE = "en"  # the msgids' language: its catalog may leave messages untranslated


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of a language (the msgids themselves for the source language)."""
    path = catalog_path(lang)
    if not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def N_(message: str) -> str:
    """Mark a message for extraction where it is defined; it is translated where it is used."""
    return message


class Wording:
    """The words of one language: `w._("Share of voice")`, `w.ngettext(...)`, `w.of("Orbis")`.

    The method names are gettext's, so `pybabel extract` finds every message by its defaults.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._t = translations(lang)

    def _(self, message: str, **values: object) -> str:
        text = self._t.gettext(message)
        return text.format(**values) if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The catalog's plural form for n (French: 0 and 1 take the singular); `{count}` is
        n written the language's way (`1 234`)."""
        from babel.numbers import format_decimal

        count = format_decimal(n, format="#,##0", locale=LOCALES.get(self.lang, self.lang))
        return self._t.ngettext(singular, plural, n).format(count=count, **values)

    def of(self, name: str) -> str:
        """`of Orbis` / `d'Orbis`, `de Nuvo`: the possessive, with French elision."""
        return de(name, self.lang) if self.lang == "fr" else f"of {name}"
