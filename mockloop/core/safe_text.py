"""Text from outside the person's own config and bank (stories files, backups, shared plans)
may carry terminal escapes or bidi overrides that rewrite what a screen shows. Every such text
passes through here on its way in and on its way out."""

from __future__ import annotations

import unicodedata

# The explicit embeddings, overrides and isolates (and the marks): they reorder what follows.
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_KEPT_IN_TEXT = frozenset("\n\t")


def _unsafe(char: str) -> bool:
    return char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc"


def clean_line(text: str) -> str:
    """One line: control and bidi characters dropped, line breaks and tabs become spaces."""
    spaced = text.replace("\r\n", " ").translate({ord(c): " " for c in "\n\r\t"})
    return "".join(c for c in spaced if not _unsafe(c))


def clean_text(text: str) -> str:
    """Text of several lines (notes, transcripts): line breaks and tabs kept, other control
    and bidi characters dropped."""
    return "".join(c for c in text.replace("\r\n", "\n") if c in _KEPT_IN_TEXT or not _unsafe(c))
