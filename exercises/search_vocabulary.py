"""One language's search vocabulary, held in this process's memory per catalogue version: the
words a query's words are looked up in (is it a whole word, which words it begins, its nearest
word for a typo).

Search asked the database for these on every query (two to five queries, one of them reading
every vocabulary word of a few lengths for typo correction). The vocabulary is catalogue data:
it changes only with the catalogue (every write bumps the catalogue version), and it grows with
the catalogue's words, not its exercises. So it is read once per version and language, and a
search's lookups are dictionary reads, a bisect, and an edit distance over the words that pass a
letter check (a bitmask per word, worked out once); a word once corrected is remembered
until the version changes.

Which copy is current is said by a token in the fragments cache under the version: a bump, a
cleared cache (each test starts with one) or a restart makes the next search read it again.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import caches
from django.utils.crypto import get_random_string

from exercises.models import SearchWord
from exercises.search_text import osa_distance, typo_limit
from exercises.selectors import catalogue_version
from forge.lib.pagecache import catalogue_key

TIMEOUT = 60 * 60  # a token outlives its version only until then
REMEMBERED_CORRECTIONS = 5000  # per language and version; then it starts again


def _letters(word: str) -> int:
    """The set of a word's letters as a bitmask (one bit per distinct character)."""
    mask = 0
    for ch in word:
        mask |= 1 << ord(ch)
    return mask


@dataclass
class Vocabulary:
    language: str
    # Every vocabulary word -> how many published exercises use it.
    documents: dict[str, int]
    # Words from a name, alias or the taxonomy (the only ones offered as completions and
    # corrections), sorted, for prefix ranges.
    titles: list[str]
    # Title words by length: (word, documents, letters bitmask).
    by_length: dict[int, list[tuple[str, int, int]]]
    token: str = field(default_factory=lambda: get_random_string(12))
    # Words already corrected against this vocabulary (typos repeat): word -> nearest.
    corrected: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def load(cls, language: str) -> Vocabulary:
        rows = SearchWord.objects.filter(language=language).values_list(
            "term", "documents", "is_title"
        )
        documents: dict[str, int] = {}
        titles: list[str] = []
        by_length: dict[int, list[tuple[str, int, int]]] = {}
        for term, count, is_title in rows.iterator(chunk_size=5000):
            documents[term] = count
            if is_title:
                titles.append(term)
                by_length.setdefault(len(term), []).append((term, count, _letters(term)))
        titles.sort()
        return cls(language, documents, titles, by_length)

    def known(self, ws: Iterable[str]) -> dict[str, int]:
        """The vocabulary words among `ws`, with their document counts."""
        return {w: self.documents[w] for w in ws if w in self.documents}

    def beginning(self, prefixes: list[str], limit: int) -> tuple[dict[str, list[str]], list[str]]:
        """Each prefix -> the title words it begins, commonest first (then by word), at most
        `limit` each; and the words considered: the commonest `limit` × len(prefixes) of all
        matches."""
        found: dict[str, list[str]] = {p: [] for p in prefixes}
        matches: set[str] = set()
        for p in prefixes:
            start = bisect.bisect_left(self.titles, p)
            for term in itertools.islice(self.titles, start, None):
                if not term.startswith(p):
                    break
                matches.add(term)
        ordered = sorted(matches, key=lambda t: (-self.documents[t], t))[: limit * len(prefixes)]
        for term in ordered:
            for p in prefixes:
                if term.startswith(p) and len(found[p]) < limit:
                    found[p].append(term)
        return found, ordered

    def nearest(self, word: str) -> str | None:
        """The title word nearest to `word` within its typo limit (optimal string alignment
        distance), the commoner of equally near ones, then the first by spelling; None when
        none is near enough."""
        if word in self.corrected:
            return self.corrected[word]
        if len(self.corrected) >= REMEMBERED_CORRECTIONS:
            self.corrected.clear()
        self.corrected[word] = nearest = self._nearest(word)
        return nearest

    def _nearest(self, word: str) -> str | None:
        limit = typo_limit(word)
        if not limit:
            return None
        letters = _letters(word)
        best: tuple[int, int, str] | None = None
        for length in range(len(word) - limit, len(word) + limit + 1):
            for term, count, term_letters in self.by_length.get(length, ()):
                # Each letter of `word` missing from `term` takes an edit of its own, and each
                # letter of `term` missing from `word` another: a cheap lower bound that skips
                # most of the vocabulary before the full distance is worked out.
                if (letters & ~term_letters).bit_count() > limit:
                    continue
                if (term_letters & ~letters).bit_count() > limit:
                    continue
                d = osa_distance(word, term, limit)
                if d <= limit and (best is None or (d, -count, term) < best):
                    best = (d, -count, term)
        return best[2] if best else None


_loaded: dict[str, Vocabulary] = {}
_lock = threading.Lock()


def vocabulary(language: str) -> Vocabulary:
    """`language`'s vocabulary for the current catalogue version (read at most once per
    version in this process)."""
    store = caches["fragments"]
    key = catalogue_key("search-vocabulary", catalogue_version(), language)
    token = store.get(key)
    current = _loaded.get(language)
    if current is not None and token is not None and current.token == token:
        return current
    fresh = Vocabulary.load(language)
    with _lock:
        _loaded[language] = fresh
    store.set(key, fresh.token, timeout=TIMEOUT)
    return fresh
