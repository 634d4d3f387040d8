"""Alerting and incident models: rules, alerts, incidents, escalation, silences, notifications."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

SOURCES = [
    ("system", "System"),
    ("security", "Security"),
    ("valuation", "Valuation"),
    ("revenue", "Revenue"),
    ("innovation", "Innovation"),
]
SEVERITIES = [
    ("SEV-1", "SEV-1 critical"),
    ("SEV-2", "SEV-2 major"),
    ("SEV-3", "SEV-3 minor"),
    ("SEV-4", "SEV-4 low"),
]
COMPARATORS = [(">", ">"), (">=", ">="), ("<", "<"), ("<=", "<="), ("==", "=="), ("!=", "!=")]


class Runbook(models.Model):
    """A response protocol: the checklist shown on incidents of the alert names it covers."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=200)
    alert_names = models.JSONField(default=list, help_text="Alert names this runbook covers")
    respond_within_minutes = models.PositiveIntegerField(null=True, blank=True)
    resolve_within_minutes = models.PositiveIntegerField(null=True, blank=True)
    steps = models.JSONField(default=list, help_text="Ordered checklist steps")

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class NotificationChannel(models.Model):
    """Where a notification can go: a user's in-app inbox, an email address, or a webhook URL."""

    KINDS = [("in_app", "In-app"), ("email", "Email"), ("webhook", "Webhook (Alertmanager JSON)")]
    name = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=10, choices=KINDS)
    target = models.CharField(max_length=500, blank=True, help_text="Email address or URL")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    send_resolved = models.BooleanField(default=True)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.kind})"

    def clean(self):
        if self.kind == "webhook":
            # The address a name resolves to is checked again at every delivery.
            from operations.services.webhooks import url_problem

            problem = url_problem(self.target)
            if problem:
                raise ValidationError({"target": [problem]})


class EscalationPolicy(models.Model):
    """How alerts of some sources are grouped, routed and escalated when nobody acknowledges."""

    name = models.CharField(max_length=120, unique=True)
    sources = models.JSONField(default=list, blank=True, help_text="Sources this policy handles")
    is_default = models.BooleanField(default=False)
    repeats = models.PositiveSmallIntegerField(
        default=1, help_text="How many times the whole level list runs (1-9)"
    )
    ack_timeout_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Re-escalate an acknowledged, still-open incident"
    )
    # Response-time targets (the seed: system down acknowledged < 5 min, resolved < 1 h); a
    # runbook's own respond/resolve minutes win for its incidents. MTTA/MTTR are judged on them.
    ack_target_minutes = models.PositiveIntegerField(default=5)
    resolve_target_minutes = models.PositiveIntegerField(default=60)
    group_by = models.JSONField(default=list, blank=True)
    group_wait_seconds = models.PositiveIntegerField(default=30)
    group_interval_seconds = models.PositiveIntegerField(default=300)
    repeat_interval_seconds = models.PositiveIntegerField(default=4 * 3600)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "escalation policies"

    def __str__(self):
        return self.name


class EscalationLevel(models.Model):
    """One rung of a policy: who is notified, and how long they have before the next rung."""

    policy = models.ForeignKey(EscalationPolicy, related_name="levels", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=120)
    timeout_minutes = models.PositiveIntegerField(default=15)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True)
    channels = models.ManyToManyField(NotificationChannel, blank=True)

    class Meta:
        ordering = ["policy", "position"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "position"], name="ops_esclevel_unique")
        ]

    def __str__(self):
        return f"{self.policy.name} L{self.position + 1} {self.name}"


class AlertRule(models.Model):
    """A condition on a metric that becomes pending, then firing after `for`."""

    STATES = [("inactive", "Inactive"), ("pending", "Pending"), ("firing", "Firing")]
    name = models.CharField(max_length=120, unique=True)
    alert_name = models.CharField(max_length=120, help_text="The alertname label it raises")
    source = models.CharField(max_length=12, choices=SOURCES, default="system")
    metric = models.CharField(max_length=120)
    window_minutes = models.PositiveIntegerField(
        default=5, help_text="Look-back window for request metrics"
    )
    comparator = models.CharField(max_length=2, choices=COMPARATORS, default=">")
    threshold = models.FloatField()
    for_seconds = models.PositiveIntegerField(default=0)
    keep_firing_for_seconds = models.PositiveIntegerField(default=0)
    severity = models.CharField(max_length=5, choices=SEVERITIES, default="SEV-3")
    labels = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=255, blank=True)
    enabled = models.BooleanField(default=True)
    builtin = models.BooleanField(default=False)
    # Evaluation state, written by the minutely evaluation.
    state = models.CharField(max_length=10, choices=STATES, default="inactive")
    active_since = models.DateTimeField(null=True, blank=True)
    last_true_at = models.DateTimeField(null=True, blank=True)
    keep_firing_since = models.DateTimeField(null=True, blank=True)
    last_evaluated_at = models.DateTimeField(null=True, blank=True)
    last_value = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}: {self.metric} {self.comparator} {self.threshold:g}"


class Incident(models.Model):
    """Someone's problem: triggered → acknowledged → resolved, escalating until acknowledged."""

    STATUSES = [
        ("triggered", "Triggered"),
        ("acknowledged", "Acknowledged"),
        ("resolved", "Resolved"),
    ]
    title = models.CharField(max_length=255)
    source = models.CharField(max_length=12, choices=SOURCES)
    alert_name = models.CharField(max_length=120)
    severity = models.CharField(max_length=5, choices=SEVERITIES)
    dedup_key = models.CharField(max_length=255, db_index=True)
    status = models.CharField(max_length=12, choices=STATUSES, default="triggered", db_index=True)
    triggered_at = models.DateTimeField(db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    policy = models.ForeignKey(EscalationPolicy, null=True, blank=True, on_delete=models.SET_NULL)
    escalation_started_at = models.DateTimeField(null=True, blank=True)
    escalation_step = models.PositiveIntegerField(default=0, help_text="Steps already notified")
    next_escalation_at = models.DateTimeField(null=True, blank=True, db_index=True)
    runbook = models.ForeignKey(Runbook, null=True, blank=True, on_delete=models.SET_NULL)
    checklist_done = models.JSONField(default=list, blank=True)
    trigger_count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-triggered_at"]

    def __str__(self):
        return f"#{self.pk} {self.title}"


class Alert(models.Model):
    """One firing episode of a dedup key; re-firing appends, firing after resolve starts anew."""

    STATUSES = [("firing", "Firing"), ("resolved", "Resolved")]
    source = models.CharField(max_length=12, choices=SOURCES)
    name = models.CharField(max_length=120, db_index=True)
    dedup_key = models.CharField(max_length=255, db_index=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    severity = models.CharField(max_length=5, choices=SEVERITIES, default="SEV-3")
    summary = models.CharField(max_length=500, blank=True)
    labels = models.JSONField(default=dict, blank=True)
    value = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default="firing", db_index=True)
    starts_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    fire_count = models.PositiveIntegerField(default=1)
    rule = models.ForeignKey(AlertRule, null=True, blank=True, on_delete=models.SET_NULL)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, related_name="alerts", on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=models.Q(status="firing"),
                name="ops_alert_one_firing_per_key",
            )
        ]

    def __str__(self):
        return f"{self.name} [{self.status}] {self.dedup_key}"


class AlertEvent(models.Model):
    """History: something happened to an alert (fired, re-fired, resolved, silenced...)."""

    alert = models.ForeignKey(Alert, related_name="events", on_delete=models.CASCADE)
    kind = models.CharField(max_length=20)
    at = models.DateTimeField(db_index=True)
    value = models.FloatField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.kind} {self.alert_id} @ {self.at:%Y-%m-%d %H:%M:%S}"


class IncidentLog(models.Model):
    """History: one entry in an incident's timeline (triggered, acknowledged, escalated...)."""

    incident = models.ForeignKey(Incident, related_name="log", on_delete=models.CASCADE)
    at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"#{self.incident_id} {self.kind}"


class Silence(models.Model):
    """Mute notifications for alerts matching label matchers, once or weekly."""

    matchers = models.JSONField(help_text='List of {"name", "op" (=, !=, =~, !~), "value"}')
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    weekdays = models.JSONField(
        default=list, blank=True, help_text="Weekly recurrence: ISO weekdays 1=Mon … 7=Sun"
    )
    daily_start = models.TimeField(null=True, blank=True)
    daily_end = models.TimeField(null=True, blank=True)
    expire_on_resolve = models.BooleanField(default=False)
    comment = models.CharField(max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self):
        return f"Silence {self.pk}: {self.comment[:40]}"


class InhibitRule(models.Model):
    """While a source alert fires, mute target alerts that share the `equal` labels."""

    name = models.CharField(max_length=120, unique=True)
    source_matchers = models.JSONField()
    target_matchers = models.JSONField()
    equal = models.JSONField(default=list, blank=True)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class NotificationGroup(models.Model):
    """Alertmanager-style aggregation group: alerts sharing the policy's group_by labels."""

    policy = models.ForeignKey(EscalationPolicy, on_delete=models.CASCADE)
    group_key = models.CharField(max_length=255)
    labels = models.JSONField(default=dict)
    first_seen_at = models.DateTimeField()
    last_flush_at = models.DateTimeField(null=True, blank=True)
    last_notified_at = models.DateTimeField(null=True, blank=True)
    notified_firing = models.JSONField(default=list, blank=True)
    muted = models.JSONField(default=list, blank=True, help_text="Fingerprints muted at flush")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["policy", "group_key"], name="ops_group_unique")
        ]

    def __str__(self):
        return f"{self.policy.name}:{self.group_key}"


class Notification(models.Model):
    """History: one message sent (or attempted) to one recipient."""

    KINDS = [
        ("firing", "Firing"),
        ("resolved", "Resolved"),
        ("repeat", "Repeat"),
        ("escalation", "Escalation"),
        ("unmuted", "Silence ended"),
        ("digest", "Digest"),
    ]
    channel_kind = models.CharField(max_length=10)
    kind = models.CharField(max_length=12, choices=KINDS)
    recipient = models.CharField(max_length=500)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, default="sent")
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.SET_NULL)
    group = models.ForeignKey(NotificationGroup, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"
