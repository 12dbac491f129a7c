"""Text normalisation shared by the stored search text and the search query.

Both sides go through `search_words`, so "Glutes", "glute" and "GLÚTE" meet as "glute".
"""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case and strip accents: "Écarté" -> "ecarte"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def stem(word: str) -> str:
    """A deliberately small English plural stemmer: enough for exercise vocabulary."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def search_words(text: str) -> list[str]:
    return [stem(word) for word in _NON_WORD.split(fold(text)) if word]


def build_search_text(*parts: str) -> str:
    """The stored search document: unique stemmed words, space-separated and padded."""
    seen: dict[str, None] = {}
    for part in parts:
        for word in search_words(part):
            seen.setdefault(word, None)
    return " " + " ".join(seen) + " " if seen else ""
