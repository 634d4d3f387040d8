"""One exception handler: every API error has the shape {"error": {"code", "message", "fields"}}.

Services raise ApplicationError or Django's ValidationError and never import DRF; this maps them.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

from common.exceptions import ApplicationError
from common.logs import security_event

logger = logging.getLogger(__name__)


def _flatten(detail) -> list[str]:
    if isinstance(detail, dict):
        return [msg for value in detail.values() for msg in _flatten(value)]
    if isinstance(detail, list):
        return [msg for item in detail for msg in _flatten(item)]
    return [str(detail)]


def _fields(detail) -> dict:
    """Field errors as {field: [messages]}; nested serializers keep their nesting."""
    if not isinstance(detail, dict):
        return {}
    out = {}
    for key, value in detail.items():
        if key in ("non_field_errors", "__all__"):
            continue
        if isinstance(value, dict):
            out[key] = _fields(value) or _flatten(value)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out[key] = [_fields(v) for v in value]
        else:
            out[key] = _flatten(value)
    return out


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        return Response(
            error_body(exc.code, exc.message, exc.fields), status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    request = context.get("request")
    if isinstance(exc, exceptions.PermissionDenied):
        security_event("access_denied", request=request, status=403)
    elif isinstance(exc, exceptions.Throttled):
        security_event("throttled", request=request, level=logging.WARNING, status=429)
    if response is None:
        if isinstance(exc, DatabaseError):
            logger.exception("database error in API view")
            return Response(
                error_body("conflict", "The request conflicts with the stored data."),
                status=status.HTTP_409_CONFLICT,
            )
        return None

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = _fields(detail)
        non_field = []
        if isinstance(detail, dict):
            non_field = _flatten(detail.get("non_field_errors", [])) + _flatten(
                detail.get("__all__", [])
            )
        elif isinstance(detail, list):
            non_field = _flatten(detail)
        message = non_field[0] if non_field else "Invalid input."
        if fields and not non_field:
            first = next(iter(fields))
            message = f"Invalid input: check the field '{first}'."
        response.data = error_body("invalid", message, fields)
    else:
        detail = getattr(exc, "detail", str(exc))
        code = getattr(exc, "default_code", "error")
        if isinstance(detail, exceptions.ErrorDetail):
            code = detail.code or code
        response.data = error_body(str(code), " ".join(_flatten(detail)))
    return response
