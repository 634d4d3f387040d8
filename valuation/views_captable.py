"""Cap table pages: the table, the round builder (preview / save), a saved scenario, the
side-by-side comparison and the CSV export. Finance analysts (view/add round scenarios)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from common.exceptions import ApplicationError
from common.permissions import permission_required
from valuation import selectors, services
from valuation.forms_captable import FORM_FIELD, CompareForm, RoundScenarioForm

VIEW = ("valuation.view_captable", "valuation.view_roundscenario")


def _table(request):
    pk = request.GET.get("table")
    return selectors.cap_table_get(pk=int(pk) if pk and pk.isdigit() else None)


def _chart(outputs: dict) -> dict:
    """Ownership before and after per holder, for the stacked bar."""
    return {
        "holders": [
            {
                "name": h["holder"],
                "before": float(h["ownership_before"]),
                "after": float(h["ownership_after"]),
                "pool": bool(h.get("is_pool")),
            }
            for h in outputs.get("holders", [])
        ]
    }


def _apply_errors(form, exc: ApplicationError) -> None:
    placed = False
    for field, msgs in (exc.fields or {}).items():
        name = FORM_FIELD.get(field, field)
        for m in msgs:
            form.add_error(name if name in form.fields else None, m)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


@permission_required(*VIEW)
def captable_index(request):
    """The cap table, the round builder and the saved scenarios (GET never writes)."""
    table = _table(request)
    if table is None:
        return render(request, "valuation/captable_empty.html", {"nav_section": "valuation"})
    form = RoundScenarioForm(request.POST or None)
    preview, status = None, 200
    can_save = request.user.has_perm("valuation.add_roundscenario")
    if request.method == "POST":
        action = request.POST.get("action", "preview")
        if action == "save" and not can_save:
            form.add_error(None, "You may preview rounds but not save them.")
        elif form.is_valid():
            try:
                if action == "save":
                    if not form.cleaned_data.get("name"):
                        raise ApplicationError(
                            "Name the scenario to save it.",
                            fields={"name": ["Name the scenario to save it."]},
                        )
                    scenario = services.round_scenario_create(
                        cap_table=table,
                        name=form.cleaned_data["name"],
                        created_by=request.user,
                        **form.terms(),
                    )
                    return redirect("valuation:captable-scenario", pk=scenario.pk)
                preview = services.round_scenario_preview(cap_table=table, **form.terms())
            except ApplicationError as exc:
                _apply_errors(form, exc)
        if form.errors:
            status = 400
    scenarios = list(selectors.round_scenario_list(cap_table=table))
    ctx = {
        "nav_section": "valuation",
        "table": selectors.cap_table_detail(cap_table=table),
        "band": selectors.pre_money_band(),
        "form": form,
        "preview": preview,
        "outputs": preview["outputs"] if preview else None,
        "chart": _chart(preview["outputs"]) if preview else None,
        "scenarios": scenarios,
        "compare_form": CompareForm(
            queryset=selectors.round_scenario_list(cap_table=table),
            initial={
                "a": scenarios[1].pk if len(scenarios) > 1 else None,
                "b": scenarios[0].pk if scenarios else None,
            },
        ),
        "can_save": can_save,
    }
    return render(request, "valuation/captable_index.html", ctx, status=status)


@permission_required(*VIEW)
def captable_scenario(request, pk: int):
    scenario = selectors.round_scenario_get(pk=pk)
    if scenario is None:
        raise Http404("No such scenario")
    return render(
        request,
        "valuation/captable_scenario.html",
        {
            "nav_section": "valuation",
            "scenario": scenario,
            "outputs": scenario.outputs,
            "terms": scenario.inputs.get("terms", {}),
            "band": scenario.inputs.get("pre_money_band"),
            "chart": _chart(scenario.outputs),
        },
    )


@permission_required(*VIEW)
def captable_compare(request):
    form = CompareForm(request.GET or None, queryset=selectors.round_scenario_list())
    data, status = None, 200
    if request.GET:
        if form.is_valid():
            a = selectors.round_scenario_get(pk=form.cleaned_data["a"].pk)
            b = selectors.round_scenario_get(pk=form.cleaned_data["b"].pk)
            data = selectors.round_scenario_compare(a=a, b=b)
        else:
            status = 400
    chart = None
    if data:
        chart = {
            "a": data["a"].name,
            "b": data["b"].name,
            "holders": [
                {
                    "name": h["holder"],
                    "a": float(h["ownership_a"]),
                    "b": float(h["ownership_b"]),
                }
                for h in data["holders"]
            ],
        }
    return render(
        request,
        "valuation/captable_compare.html",
        {"nav_section": "valuation", "form": form, "cmp": data, "chart": chart},
        status=status,
    )


@permission_required(*VIEW)
def captable_scenario_csv(request, pk: int):
    scenario = selectors.round_scenario_get(pk=pk)
    if scenario is None:
        raise Http404("No such scenario")
    resp = HttpResponse(
        selectors.round_scenario_csv(scenario=scenario), content_type="text/csv; charset=utf-8"
    )
    resp["Content-Disposition"] = f'attachment; filename="round-scenario-{scenario.pk}.csv"'
    return resp
