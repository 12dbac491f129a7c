"""When the database is down: a 503 with Retry-After, never a 500.

`DatabaseOutageMiddleware` (last in MIDDLEWARE) calls the view itself. A safe request (GET,
HEAD) whose view fails with a connection error is tried once more on a fresh connection — a
persistent connection cut by a database restart costs nothing then. If the database is
still unreachable, or the request was a write (never retried: it may have been applied), the
answer is a 503 with Retry-After: the API's JSON error shape under /api/, a self-contained
HTML page (no static files, no database) elsewhere; a visitor's page stored earlier by the
page cache is served instead, marked stale (see forge.lib.pagecache). Failures that happen
outside the view (a session saved on the way out) reach `server_error`, Django's handler500,
which answers the same way, and answers any other 500 under /api/ in JSON.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from forge.lib.pagecache import stale_response

log = logging.getLogger("forge.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def unavailable(request: HttpRequest) -> HttpResponse:
    """The answer while the database is unreachable: a stale copy, else a 503."""
    stale = stale_response(request)
    if stale is not None:
        return stale
    response: HttpResponse
    if is_api(request):
        response = JsonResponse(
            {
                "status": 503,
                "code": "unavailable",
                "detail": _(
                    "The service is briefly unavailable (its database is not answering); "
                    "try again in %(seconds)s seconds."
                )
                % {"seconds": RETRY_AFTER_SECONDS},
                "errors": {},
            },
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def _close_connections() -> None:
    """Drop this thread's database connections so the next query opens a fresh one —
    unless a transaction is open (only in tests: requests here run outside one)."""
    if _in_transaction():
        return
    for connection in connections.all(initialized_only=True):
        connection.close()


def _in_transaction() -> bool:
    return any(connection.in_atomic_block for connection in connections.all(initialized_only=True))


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        try:
            return view(request, *args, **kwargs)
        except DATABASE_ERRORS as error:
            log.warning("Database error on %s %s: %s", request.method, request.path, error)
            retry = request.method in SAFE_METHODS and not _in_transaction()
            _close_connections()
            if not retry:
                return unavailable(request)
        try:
            return view(request, *args, **kwargs)
        except DATABASE_ERRORS as error:
            log.warning("Database still failing on %s: %s", request.path, error)
            _close_connections()
            return unavailable(request)

    def process_exception(self, request, exception):
        # A template rendered after the view (a TemplateResponse) ran its queries here.
        if isinstance(exception, DATABASE_ERRORS):
            _close_connections()
            return unavailable(request)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage is a 503; other errors a 500, in JSON under /api/."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        _close_connections()
        return unavailable(request)
    if is_api(request):
        return JsonResponse(
            {
                "status": 500,
                "code": "server_error",
                "detail": _("Something went wrong on our side. It has been logged."),
                "errors": {},
            },
            status=500,
        )
    return HttpResponse(render_to_string("500.html"), status=500)
