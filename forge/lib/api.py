"""Site-wide API pieces referenced from settings.REST_FRAMEWORK: pagination, errors, schema."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import trans_real
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, pagination, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from forge.lib.errors import DomainError

MAX_LIMIT = 100


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """limit/offset pagination. A limit above 100 is clamped to 100; a limit or offset that
    is not a whole number ≥ 0 (or a limit of 0) is a 400."""

    default_limit = 20
    max_limit = MAX_LIMIT

    def get_limit(self, request):
        raw = request.query_params.get(self.limit_query_param)
        if raw is None:
            return self.default_limit
        limit = self._whole_number(raw, self.limit_query_param)
        if limit == 0:
            raise exceptions.ValidationError({self.limit_query_param: [_("Must be at least 1.")]})
        return min(limit, self.max_limit)

    def get_offset(self, request):
        raw = request.query_params.get(self.offset_query_param)
        return 0 if raw is None else self._whole_number(raw, self.offset_query_param)

    @staticmethod
    def _whole_number(raw: str, name: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise exceptions.ValidationError({name: [_("Must be a whole number.")]}) from None
        if value < 0:
            raise exceptions.ValidationError({name: [_("Must be 0 or more.")]})
        return value

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["description"] = (
                    f"Results per page, 1 to {self.max_limit} (larger values are clamped to "
                    f"{self.max_limit}); default {self.default_limit}."
                )
                parameter["schema"] = {"type": "integer", "minimum": 1}
            elif parameter["name"] == self.offset_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 0}
        return parameters


# --- Errors: one shape for every error response -------------------------------------------


def _flatten(detail, prefix="") -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            # A nested object's or list's own errors belong to it ("entries"), not to the body.
            if key == "non_field_errors":
                name = prefix.rstrip(".") or "non_field_errors"
            else:
                name = f"{prefix}{key}"
            out.update(_flatten(value, f"{name}."))
            if not isinstance(value, dict | list) or (
                isinstance(value, list) and all(not isinstance(v, dict | list) for v in value)
            ):
                out[name] = [str(v) for v in (value if isinstance(value, list) else [value])]
        return out
    if isinstance(detail, list):
        out = {}
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                out.update(_flatten(value, f"{prefix}{index}."))
        return out
    return {}


def api_exception_handler(exc, context):
    if isinstance(exc, DomainError):
        errors = exc.as_errors() or {"non_field_errors": [exc.message]}
        return Response(
            {"status": exc.status, "code": exc.code, "detail": exc.message, "errors": errors},
            status=exc.status,
        )
    if isinstance(exc, DjangoValidationError):
        # A model's full_clean() in a service: the same 400 as a serializer's field errors.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = {
            "status": response.status_code,
            "code": "invalid",
            "detail": _("The request has invalid fields."),
            "errors": _flatten(detail),
        }
    else:
        data = response.data if isinstance(response.data, dict) else {}
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = {
            "status": response.status_code,
            "code": codes if isinstance(codes, str) else "error",
            "detail": str(data.get("detail", "Error.")),
            "errors": {},
        }
    response.data = body
    return response


@csrf_exempt  # it changes nothing; without this a PUT/POST/DELETE got Django's HTML CSRF 403
def api_not_found(request, exception=None):
    """404 for unknown /api/ paths, in the API's error shape rather than an HTML page."""
    return JsonResponse(
        {"status": 404, "code": "not_found", "detail": _("No such API endpoint."), "errors": {}},
        status=status.HTTP_404_NOT_FOUND,
    )


# --- Serializers --------------------------------------------------------------------------


class StrictFieldsMixin:
    # Refuse fields the serializer does not know, instead of silently ignoring them. Read-only
    # fields are known: a client may send back what it read, and they are ignored. (A comment,
    # not a docstring: the schema would show it as every request body's description.)

    # Strings must be strings: DRF's CharField would store {"name": 0} as "0", while the
    # schema says "type: string".

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
            not_text = sorted(
                name
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and not field.read_only
                and data.get(name) is not None
                and not isinstance(data[name], str)
            )
            if not_text:
                raise serializers.ValidationError({name: [_("Must be text.")] for name in not_text})
        return super().to_internal_value(data)


class StrictUUIDField(serializers.UUIDField):
    """A UUID written as text, nothing else: DRF's own field also reads a number n as
    UUID(int=n), so `"id": 7` would have been accepted as 00000000-…-0007."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


# --- Schema: request bodies are closed; the error responses every operation can give -------


def close_request_bodies(result, generator, request, public):
    """drf-spectacular postprocessing hook: every request body (and object inside one) says
    `additionalProperties: false`, as the server refuses unknown fields (StrictFieldsMixin)."""
    schemas = result.get("components", {}).get("schemas", {})

    def close(schema, seen):
        if not isinstance(schema, dict):
            return
        ref = schema.get("$ref")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            if name not in seen and name in schemas:
                seen.add(name)
                close(schemas[name], seen)
            return
        if schema.get("type") == "object" and "properties" in schema:
            schema["additionalProperties"] = False
        for child in schema.get("properties", {}).values():
            close(child, seen)
        for key in ("items", "allOf", "oneOf", "anyOf"):
            value = schema.get(key)
            for child in value if isinstance(value, list) else [value]:
                close(child, seen)

    seen: set[str] = set()
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            body = operation.get("requestBody", {}) if isinstance(operation, dict) else {}
            for media in body.get("content", {}).values():
                close(media.get("schema"), seen)
    return result


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every API error has this shape.",
    "properties": {
        "status": {"type": "integer", "example": 400},
        "code": {"type": "string", "example": "invalid"},
        "detail": {"type": "string", "example": "The request has invalid fields."},
        "errors": {
            "type": "object",
            "description": "Messages by field name; empty unless fields were invalid.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["status", "code", "detail", "errors"],
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: document the errors each operation can return."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

    def error(description):
        return {"description": description, "content": ref}

    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            extra = {
                "400": error("Invalid input or query parameters; see `errors`."),
                "405": error("Method not allowed on this path."),
                "429": error("Too many requests; retry after the Retry-After header."),
            }
            if method in ("post", "put", "patch"):
                extra["415"] = error("Unsupported content type: send application/json.")
            if "{" in path:
                extra["404"] = error("No such object, or it is not yours.")
            security = operation.get("security", [{}])
            if any(security):
                # Credentials are read even where none are needed: a wrong token is a 401.
                extra["401"] = error("Authentication credentials were missing or invalid.")
            if {} not in security:
                extra["403"] = error("Not allowed, e.g. a missing CSRF token with a session.")
            for code, response in extra.items():
                responses.setdefault(code, response)
    return result


# --- Content language: ?lang= or Accept-Language ----------------------------------------------

LANG_PARAMETER_DESCRIPTION = (
    "The language of the content: `en`, `de` or `es`. Without it, the request's "
    "`Accept-Language` decides, else English. Texts not yet written in that language come in "
    "English, and each object's `fallback` names them."
)


def api_content_language(request) -> str:
    """The content language a request asks for: ``?lang=``, else the best supported
    ``Accept-Language``, else the default. An unknown ``lang`` is a 400 naming the field."""
    supported = [code for code, _ in settings.LANGUAGES]
    raw = getattr(request, "query_params", request.GET).get("lang")  # DRF's or Django's
    if raw is not None:
        if raw not in supported:
            raise exceptions.ValidationError(
                {"lang": [f"Unknown language “{raw[:20]}”; use one of: {', '.join(supported)}."]}
            )
        return raw
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class ContentLanguageMixin:
    """For DRF views: the request's content language (api_content_language) is active while
    the view runs, and the response says it in ``Content-Language`` (and varies on
    ``Accept-Language``)."""

    content_language = settings.LANGUAGE_CODE

    def dispatch(self, request, *args, **kwargs):
        previous = translation.get_language()
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        finally:
            translation.activate(previous) if previous else translation.deactivate()

    def initial(self, request, *args, **kwargs):
        self.content_language = api_content_language(request)
        translation.activate(self.content_language)
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        response["Content-Language"] = self.content_language
        patch_vary_headers(response, ["Accept-Language"])
        return response


LANG_PARAMETER = OpenApiParameter(
    "lang",
    str,
    enum=[code for code, _ in settings.LANGUAGES],
    required=False,
    description=LANG_PARAMETER_DESCRIPTION,
)
