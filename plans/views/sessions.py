"""The log: a session logged by hand, a session's page, deleting one."""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from forge.lib import confirm
from forge.lib.errors import DomainError
from plans import selectors, timeline
from plans.forms import SessionEntryForm, SessionForm
from plans.services import sessions as session_services


def _log_rows(day) -> list[dict]:
    """One row per exercise and side of a day, as the manual log form shows them."""
    rows = []
    for item in day.items.all():
        sides = ["left", "right"] if item.per_side else ["both"]
        for side in sides:
            rows.append(
                {
                    "exercise": item.exercise,
                    "side": side,
                    "timed": item.hold_seconds is not None,
                    "initial": {"hold_seconds": item.hold_seconds, "reps": item.reps},
                }
            )
    return rows


@login_required
def session_log(request, pk):
    """Log a session of a plan day by hand, without the player."""
    day = selectors.plan_day_for_player(user=request.user, pk=pk)
    rows = _log_rows(day)
    data = request.POST if request.method == "POST" else None
    now = timezone.localtime().replace(second=0, microsecond=0)
    minutes = max(round(timeline.day_timeline(day).total_seconds / 60), 1)
    session_form = SessionForm(
        data, initial={"started_at": now - timedelta(minutes=minutes), "duration_minutes": minutes}
    )
    entry_forms = [
        SessionEntryForm(data, row=row, prefix=f"entry-{index}", initial=row["initial"])
        for index, row in enumerate(rows)
    ]
    if data is not None and session_form.is_valid() and all(f.is_valid() for f in entry_forms):
        entries = [
            session_services.EntryInput(
                exercise=form.row["exercise"],
                side=form.row["side"],
                **{name: value for name, value in form.cleaned_data.items() if value is not None},
            )
            for form in entry_forms
            if form.has_result()
        ]
        started_at = session_form.cleaned_data["started_at"]
        try:
            session, _created = session_services.session_log(
                owner=request.user,
                plan_day=day,
                started_at=started_at,
                ended_at=started_at
                + timedelta(minutes=session_form.cleaned_data["duration_minutes"]),
                entries=entries,
                session_id=uuid.uuid4(),
            )
        except DomainError as error:
            field = error.field if error.field in session_form.fields else None
            session_form.add_error(field, error.message)
        else:
            messages.success(request, _("Logged “%(title)s”.") % {"title": session.title})
            return redirect(session)
    context = {"day": day, "session_form": session_form, "entry_forms": entry_forms}
    return render(request, "plans/session_form.html", context, status=400 if data else 200)


@login_required
def session_detail(request, pk):
    session = selectors.session_get(user=request.user, session_id=pk)
    return render(request, "plans/session_detail.html", {"session": session})


@login_required
def session_delete(request, pk):
    # The session page links here: the GET is the question, and its form's POST deletes (a
    # POST needs no confirm=yes, as before the confirm pages were shared).
    session = selectors.session_get(user=request.user, session_id=pk)
    if request.method != "POST":
        results = len(session.entries.all())
        day = date_format(timezone.localtime(session.started_at), "j F Y")
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Delete this session?"),
                message=ngettext(
                    "“%(title)s” from %(day)s and its %(count)s result will be removed from "
                    "your history. This cannot be undone.",
                    "“%(title)s” from %(day)s and its %(count)s results will be removed from "
                    "your history. This cannot be undone.",
                    results,
                )
                % {"title": session.title or _("Session"), "day": day, "count": results},
                button=_("Delete the session"),
                action=request.path,
                cancel_url=session.get_absolute_url(),
                cancel=_("Keep it"),
            ),
        )
    session_services.session_delete(session=session)
    messages.success(request, _("The session “%(title)s” was deleted.") % {"title": session.title})
    return confirm.done(request, "plans:history")
