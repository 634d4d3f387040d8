"""Errors services raise; interfaces translate them (API 400, form errors, command exit 1)."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the operation. `fields` maps field names to messages."""

    def __init__(
        self, message: str, *, code: str = "invalid", fields: dict[str, list[str]] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.fields = fields or {}
