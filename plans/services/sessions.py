"""Writes to members' session log: sessions done with the player or logged by hand."""

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exercises.models import Exercise
from forge.lib.dates import OUT_OF_BOUNDS, date_in_bounds
from forge.lib.errors import InvalidInput
from plans.models import PlanDay, SessionEntry, WorkoutSession

# A session may be logged up to a day ahead (time zones, a phone's clock), never further.
SESSION_FUTURE_LEEWAY = timedelta(days=1)
MAX_SESSION_LENGTH = timedelta(hours=12)
MAX_SESSION_ENTRIES = 200


@dataclass(frozen=True)
class EntryInput:
    """One logged result, already resolved to an exercise the member may log."""

    exercise: Exercise
    side: str = SessionEntry.Side.BOTH
    hold_seconds: int | None = None
    reps: int | None = None
    rating: int | None = None
    note: str = ""


def _session_title(plan_day: PlanDay | None, entries: list[EntryInput]) -> str:
    if plan_day is not None:
        return f"{plan_day.plan.name} — {plan_day.name}"[:200]
    names = list(dict.fromkeys(entry.exercise.name for entry in entries))
    return names[0][:200] if len(names) == 1 else "Workout"


def session_log(
    *,
    owner,
    started_at: datetime,
    ended_at: datetime,
    entries: list[EntryInput],
    plan_day: PlanDay | None = None,
    session_id: uuid.UUID | None = None,
) -> tuple[WorkoutSession, bool]:
    """Store a session with its entries; (session, created).

    Saving an id that the member already saved stores nothing and returns that session, so a
    client can retry a save whose answer it never received. Ids are the member's own: one
    that another member used is a new session here (nothing about theirs is revealed). The
    plan day, if any, must be the member's own (the caller resolves it through a selector).
    """
    if session_id is not None:
        existing = WorkoutSession.objects.filter(owner=owner, client_id=session_id).first()
        if existing is not None:
            return existing, False
    if plan_day is not None and plan_day.plan.owner_id != owner.pk:
        raise InvalidInput(_("Choose a day of one of your own plans."), field="plan_day")
    if not entries:
        raise InvalidInput(_("Log at least one exercise."), field="entries")
    if len(entries) > MAX_SESSION_ENTRIES:
        raise InvalidInput(
            _("A session can hold at most %(count)s entries.") % {"count": MAX_SESSION_ENTRIES},
            field="entries",
        )
    if ended_at < started_at:
        raise InvalidInput(_("The session cannot end before it starts."), field="ended_at")
    if ended_at - started_at > MAX_SESSION_LENGTH:
        raise InvalidInput(_("A session can last at most 12 hours."), field="ended_at")
    if started_at > timezone.now() + SESSION_FUTURE_LEEWAY:
        raise InvalidInput(
            _("A session cannot be more than a day in the future."), field="started_at"
        )
    if not date_in_bounds(started_at.date()):
        raise InvalidInput(OUT_OF_BOUNDS, field="started_at")
    try:
        with transaction.atomic():
            session = _session_create(
                owner=owner,
                session_id=session_id,
                plan_day=plan_day,
                started_at=started_at,
                ended_at=ended_at,
                entries=entries,
            )
    except IntegrityError:
        # The same id saved at the same moment by a second request: that one won.
        if session_id is not None:
            existing = WorkoutSession.objects.filter(owner=owner, client_id=session_id).first()
            if existing is not None:
                return existing, False
        raise
    return session, True


def _session_create(*, owner, session_id, plan_day, started_at, ended_at, entries):
    session = WorkoutSession(
        owner=owner,
        plan_day=plan_day,
        title=_session_title(plan_day, entries),
        started_at=started_at,
        ended_at=ended_at,
    )
    if session_id is not None:
        session.client_id = session_id
    # The per-member uniqueness of client_id is left to the database (see the IntegrityError).
    session.full_clean(exclude=["client_id"], validate_unique=False)
    session.save(force_insert=True)
    rows = []
    errors = {}
    for position, entry in enumerate(entries, 1):
        row = SessionEntry(session=session, position=position, **asdict(entry))
        try:
            row.full_clean(exclude=["session"], validate_unique=False)
        except ValidationError as error:
            errors.update(
                {
                    f"entries.{position - 1}.{name}": msgs
                    for name, msgs in error.message_dict.items()
                }
            )
        rows.append(row)
    if errors:
        raise SessionEntriesInvalid(errors)
    SessionEntry.objects.bulk_create(rows)
    return session


class SessionEntriesInvalid(InvalidInput):
    """Entries that break the model's rules, each named by its index and field."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("Some entries are invalid.")
        self.errors = errors

    def as_errors(self) -> dict[str, list[str]]:
        return self.errors


@transaction.atomic
def session_delete(*, session: WorkoutSession) -> None:
    session.delete()
