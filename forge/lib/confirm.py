"""One way to confirm a destructive action, with or without JavaScript.

Without JavaScript the action's button posts without ``confirm=yes``: the view answers with a
page that explains what will be lost and posts again with ``confirm=yes``. With htmx the same
button asks through ``hx-confirm`` (the browser's own dialog, no script of ours) and sends
``confirm=yes`` through ``hx-vals``; the view then answers with an ``HX-Redirect``.
"""

from dataclasses import dataclass

from django.shortcuts import redirect, render
from django_htmx.http import HttpResponseClientRedirect


@dataclass
class Confirmation:
    title: str
    message: str
    button: str
    action: str
    cancel_url: str
    cancel: str = "Cancel"
    fields: tuple[tuple[str, str], ...] = ()


def confirmed(request) -> bool:
    return request.POST.get("confirm") == "yes"


def ask(request, confirmation: Confirmation):
    return render(request, "confirm.html", {"confirm": confirmation})


def done(request, to):
    """Where to go once the action is done: a redirect, or a client-side one for htmx."""
    response = redirect(to)
    if request.htmx:
        return HttpResponseClientRedirect(response["Location"])
    return response
