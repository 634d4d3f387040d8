"""The site's one set of display filters: numbers, money, percentages, dates and labels.

Load with ``{% load ui %}``. Every filter accepts None/"" and shows an en dash, so a missing
value never prints "None". Minus signs are real minus signs (U+2212) and the number and its
unit are joined by a no-break space, so "+1.2 %" or "1.46 M" never wrap apart.

    {{ 1459645.8|num }}            1,459,646        {{ 0.25|num:2 }}         0.25
    {{ 1459645.8|money:"USD" }}    $1,459,645.80    {{ 1459645.8|money0 }}   $1,459,646
    {{ 1459645.8|compact }}        1.46 M           {{ 1459645.8|money_compact:"EUR" }} €1.46 M
    {{ 0.0123|percent }}           1.2%             {{ 0.0123|signed_percent:2 }} +1.23%
    {{ 12.5|percent_value }}       12.5%            {{ "thank_you"|label }}  Thank you
    {{ 62|quantity:"users" }}   62 users         {{ 1459645.8|quantity:"USD" }} $1,459,646
    {{ dt|day }} 7 Dec 2026        {{ dt|when }}    7 Dec 2026, 14:05 UTC
"""

import math
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.utils import timezone

from common.labels import label_for

register = template.Library()

DASH = "–"
MINUS = "−"
NBSP = "\u00a0"
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
COMPACT_STEPS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def _number(value) -> float | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        x = float(Decimal(str(value)) if not isinstance(value, float) else value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _digits(arg, default: int) -> int:
    try:
        return max(0, min(6, int(arg)))
    except (TypeError, ValueError):
        return default


def _sign(text: str) -> str:
    return MINUS + text[1:] if text.startswith("-") else text


@register.filter
def num(value, digits=0):
    """A number with thousands separators and a fixed number of decimals (default 0)."""
    x = _number(value)
    if x is None:
        return DASH
    d = _digits(digits, 0)
    return _sign(f"{x:,.{d}f}") if round(x, d) != 0 else f"{0:.{d}f}"


@register.filter
def compact(value, digits=2):
    """A short number for tiles: 1.46 M, 241 M, 12.3 k; three significant digits."""
    x = _number(value)
    if x is None:
        return DASH
    for size, unit in COMPACT_STEPS:
        if abs(x) >= size:
            scaled = x / size
            d = 0 if abs(scaled) >= 100 else (1 if abs(scaled) >= 10 else _digits(digits, 2))
            return _sign(f"{scaled:.{d}f}") + NBSP + unit
    return num(x, 0 if abs(x) >= 100 or float(x).is_integer() else 2)


def _symbol(currency) -> tuple[str, str]:
    code = (str(currency or "") or getattr(settings, "HARMONYHUB_CURRENCY", "USD")).upper()
    symbol = CURRENCY_SYMBOLS.get(code)
    return (symbol, "") if symbol else ("", NBSP + code)


@register.filter
def money(value, currency=""):
    """Money with its currency symbol and two decimals: $1,459,645.80 (unknown codes trail)."""
    return _money(value, currency, 2)


@register.filter
def money0(value, currency=""):
    """Money rounded to whole units: $1,459,646."""
    return _money(value, currency, 0)


def _money(value, currency, digits: int) -> str:
    x = _number(value)
    if x is None:
        return DASH
    prefix, suffix = _symbol(currency)
    body = f"{abs(x):,.{digits}f}"
    return (MINUS if x < 0 and round(x, digits) != 0 else "") + prefix + body + suffix


@register.filter
def money_compact(value, currency=""):
    """Money in the short tile form: $1.46 M."""
    x = _number(value)
    if x is None:
        return DASH
    prefix, suffix = _symbol(currency)
    body = compact(abs(x))
    return (MINUS if x < 0 else "") + prefix + body + suffix


@register.filter
def quantity(value, unit=""):
    """A measured value with its unit: money for currency codes, % kept tight, else "62 users"."""
    x = _number(value)
    if x is None:
        return DASH
    unit = str(unit or "").strip()
    if len(unit) == 3 and unit.isalpha() and unit.isupper():
        return _money(x, unit, 0 if abs(x) >= 1000 else 2)
    digits = 0 if float(x).is_integer() or abs(x) >= 1000 else (1 if abs(x) >= 100 else 2)
    text = num(x, digits)
    if not unit:
        return text
    return text + unit if unit == "%" else text + NBSP + unit


@register.filter
def percent(value, digits=1):
    """A ratio as a percentage: 0.0123 → 1.2%."""
    x = _number(value)
    if x is None:
        return DASH
    return _sign(f"{x * 100:.{_digits(digits, 1)}f}") + "%"


@register.filter
def signed_percent(value, digits=2):
    """A ratio as a signed change: 0.0123 → +1.23%, −0.5 → −50.00%."""
    x = _number(value)
    if x is None:
        return DASH
    return _sign(f"{x * 100:+.{_digits(digits, 2)}f}") + "%"


@register.filter
def percent_value(value, digits=1):
    """A value already in percent: 12.5 → 12.5%."""
    x = _number(value)
    if x is None:
        return DASH
    return _sign(f"{x:.{_digits(digits, 1)}f}") + "%"


def _as_datetime(value):
    if isinstance(value, str):
        from django.utils.dateparse import parse_date, parse_datetime

        return parse_datetime(value) or parse_date(value)
    return value


@register.filter
def day(value):
    """A calendar day: 7 Dec 2026."""
    value = _as_datetime(value)
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    if not isinstance(value, date):
        return DASH
    return f"{value.day}{NBSP}{value:%b}{NBSP}{value.year}"


@register.filter
def when(value):
    """A moment in the site's time zone: 7 Dec 2026, 14:05 UTC."""
    value = _as_datetime(value)
    if not isinstance(value, datetime):
        return day(value)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    zone = value.tzname() or ""
    return f"{day(value)}, {value:%H:%M}" + (f"{NBSP}{zone}" if zone else "")


@register.filter
def label(value):
    """The human label of an internal key (see common.labels)."""
    return label_for(value)


@register.filter
def labels(values):
    """Labels of a list of keys, joined: ["horizon_years", "debt_to_income"] → "…, …"."""
    return ", ".join(label_for(v) for v in values or ())


@register.simple_tag
def site_name():
    """The site name from settings; independent of the request host and of view context."""
    return settings.HARMONYHUB_SITE_NAME
