"""Writes to the ledger (revenue events, costs), reference data and components. Every ledger
write asks for a revaluation of the touched components after commit."""

from __future__ import annotations

import csv
import io
import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from common.exceptions import ApplicationError
from valuation.engines.types import INTERVALS, KINDS, RECURRING_KINDS, STREAMS
from valuation.models import Component, CostEntry, MultiplesTable, RevenueEvent, ValuationPolicy
from valuation.services.jobs import revaluation_request

MAX_ROWS = 200_000
FUTURE_SLACK = timedelta(minutes=5)
CSV_ALIASES = {
    "customer_id": "customer_ref",
    "customer": "customer_ref",
    "time": "occurred_at",
    "subscription": "subscription_ref",
    "date": "occurred_at",
}


def _decimal(value, field: str, errors: dict, *, minimum: Decimal | None = Decimal("0")):
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors[field] = ["Enter a number."]
        return None
    if not d.is_finite():
        errors[field] = ["Must be a finite number (not NaN or infinity)."]
        return None
    if minimum is not None and d < minimum:
        errors[field] = [f"Must be at least {minimum}."]
        return None
    if abs(d) >= Decimal("1e16"):
        errors[field] = ["Too large."]
        return None
    return d


def _when(value, errors: dict):
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value or "").strip()
        try:
            dt = parse_datetime(text)
            if dt is None:
                d = parse_date(text) if text else None
                dt = datetime(d.year, d.month, d.day) if d else None
        except ValueError:
            dt = None
    if dt is None:
        errors["occurred_at"] = ["Enter a valid ISO 8601 date or date-time."]
        return None
    if timezone.is_naive(dt):
        dt = timezone.make_aware(dt, UTC)
    if dt > timezone.now() + FUTURE_SLACK:
        errors["occurred_at"] = ["Revenue cannot be recorded in the future."]
        return None
    return dt


def revenue_event_validate(
    row: dict, *, components: dict[str, Component] | None = None, component: Component | None = None
) -> tuple[RevenueEvent | None, dict]:
    """Build an unsaved RevenueEvent from a plain row, or return its field errors."""
    errors: dict[str, list[str]] = {}
    comp = component
    if comp is None:
        name = str(row.get("component") or "").strip()
        comp = (components or {}).get(name)
        if comp is None:
            errors["component"] = [f"Unknown component {name!r}." if name else "Required."]
    kind = str(row.get("kind") or "").strip().lower().replace("-", "_")
    if kind not in KINDS:
        errors["kind"] = [f"Must be one of: {', '.join(KINDS)}."]
    stream = str(row.get("stream") or "subscription").strip().lower()
    if stream not in STREAMS:
        errors["stream"] = [f"Unknown stream; must be one of: {', '.join(STREAMS)}."]
    interval = str(row.get("interval") or ("one_off" if kind == "one_off" else "monthly"))
    interval = interval.strip().lower().replace("-", "_")
    if interval not in INTERVALS:
        errors["interval"] = [f"Must be one of: {', '.join(INTERVALS)}."]
    elif kind in RECURRING_KINDS and kind != "cancel" and interval == "one_off":
        errors["interval"] = ["A subscription event needs a recurring billing interval."]
    amount = _decimal(row.get("amount", ""), "amount", errors)
    fx = _decimal(row.get("fx_rate") or "1", "fx_rate", errors, minimum=Decimal("0.000001"))
    when = _when(row.get("occurred_at"), errors)
    customer = str(row.get("customer_ref") or "").strip()
    if not customer:
        errors["customer_ref"] = ["Required."]
    elif len(customer) > 64:
        errors["customer_ref"] = ["At most 64 characters."]
    currency = str(row.get("currency") or (comp.currency if comp else "USD")).strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = ["Use a 3-letter ISO currency code."]
    if errors:
        return None, errors
    ev = RevenueEvent(
        component=comp,
        customer_ref=customer,
        occurred_at=when,
        kind=kind,
        stream=stream,
        amount=amount,
        interval=interval,
        currency=currency,
        fx_rate=fx,
        subscription_ref=str(row.get("subscription_ref") or "").strip()[:64],
        external_id=str(row.get("external_id") or "").strip()[:100],
        source=str(row.get("source") or "api")[:10],
    )
    try:
        ev.full_clean(exclude=["component"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        return None, exc.message_dict
    return ev, {}


def revenue_event_create(*, component: Component, source: str = "api", **fields) -> RevenueEvent:
    """Record one revenue event and queue a revaluation of its component after commit."""
    return revenue_event_bulk_create(rows=[{**fields, "source": source}], component=component)[0]


def revenue_event_bulk_create(
    *, rows: list[dict], component: Component | None = None, source: str | None = None
) -> list[RevenueEvent]:
    """Validate every row first; write all of them atomically or none (per-row errors)."""
    if not rows:
        raise ApplicationError("No rows to import.", code="empty", fields={"rows": ["Empty."]})
    if len(rows) > MAX_ROWS:
        raise ApplicationError(f"At most {MAX_ROWS} rows per import.", code="too_many")
    components = None if component else {c.name: c for c in Component.objects.all()}
    events, errors = [], {}
    for i, row in enumerate(rows):
        if source and "source" not in row:
            row = {**row, "source": source}
        ev, err = revenue_event_validate(row, components=components, component=component)
        if err:
            for field, msgs in err.items():
                errors[f"rows[{i}].{field}"] = [str(m) for m in msgs]
        else:
            events.append(ev)
    _check_external_ids(events, errors)
    if errors:
        bad_rows = len({k.split("]")[0] for k in errors})
        raise ApplicationError(
            f"{bad_rows} of {len(rows)} rows are invalid; nothing was imported.",
            code="invalid_rows",
            fields=errors,
        )
    with transaction.atomic():
        created = RevenueEvent.objects.bulk_create(events, batch_size=2000)
        for comp in {e.component_id: e.component for e in events}.values():
            revaluation_request(component=comp, reason=f"{len(events)} revenue event(s)")
    return created


def _check_external_ids(events: list[RevenueEvent], errors: dict) -> None:
    keyed = [(i, e) for i, e in enumerate(events) if e.external_id]
    if not keyed:
        return
    seen: set = set()
    existing = set(
        RevenueEvent.objects.filter(external_id__in=[e.external_id for _, e in keyed]).values_list(
            "component_id", "external_id"
        )
    )
    for i, e in keyed:
        key = (e.component.pk, e.external_id)
        if key in existing or key in seen:
            errors[f"rows[{i}].external_id"] = [f"Duplicate external id {e.external_id!r}."]
        seen.add(key)


def csv_rows(text: str) -> list[dict]:
    """Parse CSV text (header row required) into plain dict rows with canonical field names."""
    if not text.strip():
        raise ApplicationError(
            "The CSV file is empty.", code="empty", fields={"file": ["Empty file."]}
        )
    try:
        table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        raise ApplicationError(
            f"The CSV could not be parsed: {exc}.", code="bad_csv", fields={"file": [str(exc)]}
        ) from exc
    names = [CSV_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in table[0]]
    missing = {"customer_ref", "occurred_at", "kind", "amount"} - set(names)
    if missing:
        raise ApplicationError(
            f"The CSV lacks columns: {', '.join(sorted(missing))}.",
            code="bad_csv",
            fields={"file": [f"Missing column {m}." for m in sorted(missing)]},
        )
    return [dict(zip(names, r, strict=False)) for r in table[1:] if any(c.strip() for c in r)]


def revenue_csv_import(*, text: str, component: Component | None = None) -> list[RevenueEvent]:
    """Import a CSV ledger: all rows or nothing, with per-row errors (1-based CSV line numbers
    are row index + 2)."""
    return revenue_event_bulk_create(rows=csv_rows(text), component=component, source="csv")


def cost_entry_create(
    *, component: Component, month, category: str, amount, currency: str = "", note: str = ""
) -> CostEntry:
    """Record spend for a month; queues a revaluation (CAC and runway change)."""
    errors: dict = {}
    amt = _decimal(amount, "amount", errors)
    try:
        m = month if isinstance(month, date) else parse_date(str(month or ""))
    except ValueError:
        m = None
    if m is None:
        errors["month"] = ["Enter a valid date (YYYY-MM-DD)."]
    if errors:
        raise ValidationError(errors)
    entry = CostEntry(
        component=component,
        month=m.replace(day=1),
        category=category,
        amount=amt,
        currency=(currency or component.currency).upper(),
        note=note,
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        revaluation_request(component=component, reason="cost entry")
    return entry


def multiples_upsert(*, sector: str, p25, p50, p75, source: str, as_of: date) -> MultiplesTable:
    """Create or replace a sector's multiples for a date (staff reference data)."""
    errors: dict = {}
    vals = [
        _decimal(v, f, errors)
        for v, f in ((p25, "ev_revenue_p25"), (p50, "ev_revenue_p50"), (p75, "ev_revenue_p75"))
    ]
    if errors:
        raise ValidationError(errors)
    row = MultiplesTable.objects.filter(sector=sector, as_of=as_of).first() or MultiplesTable(
        sector=sector, as_of=as_of
    )
    row.ev_revenue_p25, row.ev_revenue_p50, row.ev_revenue_p75 = vals
    row.source = source
    row.full_clean(validate_unique=False)
    with transaction.atomic():
        row.save()
    return row


COMPONENT_FIELDS = {f.name for f in Component._meta.get_fields() if f.concrete} - {
    "id",
    "created_at",
    "updated_at",
}


def _component_check(c: Component) -> None:
    c.full_clean()
    weights = c.method_weights or {}
    try:
        vals = [float(w) for w in weights.values()]
    except (TypeError, ValueError) as exc:
        raise ValidationError({"method_weights": ["Weights must be numbers."]}) from exc
    if any(not math.isfinite(w) or w < 0 for w in vals) or abs(sum(vals) - 1) > 1e-6:
        raise ValidationError(
            {"method_weights": [f"Weights must be >= 0 and sum to 1 (got {sum(vals):.4f})."]}
        )
    allowed = {"revenue_multiple", "dcf_gordon", "dcf_exit_multiple", "vc_method", "pwerm"}
    if set(weights) - allowed:
        raise ValidationError(
            {"method_weights": [f"Unknown methods: {', '.join(sorted(set(weights) - allowed))}."]}
        )
    scen = c.pwerm_scenarios or []
    if scen:
        try:
            probs = [float(s["probability"]) for s in scen]
            ok = all(
                float(s["exit_value"]) >= 0 and float(s["years"]) >= 0 and s["name"] for s in scen
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(
                {"pwerm_scenarios": ["Each scenario needs name, probability, exit_value, years."]}
            ) from exc
        if (
            not ok
            or any(not math.isfinite(p) or p < 0 for p in probs)
            or abs(sum(probs) - 1) > 1e-6
        ):
            raise ValidationError(
                {
                    "pwerm_scenarios": [
                        f"Probabilities must be >= 0 and sum to 1 (got {sum(probs):.4f})."
                    ]
                }
            )


@transaction.atomic
def component_create(**fields) -> Component:
    """Register a component (staff)."""
    c = Component(**{k: v for k, v in fields.items() if k in COMPONENT_FIELDS})
    _component_check(c)
    c.save()
    return c


def component_update(*, component: Component, **fields) -> Component:
    """Change a component's details or assumptions (staff); queues a revaluation."""
    for k, v in fields.items():
        if k in COMPONENT_FIELDS:
            setattr(component, k, v)
    _component_check(component)
    with transaction.atomic():
        component.save()
        revaluation_request(component=component, reason="assumptions changed")
    return component


@transaction.atomic
def policy_update(*, policy: ValuationPolicy, **fields) -> ValuationPolicy:
    """Change thresholds and conventions (staff)."""
    for k, v in fields.items():
        setattr(policy, k, v)
    policy.full_clean()
    policy.save()
    return policy
