"""django-csp's middleware, with the header text built once per process.

django-csp builds the Content-Security-Policy text from the settings on every response (a
dataclass copied with `asdict`, then each directive joined), twice when a report-only policy
could apply: on a cached page that was a tenth of the request. Forge's policy uses no nonce
and no view changes it (no csp_update, csp_replace or csp_exempt anywhere), so the text is the
same for every response: it is built once, by django-csp's own `build_policy`, and rebuilt when
the settings change (tests override them). A response that does carry a per-view change, or a
request that asked for a nonce, goes through django-csp's own code unchanged.
"""

from functools import cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed

# What django-csp's decorators set on a response to change its policy for one view.
_PER_VIEW = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
_HEADERS = (
    (HEADER, False, "CONTENT_SECURITY_POLICY"),
    (HEADER_REPORT_ONLY, True, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)


@cache
def _policy(report_only: bool) -> str:
    return build_policy(config=None, update=None, replace=None, nonce=None, report_only=report_only)


@cache
def _excluded_prefixes(setting: str) -> tuple[str, ...]:
    return tuple((getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())


def _forget(*, setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policy.cache_clear()
        _excluded_prefixes.cache_clear()


setting_changed.connect(_forget)


class CSPMiddleware(LibraryCSPMiddleware):
    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _PER_VIEW
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # Django's debug pages, as django-csp leaves them
        for header, report_only, setting in _HEADERS:
            policy = _policy(report_only)
            if (
                policy
                and header not in response
                and not request.path_info.startswith(_excluded_prefixes(setting))
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
