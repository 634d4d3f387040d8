"""Stripe interfaces: the signed public webhook and the Finance pages (status, secrets,
reconciliation, failed events with retry, backfill upload, rate table)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError
from common.logs import client_ip, security_event
from common.permissions import permission_required
from valuation.models import Component
from valuation.services import stripe as svc
from valuation.stripe_forms import ExchangeRateForm, StripeBackfillForm, StripeConnectionForm
from valuation.stripe_models import ExchangeRate, StripeConnection, StripeEvent

MAX_BODY = 1024 * 1024


@csrf_exempt
@login_not_required
@require_POST
def stripe_webhook(request, component: str):
    """Verify, store, enqueue, answer. Work happens in the task, so Stripe is answered fast."""
    body = request.body
    if len(body) > MAX_BODY:
        error = {"code": "too_large", "message": "Body too large.", "fields": {}}
        return JsonResponse({"error": error}, status=400)
    try:
        _, created = svc.stripe_webhook_receive(
            component_name=component,
            payload=body,
            signature=request.headers.get("Stripe-Signature"),
            ip=client_ip(request),
        )
    except svc.StripeRefused as exc:
        security_event(
            "stripe_webhook_refused",
            request=request,
            level=logging.WARNING,
            outcome=exc.reason,
            object=component[:64],
        )
        return JsonResponse(
            {"error": {"code": exc.reason, "message": "Webhook refused.", "fields": {}}},
            status=400,
        )
    return JsonResponse({"received": True, "duplicate": not created})


def _connection(name: str) -> tuple[Component, StripeConnection | None]:
    comp = Component.objects.filter(name=name).first()
    if comp is None:
        raise Http404("No such component.")
    return comp, StripeConnection.objects.filter(component=comp).first()


@permission_required("valuation.view_stripeconnection")
def stripe_index(request):
    comps = Component.objects.select_related("stripe_connection").order_by("name")
    rows = []
    for comp in comps:
        conn = getattr(comp, "stripe_connection", None)
        status = svc.stripe_connection_status(connection=conn) if conn else None
        rows.append({"component": comp, "connection": conn, "status": status})
    return render(request, "valuation/stripe_index.html", {"rows": rows})


@permission_required("valuation.view_stripeconnection")
def stripe_component(request, name: str):
    comp, conn = _connection(name)
    masked = conn.masked_secrets if conn else []
    initial = {
        "is_active": conn.is_active if conn else True,
        "usage_stream": conn.usage_stream if conn else "transaction_fee",
    }
    form = StripeConnectionForm(request.POST or None, masked=masked, initial=initial)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("valuation.change_stripeconnection"):
            return HttpResponse("Forbidden", status=403)
        if form.is_valid():
            try:
                svc.stripe_connection_save(
                    component=comp,
                    add_secret=form.cleaned_data["add_secret"],
                    remove_secrets=form.cleaned_data["remove_secrets"],
                    is_active=form.cleaned_data["is_active"],
                    usage_stream=form.cleaned_data["usage_stream"],
                )
                messages.success(request, "Stripe connection saved.")
                return redirect("valuation:stripe-component", name=comp.name)
            except ApplicationError as exc:
                for field, msgs in (exc.fields or {None: [exc.message]}).items():
                    for m in msgs:
                        form.add_error(field if field in form.fields else None, m)
        status = 400
    ctx = {
        "component": comp,
        "connection": conn,
        "form": form,
        "backfill_form": StripeBackfillForm(),
        "webhook_path": f"/webhooks/stripe/{comp.name}/",
    }
    if conn:
        ctx["status"] = svc.stripe_connection_status(connection=conn)
        ctx["failed"] = conn.events.filter(status="failed").order_by("-created")[:100]
        ctx["recent"] = conn.events.order_by("-created_at")[:20]
        try:
            ctx["reconciliation"] = svc.stripe_reconcile_read(connection=conn)
        except ApplicationError as exc:
            ctx["reconciliation_error"] = exc.message
    return render(request, "valuation/stripe_component.html", ctx, status=status)


@permission_required("valuation.change_stripeevent")
@require_POST
def stripe_event_retry(request, name: str, pk: int):
    comp, conn = _connection(name)
    event = get_object_or_404(StripeEvent, pk=pk, connection__component=comp)
    try:
        svc.stripe_event_retry(event=event)
        messages.success(request, f"Event {event.event_id} queued again.")
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("valuation:stripe-component", name=comp.name)
    return redirect("valuation:stripe-component", name=comp.name)


@permission_required("valuation.add_stripeevent")
def stripe_backfill(request, name: str):
    comp, conn = _connection(name)
    form = StripeBackfillForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        if conn is None:
            conn = svc.stripe_connection_save(component=comp)
        try:
            result = svc.stripe_backfill_import(
                connection=conn, kind=form.cleaned_data["kind"], text=form.cleaned_data["file"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            errors = sorted((exc.fields or {}).items())[:500]
    status = 400 if form.errors else 200
    ctx = {"component": comp, "form": form, "errors": errors, "result": result}
    return render(request, "valuation/stripe_backfill.html", ctx, status=status)


@permission_required("valuation.view_exchangerate")
def exchange_rates(request):
    form = ExchangeRateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("valuation.add_exchangerate"):
            return HttpResponse("Forbidden", status=403)
        if form.is_valid():
            svc.exchange_rate_set(
                currency=form.cleaned_data["currency"],
                base=form.cleaned_data["base"],
                on=form.cleaned_data["date"],
                rate=form.cleaned_data["rate"],
                source=form.cleaned_data["source"],
            )
            messages.success(request, "Rate saved.")
            return redirect("valuation:stripe-rates")
        status = 400
    rates = ExchangeRate.objects.all()[:500]
    ctx = {"form": form, "rates": rates}
    return render(request, "valuation/stripe_rates.html", ctx, status=status)
