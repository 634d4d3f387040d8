"""Formatting filters for the cap table pages (values arrive as Decimal strings)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


def _dec(v):
    if v is None or v == "":
        return None
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


@register.filter
def ownership(v):
    """A fraction as a percentage with two decimals: 0.12345 -> 12.35%."""
    d = _dec(v)
    return "—" if d is None else f"{d * 100:.2f}%"


@register.filter
def dilution(v):
    """Relative dilution with its sign: 0.25 -> -25.00% (the holder's stake shrank)."""
    d = _dec(v)
    if d is None or d == 0:
        return "—"
    return f"{-d * 100:+.2f}%"


@register.filter
def shares(v):
    """Whole shares with thousands separators."""
    d = _dec(v)
    return "—" if d is None else f"{int(d):,}"


@register.filter
def money(v):
    """Money with thousands separators and no cents."""
    d = _dec(v)
    return "—" if d is None else f"{d:,.0f}"


@register.filter
def price(v):
    """A price per share to four decimals."""
    d = _dec(v)
    return "—" if d is None else f"{d:,.4f}"
