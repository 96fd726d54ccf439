"""One error shape for every API answer that is not a success:
``{"code": "...", "message": "...", "fields": {"name": ["..."]}}`` (``fields`` only for input errors).

Services raise ``ApplicationError`` subclasses with a stable ``code``; the DRF handler below and the
project's 404/500 handlers render everything, including DRF's and Django's own errors, in that shape.
"""

import logging
import sys

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from rest_framework import exceptions as drf_exceptions
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

INVALID_INPUT = "invalid"


class ApplicationError(Exception):
    """A refusal the user can understand. Subclasses set ``code`` and ``status_code``; an input error
    raised by a service keeps the code a serializer's validation gives (``invalid``), so a client
    reads one code whichever layer found the mistake."""

    code: str = INVALID_INPUT
    status_code: int = status.HTTP_400_BAD_REQUEST
    default_message = "The request could not be completed."

    def __init__(self, message: str | None = None, *, fields: dict | None = None, extra: dict | None = None):
        self.message = message or self.default_message
        self.fields = fields or {}
        self.extra = extra or {}
        super().__init__(self.message)


class NotFound(ApplicationError):
    code = "not_found"
    status_code = status.HTTP_404_NOT_FOUND
    default_message = "Not found."


class Conflict(ApplicationError):
    code = "conflict"
    status_code = status.HTTP_409_CONFLICT
    default_message = "The request conflicts with the current state."


class Forbidden(ApplicationError):
    code = "permission_denied"
    status_code = status.HTTP_403_FORBIDDEN
    default_message = "You do not have permission to do this."


logger = logging.getLogger(__name__)

# The database (or its connection) is down or restarting: a clear, retryable answer rather than a 500.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def _unavailable_body() -> dict:
    return error_body("temporarily_unavailable", "The portal is briefly unavailable. Please try again in a moment.")


def error_body(code: str, message: str, fields: dict | None = None, extra: dict | None = None) -> dict:
    body: dict = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    if extra:
        body.update(extra)
    return body


_DRF_CODES = {
    drf_exceptions.NotAuthenticated: "not_authenticated",
    drf_exceptions.AuthenticationFailed: "authentication_failed",
    drf_exceptions.PermissionDenied: "permission_denied",
    drf_exceptions.NotFound: "not_found",
    drf_exceptions.MethodNotAllowed: "method_not_allowed",
    drf_exceptions.NotAcceptable: "not_acceptable",
    drf_exceptions.UnsupportedMediaType: "unsupported_media_type",
    drf_exceptions.Throttled: "throttled",
    drf_exceptions.ParseError: "parse_error",
}


def _field_errors(detail) -> dict:
    """DRF's nested ValidationError detail → ``{field: [messages]}`` (nested fields joined by dots)."""
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    flat: dict[str, list[str]] = {}
    for name, value in detail.items():
        if isinstance(value, dict):
            for sub_name, sub_value in _field_errors(value).items():
                flat[f"{name}.{sub_name}"] = sub_value
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                for sub_name, sub_value in _field_errors(item).items():
                    flat[f"{name}.{index}.{sub_name}"] = sub_value
        else:
            flat[name] = [str(item) for item in (value if isinstance(value, list) else [value])]
    return flat


def api_exception_handler(exc, context):
    if isinstance(exc, DATABASE_UNAVAILABLE):
        logger.warning("database unavailable: %s", type(exc).__name__)
        return Response(_unavailable_body(), status=status.HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": "5"})
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.code, exc.message, exc.fields, exc.extra), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = drf_exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, drf_exceptions.ValidationError):
        response.data = error_body(INVALID_INPUT, "Some of the information is not valid.", _field_errors(exc.detail))
        return response
    code = _DRF_CODES.get(type(exc), getattr(exc, "default_code", "error"))
    detail = exc.detail if isinstance(exc, drf_exceptions.APIException) else str(exc)
    response.data = error_body(code, str(detail))
    return response


def json_not_found(request, exception=None):
    return JsonResponse(error_body("not_found", "Not found."), status=404)


def json_server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):  # e.g. the session could not be read
        response = JsonResponse(_unavailable_body(), status=503)
        response["Retry-After"] = "5"
        return response
    return JsonResponse(error_body("server_error", "Something went wrong on our side. Please try again."), status=500)


def json_permission_denied(request, exception=None):
    return JsonResponse(error_body("permission_denied", "You do not have permission to do this."), status=403)


def json_bad_request(request, exception=None):
    return JsonResponse(error_body("bad_request", "The request could not be understood."), status=400)
