"""Forensic export: a time window's evidence as JSON lines, with a hashed manifest.

Files (each one JSON object a line, ordered by time then id):
  security_events.jsonl   persisted security events (`SecurityEventRecord`, see security_log)
  request_metrics.jsonl   per-minute request rows (route, method, status counts, latency)
  staff_reads.jsonl       every registered audit source (finance: staff reads of assessments)
  privilege_changes.jsonl admin changes to users and groups, and privilege-granted events
  incident_timeline.jsonl incident log entries (triggered, acknowledged, isolation, ...)
`manifest.json` lists each file's SHA-256, size and row count; the SHA-256 of the manifest
itself is stored on the `ForensicExport` row, so neither a file nor the manifest can be changed
without `forensics_verify` noticing.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from common.logs import security_event
from operations import conf, registry
from operations.models import ForensicExport, IncidentLog, RequestMinute, SecurityEventRecord

FORMAT_VERSION = 1
MAX_WINDOW_DAYS = 90


def _dt(value) -> str | None:
    return value.isoformat() if value else None


def _security_events(since, until):
    for e in SecurityEventRecord.objects.filter(at__gte=since, at__lt=until).order_by("at", "pk"):
        yield {
            "id": e.pk,
            "at": _dt(e.at),
            "event": e.event,
            "level": e.level,
            "user_id": e.user_id,
            "target_user_id": e.target_user_id,
            "ip": e.ip,
            "method": e.method,
            "path": e.path,
            "status": e.status,
            **e.detail,
        }


def _request_metrics(since, until):
    rows = RequestMinute.objects.filter(minute__gte=since, minute__lt=until).order_by(
        "minute", "pk"
    )
    for r in rows:
        yield {
            "id": r.pk,
            "minute": _dt(r.minute),
            "route": r.route,
            "method": r.method,
            "worker": r.worker,
            "count": r.count,
            "s2xx": r.s2xx,
            "s3xx": r.s3xx,
            "s4xx": r.s4xx,
            "s5xx": r.s5xx,
            "s401": r.s401,
            "s403": r.s403,
            "sum_ms": r.sum_ms,
            "max_ms": r.max_ms,
            "sum_queries": r.sum_queries,
        }


def _staff_reads(since, until):
    for name, func in sorted(registry.audit_sources().items()):
        for row in func(since, until):
            yield {"source": name, **row}


def _privilege_changes(since, until):
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    types = ContentType.objects.get_for_models(get_user_model(), Group).values()
    entries = LogEntry.objects.filter(
        action_time__gte=since, action_time__lt=until, content_type__in=list(types)
    ).order_by("action_time", "pk")
    for e in entries:
        yield {
            "kind": "admin_change",
            "id": e.pk,
            "at": _dt(e.action_time),
            "actor_id": e.user_id,
            "model": e.content_type.model if e.content_type_id else None,
            "object_id": e.object_id,
            "action": {1: "added", 2: "changed", 3: "deleted"}.get(e.action_flag),
            "change": e.change_message[:2000],
        }
    granted = SecurityEventRecord.objects.filter(
        at__gte=since, at__lt=until, event__in=("privilege_granted", "isolation_disable_user")
    ).order_by("at", "pk")
    for e in granted:
        yield {
            "kind": e.event,
            "id": e.pk,
            "at": _dt(e.at),
            "actor_id": e.user_id,
            "target_user_id": e.target_user_id,
            "fields": e.detail.get("fields"),
        }


def _incident_timeline(since, until):
    rows = (
        IncidentLog.objects.filter(at__gte=since, at__lt=until)
        .select_related("incident")
        .order_by("at", "pk")
    )
    for r in rows:
        yield {
            "id": r.pk,
            "at": _dt(r.at),
            "incident_id": r.incident_id,
            "incident": r.incident.title,
            "severity": r.incident.severity,
            "kind": r.kind,
            "user_id": r.user_id,
            "message": r.message,
        }


SECTIONS = (
    ("security_events.jsonl", _security_events),
    ("request_metrics.jsonl", _request_metrics),
    ("staff_reads.jsonl", _staff_reads),
    ("privilege_changes.jsonl", _privilege_changes),
    ("incident_timeline.jsonl", _incident_timeline),
)


def _base_dir() -> Path:
    configured = conf.get("OPERATIONS_FORENSICS_DIR")
    return Path(configured) if configured else Path(settings.VAR_DIR) / "forensics"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_window(since: datetime, until: datetime) -> None:
    fields = {}
    if until <= since:
        fields["until"] = ["The end must be after the start."]
    elif (until - since).days > MAX_WINDOW_DAYS:
        fields["until"] = [f"Export at most {MAX_WINDOW_DAYS} days at a time."]
    if fields:
        raise ApplicationError(
            "The time window is not valid.", code="invalid_window", fields=fields
        )


def forensics_export(
    *,
    since: datetime,
    until: datetime,
    user=None,
    reason: str = "",
    incident=None,
    output: Path | None = None,
) -> ForensicExport:
    """Write the window's evidence and its manifest; store the manifest's SHA-256."""
    _check_window(since, until)
    now = timezone.now()
    export = ForensicExport.objects.create(
        created_at=now,
        created_by=user,
        since=since,
        until=until,
        reason=reason[:500],
        incident=incident,
    )
    directory = Path(output) if output else _base_dir() / f"{export.pk}-{now:%Y%m%dT%H%M%SZ}"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        if any(directory.iterdir()):
            raise ApplicationError(
                f"{directory} is not empty; give a new directory.",
                code="output_not_empty",
                fields={"output": ["Give an empty or new directory."]},
            )
        files = []
        for name, source in SECTIONS:
            path = directory / name
            rows = 0
            with path.open("w", encoding="utf-8") as fh:
                for row in source(since, until):
                    fh.write(json.dumps(row, sort_keys=True, default=str) + "\n")
                    rows += 1
            files.append(
                {
                    "name": name,
                    "sha256": _sha256_file(path),
                    "bytes": path.stat().st_size,
                    "rows": rows,
                }
            )
        manifest = {
            "format_version": FORMAT_VERSION,
            "export_id": export.pk,
            "created_at": now.isoformat(),
            "created_by": user.pk if user is not None else None,
            "since": since.isoformat(),
            "until": until.isoformat(),
            "reason": reason[:500],
            "files": files,
        }
        manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode()
        (directory / "manifest.json").write_bytes(manifest_bytes)
    except ApplicationError:
        export.delete()
        raise
    except OSError as exc:
        ForensicExport.objects.filter(pk=export.pk).update(status="failed", error=str(exc)[:500])
        raise ApplicationError(f"Could not write the export: {exc}", code="export_failed") from exc
    with transaction.atomic():
        export.directory = str(directory)
        export.files = files
        export.manifest_sha256 = hashlib.sha256(manifest_bytes).hexdigest()
        export.status = "done"
        export.save()
    security_event(
        "forensics_exported",
        user=user,
        object="forensic_export",
        object_id=export.pk,
        count=sum(f["rows"] for f in files),
        reason=reason or None,
    )
    return export


def forensics_verify(*, directory: Path) -> list[str]:
    """Problems found checking an export against its manifest and the stored manifest hash
    (empty when every byte is as exported)."""
    directory = Path(directory)
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        return [f"no manifest.json in {directory}"]
    raw = manifest_path.read_bytes()
    problems = []
    try:
        manifest = json.loads(raw)
        files = manifest["files"]
    except (ValueError, KeyError, TypeError):
        return ["manifest.json is not a forensic manifest"]
    stored = ForensicExport.objects.filter(pk=manifest.get("export_id")).first()
    if stored is None:
        problems.append(f"export {manifest.get('export_id')} is not recorded in the database")
    elif stored.manifest_sha256 != hashlib.sha256(raw).hexdigest():
        problems.append("manifest.json differs from the one recorded in the database")
    listed = set()
    for entry in files:
        name = entry.get("name", "")
        listed.add(name)
        path = directory / name
        if "/" in name or not path.is_file():
            problems.append(f"{name}: missing")
        elif _sha256_file(path) != entry.get("sha256"):
            problems.append(f"{name}: SHA-256 differs from the manifest")
    extra = {p.name for p in directory.iterdir()} - listed - {"manifest.json"}
    problems += [f"{name}: not in the manifest" for name in sorted(extra)]
    return problems


def forensics_archive(*, export: ForensicExport) -> bytes:
    """The export's directory as a zip (for download); refuses an export that fails to verify."""
    if export.status != "done":
        raise ApplicationError("This export has not finished.", code="export_not_done")
    directory = Path(export.directory)
    problems = forensics_verify(directory=directory)
    if problems:
        raise ApplicationError(
            "The export no longer verifies: " + "; ".join(problems[:3]), code="export_altered"
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["manifest.json", *(f["name"] for f in export.files)]:
            archive.write(directory / name, arcname=f"forensics-{export.pk}/{name}")
    return buffer.getvalue()
