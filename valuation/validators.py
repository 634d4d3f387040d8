"""Input rules shared by the valuation pages, API and commands."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

# Valuation dates outside this window are typos or probes: the ledger starts after 2000, and a
# projection 50 years out is no valuation. (Python's date range would turn them into 500s.)
EARLIEST_DATE = date(2000, 1, 1)
LATEST_YEARS_AHEAD = 50


def latest_date() -> date:
    today = timezone.now().date()
    return today.replace(year=today.year + LATEST_YEARS_AHEAD, day=min(today.day, 28))


def valuation_date_validator(value: date) -> None:
    """Refuse a valuation or KPI date outside 2000-01-01 … today + 50 years."""
    if value < EARLIEST_DATE or value > latest_date():
        raise ValidationError(
            f"Use a date between {EARLIEST_DATE.isoformat()} and {latest_date().isoformat()}.",
            code="out_of_range",
        )
