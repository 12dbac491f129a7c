"""reverse() for the many links a page repeats with one changing argument, and for the
links every page repeats with none (the menu).

Both are kept per URLconf, script prefix and active language (a URLconf with language
prefixes gives each language its own URLs)."""

import functools
import re
from collections.abc import Callable

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Stands in for the argument while the pattern is resolved once; it fits <int:…> and <slug:…>.
_PLACEHOLDER = 918273645
_SLUG = re.compile(r"\A[-a-zA-Z0-9_]+\Z")
_DIGITS = re.compile(r"\A[0-9]+\Z")


@functools.lru_cache(maxsize=256)
def _plain(name: str, script_prefix: str, urlconf, language) -> str:
    return reverse(name)


def plain_url(name: str) -> str:
    """reverse(name) for a URL without arguments, resolved once (every page's menu has a
    dozen of these)."""
    return _plain(name, get_script_prefix(), get_urlconf(), get_language())


@functools.lru_cache(maxsize=256)
def _parts(name: str, script_prefix: str, urlconf, language) -> tuple[str, str, re.Pattern[str]]:
    """The URL before and after its argument, and what the argument may be (digits for
    <int:…>, a slug's characters for <slug:…>). Per language: pages have a language prefix."""
    url = reverse(name, args=[_PLACEHOLDER])
    before, placeholder, after = url.partition(str(_PLACEHOLDER))
    if not placeholder or str(_PLACEHOLDER) in after:
        raise NoReverseMatch(f"{name} does not take one argument in a single place")
    try:
        reverse(name, args=["a-z_0"])
    except NoReverseMatch:
        return before, after, _DIGITS
    return before, after, _SLUG


def one_argument_url(name: str, value: int | str) -> str:
    """reverse(name, args=[value]) for a URL with one <int:…> or <slug:…> argument, with the
    pattern resolved once per name: a plan page builds a hundred of these."""
    before, after, allowed = _parts(name, get_script_prefix(), get_urlconf(), get_language())
    text = str(value)
    if not allowed.match(text):
        return reverse(name, args=[value])  # let reverse() say why it cannot
    return f"{before}{text}{after}"


def one_argument_urls(name: str) -> Callable[[int | str], str]:
    """one_argument_url(name, …) for the many values of one page (a plan's items, a history's
    exercises): the pattern, script prefix and language are looked up once, here."""
    before, after, allowed = _parts(name, get_script_prefix(), get_urlconf(), get_language())

    def url(value: int | str) -> str:
        text = str(value)
        if not allowed.match(text):
            return reverse(name, args=[value])  # let reverse() say why it cannot
        return f"{before}{text}{after}"

    return url
