"""Word stems for SQLite's search (FTS5 has no stemmer): «финансисты» finds «Финансист».

Pieces are indexed as the stems of their words, and a query's words are stemmed alike, with
the Snowball stemmers PostgreSQL's `russian` and `english` configurations use (the
pure-Python `snowballstemmer`). Snowball has no Kazakh stemmer, nor does PostgreSQL: Kazakh
is indexed word for word, and a Kazakh word is found by its beginning only (a prefix
match), so «жобалар» finds «жобалары» but not «жоба». PostgreSQL is the production search.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

# The content languages with a stemmer (PG_CONFIGS in articles/search/postgres.py).
STEMMERS = {"ru": "russian", "en": "english"}
WORD = re.compile(r"\w+")
_local = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


def stems(language: str) -> bool:
    return language in STEMMERS


@lru_cache(maxsize=65536)  # a newsroom's vocabulary is mostly the same few thousand words
def stem(word: str, language: str) -> str:
    """The stem of `word` (any case) in `language`; the word in lower case where there is
    no stemmer."""
    word = word.lower()
    if language not in STEMMERS:
        return word
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMERS[language])
    return stemmers[language].stemWord(word)


def stemmed(text: str, language: str) -> str:
    """`text` as the search table holds it: the stems of its words, in order (the text as
    it is where the language has no stemmer)."""
    if language not in STEMMERS:
        return text
    return " ".join(stem(word, language) for word in WORD.findall(text))
