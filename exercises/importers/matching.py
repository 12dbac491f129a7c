"""Matching: which stored exercise each record of an import is.

`find_existing` only finds (it reads and returns `Matches`); `add_other_names_as_aliases` is
the separate step that rewrites the records' aliases from what was found.

A record matches, in this order: the exercise with its source and source id; an exercise that
already holds it as a linked source; an exercise whose name or an alias is the record's name or
one of its aliases (normalised: "Child's Pose" and "childs pose" meet). A match from another
source is *linked* (`Matches.links`): the exercise keeps its text and gains what it lacks —
unless the record is Forge's own editorial text and the exercise came from elsewhere, when the
record takes the exercise over (`Matches.adopted`) and the old source becomes a linked one. So
import order does not matter, and one movement is one exercise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exercises import search_text
from exercises.importers.records import ExerciseRecord
from exercises.models import Exercise, ExerciseSource, SearchTerm
from exercises.selectors import exercise_export_list


@dataclass
class Matches:
    """What `find_existing` found, by record index; stored exercises are prefetched."""

    # The exercise a record writes over: its own (same source and id) or one it takes over.
    existing: dict[int, Exercise] = field(default_factory=dict)
    # The exercise a record from another catalogue is linked to (it only adds what is missing).
    links: dict[int, Exercise] = field(default_factory=dict)
    # Records that take over an exercise imported from elsewhere: a snapshot of that exercise's
    # source as it was, saved as a linked source (the exercise itself is rewritten from the
    # record), and the other imported twins of the same movement, folded into it.
    adopted: dict[int, ExerciseSource] = field(default_factory=dict)
    absorbed: dict[int, list[Exercise]] = field(default_factory=dict)


def find_existing(records: list[ExerciseRecord]) -> Matches:
    """The stored exercise each record writes over or links to (4 queries, whatever the size)."""
    keys = [record.key for record in records]
    by_key = {
        (exercise.source, exercise.source_id): exercise
        for exercise in exercise_export_list().filter(
            source__in={source for source, _ in keys},
            source_id__in={source_id for _, source_id in keys},
        )
    }
    linked_ids = dict(
        ((link.source, link.source_id), link.exercise_id)
        for link in ExerciseSource.objects.filter(
            source__in={source for source, _ in keys},
            source_id__in={source_id for _, source_id in keys},
        )
    )
    names = {
        index: {search_text.phrase(n) for n in [record.name, *record.aliases]} - {""}
        for index, record in enumerate(records)
    }
    by_phrase: dict[str, list[int]] = {}
    for term, exercise_id in (
        SearchTerm.objects.filter(
            language="en",  # imports are matched on the English names
            field__in=[search_text.Field.NAME_PHRASE, search_text.Field.ALIAS_PHRASE],
            term__in=set[str]().union(*names.values()),
        )
        .order_by("field", "exercise_id")
        .values_list("term", "exercise_id")
    ):
        by_phrase.setdefault(term, []).append(exercise_id)  # a name before an alias
    wanted = set(linked_ids.values()) | {pk for pks in by_phrase.values() for pk in pks}
    stored = {e.pk: e for e in exercise_export_list().filter(pk__in=wanted)}
    claimed = {exercise.pk for exercise in by_key.values()}

    found = Matches()
    for index, record in enumerate(records):
        if record.key in by_key:
            found.existing[index] = by_key[record.key]
            continue
        if record.key in linked_ids and linked_ids[record.key] in stored:
            found.links[index] = stored[linked_ids[record.key]]
            continue
        matches = [
            stored[pk]
            for n in sorted(names[index])
            for pk in by_phrase.get(n, [])
            if pk not in claimed
        ]
        matches = list({m.pk: m for m in matches}.values())
        if not matches:
            continue
        match = matches[0]
        if record.source == "forge" and match.source != "forge":
            found.existing[index] = match
            claimed.add(match.pk)
            found.adopted[index] = ExerciseSource(
                exercise=match,
                source=match.source,
                source_id=match.source_id,
                source_url=match.source_url,
                licence=match.licence,
                name=match.name,
            )
            # Other imported twins of the same movement are folded into it too, so the
            # order of imports does not change the catalogue.
            found.absorbed[index] = [m for m in matches[1:] if m.source != "forge"]
            claimed.update(m.pk for m in found.absorbed[index])
        elif record.source != match.source:
            found.links[index] = match
    return found


def add_other_names_as_aliases(records: list[ExerciseRecord], matches: Matches) -> None:
    """Keep the names other catalogues give an exercise as aliases of the record rewriting it:
    its linked sources' names and, when the record takes it over, its own name and aliases and
    those of the twins folded into it (1 query). Changes the records in place."""
    rewritten = {index: exercise.pk for index, exercise in matches.existing.items()}
    other_names: dict[int, list[str]] = {}
    for exercise_id, name in ExerciseSource.objects.filter(
        exercise_id__in=rewritten.values()
    ).values_list("exercise_id", "name"):
        other_names.setdefault(exercise_id, []).append(name)
    for index, exercise_id in rewritten.items():
        extra = other_names.get(exercise_id, [])
        if index in matches.adopted:
            extra = [matches.adopted[index].name, *matches.existing[index].alias_list, *extra]
            for twin in matches.absorbed[index]:
                extra += [twin.name, *twin.alias_list]
        if extra:
            records[index].aliases = merged_aliases(records[index], extra)


def merged_aliases(record: ExerciseRecord, extra: list[str]) -> list[str]:
    """The record's aliases plus other names, once each (normalised) and never its name."""
    seen = {search_text.phrase(record.name)}
    merged = []
    for alias in [*record.aliases, *extra]:
        key = search_text.phrase(alias)
        if key and key not in seen:
            seen.add(key)
            merged.append(alias.strip())
    return merged
