"""Offset-preserving text normalisation for the message linter.

Every code point of the input is mapped to exactly ONE code point, so an offset in the normalised
text is the same offset in the original text (offsets are counted in code points; a JavaScript port
iterates with `for…of` / `Array.from` and converts at the end). The mapping of one code point is:

1. a fixed table first: typographic apostrophes and accents used as apostrophes (’ ‘ ʼ ` ´ ′) → `'`;
   typographic quotes (“ ” „ « » ″) → `"`; no-break spaces, narrow no-break spaces, thin spaces and
   tabs → a plain space; hyphens and dashes (‐ ‑ ‒ – — ― − ﹣ －) → `-`;
2. otherwise lowercase it, but only when lowercasing yields a single code point (so `İ` stays);
3. then strip accents: take the canonical decomposition (NFD) and, when it has several code points
   and its first one is a letter, keep that first one (é → e, Ç → c, ñ → n; œ, æ, ß stay).

Everything else (emoji, digits, punctuation, line breaks) is kept as is. `\\r` is kept too: lines
are split on `\\n` only.
"""

from __future__ import annotations

import re
import unicodedata

_FIXED = {}
for _ch in "\u2019\u2018\u02bc\u0060\u00b4\u2032\u201b":
    _FIXED[ord(_ch)] = "'"
for _ch in "\u201c\u201d\u201e\u00ab\u00bb\u2033\u201f":
    _FIXED[ord(_ch)] = '"'
for _ch in "\u00a0\u202f\u2007\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u2008\u205f\u3000\t":
    _FIXED[ord(_ch)] = " "
for _ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d":
    _FIXED[ord(_ch)] = "-"


def normalize_char(ch: str) -> str:
    """Normalise one code point into exactly one code point (see the module docstring)."""
    fixed = _FIXED.get(ord(ch))
    if fixed is not None:
        return fixed
    low = ch.lower()
    if len(low) != 1:
        low = ch
    decomposed = unicodedata.normalize("NFD", low)
    if len(decomposed) > 1 and decomposed[0].isalpha():
        return decomposed[0]
    return low


class _Table(dict):
    """Translation table for `str.translate`, filled lazily (one entry per code point seen)."""

    def __missing__(self, code: int) -> str:
        value = normalize_char(chr(code))
        self[code] = value
        return value


_TABLE = _Table()
for _code in range(0x250):
    _TABLE[_code]  # warm the table for ASCII and Latin letters


def normalize(text: str) -> str:
    """Return `text` normalised code point by code point; `len(result) == len(text)` always."""
    return text.translate(_TABLE)


# Characters that make up words once text is normalised: ASCII letters and digits, plus the Latin
# letters that have no ASCII base (ß æ ð ø þ œ …). Everything else separates words. A JavaScript
# port uses the same class string inside `[...]` with the "u" flag.
WORD_CLASS = "a-z0-9\u00b5\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
WORD_RE = re.compile(f"[{WORD_CLASS}]+")


def is_word_char(ch: str) -> bool:
    """True when `ch` (a normalised code point) is part of a word."""
    return ("a" <= ch <= "z") or ("0" <= ch <= "9") or ch == "\u00b5" or (
        "\u00df" <= ch <= "\u024f" and ch != "\u00f7")
