"""Exercise search: one module behind the site's search box and the API's ``search``.

How it works
------------
Every exercise is indexed as *terms* (``SearchTerm`` rows): the normalised words of its name,
its aliases, its muscles, equipment, body part and category, and of its summary, each tagged
with the field it came from. Names and aliases also give their *joined* word pairs ("chin up"
→ "chinup"), so "chinup", "chin up" and "chin-up" meet, and their whole normalised phrase, so
an exact name or alias can rank first. ``SearchWord`` is the vocabulary of distinct terms.

A query is normalised the same way; stop words and filler ("for", "exercises", "my") are
dropped, and each remaining word becomes a *slot*: the set of terms that satisfy it — the word
itself, synonyms editors keep in the admin (``Synonym``), and, for a word that is not a whole
word of the vocabulary (or the last word, as people type), the vocabulary words it begins.
Matching needs every slot, and is bounded (``Searcher.candidates``, the one place that decides
which exercises a search ranks): the slot whose terms the fewest exercises use drives; its
terms are read best first from the ``search_term_prior`` index (the prior: the field a term
came from, then a reviewed, complete page with a short name), each kept when the other slots
and any filter besides "published" hold (an indexed probe each), until CANDIDATES are found.
Only those are ranked, so a word that 5,000 of 100,000 exercises share costs about what it
does among 1,000; a search lists at most its CANDIDATES best matches (CHECKED_CANDIDATES
when a common word's rows are each checked for the other words, in a large catalogue). When
that finds too little, words that are not in the vocabulary are corrected to the nearest
vocabulary word (optimal string alignment distance 1, or 2 for long words) and the page
offers "Did you mean …"; when even that finds nothing, exercises matching all slots but one
are shown.

Ranking, in order: the exact name or an alias; the name starting with the query; every word
in the name; every word in the aliases; then by how much matched where (name, aliases,
taxonomy, a little for the summary); ties go to complete pages, then shorter names.

Languages: every term, vocabulary word and synonym belongs to one language ("en", "de", "es").
A search runs in the active language (or the one asked for) over that language's rows; each
language's terms come from the exercise's text in it, English where not translated yet, and
are stemmed the way that language's queries are (exercises.search_text). German words also
find the compounds they begin.

Why not PostgreSQL full-text search or pg_trgm: both rank and stem differently from anything
SQLite can do, so the two databases would disagree, and query counts would differ; and a GIN
index finds every match but cannot hand them over best first, so ranking would still read
them all. Every lookup here is an indexed equality or an index range read in order, on both
databases, with the same SQL; the vocabulary (whole words, prefixes, typos) is looked up in
memory, read once per catalogue version (exercises.search_vocabulary).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import (
    BooleanField,
    F,
    Func,
    IntegerField,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils import translation

from exercises.models import Exercise, SearchTerm, Status, Synonym
from exercises.search_text import (
    FIELD_WEIGHTS,
    LANGUAGES,
    Field,
    parse,
    words,
)
from exercises.search_vocabulary import Vocabulary, vocabulary

# The most exercises one search ranks (and lists): five pages of the listing.
CANDIDATES = 120
# The most rows of one term a search reads to find them.
WALK = 20 * CANDIDATES
# The most a search ranks when it reads a common term (more rows than WALK, so only in a large
# catalogue) and checks each row it reads (another word, a filter): each check is an index
# probe, and most of them fail when two common words rarely meet; this bounds the probes.
CHECKED_CANDIDATES = CANDIDATES // 2
MAX_PREFIX_EXPANSION = 40
# Below this many strict results, typo correction is tried as well.
THIN_RESULTS = 3


class OneOf(Func):
    """``pk`` is one of a subquery's (few) ids. PostgreSQL reads it as ``= ANY(ARRAY(…))``:
    the ids are worked out once and each fetched by primary key. As ``IN (…)`` it may instead
    walk the whole table testing each row, when the outer query wants only its first rows
    (the "is there anything" checks). SQLite looks each id up either way."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        lhs, lhs_params = compiler.compile(self.source_expressions[0])
        rhs, rhs_params = compiler.compile(self.source_expressions[1])
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        lhs, lhs_params = compiler.compile(self.source_expressions[0])
        rhs, rhs_params = compiler.compile(self.source_expressions[1])
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


class AmongIds(Func):
    """``pk`` is one of these ids: a search's matches, read once (at most CANDIDATES), that
    the ranked query reads back by primary key. PostgreSQL takes them as one array parameter
    (``= ANY(%s)``); ``pk__in`` prepares each id through the field and the lookup, and the
    driver then finds a placeholder per id in the SQL, CPU that grew with the matches ("curl"
    has 46 among 1,000 exercises and CANDIDATES among 100,000). SQLite has no arrays: an
    ``IN`` list of the same ids there."""

    output_field = BooleanField()

    def __init__(self, expression, ids: tuple[int, ...]):
        super().__init__(expression)
        self.ids = ids

    def as_sql(self, compiler, connection, **extra_context):
        lhs, lhs_params = compiler.compile(self.source_expressions[0])
        return f"{lhs} IN ({', '.join(['%s'] * len(self.ids))})", (*lhs_params, *self.ids)

    def as_postgresql(self, compiler, connection, **extra_context):
        lhs, lhs_params = compiler.compile(self.source_expressions[0])
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.ids))


class Rank(Func):
    """An exercise's search rank, from its terms that the query asked for (one subquery per
    ranked row, which the candidate set bounds):

    - the exact name or an alias (``phrases``): 100 000;
    - the name starting with the query: 50 000;
    - a reviewed page whose name or aliases hold every slot: REVIEWED_BONUS (editors' pages
      first: "side neck stretch" finds Neck Side Stretch before an unreviewed exact name);
    - each slot in the name 1 000, in the aliases 200, and 400 in what names the exercise
      (name, aliases, taxonomy, not a secondary muscle or the summary): "lat stretch" is a
      stretch for the lats;
    - then every matched term's field weight (FIELD_WEIGHTS: a little for the summary).

    Written as SQL text around the outer row's columns (compiled, so any table alias
    holds): building the same from ORM expressions cost more CPU than running it."""

    output_field = IntegerField()

    def __init__(
        self,
        slots: tuple[frozenset[str], ...],
        phrases: frozenset[str],
        phrase: str,
        language: str = "en",
    ):
        super().__init__(F("pk"), F("reviewed"), F("search_name"))
        # Each slot's terms (hashable, as expressions must be), the whole phrases, the query,
        # and the language whose index rows count.
        self.slots, self.phrases, self.query_phrase = slots, phrases, phrase
        self.language = language

    def as_sql(self, compiler, connection, **extra_context):
        pk, reviewed, name = (compiler.compile(e)[0] for e in self.source_expressions)
        table = connection.ops.quote_name(SearchTerm._meta.db_table)
        params: list = []

        def among(values) -> str:
            params.extend(sorted(values))
            return ", ".join(["%s"] * len(values))

        def slot_of() -> str:
            whens = [
                f"WHEN u.term IN ({among(terms)}) THEN {i}"
                for i, terms in enumerate(self.slots)
                if terms
            ]
            return f"CASE {' '.join(whens)} END" if whens else "NULL"

        def slots_in(fields) -> str:
            listed = ", ".join(str(int(f)) for f in fields)
            return f"COUNT(DISTINCT CASE WHEN u.field IN ({listed}) THEN {slot_of()} END)"

        weights = " ".join(f"WHEN {int(f)} THEN {int(w)}" for f, w in FIELD_WEIGHTS.items() if w)
        phrase_fields = f"{int(Field.NAME_PHRASE)}, {int(Field.ALIAS_PHRASE)}"
        score = (
            f"SUM(CASE WHEN u.field IN ({phrase_fields}) AND u.term IN ({among(self.phrases)})"
            " THEN 1 ELSE 0 END) * 100000"
            f" + {slots_in([Field.NAME])} * 1000"
            f" + {slots_in([Field.ALIAS])} * 200"
            f" + {slots_in([Field.NAME, Field.ALIAS, Field.TAXONOMY])} * 400"
            f" + SUM(CASE u.field {weights} ELSE 0 END)"
        )
        params.append(True)
        covered = slots_in([Field.NAME, Field.ALIAS])
        params.append(len(self.slots))
        reviewed_sql = (
            f"CASE WHEN {reviewed} = %s AND {covered} >= %s THEN {REVIEWED_BONUS} ELSE 0 END"
        )
        every_term = frozenset().union(*self.slots) | self.phrases
        params.append(self.language)
        subquery = (
            f"(SELECT {score} + {reviewed_sql} FROM {table} AS u"
            f" WHERE u.exercise_id = {pk} AND u.language = %s AND u.term IN ({among(every_term)}))"
        )
        if self.language == "en":
            params.append(self.query_phrase + "%")
            starts_with = f"{name} LIKE %s"
        else:  # the stored search name is the English one: ask the name's own phrase
            params += [self.language, self.query_phrase + "%"]
            starts_with = (
                f"EXISTS (SELECT 1 FROM {table} AS s WHERE s.exercise_id = {pk}"
                f" AND s.language = %s AND s.field = {int(Field.NAME_PHRASE)} AND s.term LIKE %s)"
            )
        starts = f"CASE WHEN {starts_with} THEN 50000 ELSE 0 END"
        return f"(COALESCE({subquery}, 0) + {starts})", params


@dataclass
class Slot:
    """One query word and every term that satisfies it."""

    word: str
    terms: set[str] = field(default_factory=set)
    corrected: str | None = None
    # Whole names this slot stands for (a synonym's several-word alternatives).
    phrases: set[str] = field(default_factory=set)


@dataclass
class SearchResult:
    queryset: QuerySet
    # The words searched for after dropping filler, as typed (normalised).
    words: list[str]
    # "Did you mean …": the corrected query when typo tolerance produced the results.
    suggestion: str | None = None
    # True when no exercise matched every word and these match all but one.
    partial: bool = False
    # The most results a search lists (its best matches, when more exercises match).
    limit: int = CANDIDATES


class Searcher:
    """Builds and runs a search against one base queryset (published exercises, filtered)."""

    def __init__(self, base: QuerySet, language: str | None = None):
        self.base = base
        # Filters beyond "published" (a body part, a muscle…) are checked while candidates
        # are read; the published ones alone are left to the ranked query (drafts are few).
        # (Compared as filter trees: compiling both to SQL cost more than the search's lookups.)
        self.filtered = base.query.where != Exercise.objects.published().query.where
        self.known: set[str] = set()
        # Each language has its own index, vocabulary and synonyms (the active one by default).
        language = language or translation.get_language() or "en"
        language = language.split("-")[0]
        self.language = language if language in LANGUAGES else "en"
        # Vocabulary word -> how many exercises use it (for the slot that drives matching).
        self.documents: dict[str, int] = {}
        self._synonyms_read: tuple[list[str], dict[str, list[list[str]]]] | None = None
        # The most this search lists (less when it checked a common term's rows).
        self.limit = CANDIDATES

    # --- vocabulary lookups (in memory: exercises.search_vocabulary) -------------------------

    @cached_property
    def words(self) -> Vocabulary:
        """This language's vocabulary (read only when a query has words: filler alone is no
        search)."""
        return vocabulary(self.language)

    def _known(self, ws: list[str]) -> set[str]:
        rows = self.words.known(ws)
        self.documents.update(rows)
        return set(rows)

    def _synonyms(self, ws: list[str]) -> dict[str, list[list[str]]]:
        """Query word or word pair -> alternatives (each a list of words). Read on every
        search (one indexed query): editors change synonyms without a catalogue version."""
        keys = ws + [f"{a} {b}" for a, b in itertools.pairwise(ws)]
        if self._synonyms_read is not None and self._synonyms_read[0] == keys:
            return self._synonyms_read[1]  # the corrected query's slots ask again
        table = connection.ops.quote_name(Synonym._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, means FROM {table} WHERE language = %s"
                f" AND term IN ({', '.join(['%s'] * len(keys))})",
                [self.language, *keys],
            )
            rows = cursor.fetchall()
        out: dict[str, list[list[str]]] = {}
        for term, means in rows:
            for alternative in means.split(","):
                alt_words = words(alternative, self.language)
                if alt_words:
                    out.setdefault(term, []).append(alt_words)
        self._synonyms_read = (keys, out)
        return out

    def _prefixes(self, prefixes: list[str]) -> dict[str, list[str]]:
        if not prefixes:
            return {}
        found, considered = self.words.beginning(prefixes, MAX_PREFIX_EXPANSION)
        for term in considered:
            self.documents[term] = self.words.documents[term]
        return found

    def _corrections(self, unknown: list[str]) -> dict[str, str]:
        """Each unknown word's nearest vocabulary word, where one is close enough."""
        corrections = {}
        for w in unknown:
            nearest = self.words.nearest(w)
            if nearest:
                corrections[w] = nearest
        return corrections

    # --- building slots ---------------------------------------------------------------------

    def slots(self, ws: list[str], *, corrections: dict[str, str] | None = None) -> list[Slot]:
        corrections = corrections or {}
        known = self._known([corrections.get(w, w) for w in ws] + self._joins(ws))
        synonyms = self._synonyms(ws)
        if not corrections:
            # A word with a synonym is understood even when no exercise uses it.
            self.known = known | {w for w in ws if w in synonyms}
        result: list[Slot] = []
        index = 0
        while index < len(ws):
            w = ws[index]
            pair = f"{w} {ws[index + 1]}" if index + 1 < len(ws) else None
            if pair in synonyms:
                # "pec deck": the two words are one thing, matched by its alternatives only.
                slot = Slot(pair, set())
                self._add_alternatives(slot, synonyms[pair])
                result.append(slot)
                index += 2
                continue
            slot = Slot(w, {corrections.get(w, w)}, corrections.get(w))
            self._add_alternatives(slot, synonyms.get(w, []))
            result.append(slot)
            index += 1
        for a, b in itertools.pairwise(result):
            joined = a.word + b.word
            if joined in known:  # "chin up" finds a name written "Chinup"
                a.terms.add(joined)
                b.terms.add(joined)
        # As people type: a word that is no whole word, and the last word, also take the
        # vocabulary words they begin ("ham" -> hamstring). Whole words elsewhere do not:
        # "lat" must not find "lateral". German writes compounds as one word, so there a
        # word of four letters or more also finds the compounds it begins ("Oberschenkel"
        # -> "Oberschenkelmuskulatur").
        compounds = self.language == "de"
        prefixable = [
            s.word
            for i, s in enumerate(result)
            if s.corrected is None
            and " " not in s.word
            and len(s.word) >= 3
            and (
                s.word not in self.known or i == len(result) - 1 or (compounds and len(s.word) >= 4)
            )
        ]
        expansions = self._prefixes(prefixable)
        for slot in result:
            slot.terms.update(expansions.get(slot.word, ()))
        return result

    def _add_alternatives(self, slot: Slot, alternatives: list[list[str]]) -> None:
        """A synonym's alternatives: a single word as it is; several words by their joined
        pairs (indexed for every name and alias), and the whole phrase for an exact match."""
        for alternative in alternatives:
            slot.phrases.add(" ".join(alternative))
            if len(alternative) == 1:
                slot.terms.add(alternative[0])
            else:
                slot.terms.update(a + b for a, b in itertools.pairwise(alternative))

    @staticmethod
    def _joins(ws: list[str]) -> list[str]:
        return [a + b for a, b in itertools.pairwise(ws)]

    # --- matching and ranking ---------------------------------------------------------------

    def candidates(
        self,
        slots: list[Slot],
        phrases: set[str],
        *,
        skip: int | None = None,
        limit: int = CANDIDATES,
    ) -> RawSQL:
        """The exercises a search ranks: at most `limit` ids from `base` that match every
        slot (but `skip`), best prior first, as one SQL subquery (``pk IN (…)``). "Is there
        any" checks ask for the few they need, so they stop reading early.

        The slot whose terms the fewest exercises use drives: each of its terms (and each
        whole phrase asked for) is one branch that reads that term's rows from the
        ``search_term_prior`` index in prior order (at most WALK of them), keeps a row when
        every other slot has a term for the exercise and, when `base` filters more than
        "published", the exercise is in `base`, and stops at `limit`. For a common term each
        check is a subquery of its own per row read (an index probe), which PostgreSQL cannot
        turn into a join that reads every row of the other common term first; a term with
        fewer rows than WALK is read whole anyway, and its checks are plain EXISTS. The
        branches are merged, best prior first. When a common term's rows are checked so,
        the search ranks at most CHECKED_CANDIDATES (and says so in ``self.limit``): two
        common words that rarely meet cost a probe for each row read. The cost follows
        CANDIDATES and WALK, not the catalogue's size; a per-language searcher changes the
        terms, not this."""
        needed = [slot for index, slot in enumerate(slots) if index != skip]
        driver = min(needed, key=lambda s: (sum(self.documents.get(t, 0) for t in s.terms), s.word))
        table = connection.ops.quote_name(SearchTerm._meta.db_table)
        checks, check_params = [], []
        # Drafts (few) are left to the ranked query unless the base filters more.
        if self.filtered:
            ids = self.base.order_by().annotate(candidate_id=F("pk")).values("candidate_id")
            base_sql, base_params = ids.query.sql_with_params()
            checks.append(
                f"(SELECT 1 FROM ({base_sql}) AS base WHERE base.candidate_id = w.exercise_id"
                " LIMIT 1) IS NOT NULL"
            )
            check_params += base_params
        walks = sorted(driver.terms) + sorted(phrases - driver.terms)
        if (checks or len(needed) > 1) and any(self.documents.get(t, 0) > WALK for t in walks):
            limit = min(limit, CHECKED_CANDIDATES)
            self.limit = min(self.limit, limit)
        branches: list[str] = []
        params: list = []
        # Each branch keeps its walk's first `limit` matches. SQLite hands a FROM subquery's
        # rows on in that subquery's ORDER BY (it runs it as a co-routine), but sorts again
        # for an outer ORDER BY, and a sort must first check every row of the walk: WALK
        # probes where `limit` matches would do (2.5x the time at 100,000 exercises). So on
        # SQLite the walk's order is the branch's; PostgreSQL sees the order holds and stops
        # at `limit` with the ORDER BY written out.
        walk_order = (
            "" if connection.vendor == "sqlite" else " ORDER BY w.prior DESC, w.exercise_id"
        )
        for term in walks:
            others = [s for s in needed if s is not driver or term not in driver.terms]
            where = list(checks)
            # A term with fewer rows than WALK is read whole anyway: let the planner join it
            # as it likes (a hash join beats 300 probes in a small catalogue).
            few = self.documents.get(term, 0) <= WALK
            for slot in others:
                terms = ", ".join(["%s"] * len(slot.terms))
                rows = (
                    f"FROM {table} AS o WHERE o.exercise_id = w.exercise_id"
                    f" AND o.language = %s AND o.term IN ({terms})"
                )
                where.append(
                    f"EXISTS (SELECT 1 {rows})" if few else f"(SELECT 1 {rows} LIMIT 1) IS NOT NULL"
                )
            branches.append(
                f"SELECT exercise_id, prior FROM (SELECT w.exercise_id, w.prior FROM"
                f" (SELECT exercise_id, prior FROM {table} WHERE language = %s AND term = %s"
                f" ORDER BY prior DESC, exercise_id LIMIT {WALK}) AS w"
                + (f" WHERE {' AND '.join(where)}" if where else "")
                + f"{walk_order} LIMIT {int(limit)})"
                f" AS b{len(branches)}"
            )
            params += [self.language, term, *check_params]
            for slot in others:
                params += [self.language, *sorted(slot.terms)]
        return RawSQL(
            f"SELECT exercise_id FROM ({' UNION ALL '.join(branches)}) AS c"
            f" GROUP BY exercise_id ORDER BY MAX(prior) DESC, exercise_id LIMIT {int(limit)}",
            params,
        )

    def _matching(self, slots: list[Slot], phrase: str, *, skip: int | None = None) -> QuerySet:
        return self.base.filter(OneOf(F("pk"), self._candidates(slots, phrase, skip=skip)))

    def _candidates(self, slots: list[Slot], phrase: str, *, skip: int | None = None) -> RawSQL:
        phrases = {phrase} | (slots[0].phrases if len(slots) == 1 else set())
        return self.candidates(slots, phrases, skip=skip)

    def _ids(self, slots: list[Slot], phrase: str) -> list[int]:
        """The matches' ids, read once: the ranked query then reads them by primary key (and
        the "is there any", "too few" and "did the correction find more" questions are
        answered from them, without a query of their own). Searching all published
        exercises, the query is written out (the ORM's building of it cost more CPU than
        running it)."""
        if self.filtered:
            return self._pks(self._matching(slots, phrase))
        candidates = self._candidates(slots, phrase)
        table = connection.ops.quote_name(Exercise._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id FROM ({candidates.sql}) AS c JOIN {table} AS e"
                " ON e.id = c.exercise_id WHERE e.status = %s",
                [*candidates.params, Status.PUBLISHED],
            )
            return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _pks(queryset: QuerySet) -> list[int]:
        return list(queryset.order_by().values_list("pk", flat=True))

    def _ranked(self, queryset: QuerySet, slots: list[Slot], query_phrase: str) -> QuerySet:
        phrases = {query_phrase}
        if len(slots) == 1:
            phrases |= slots[0].phrases
        return queryset.annotate(
            search_rank=Rank(
                tuple(frozenset(s.terms) for s in slots),
                frozenset(phrases),
                query_phrase,
                self.language,
            ),
            name_length=Length("name"),
        )

    def run(self, query: str) -> SearchResult:
        ws = parse(query, self.language)
        if not ws:
            return SearchResult(self.base, [])
        query_phrase = " ".join(ws)
        slots = self.slots(ws)
        strict = self._ids(slots, query_phrase)
        unknown = [w for w in ws if w not in self.known]
        if unknown and len(strict) < THIN_RESULTS:
            corrections = self._corrections(unknown)
            if corrections:
                corrected = self.slots(ws, corrections=corrections)
                suggestion = " ".join(s.corrected or s.word for s in corrected)
                strict_limit, self.limit = self.limit, CANDIDATES
                fixed = self._ids(corrected, suggestion)
                if len(fixed) > len(strict):
                    ranked = self._ranked(self._by_ids(fixed), corrected, suggestion)
                    return SearchResult(ranked, ws, suggestion=suggestion, limit=self.limit)
                self.limit = strict_limit
        if len(slots) > 1 and not strict:
            combined = self.base.none()
            for skip in range(len(slots)):
                combined = combined | self._matching(slots, query_phrase, skip=skip)
            partial = self._by_ids(self._pks(combined))
            return SearchResult(
                self._ranked(partial, slots, query_phrase), ws, partial=True, limit=self.limit
            )
        ranked = self._ranked(self._by_ids(strict), slots, query_phrase)
        return SearchResult(ranked, ws, limit=self.limit)

    def _by_ids(self, ids: list[int]) -> QuerySet:
        if not ids:
            return self.base.none()  # as pk__in=[] is: no query runs
        return self.base.filter(AmongIds(F("pk"), tuple(ids)))


def search(queryset: QuerySet, query: str, language: str | None = None) -> SearchResult:
    """Search within ``queryset`` in ``language`` (the active language by default); the
    result's queryset carries ``search_rank``."""
    return Searcher(queryset, language).run(query)


REVIEWED_BONUS = 200_000  # above an exact name (100 000) and a name's start (50 000)
RANK_ORDER = ["-search_rank", "-sections_written", "name_length", "name"]
