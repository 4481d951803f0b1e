"""One error shape for every 4xx: ``{"message": str, "code": str, "extra": {...}}``.

``code`` is one of ``collectivites.errors.ErrorCode`` (listed in the schema): clients key their
behaviour on it. Field errors go under ``extra.fields`` (``{"field": ["message", ...]}``), so a
client shows the message at the top of a form and each field error beside its field, whatever
raised it: DRF's validation, Django's, or a service's ``ApplicationError``.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from drf_spectacular.utils import inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from collectivites.errors import ApplicationError, ErrorCode

ERROR_CODES = [code.value for code in ErrorCode]

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "message": serializers.CharField(help_text="Phrase en français, à montrer telle quelle."),
        "code": serializers.ChoiceField(
            choices=ERROR_CODES,
            help_text="Raison stable, lisible par un programme.",
        ),
        "extra": serializers.DictField(help_text="Détails ; erreurs de champ sous `fields`."),
    },
)

GENERIC_MESSAGES = {
    exceptions.ValidationError: "Les données envoyées sont invalides.",
    exceptions.ParseError: "La requête est mal formée.",
}


def error_body(message: str, code: ErrorCode, extra: dict | None = None) -> dict[str, Any]:
    return {"message": message, "code": code.value, "extra": extra or {}}


def error_response(
    message: str, code: ErrorCode, status: int, extra: dict | None = None
) -> JsonResponse:
    """The error shape outside DRF (plain Django views, middleware, django-axes)."""
    return JsonResponse(error_body(message, code, extra), status=status)


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _code_of(exc: exceptions.APIException) -> ErrorCode:
    """DRF's own ``default_code`` values are the matching ``ErrorCode`` members."""
    try:
        return ErrorCode(exc.default_code)
    except ValueError:
        return ErrorCode.INVALID if exc.status_code == 400 else ErrorCode.CONFLICT


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, ApplicationError):
        response = Response(error_body(exc.message, exc.code, exc.extra), status=exc.status_code)
        if exc.status_code == 429 and "retry_after_seconds" in exc.extra:
            response["Retry-After"] = str(exc.extra["retry_after_seconds"])
        return response
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Ressource introuvable.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: let Django log it and answer 500

    code = _code_of(exc)
    if isinstance(exc, exceptions.ValidationError):
        detail = _flatten(exc.detail)
        if isinstance(detail, list):
            detail = {"non_field_errors": detail}
        message = GENERIC_MESSAGES[exceptions.ValidationError]
        response.data = error_body(message, code, {"fields": detail})
        return response

    detail = _flatten(exc.detail) if hasattr(exc, "detail") else str(exc)
    generic = GENERIC_MESSAGES.get(type(exc))
    if generic is not None:
        message, extra = generic, {"detail": detail}
    elif isinstance(detail, str):
        message, extra = detail, {}
    else:
        message, extra = "La requête a été refusée.", {"detail": detail}
    wait = getattr(exc, "wait", None)
    if wait is not None:
        extra["retry_after_seconds"] = int(wait)
    response.data = error_body(message, code, extra)
    return response
