"""Incident playbook pages: isolation switches, forensic exports, backup comparison, reports.

Who may do what is decided by the services' permission names (see operations.services.isolation):
the pages only require one of the playbook permissions to be shown at all.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError
from common.permissions import permission_required, permission_required_any
from operations.forms import BackupDiffForm, ForensicsForm, IsolationForm
from operations.models import ForensicExport, Incident, PlaybookReport
from operations.services.forensics import forensics_archive, forensics_export
from operations.services.impact import backup_diff, impact_report_save
from operations.services.isolation import ACTIONS, isolation_apply, isolation_state_get
from operations.views.common import apply_errors, flash_error

ISOLATION_PERMS = ("operations.isolate_site", "operations.isolate_accounts")


def _incident(pk) -> Incident | None:
    return Incident.objects.filter(pk=pk).first() if pk else None


def _back(request, incident: Incident | None):
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    if incident is not None:
        return redirect("operations:incident_detail", incident_id=incident.pk)
    return redirect("operations:isolation")


def isolation_context(user) -> dict:
    """What the isolation panel needs (the state row and the actions this user may take)."""
    return {
        "isolation": isolation_state_get(),
        "isolation_actions": {
            name: spec for name, spec in ACTIONS.items() if user.has_perm(spec.permission)
        },
        "isolation_form": IsolationForm(),
    }


@permission_required_any(*ISOLATION_PERMS)
def isolation_page(request):
    return render(request, "operations/isolation.html", isolation_context(request.user))


@permission_required_any(*ISOLATION_PERMS)
@require_POST
def isolation_action(request, action: str):
    if action not in ACTIONS:
        raise Http404("No such switch.")
    form = IsolationForm(request.POST)
    incident = None
    if form.is_valid():
        incident = _incident(form.cleaned_data.get("incident"))
        try:
            result = isolation_apply(
                action=action,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                username=form.cleaned_data.get("username") or None,
                incident=incident,
                keep_session_key=request.session.session_key,
                via="page",
            )
        except (ApplicationError, ValidationError) as exc:
            flash_error(request, exc)
        else:
            if result.get("secret"):
                # Shown once, in this response only: never put into a cookie or the session.
                return render(
                    request,
                    "operations/isolation_secret.html",
                    {"result": result, "incident": incident},
                )
            counts = ", ".join(f"{result[k]} {k}" for k in ("sessions", "tokens") if k in result)
            messages.success(
                request, f"{result['label']}: done." + (f" ({counts})" if counts else "")
            )
    else:
        messages.error(request, "Say why you pull this switch (the reason is required).")
    return _back(request, incident)


@permission_required("operations.run_forensics")
def forensics_page(request):
    initial = {"since": timezone.now() - timedelta(hours=24), "until": timezone.now()}
    form = ForensicsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = forensics_export(
                since=data["since"],
                until=data["until"],
                user=request.user,
                reason=data["reason"],
                incident=_incident(data.get("incident")),
            )
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Forensic export #{export.pk} written and hashed.")
            return redirect("operations:forensics")
    exports = ForensicExport.objects.select_related("created_by", "incident")[:50]
    return render(request, "operations/forensics.html", {"form": form, "exports": exports})


@permission_required("operations.run_forensics")
def forensics_download(request, export_id: int):
    export = get_object_or_404(ForensicExport, pk=export_id)
    try:
        data = forensics_archive(export=export)
    except ApplicationError as exc:
        flash_error(request, exc)
        return redirect("operations:forensics")
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="forensics-{export.pk}.zip"'
    return response


def backup_names() -> list[str]:
    """Backups in the backup folder, newest first (the page never takes a path from the web)."""
    folder = Path(settings.VAR_DIR) / "backups"
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".json")]
    return [p.name for p in sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)]


@permission_required("operations.change_incident")
def backup_diff_page(request):
    form = BackupDiffForm(request.POST or None, backups=backup_names())
    if request.method == "POST" and form.is_valid():
        incident = None
        if form.cleaned_data.get("incident"):
            incident = _incident(form.cleaned_data["incident"])
            if incident is None:
                form.add_error("incident", "No such incident.")
        if form.is_valid():
            path = Path(settings.VAR_DIR) / "backups" / form.cleaned_data["backup"]
            try:
                report = backup_diff(path=path)
            except ApplicationError as exc:
                apply_errors(form, exc)
            else:
                saved = impact_report_save(report=report, user=request.user, incident=incident)
                return redirect("operations:report_detail", report_id=saved.pk)
    reports = PlaybookReport.objects.filter(kind="data_loss").select_related("incident")[:20]
    return render(request, "operations/backup_diff.html", {"form": form, "reports": reports})


@permission_required("operations.view_playbookreport")
def report_detail(request, report_id: int):
    report = get_object_or_404(PlaybookReport.objects.select_related("incident"), pk=report_id)
    return render(request, "operations/report_detail.html", {"report": report})
