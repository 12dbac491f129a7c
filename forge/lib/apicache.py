"""Public API reads from the page cache, and the stored ones answered before DRF's dispatch.

A public read (a list or an object that is the same for everyone) is rendered once per
version and stored by `pagecache.serve_cached` (`CachedReadMixin.cached_read`, inside DRF's
dispatch: after authentication, throttling and content negotiation). Answering a stored copy
that way still paid for all of DRF's request handling: the Request wrapper, two
authenticators, content negotiation, permissions, about as much CPU as the rest of the
request.

So a request that DRF would handle exactly as any visitor's is answered in `dispatch`, before
DRF wraps it, when its copy is stored: GET or HEAD; no credentials (no Authorization header,
no session cookie); JSON as DRF would negotiate it (no `format` but json, an Accept header
of JSON or anything); a known `lang`. The throttles count it first, as DRF would. A refused
request goes on to DRF, which answers the 429 in the API's own shape without counting it
again (`check_throttles`). Every other request, and any URL not stored yet, takes DRF's
whole way. The headers are DRF's: the same `finalize_response` runs.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control
from rest_framework import exceptions

from forge.lib.api import ContentLanguageMixin, api_content_language
from forge.lib.pagecache import is_visitor, serve_cached, stored_response

STORED_VARIANT = "api-json"
# Media ranges for which DRF's negotiation picks the JSON renderer (it is listed first).
_JSON_RANGES = frozenset({"*/*", "application/*", "application/json"})


def negotiates_json(accept: str) -> bool:
    """True when every media range in the Accept header is JSON or a wildcard over it, with
    no parameter but a quality (`application/json; indent=4` changes the body: DRF's way)."""
    for item in accept.split(","):
        media_type, *params = (part.strip() for part in item.split(";"))
        if media_type and media_type.lower() not in _JSON_RANGES:
            return False
        if any(not param.startswith("q=") for param in params if param):
            return False
    return True


class CachedReadMixin(ContentLanguageMixin):
    """For DRF viewsets of public data: reads cached under `cache_version` (a callable that
    gives the version the data depends on), answered early when stored (module docstring)."""

    cache_version: Callable[[], object]
    cache_max_age = 300  # seconds a client or shared cache may reuse a read
    _early_waits: list[float | None] | None = None  # the throttles' verdict, when counted early

    def cached_read(self, request, handler, *args, **kwargs):
        """The rendered JSON from the cache under the version, or `handler` (then stored); a
        conditional GET for the current version is a 304. DRF has already authenticated and
        throttled the request: a cached read still counts against the throttle."""
        if not (settings.PAGE_CACHE and request.accepted_renderer.format == "json"):
            return handler(request, *args, **kwargs)

        def build():
            response = self.finalize_response(request, handler(request, *args, **kwargs))
            return response.render()

        response, _key, etag = serve_cached(
            request, build, version=type(self).cache_version, variant=STORED_VARIANT
        )
        return self._public(response, etag)

    def _public(self, response, etag):
        if response.status_code in (200, 304):
            if etag is not None:  # None: the previous version's copy, while one renders
                response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=self.cache_max_age)
        return response

    # --- The early answer -----------------------------------------------------------------

    def dispatch(self, request, *args, **kwargs):
        if self._answers_early(request, kwargs):
            previous = translation.get_language()
            try:
                response = self._stored_read(request, *args, **kwargs)
            finally:
                translation.activate(previous) if previous else translation.deactivate()
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)

    def _answers_early(self, request, kwargs) -> bool:
        action_map = getattr(self, "action_map", {})
        return (
            settings.PAGE_CACHE
            and request.method in ("GET", "HEAD")
            and action_map.get(request.method.lower()) in ("list", "retrieve")
            and "HTTP_AUTHORIZATION" not in request.META
            and is_visitor(request)
            # DRF's test client signs in without either (APIClient.force_authenticate).
            and getattr(request, "_force_auth_user", None) is None
            and getattr(request, "_force_auth_token", None) is None
            and kwargs.get("format") in (None, "json")
            and request.GET.get("format") in (None, "json")
            and negotiates_json(request.META.get("HTTP_ACCEPT", ""))
        )

    def _stored_read(self, request, *args, **kwargs):
        """The stored answer with DRF's headers, or None for DRF to handle the request."""
        try:
            self.content_language = api_content_language(request)
        except exceptions.ValidationError:
            return None  # DRF answers the 400
        translation.activate(self.content_language)
        response, etag = stored_response(
            request, version=type(self).cache_version, variant=STORED_VARIANT
        )
        if response is None:
            return None
        self.args, self.kwargs, self.request = args, kwargs, request
        self.headers = self.default_response_headers  # type: ignore[attr-defined]
        waits = [
            throttle.wait()
            for throttle in self.get_throttles()  # type: ignore[attr-defined]
            if not throttle.allow_request(request, self)
        ]
        if waits:
            self._early_waits = waits  # counted here; DRF only answers the 429
            return None
        return self.finalize_response(request, self._public(response, etag), *args, **kwargs)

    def check_throttles(self, request):
        if self._early_waits is None:
            return super().check_throttles(request)  # type: ignore[misc]
        durations = [wait for wait in self._early_waits if wait is not None]
        self.throttled(request, max(durations, default=None))  # type: ignore[attr-defined]
