"""Small rules of written French shared by the aggregate explanations and the pages."""

from __future__ import annotations

_ELIDING = "aàâeéèêiîoôuûyh"


def de(name: str, lang: str = "fr") -> str:
    """French elision: `de Nova`, `de mai` but `d'Orbis`, `d'août 2026`, `d'Hélia`."""
    if lang == "fr" and name[:1].casefold() in _ELIDING:
        return "d'" + name
    return "de " + name
