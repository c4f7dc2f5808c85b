"""One canonical form of a user's text, before any NLU reads it (pure, stdlib only).

People paste, dictate and type on phones: Shift+Enter gives line breaks, keyboards insert
non-breaking and zero-width spaces, some send full-width letters or soft hyphens. The
patterns and the classifier were written for plain text, so every variant is brought to one
form first: Unicode NFKC (full-width letters, ligatures and compatibility spaces become plain
ones), format characters (zero-width, soft hyphen, bidi marks, BOM) removed, typographic
apostrophes and quotes made ASCII, and every run of whitespace a single space. The user's
original text is still what the tracker stores and shows; only the NLU sees this form.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)
_WHITESPACE = re.compile(r"\s+")
_WORD_BREAKS = frozenset({"\u200b", "\u180e"})


def canonical_text(text: str) -> str:
    """``text`` in the one form the NLU reads (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text or "")
    # A zero-width space separates words; the other format characters (category Cf: soft
    # hyphen, joiners, bidi marks, BOM) sit inside words and go.
    text = "".join(
        " " if ch in _WORD_BREAKS else ch for ch in text if ch in _WORD_BREAKS or unicodedata.category(ch) != "Cf"
    )
    text = text.translate(_QUOTES)
    return _WHITESPACE.sub(" ", text).strip()
