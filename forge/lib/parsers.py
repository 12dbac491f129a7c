"""The API's request parser: JSON only, bounded in size and depth.

A module of its own: settings.REST_FRAMEWORK names the parser, and DRF imports it while
rest_framework.views loads, so it must not live in a module that imports the views.
"""

import io
import re

from rest_framework import exceptions, parsers

# The largest real body, a session of 200 entries with 500-character notes, is ~130 KB, and
# several times that with every character \u-escaped.
MAX_JSON_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 20  # Forge's deepest body ({"entries": [{…}]}) is 3 levels
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text (strings skipped), without parsing
    it: Python's parser recurses, and a body nested thousands deep must never reach it."""
    depth = deepest = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub(b'""', raw)):
        depth += 1 if match.group() in b"[{" else -1
        deepest = max(deepest, depth)
    return deepest


class BoundedJSONParser(parsers.JSONParser):
    """DRF's JSON parser (settings.REST_FRAMEWORK's only one) with a size and a depth limit:
    a body over MAX_JSON_BYTES or nested deeper than MAX_JSON_DEPTH is a 400 naming it."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_JSON_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_JSON_BYTES:
            raise exceptions.ParseError(
                f"The request body is larger than the limit of {MAX_JSON_BYTES // 1024**2} MB."
            )
        if json_depth(raw) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                f"The JSON is nested deeper than the limit of {MAX_JSON_DEPTH} levels."
            )
        return super().parse(io.BytesIO(raw), media_type, parser_context)
