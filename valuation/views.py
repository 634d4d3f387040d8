"""Valuation pages: portfolio dashboard (self-refreshing), component page, staff CSV import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError
from common.permissions import permission_required
from operations.selectors import alert_list
from valuation import selectors, services
from valuation.forms import CsvImportForm, FundingPlanForm, WhatIfForm


def _alerts():
    rows = []
    for source in ("valuation", "revenue"):
        rows += list(alert_list(filters={"status": "firing", "source": source})[:50])
    return sorted(rows, key=lambda a: a.starts_at, reverse=True)


def _chart_data(snap, history) -> dict:
    if snap is None:
        return {}
    k = snap.kpis or {}
    return {
        "history": [{"x": d.isoformat(), "y": v} for d, v in history],
        "fan": snap.fan,
        "value": float(snap.value),
        "movements": k.get("monthly", []),
        "sensitivity": snap.sensitivity,
    }


def _dashboard_context():
    data = selectors.dashboard_get()
    port = data["portfolio"]
    kpis = ((port.kpis or {}).get("kpis") or {}) if port else {}
    return {
        **data,
        "alerts": _alerts(),
        "kpis": kpis,
        "cohorts": (port.kpis or {}).get("cohorts") if port else None,
        "chart": _chart_data(port, data["history"]),
    }


# The pages show the company's revenue and value: Finance analysts and Administrators.
READ = "valuation.view_revenueevent"


@permission_required(READ)
def dashboard(request):
    return render(request, "valuation/portfolio_dashboard.html", _dashboard_context())


@permission_required(READ)
def dashboard_live(request):
    """The htmx partial the dashboard polls."""
    return render(request, "valuation/_dashboard_live.html", _dashboard_context())


@permission_required(READ)
def component_detail(request, name: str):
    component = selectors.component_get(name=name)
    if component is None:
        raise Http404("No such component")
    data = selectors.component_page_get(component=component)
    snap = data["snapshot"]
    return render(
        request,
        "valuation/component_detail.html",
        {
            "component": component,
            **data,
            "kpis": ((snap.kpis or {}).get("kpis") or {}) if snap else {},
            "cohorts": (snap.kpis or {}).get("cohorts") if snap else None,
            "chart": _chart_data(snap, data["history"]),
            "methods": [
                (n, m)
                for n, m in (snap.methods or {}).items()
                if isinstance(m, dict) and "value" in m and n != "blend"
            ]
            if snap
            else [],
        },
    )


@require_POST
@permission_required("valuation.add_revaluationjob")
def component_revalue(request, name: str):
    component = selectors.component_get(name=name)
    if component is None:
        raise Http404("No such component")
    services.revaluation_request(component=component, reason="page request")
    messages.success(request, f"Revaluation of {component.name} queued.")
    return redirect("valuation:component", name=component.name)


@require_POST
@permission_required("valuation.add_revaluationjob")
def portfolio_revalue(request):
    services.revaluation_request(component=None, reason="page request")
    messages.success(request, "Portfolio revaluation queued.")
    return redirect("valuation:index")


@permission_required("valuation.add_revenueevent")
def csv_import(request):
    form = CsvImportForm(request.POST or None, request.FILES or None)
    errors, created = [], None
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.revenue_csv_import(
                text=form.cleaned_data["file"], component=form.cleaned_data.get("component")
            )
            created = len(rows)
        except ApplicationError as exc:
            # The file is what was wrong: the message sits next to the file field.
            form.add_error("file", exc.message)
            errors = _row_errors(exc.fields)
    ctx = {"form": form, "errors": errors, "created": created}
    partial = request.headers.get("HX-Request")
    template = "valuation/_import_panel.html" if partial else "valuation/import.html"
    status = 400 if form.errors else 200
    return render(request, template, ctx, status=status)


def _row_errors(fields: dict) -> list[dict]:
    out = []
    for key, msgs in fields.items():
        if key.startswith("rows["):
            idx, field = key[5:].split("].", 1)
            out.append({"line": int(idx) + 2, "field": field, "messages": msgs})
        else:
            out.append({"line": None, "field": key, "messages": msgs})
    return sorted(out, key=lambda r: (r["line"] or 0, r["field"]))[:500]


@permission_required("valuation.view_fundingplan")
def funding(request):
    """Series A readiness, cash runway under delays and levers; Finance analysts edit the plan."""
    plan = selectors.funding_plan_get()
    can_edit = request.user.has_perm("valuation.change_fundingplan")
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = FundingPlanForm(request.POST, instance=plan)
        if form.is_valid():
            try:
                services.funding_plan_update(plan=plan, **form.cleaned_data)
                messages.success(request, "Funding plan saved.")
                return redirect("valuation:funding")
            except ApplicationError as exc:
                for field, msgs in exc.fields.items():
                    for msg in msgs:
                        form.add_error(field if field in form.fields else None, msg)
                if not exc.fields:
                    form.add_error(None, exc.message)
        status = 400
        plan = selectors.funding_plan_get()  # render the readiness of the saved plan
    else:
        form = FundingPlanForm(instance=plan)
    whatif = WhatIfForm(request.GET or None, auto_id="whatif_%s")  # ids unique on the page
    levers = None
    if whatif.is_bound and whatif.is_valid():
        levers = {k: v for k, v in whatif.cleaned_data.items() if v is not None} or None
    elif whatif.is_bound:
        status = 400
    readiness, error = None, ""
    try:
        readiness = services.funding_readiness_build(levers=levers, plan=plan)
    except ApplicationError as exc:
        error = exc.message
    return render(
        request,
        "valuation/funding.html",
        {
            "readiness": readiness,
            "error": error,
            "form": form,
            "whatif": whatif,
            "can_edit": can_edit,
            "plan": plan,
        },
        status=status,
    )
