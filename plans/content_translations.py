"""Loading the goals' and routines' German and Spanish text (plans/data/translations/<lang>.json)
together with the catalogue's (exercises.content_translations): one check of every file, then
one transaction, so a bad record anywhere leaves everything as it was."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from exercises import content_translations as catalogue
from exercises.models import Exercise
from exercises.services import catalogue_version_bump, exercises_refresh_search_text
from plans.models import Goal, Routine

DATA_DIR = Path(__file__).resolve().parent / "data" / "translations"


@dataclass
class Report:
    records: int
    changed: int
    dry_run: bool

    def summary(self) -> str:
        verb = "would change" if self.dry_run else "changed"
        return f"translations: {self.records} records read, {self.changed} rows {verb}"


def _parse_plans(data: dict, language: str, source: str, changes, errors: list[str]) -> None:
    suffix = f"_{language}"
    goals_data: Any = data.get("goals")
    routines_data: Any = data.get("routines")
    if not isinstance(goals_data, dict):
        errors.append(f"{source}: goals: missing, or not an object of slug → goal.")
        goals_data = {}
    if not isinstance(routines_data, dict):
        errors.append(f"{source}: routines: missing, or not an object of slug → routine.")
        routines_data = {}
    goals = {g.slug: g for g in Goal.objects.filter(slug__in=list(goals_data))}
    for slug, entry in goals_data.items():
        where = f"{source}: goal “{slug}”"
        goal = goals.get(slug)
        if goal is None:
            errors.append(f"{where}: no goal has this slug.")
            continue
        if not isinstance(entry, dict):
            errors.append(f"{where}: must be an object with name and description.")
            continue
        changes.records += 1
        name = catalogue._text(entry.get("name"), f"{where}: name", errors, required=True)
        text = catalogue._text(
            entry.get("description"), f"{where}: description", errors, required=True
        )
        if name is not None and text is not None:
            changes.set(goal, "name" + suffix, name)
            changes.set(goal, "description" + suffix, text)
    routines = {
        r.slug: r
        for r in Routine.objects.filter(slug__in=list(routines_data))
        .select_related("plan")
        .prefetch_related("plan__days")
    }
    for slug, entry in routines_data.items():
        where = f"{source}: routine “{slug}”"
        routine = routines.get(slug)
        if routine is None:
            errors.append(f"{where}: no routine has this slug.")
            continue
        if not isinstance(entry, dict):
            errors.append(f"{where}: must be an object with name, description and days.")
            continue
        changes.records += 1
        name = catalogue._text(entry.get("name"), f"{where}: name", errors, required=True)
        text = catalogue._text(
            entry.get("description"), f"{where}: description", errors, required=True
        )
        days = entry.get("days")
        english_days = list(routine.plan.days.all())
        if not isinstance(days, list) or not all(isinstance(d, str) and d.strip() for d in days):
            errors.append(f"{where}: days: missing, or not a list of day names.")
            continue
        if len(days) != len(english_days):
            errors.append(
                f"{where}: days: {len(days)} names, the routine has {len(english_days)} days."
            )
            continue
        if name is not None and text is not None:
            changes.set(routine, "title" + suffix, name)
            changes.set(routine, "description" + suffix, text)
            changes.set(routine, "day_names" + suffix, "\n".join(d.strip() for d in days))


def load_translations(
    *, exercises_dir: Path = catalogue.DATA_DIR, plans_dir: Path = DATA_DIR, dry_run=False
) -> Report:
    """Check every translation file, then write them all, or nothing (TranslationLoadError
    lists every problem)."""
    changes = catalogue.Changes()
    errors: list[str] = []
    for language in catalogue.LANGUAGES:
        catalogue.parse_language(exercises_dir / language, language, changes, errors)
        path = plans_dir / f"{language}.json"
        if path.exists():
            data = catalogue.read_file(path, language, errors)
            if data is not None:
                _parse_plans(data, language, f"{language}.json", changes, errors)
    if errors:
        raise catalogue.TranslationLoadError(errors)
    report = Report(records=changes.records, changed=changes.changed, dry_run=dry_run)
    if dry_run or (not changes.rows and not changes.synonyms):
        return report
    with transaction.atomic():
        catalogue.apply(changes)
        if changes.rows:
            # The translated names and words are searched: rebuild the touched exercises'
            # index (a vocabulary change touches every exercise using it).
            exercises_refresh_search_text(
                exercises=Exercise.objects.all(), languages=catalogue.LANGUAGES
            )
            catalogue_version_bump()
    return report
