"""Incident playbooks: isolation switches, persisted security events, forensic exports and the
reports (data-loss impact, performance triage) attached to incidents."""

from django.conf import settings
from django.db import models


class IsolationState(models.Model):
    """The site's one row of isolation switches (pk=1), read by every process.

    Kept in the database, not in settings or a per-process cache, so a switch pulled on one web
    node or from a command takes effect on every node and worker (see `selectors.isolation_get`
    for the few seconds a process may keep its copy).
    """

    read_only = models.BooleanField(default=False)
    read_only_since = models.DateTimeField(null=True, blank=True)
    read_only_reason = models.CharField(max_length=500, blank=True)
    signup_closed = models.BooleanField(default=False)
    signup_closed_since = models.DateTimeField(null=True, blank=True)
    signup_closed_reason = models.CharField(max_length=500, blank=True)
    # Rotated credentials. Empty = the configured value (settings/env) applies again.
    metrics_token_sha256 = models.CharField(max_length=64, blank=True)
    metrics_token_rotated_at = models.DateTimeField(null=True, blank=True)
    webhook_secret = models.CharField(max_length=128, blank=True)
    webhook_secret_rotated_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "isolation state"
        permissions = [
            ("isolate_site", "Can switch read-only mode and sign-up (site-wide isolation)"),
            (
                "isolate_accounts",
                "Can revoke sessions and tokens, disable users and rotate secrets",
            ),
            ("run_forensics", "Can start and download forensic exports"),
        ]

    def __str__(self):
        flags = [n for n in ("read_only", "signup_closed") if getattr(self, n)]
        return "isolation: " + (", ".join(flags) or "normal")


class SecurityEventRecord(models.Model):
    """One security event (`common.logs.security_event`), persisted for forensic exports."""

    at = models.DateTimeField(db_index=True)
    event = models.CharField(max_length=60, db_index=True)
    level = models.CharField(max_length=10, default="INFO")
    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    target_user_id = models.BigIntegerField(null=True, blank=True)
    ip = models.CharField(max_length=64, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=200, blank=True)
    status = models.IntegerField(null=True, blank=True)
    # The remaining SAFE_FIELDS (outcome, via, object, object_id, count, fields, reason).
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.event}"


class ForensicExport(models.Model):
    """One forensic export: a time window written as JSON-lines files plus a hashed manifest."""

    STATUSES = [("running", "Running"), ("done", "Done"), ("failed", "Failed")]
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    since = models.DateTimeField()
    until = models.DateTimeField()
    reason = models.CharField(max_length=500, blank=True)
    incident = models.ForeignKey(
        "operations.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=STATUSES, default="running")
    directory = models.CharField(max_length=500, blank=True)
    files = models.JSONField(default=list, blank=True, help_text="[{name, sha256, bytes, rows}]")
    manifest_sha256 = models.CharField(max_length=64, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"forensics #{self.pk} {self.since:%Y-%m-%d %H:%M}–{self.until:%Y-%m-%d %H:%M}"


class PlaybookReport(models.Model):
    """A report a playbook produced (data-loss impact, performance triage), maybe on an incident."""

    KINDS = [("data_loss", "Data-loss impact"), ("performance", "Performance triage")]
    kind = models.CharField(max_length=20, choices=KINDS)
    incident = models.ForeignKey(
        "operations.Incident",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="playbook_reports",
    )
    created_at = models.DateTimeField(db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=255)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"
