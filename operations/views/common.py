"""Helpers shared by the operations pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError

from common.exceptions import ApplicationError


def apply_errors(form, exc) -> None:
    """Put a service error onto the form (field errors where the field exists)."""
    if isinstance(exc, ApplicationError):
        for field, errs in exc.fields.items():
            for err in errs:
                form.add_error(field if field in form.fields else None, err)
        if not exc.fields:
            form.add_error(None, exc.message)
    elif isinstance(exc, ValidationError):
        for field, errs in exc.message_dict.items():
            for err in errs:
                form.add_error(field if field in form.fields else None, err)


def flash_error(request, exc) -> None:
    text = exc.message if isinstance(exc, ApplicationError) else "; ".join(exc.messages)
    messages.error(request, text)
