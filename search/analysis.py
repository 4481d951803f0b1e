"""French text analysis shared by the index, the queries and the excerpt highlighter.

The order matters: the Snowball French stemmer needs the accents ("énergie" and "énergétique"
stem apart only with them), so words are lower-cased, stop words dropped and stems taken first,
and accents folded last. A query typed without accents ("energie") then meets a text written
with them ("énergie") on the same folded stem ("energ"), and "ÉTAT" meets "état".
"""

from __future__ import annotations

from functools import cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

# Words, numbers and codes; an apostrophe ("l'énergie", "d’achat") or a hyphen splits a token.
WORD_PATTERN = r"\w+"

# Snowball's list lacks "les" (and the elided forms are single letters already in it).
FRENCH_STOP_WORDS = frozenset(stopwords_for_language("fr")) | {"les"}


@cache
def french_analyzer() -> Analyzer:
    """Tokenize, lower-case, drop stop words, stem (with accents), then fold accents."""
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=FRENCH_STOP_WORDS, minsize=1)
        | StemFilter(lang="fr")
        | CharsetFilter(accent_map)
    )


@cache
def folding_analyzer() -> Analyzer:
    """Lower-case and fold accents, no stemming: for autocomplete prefixes and exact phrases."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def french_terms(text: str) -> list[str]:
    """The index terms of ``text``, in order (duplicates kept)."""
    return [token.text for token in french_analyzer()(text)]
