"""The pure text side of search: folding, stemming, words, phrases, the terms that index an
exercise, edit distance and typo limits. No database and no models: the models, the importers,
the migrations and the searcher (exercises.search) all build on it."""

from __future__ import annotations

import functools
import itertools
import re
import threading
import unicodedata
from collections.abc import Sequence

import snowballstemmer

_NON_WORD = re.compile(r"[^a-z0-9]+")

MAX_QUERY_WORDS = 8
MAX_WORD_LENGTH = 40

# Words that say nothing about which exercise is meant.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "at",
        "best",
        "by",
        "can",
        "do",
        "does",
        "easy",
        "exercise",
        "exercises",
        "for",
        "from",
        "good",
        "great",
        "help",
        "how",
        "i",
        "in",
        "into",
        "is",
        "it",
        "me",
        "move",
        "moves",
        "my",
        "of",
        "on",
        "or",
        "routine",
        "routines",
        "some",
        "that",
        "the",
        "their",
        "this",
        "tight",
        "to",
        "training",
        "using",
        "what",
        "which",
        "with",
        "without",
        "workout",
        "workouts",
        "you",
        "your",
        "sore",
    ]
)

# Plurals and forms the small stemmer below would get wrong.
_IRREGULAR = {
    "calves": "calf",
    "calve": "calf",
    "feet": "foot",
    "teeth": "tooth",
    "knees": "knee",
    "shelves": "shelf",
    "halves": "half",
    "lying": "lie",
    # -ing is not stripped in general ("hamstring", "spring"); the catalogue's own words are.
    "stretching": "stretch",
    "stretches": "stretch",
    "strengthening": "strength",
    "abs": "ab",
    "biceps": "bicep",
    "triceps": "tricep",
    "quadriceps": "quadricep",
}


# The languages search knows (the catalogue's content languages). English keeps the small
# stemmer below; German and Spanish use the Snowball stemmers.
LANGUAGES = ("en", "de", "es")
_SNOWBALL = {"de": "german", "es": "spanish"}

# Per language: words that say nothing about which exercise is meant (on folded words).
LANGUAGE_STOP_WORDS = {
    "de": frozenset(
        [
            "aber",
            "alle",
            "am",
            "an",
            "auch",
            "auf",
            "aus",
            "bei",
            "beim",
            "bitte",
            "das",
            "dem",
            "den",
            "der",
            "des",
            "die",
            "ein",
            "eine",
            "einem",
            "einen",
            "einer",
            "eines",
            "es",
            "fur",
            "gegen",
            "gut",
            "gute",
            "guten",
            "hilft",
            "im",
            "in",
            "ist",
            "mein",
            "meine",
            "meinen",
            "meiner",
            "mit",
            "nach",
            "oder",
            "ohne",
            "richtig",
            "sehr",
            "sich",
            "so",
            "uber",
            "um",
            "und",
            "von",
            "vom",
            "was",
            "welche",
            "welcher",
            "wie",
            "zu",
            "zum",
            "zur",
            "ubung",
            "ubungen",
            "training",
            "workout",
            "routine",
            "routinen",
            "einfach",
            "beste",
            "besten",
            "mir",
            "mich",
            "ich",
            "du",
            "dein",
            "deine",
            "verspannt",
            "verspannte",
            "verspannten",
            "steif",
        ]
    ),
    "es": frozenset(
        [
            "a",
            "al",
            "algo",
            "algun",
            "alguna",
            "algunas",
            "algunos",
            "con",
            "como",
            "cual",
            "cuales",
            "de",
            "del",
            "el",
            "en",
            "es",
            "esta",
            "este",
            "estos",
            "ejercicio",
            "ejercicios",
            "entrenamiento",
            "facil",
            "facile",
            "la",
            "las",
            "lo",
            "los",
            "mas",
            "me",
            "mejor",
            "mejores",
            "mi",
            "mis",
            "muy",
            "o",
            "para",
            "por",
            "que",
            "se",
            "sin",
            "su",
            "sus",
            "un",
            "una",
            "unas",
            "unos",
            "y",
            "yo",
            "tu",
            "tus",
            "rutina",
            "rutinas",
            "buen",
            "buena",
            "buenos",
            "buenas",
            "hacer",
            "ayuda",
            "tenso",
            "tensa",
            "tensos",
            "tensas",
        ]
    ),
}


def fold(text: str) -> str:
    """Lower-case and strip accents: "Écarté" -> "ecarte", "Gesäß" -> "gesass"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ẞ", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


_stemmers = threading.local()


@functools.lru_cache(maxsize=50_000)
def _snowball_stem(word: str, language: str) -> str:
    # A stemmer keeps state while it works: one per thread and language.
    stemmer = getattr(_stemmers, language, None)
    if stemmer is None:
        stemmer = snowballstemmer.stemmer(_SNOWBALL[language])
        setattr(_stemmers, language, stemmer)
    stemmed = stemmer.stemWord(word)
    if language == "de" and len(stemmed) > 5 and stemmed.endswith("end"):
        # Snowball keeps the participle ("stehend", "liegend", "sitzend"); people type it
        # for the position the names give as a noun ("im Stehen"): both become "steh".
        stemmed = stemmed[:-3]
    return stemmed


def stem(word: str, language: str = "en") -> str:
    """A word's stem: Snowball for German and Spanish; for English a deliberately small
    stemmer (plurals, enough for exercise words)."""
    if language != "en":
        return _snowball_stem(word, language) if language in _SNOWBALL else word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_APOSTROPHES = str.maketrans("", "", "'’ʼ")


def words(text: str, language: str = "en") -> list[str]:
    """Normalised, stemmed words of a text, in order ("Child's" is one word, "childs")."""
    folded = fold(text).translate(_APOSTROPHES)
    return [stem(w[:MAX_WORD_LENGTH], language) for w in _NON_WORD.split(folded) if w]


def phrase(text: str, language: str = "en") -> str:
    """A whole name or alias as one comparable string: "Chin-Up" -> "chin up"."""
    return " ".join(words(text, language))


def build_search_text(*parts: str) -> str:
    """The stored search document: unique stemmed words, space-separated and padded."""
    seen: dict[str, None] = {}
    for part in parts:
        for word in words(part):
            seen.setdefault(word, None)
    return " " + " ".join(seen) + " " if seen else ""


_words = words

# --- Indexing --------------------------------------------------------------------------------


class Field:
    """Where a term came from (stored in SearchTerm.field)."""

    NAME = 1
    ALIAS = 2
    TAXONOMY = 3
    SUMMARY = 4
    NAME_PHRASE = 5
    ALIAS_PHRASE = 6
    SECONDARY = 7  # secondary muscles


# How much a matched term counts, by field (summary words "count a little").
FIELD_WEIGHTS = {
    Field.NAME: 40,
    Field.ALIAS: 20,
    Field.TAXONOMY: 10,
    Field.SUMMARY: 1,
    Field.NAME_PHRASE: 0,
    Field.ALIAS_PHRASE: 0,
    Field.SECONDARY: 4,
}


# How good a hit a field is before any query is known, best first: the order in which search
# reads an exercise's terms when a word matches more exercises than it ranks (see
# exercises.search.CANDIDATES).
FIELD_PRIORITY = {
    Field.NAME_PHRASE: 6,
    Field.ALIAS_PHRASE: 5,
    Field.NAME: 4,
    Field.ALIAS: 3,
    Field.TAXONOMY: 2,
    Field.SECONDARY: 1,
    Field.SUMMARY: 0,
}


def posting_prior(field: int, *, reviewed: bool, sections_written: int, name_length: int) -> int:
    """A term's standing for one exercise, known at indexing time (0–6999, higher first): the
    field it came from, then a reviewed page, then a complete page, then a short name — the
    order the ranking itself falls back on."""
    return (
        FIELD_PRIORITY.get(field, 0) * 1000
        + (500 if reviewed else 0)
        + min(sections_written, 9) * 50
        + 49
        - min(name_length, 49)
    )


def _with_joined_pairs(ws: list[str]) -> list[str]:
    return ws + [a + b for a, b in itertools.pairwise(ws)]


def document_terms(
    *,
    name: str,
    aliases: list[str],
    taxonomy: list[str],
    summary: str,
    secondary: Sequence[str] = (),
    language: str = "en",
) -> set[tuple[str, int]]:
    """(term, field) pairs that index one exercise in one language."""

    def words(text: str) -> list[str]:
        return _words(text, language)

    terms: set[tuple[str, int]] = set()
    name_words = words(name)
    terms.update((w, Field.NAME) for w in _with_joined_pairs(name_words))
    if name_words:
        terms.add((" ".join(name_words)[:200], Field.NAME_PHRASE))
    for alias in aliases:
        alias_words = words(alias)
        terms.update((w, Field.ALIAS) for w in _with_joined_pairs(alias_words))
        if alias_words:
            terms.add((" ".join(alias_words)[:200], Field.ALIAS_PHRASE))
    for item in taxonomy:
        terms.update((w, Field.TAXONOMY) for w in _with_joined_pairs(words(item)))
    indexed = {t for t, _ in terms}
    for item in secondary:
        terms.update(
            (w, Field.SECONDARY) for w in _with_joined_pairs(words(item)) if w not in indexed
        )
    indexed = {t for t, _ in terms}
    terms.update((w, Field.SUMMARY) for w in set(words(summary)) if w not in indexed)
    return terms


# --- Queries ---------------------------------------------------------------------------------


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one edit), capped."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def typo_limit(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) < 8 else 2


def parse(query: str, language: str = "en") -> list[str]:
    """The meaningful words of a query, at most eight."""
    # "stretches for tight calves" -> ["stretch", "calf"]; filler alone is no search at all.
    if language == "en":
        ws = [w for w in words(query or "") if w not in STOP_WORDS]
    else:
        stop = LANGUAGE_STOP_WORDS.get(language, frozenset())
        folded = fold(query or "").translate(_APOSTROPHES)
        ws = [
            stem(w[:MAX_WORD_LENGTH], language)
            for w in _NON_WORD.split(folded)
            if w and w not in stop
        ]
    return list(dict.fromkeys(ws))[:MAX_QUERY_WORDS]
