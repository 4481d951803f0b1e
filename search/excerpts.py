"""Highlighted excerpts, computed in Python from the stored text, whatever backend searched.

Backends highlight differently (Whoosh has highlighters, PostgreSQL ``ts_headline``, the
SQLite backend none), and a highlight made by a backend is HTML we would have to trust. Here a
word is marked when its French index term (``search.analysis.french_terms``: stemmed, then
accent-folded) is one of the query's, so "marchés" is marked for the query "marche" exactly as
the index matched it. Everything but the ``<mark>`` tags we add is escaped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from .analysis import french_terms

EXCERPT_CHARS = 240
# A long text is scanned up to here for the first match (a page of a guide, not a whole book).
SCAN_CHARS = 50_000
_WORD = re.compile(r"\w+")
_MARKUP = re.compile(r"[*_#>`~|]+|\[|\]\([^)]*\)|\]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=20_000)
def _term(word: str) -> str | None:
    terms = french_terms(word)
    return terms[0] if terms else None


def plain(text: str) -> str:
    """Markdown punctuation dropped and white space collapsed: text to read in one line."""
    return _SPACES.sub(" ", _MARKUP.sub(" ", text or "")).strip()


def query_terms(query: str) -> frozenset[str]:
    return frozenset(french_terms(query))


def excerpt(text: str, terms: frozenset[str], *, size: int = EXCERPT_CHARS) -> str:
    """Safe HTML: a window of ``text`` around its first matching word, matches in ``<mark>``.

    Without a match (the hit was in the title, or another field), the text's beginning.
    """
    text = plain(text[:SCAN_CHARS])
    words = list(_WORD.finditer(text))
    first = next((w for w in words if _term(w.group()) in terms), None) if terms else None
    start = 0
    if first is not None and first.start() > size // 3:
        start = first.start() - size // 3
        # Start on a word boundary, not in the middle of one.
        boundary = text.rfind(" ", 0, start)
        start = boundary + 1 if boundary >= 0 else start
    end = min(len(text), start + size)
    if end < len(text):
        boundary = text.rfind(" ", start, end)
        end = boundary if boundary > start else end
    parts: list[str] = ["… " if start > 0 else ""]
    cursor = start
    for word in words:
        if word.end() <= start:
            continue
        if word.start() >= end:
            break
        if _term(word.group()) in terms:
            parts.append(escape(text[cursor : word.start()]))
            parts.append(f"<mark>{escape(word.group())}</mark>")
            cursor = word.end()
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append(" …")
    return "".join(parts)
