"""Shipped routines: read plans/data/routines.json and upsert each routine by slug.

Every record is checked first (goal, level, exercises, prescriptions) and every problem is
reported, naming the routine and field; nothing is written unless all records are good.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from exercises.models import Difficulty, Exercise
from plans.models import Goal, PlanItem
from plans.services import routines as routine_services

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "routines.json"
ITEM_FIELDS = {"exercise", "sets", "reps", "hold_seconds", "per_side", "rest_seconds"}


class RoutineLoadError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Report:
    outcomes: dict[str, list[str]] = field(default_factory=dict)

    def summary(self) -> str:
        counts = {k: len(v) for k, v in self.outcomes.items()}
        return (
            f"routines: {counts.get('created', 0)} created, {counts.get('updated', 0)} updated, "
            f"{counts.get('unchanged', 0)} unchanged"
        )


def _parse(records, goals, exercises) -> tuple[list[routine_services.RoutineInput], list[str]]:
    parsed, errors = [], []
    for number, record in enumerate(records, 1):
        where = f"routine {record.get('slug') or number}"
        goal = goals.get(record.get("goal"))
        if goal is None:
            errors.append(f"{where}: goal: no goal “{record.get('goal')}”.")
        if record.get("level") not in Difficulty.values:
            errors.append(f"{where}: level: no level “{record.get('level')}”.")
        for name in ("slug", "name", "description"):
            if not record.get(name):
                errors.append(f"{where}: {name}: required.")
        days = []
        for d, day in enumerate(record.get("days") or [], 1):
            items = []
            for i, raw in enumerate(day.get("items") or [], 1):
                place = f"{where}: days[{d}].items[{i}]"
                unknown = set(raw) - ITEM_FIELDS
                if unknown:
                    errors.append(f"{place}: unknown fields {sorted(unknown)}.")
                    continue
                exercise = exercises.get(raw.get("exercise"))
                if exercise is None:
                    errors.append(
                        f"{place}: exercise: no published exercise “{raw.get('exercise')}”."
                    )
                    continue
                item = routine_services.RoutineItemInput(**raw | {"exercise": exercise})
                try:
                    PlanItem(position=i, **raw | {"exercise": exercise}).full_clean(
                        exclude=["day"], validate_unique=False
                    )
                except ValidationError as error:
                    for name, messages in error.message_dict.items():
                        errors.append(f"{place}: {name}: {' '.join(messages)}")
                    continue
                items.append(item)
            days.append((day.get("name") or f"Day {d}", tuple(items)))
        if not days:
            errors.append(f"{where}: days: a routine needs at least one day.")
        if goal is not None:
            parsed.append(
                routine_services.RoutineInput(
                    slug=record.get("slug", ""),
                    name=record.get("name", ""),
                    goal=goal,
                    level=record.get("level", ""),
                    description=record.get("description", ""),
                    days=tuple(days),
                )
            )
    return parsed, errors


def load_routines(*, path: Path = DEFAULT_PATH, dry_run: bool = False) -> Report:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RoutineLoadError([f"{path}: cannot read it as JSON ({error})."]) from None
    records = data.get("routines") if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise RoutineLoadError([f"{path}: expected an object with a “routines” list."])
    slugs = {
        raw.get("exercise")
        for r in records
        for d in r.get("days") or []
        for raw in d.get("items") or []
    }
    exercises = {e.slug: e for e in Exercise.objects.published().filter(slug__in=slugs - {None})}
    goals = {g.slug: g for g in Goal.objects.all()}
    parsed, errors = _parse(records, goals, exercises)
    if errors:
        raise RoutineLoadError(errors)
    report = Report()
    with transaction.atomic():
        owner = routine_services.routine_owner()
        for data in parsed:
            routine, outcome = routine_services.routine_upsert(data=data, owner=owner)
            report.outcomes.setdefault(outcome, []).append(routine.slug)
        if dry_run:
            transaction.set_rollback(True)
    return report
