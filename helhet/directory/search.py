"""Forgiving directory search: one folding of text for what is stored and what is typed.

People type Nordic letters in several ways: "skolefravær" is also written "skolefravaer" and
"skolefravar", "blåbær" "blaabaer", "Øvrebø" "Ovrebo". PostgreSQL's ``unaccent`` maps æ only to
"ae" and ø only to "o", and SQLite has nothing of the kind, so the folding is done here, in Python,
once for both databases: a stored search text keeps every usual spelling of each word
(``search_words``), a query is folded to the first spelling (``query_words``), and a plain
substring match then finds all of them the same way on SQLite and PostgreSQL.

Typos ("skolefravr") are matched by ``FuzzyWordMatch``: pg_trgm's strict word similarity on
PostgreSQL (answered by the GIN trigram index of migration 0004), difflib in a Python function
registered on SQLite connections (``register_sqlite_functions``).

Example::

    >>> query_words("Skolefravær!")
    ['skolefravaer']
    >>> search_words("Åse Øvrebø")
    ' ase aase ovrebo ovreboe oevrebo oevreboe '
"""

from __future__ import annotations

import difflib
import functools
import itertools
import math
import re
import unicodedata

from django.db.models import BooleanField, Func

# Letters typed in more than one way. The first spelling is the one a query is folded to; a
# stored text has them all. Other accents (é, á, ó, č …) are simply dropped.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "æ": ("ae", "a"),
    "ø": ("o", "oe"),
    "å": ("a", "aa"),
    "ä": ("a", "ae"),
    "ö": ("o", "oe"),
    "ü": ("u", "ue"),
    "ð": ("d", "dh"),
    "þ": ("th",),
    "œ": ("oe",),
    "đ": ("d",),  # Northern Sami
    "ŋ": ("n", "ng"),  # Sami
    "ŧ": ("t",),  # Sami
    "ł": ("l",),
}
# A word with many such letters (a long compound) keeps only its first and its second spellings,
# so that a stored text stays small.
MAX_SPELLINGS = 8
# Words shorter than this are not matched fuzzily: one wrong letter in "hus" is another word.
FUZZY_MIN_LENGTH = 4
# difflib's ratio (2·matches / total length) for "close": one wrong, missing or extra letter in
# a word of five or more letters ("skolefravr" ~ "skolefravar" 0.95, "mobing" ~ "mobbing" 0.92).
FUZZY_CUTOFF = 0.8
SQLITE_FUNCTION = "helhet_fuzzy_word"

_WORD = re.compile(r"\w+")


def _plain(text: str) -> str:
    """Case-folded, accents dropped, the letters of ``SPELLINGS`` kept for ``_spellings``."""
    text = unicodedata.normalize("NFC", text.casefold())
    return "".join(
        char
        if char in SPELLINGS
        else "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        for char in text
    )


def _spellings(word: str) -> list[str]:
    options = [SPELLINGS.get(char, (char,)) for char in word]
    count = math.prod(len(option) for option in options)
    if count == 1:
        return [word]
    if count > MAX_SPELLINGS:
        combinations = [[o[0] for o in options], [o[min(1, len(o) - 1)] for o in options]]
    else:
        combinations = itertools.product(*options)
    return list(dict.fromkeys("".join(letters) for letters in combinations))


def query_words(text: str) -> list[str]:
    """The words of a query, folded to their first spelling."""
    return [_spellings(word)[0] for word in _WORD.findall(_plain(text or ""))]


def search_words(*texts: str) -> str:
    """The stored form: every spelling of every word, space-separated and space-padded, so
    that ``" word"`` matches the start of a word and ``" word "`` a whole word."""
    words = [
        spelling
        for text in texts
        for word in _WORD.findall(_plain(text or ""))
        for spelling in _spellings(word)
    ]
    return f" {' '.join(words)} " if words else ""


def service_search_texts(service, contacts) -> dict[str, str]:
    """The stored search fields of a service: its name, and all of its own text (name,
    description, search words, how to get in touch, and its contact persons).

    The needs it helps with are not stored here: their labels and synonyms are code
    (``helhet.directory.vocabulary``), matched when searching, so a new synonym needs no data
    migration. Takes anything with the model's attributes (the migration passes its
    historical models)."""
    parts = [service.name, service.description, service.keywords, service.how_to_get_in_touch]
    for contact in contacts:
        parts += [contact.name, contact.role, contact.ask_me_about]
    return {"search_name": search_words(service.name), "search_text": search_words(*parts)}


def close_words(word: str, candidates) -> list[str]:
    """The candidates that differ from ``word`` by about a letter (difflib)."""
    if len(word) < FUZZY_MIN_LENGTH:
        return []
    return difflib.get_close_matches(word, candidates, n=5, cutoff=FUZZY_CUTOFF)


@functools.lru_cache(maxsize=4096)
def _fuzzy_word_in(text: str | None, word: str | None) -> bool:
    # Cached: a page of results asks the same rows twice (count, then the page).
    if not text or not word:
        return False
    return bool(close_words(word, set(text.split())))


class FuzzyWordMatch(Func):
    """True when a word of the (folded) ``text`` is close to the (folded) ``word``.

    On PostgreSQL: pg_trgm's ``text %>> word`` (strict word similarity at least
    ``pg_trgm.strict_word_similarity_threshold``, 0.5 by default), which the GIN trigram index on
    ``search_text`` answers. On SQLite: the same idea in Python over the row's words, with
    difflib. That is scanning the candidate rows — those of one municipality's directory, after
    the other filters — which is acceptable at directory size: the national synthetic data set
    (helhet.synthetic.scale) gives each of Norway's 357 municipalities the 17 services of
    helhet.synthetic.catalogue, and even Oslo's directory would be a few thousand short texts;
    SQLite is the embedded database (demo, local, tests), production runs PostgreSQL.
    """

    function = SQLITE_FUNCTION
    arity = 2
    output_field = BooleanField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" %%>> ", **extra_context
        )


def register_sqlite_functions(sender=None, connection=None, **kwargs) -> None:
    """``connection_created`` receiver: give SQLite connections ``FuzzyWordMatch``'s function."""
    if connection is None or connection.vendor != "sqlite":
        return
    connection.connection.create_function(SQLITE_FUNCTION, 2, _fuzzy_word_in, deterministic=True)
