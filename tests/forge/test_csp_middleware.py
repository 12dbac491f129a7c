"""forge/lib/csp.py: the header built once is django-csp's own, and per-view changes and
nonces still go through django-csp."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE, SELF
from csp.decorators import csp_update
from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from forge.lib.csp import CSPMiddleware


def _both(request_factory, view, path="/exercises/"):
    """The headers from Forge's middleware and from django-csp's, for the same view."""
    results = []
    for middleware in (CSPMiddleware, LibraryCSPMiddleware):
        request = request_factory.get(path)
        response = middleware(view)(request)
        results.append({name: response.get(name) for name in (HEADER, HEADER_REPORT_ONLY)})
    return results


@pytest.fixture
def request_factory():
    return RequestFactory()


def test_a_plain_response_gets_django_csps_own_header(request_factory):
    ours, library = _both(request_factory, lambda request: HttpResponse("ok"))
    assert ours == library
    assert "default-src 'none'" in ours[HEADER]
    assert ours[HEADER_REPORT_ONLY] is None


def test_changed_settings_change_the_header(request_factory, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": [SELF]}}
    ours, library = _both(request_factory, lambda request: HttpResponse("ok"))
    assert ours == library
    assert ours[HEADER] == "default-src 'self'"
    assert "img-src 'self'" in ours[HEADER_REPORT_ONLY]


def test_excluded_prefixes_are_kept(request_factory, settings):
    settings.CONTENT_SECURITY_POLICY = {
        "EXCLUDE_URL_PREFIXES": ["/exercises/"],
        "DIRECTIVES": {"default-src": [SELF]},
    }
    ours, library = _both(request_factory, lambda request: HttpResponse("ok"))
    assert ours == library == {HEADER: None, HEADER_REPORT_ONLY: None}


def test_a_view_that_changes_its_policy_and_a_nonce_go_through_django_csp(request_factory):
    @csp_update({"img-src": ["https://example.org"]})
    def view(request):
        return HttpResponse("ok")

    ours, library = _both(request_factory, view)
    assert ours == library
    assert "https://example.org" in ours[HEADER]


def test_a_nonce_goes_through_django_csp(request_factory, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": [SELF, NONCE]}}

    def view(request):
        return HttpResponse(str(request.csp_nonce))

    request = request_factory.get("/")
    response = CSPMiddleware(view)(request)
    assert f"script-src 'self' 'nonce-{response.content.decode()}'" in response[HEADER]


def test_a_nonce_asked_for_after_the_header_is_an_error(request_factory):
    from csp.exceptions import CSPNonceError

    request = request_factory.get("/")
    CSPMiddleware(lambda request: HttpResponse("ok"))(request)
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
