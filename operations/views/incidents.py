"""Incident and alert pages: list, detail with acknowledge/resolve/escalate/silence/checklist."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common import csv as safe_csv
from common.exceptions import ApplicationError
from common.permissions import permission_required
from operations import selectors
from operations.filters import AlertFilter, IncidentFilter
from operations.forms import CommentForm
from operations.models import Incident, Notification
from operations.services import (
    incident_acknowledge,
    incident_checklist_toggle,
    incident_escalate,
    incident_resolve,
)
from operations.services.config import silence_for_incident
from operations.services.triage import incident_triage_attach
from operations.views.common import flash_error
from operations.views.playbooks import isolation_context


def _incidents_csv(incidents) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="incidents.csv"'
    writer = safe_csv.writer(response)
    writer.writerow(
        [
            "id",
            "title",
            "source",
            "alert_name",
            "severity",
            "status",
            "triggered_at",
            "acknowledged_at",
            "acknowledged_by",
            "resolved_at",
            "minutes_to_ack",
            "minutes_to_resolve",
            "trigger_count",
        ]
    )
    for i in incidents:
        writer.writerow(
            [
                i.pk,
                i.title,
                i.source,
                i.alert_name,
                i.severity,
                i.status,
                i.triggered_at.isoformat(),
                i.acknowledged_at.isoformat() if i.acknowledged_at else "",
                i.acknowledged_by or "",
                i.resolved_at.isoformat() if i.resolved_at else "",
                _minutes(i.triggered_at, i.acknowledged_at),
                _minutes(i.triggered_at, i.resolved_at),
                i.trigger_count,
            ]
        )
    return response


def _minutes(start, end) -> str:
    return f"{(end - start).total_seconds() / 60:.2f}" if end else ""


@permission_required("operations.view_incident")
def incident_list(request):
    filterset = IncidentFilter(request.GET or None, queryset=selectors.incident_list())
    if request.GET.get("format") == "csv":
        return _incidents_csv(filterset.qs[:10000])
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "operations/incident_list.html",
        {"filter": filterset, "page": page, "stats": selectors.incident_stats(days=30)},
    )


@permission_required("operations.view_incident")
def incident_detail(request, incident_id: int):
    incident = get_object_or_404(
        selectors.incident_list().select_related("policy", "runbook"), pk=incident_id
    )
    steps = incident.runbook.steps if incident.runbook else []
    checklist = [(i, s, i in (incident.checklist_done or [])) for i, s in enumerate(steps)]
    context = {
        "incident": incident,
        "alerts": incident.alerts.prefetch_related("events"),
        "log": incident.log.select_related("user"),
        "notifications": Notification.objects.filter(incident=incident)[:50],
        "checklist": checklist,
        "form": CommentForm(),
        "levels": incident.policy.levels.all() if incident.policy else [],
        "reports": incident.playbook_reports.all(),
        **isolation_context(request.user),
        "forensics_since": incident.triggered_at - timedelta(hours=24),
    }
    return render(request, "operations/incident_detail.html", context)


@permission_required("operations.change_incident")
@require_POST
def incident_action(request, incident_id: int, action: str):
    incident = get_object_or_404(Incident, pk=incident_id)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        if action == "acknowledge":
            incident_acknowledge(incident=incident, user=request.user, comment=comment)
            messages.success(request, f"Incident #{incident.pk} acknowledged.")
        elif action == "resolve":
            incident_resolve(incident=incident, user=request.user, comment=comment)
            messages.success(request, f"Incident #{incident.pk} resolved.")
        elif action == "escalate":
            incident_escalate(incident=incident, user=request.user)
            messages.success(request, f"Incident #{incident.pk} escalated.")
        elif action == "silence":
            try:
                hours = float(request.POST.get("hours", "2"))
            except ValueError:
                hours = -1
            silence = silence_for_incident(
                incident=incident, hours=hours, user=request.user, comment=comment
            )
            messages.success(request, f"Silenced until {silence.ends_at:%Y-%m-%d %H:%M} UTC.")
        elif action == "triage":
            report = incident_triage_attach(incident=incident, user=request.user)
            messages.success(request, f"Performance triage attached: {report.title}.")
        elif action == "checklist":
            try:
                step = int(request.POST.get("step", "-1"))
            except ValueError:
                step = -1
            incident_checklist_toggle(
                incident=incident,
                step=step,
                user=request.user,
                done=request.POST.get("done") == "1",
            )
        else:
            messages.error(request, "Unknown action.")
    except (ApplicationError, ValidationError) as exc:
        flash_error(request, exc)
    return redirect("operations:incident_detail", incident_id=incident.pk)


@permission_required("operations.view_alert")
def alert_list(request):
    filterset = AlertFilter(request.GET or None, queryset=selectors.alert_list())
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    return render(request, "operations/alert_list.html", {"filter": filterset, "page": page})


@permission_required("operations.view_notification")
def notification_list(request):
    page = Paginator(Notification.objects.select_related("user", "incident"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "operations/notification_list.html", {"page": page})
