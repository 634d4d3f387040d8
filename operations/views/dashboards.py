"""Overview, health page, success-metrics dashboard, inbox and the in-app survey."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError
from common.permissions import permission_required
from operations import dashboards, selectors
from operations.forms import SuccessTargetForm, SurveyForm
from operations.models import Alert, Incident, IsolationState, SuccessTarget
from operations.services.health import health_run
from operations.services.notifications import notification_mark_read
from operations.services.product import survey_submit
from operations.views.common import apply_errors


def index(request):
    """Operators: the operations overview. Everyone else: their notifications (and, for members,
    the survey)."""
    if not request.user.has_perm("operations.view_incident"):
        return render(
            request,
            "operations/member_index.html",
            {
                "nps_form": SurveyForm(initial={"kind": "nps"}),
                "csat_form": SurveyForm(initial={"kind": "csat"}),
                "inbox": selectors.inbox_for(user=request.user)[:20],
            },
        )
    context = {
        "health": health_run(level="ready"),
        "firing": Alert.objects.filter(status="firing").select_related("incident")[:20],
        "open_incidents": Incident.objects.exclude(status="resolved")[:20],
        "stats": selectors.incident_stats(days=30),
        "isolation": IsolationState.objects.filter(pk=1).first(),
        "engagement": selectors.engagement_get(),
        "nps": selectors.nps_get(),
        "csat": selectors.csat_get(),
    }
    return render(request, "operations/index.html", context)


@permission_required("operations.view_healthsnapshot")
def health_page(request):
    data = dashboards.health_page_data()
    return render(
        request,
        "operations/health.html",
        {
            "report": health_run(level="full"),
            "charts": {k: data[k] for k in ("minutes", "resources", "hours")},
            "snapshots": data["snapshots"],
            "sample": data["latest_sample"],
        },
    )


@permission_required("operations.view_metricsample")
def success_dashboard(request):
    try:
        year = int(request.GET.get("year", "0"))
    except ValueError:
        year = 0
    data = dashboards.success_dashboard(year=year or None)
    charts = {
        row["target"].key: row["trend"]
        for rows in data["groups"].values()
        for row in rows
        if row["trend"]["values"]
    }
    return render(
        request,
        "operations/success_dashboard.html",
        {
            **data,
            "charts": charts,
            "engagement": selectors.engagement_series(days=30),
            "cohorts": selectors.retention_get(unit="month")[-12:],
        },
    )


@permission_required("operations.change_successtarget")
def target_edit(request, target_id: int):
    target = get_object_or_404(SuccessTarget, pk=target_id)
    form = SuccessTargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Targets for {target.label} saved.")
        return redirect("operations:success")
    return render(
        request,
        "operations/target_form.html",
        {"form": form, "target": target},
        status=400 if form.errors else 200,
    )


def inbox(request):
    page = Paginator(selectors.inbox_for(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "operations/inbox.html", {"page": page})


@require_POST
def inbox_read(request):
    raw = request.POST.get("id")
    notification_id = int(raw) if raw and raw.isdigit() else None
    notification_mark_read(user=request.user, notification_id=notification_id, now=timezone.now())
    return redirect("operations:inbox")


@require_POST
@permission_required("operations.add_surveyresponse")
def survey(request):
    form = SurveyForm(request.POST)
    if form.is_valid():
        try:
            survey_submit(user=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Thank you for your answer.")
            return redirect("operations:index")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("operations:index")
