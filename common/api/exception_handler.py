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
from common.outage import RETRY_AFTER_SECONDS, outage_note, unavailable_kind

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


STORAGE_MESSAGE = "The file store is full or read-only; nothing was saved. Try again later."
DATABASE_MESSAGE = "The database is not answering just now; nothing was saved. Retry shortly."


def unavailable_response(exc) -> Response | None:
    """503 + Retry-After for a database that cannot be reached, 507 for a full/read-only disk.

    A client told 409 would think its data conflicts; told 500 it would assume a bug. These say
    what happened and that retrying later is right.
    """
    kind = unavailable_kind(exc)
    if kind == "database":
        logger.warning("database unavailable: %s", exc)
        outage_note("database")
        response = Response(
            error_body("unavailable", DATABASE_MESSAGE), status=status.HTTP_503_SERVICE_UNAVAILABLE
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if kind == "storage":
        logger.error("storage unavailable: %s", exc)
        return Response(
            error_body("insufficient_storage", STORAGE_MESSAGE),
            status=status.HTTP_507_INSUFFICIENT_STORAGE,
        )
    return None


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
        unavailable = unavailable_response(exc)
        if unavailable is not None:
            return unavailable
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
