"""Innovation models: knowledge base (domains, prior art), challenges, generation runs,
inventions with gate decisions and implementation plans, weekly metrics."""

from django.conf import settings
from django.db import models

from common.models import TimeStampedModel

STATUSES = [
    ("idea", "Idea"),
    ("evaluated", "Evaluated"),
    ("prototype", "Prototype"),
    ("patent_filed", "Patent filed"),
    ("granted", "Granted"),
    ("launched", "Launched"),
    ("killed", "Killed"),
]
PIPELINE = ["idea", "evaluated", "prototype", "patent_filed", "granted", "launched"]
DECISIONS = [("go", "Go"), ("kill", "Kill"), ("hold", "Hold"), ("recycle", "Recycle")]
RUN_STATUSES = [
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
]
WORKFLOWS = [("novelty", "Novelty engine"), ("sac", "SAC integration")]
IP_ROUTES = [
    ("trade_secret", "Trade secret"),
    ("patent", "Patent"),
    ("design", "Registered design"),
    ("copyright", "Copyright"),
    ("open_publication", "Open publication"),
]


class Domain(TimeStampedModel):
    """A knowledge domain: tag lexicon, morphological box with exclusions, contradictions."""

    key = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=64)
    description = models.TextField(blank=True)
    lexicon = models.JSONField(help_text='{"tag": ["keyword", ...]}')
    objects_list = models.JSONField(default=list, help_text="Object nouns, e.g. companion")
    user_groups = models.JSONField(default=list)
    box = models.JSONField(help_text='{"parameters": [...], "exclusions": [[a, b], ...]}')
    contradictions = models.JSONField(default=list, help_text='[{"improve": ..., "worsen": ...}]')
    market = models.JSONField(default=dict, help_text="Market defaults (adopters, margin, p, q…)")
    position = models.PositiveSmallIntegerField(default=0)
    data_version = models.CharField(max_length=16, default="1.0.0")

    class Meta:
        ordering = ["position", "key"]

    def __str__(self):
        return self.name

    def as_engine_dict(self) -> dict:
        return {
            "key": self.key,
            "name": self.name,
            "description": self.description,
            "lexicon": self.lexicon,
            "objects": self.objects_list,
            "user_groups": self.user_groups,
            "box": self.box,
            "contradictions": self.contradictions,
            "market": self.market,
        }


class PriorArt(TimeStampedModel):
    """One dated prior-art summary (seed corpus or a user's import)."""

    ref = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(max_length=5000)
    year = models.PositiveSmallIntegerField(db_index=True)
    domain = models.CharField(max_length=32, db_index=True)
    tags = models.JSONField(default=list)
    source = models.CharField(max_length=16, default="seed")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["year", "ref"]
        verbose_name_plural = "prior art"

    def __str__(self):
        return f"{self.ref} ({self.year}) {self.title}"


class Challenge(TimeStampedModel):
    """A problem statement an innovator works on."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="innovation_challenges"
    )
    text = models.CharField(max_length=1000)
    domain = models.CharField(max_length=32, blank=True)
    parsed = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.text[:80]


class GenerationRun(TimeStampedModel):
    """One run of the novelty or SAC engine with its inputs, status and full result."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="innovation_runs"
    )
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    workflow = models.CharField(max_length=8, choices=WORKFLOWS)
    params = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=RUN_STATUSES, default="queued")
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    seed = models.BigIntegerField(default=0)
    inputs_hash = models.CharField(max_length=64, blank=True)
    engine_version = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Outbox bookkeeping: when the task was last sent, when a worker last claimed the run.
    dispatched_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.workflow} run {self.pk} ({self.status})"

    @property
    def concepts(self) -> list[dict]:
        return self.result.get("concepts") or self.result.get("opportunities") or []


class Invention(TimeStampedModel):
    """A concept kept in the pipeline: text, domain shares, scores with breakdown, status."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inventions"
    )
    key = models.CharField(max_length=16, unique=True, null=True, blank=True)
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.SET_NULL, related_name="inventions"
    )
    run = models.ForeignKey(
        GenerationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="inventions"
    )
    title = models.CharField(max_length=300)
    description = models.TextField()
    mechanism = models.TextField(blank=True)
    serves = models.TextField(blank=True)
    domain = models.CharField(max_length=32, db_index=True)
    domain_shares = models.JSONField(default=dict)
    concept = models.JSONField(default=dict, help_text="Configuration, principle, tags, object")
    scores = models.JSONField(default=dict)
    breakdown = models.JSONField(default=dict)
    prior_art = models.JSONField(default=list)
    novelty = models.FloatField(default=0.0)
    breakthrough_potential = models.FloatField(default=0.0, db_index=True)
    convergence = models.FloatField(default=0.0)
    market_impact = models.FloatField(default=0.0)
    status = models.CharField(max_length=16, choices=STATUSES, default="idea", db_index=True)
    seed = models.BigIntegerField(default=0)
    inputs_hash = models.CharField(max_length=64, blank=True)
    engine_version = models.JSONField(default=dict, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    builds_on = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="built_upon_by"
    )
    component_name = models.CharField(max_length=64, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(breakthrough_potential__gte=0.0)
                & models.Q(breakthrough_potential__lte=1.0),
                name="innovation_invention_potential_0_1",
            ),
        ]

    def __str__(self):
        return f"{self.key or self.pk}: {self.title[:60]}"


class GateDecision(models.Model):
    """An immutable stage-gate decision on an invention (who, what, why)."""

    invention = models.ForeignKey(Invention, on_delete=models.CASCADE, related_name="gates")
    decision = models.CharField(max_length=8, choices=DECISIONS)
    from_status = models.CharField(max_length=16, choices=STATUSES)
    to_status = models.CharField(max_length=16, choices=STATUSES)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rationale = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.invention_id}: {self.decision} {self.from_status}→{self.to_status}"


class ImplementationPlan(TimeStampedModel):
    """Phase 4 plan of an invention: feasibility (TRL), IP strategy, prototype, go-to-market."""

    invention = models.OneToOneField(Invention, on_delete=models.CASCADE, related_name="plan")
    trl_checked = models.JSONField(default=list)
    trl = models.PositiveSmallIntegerField(default=1)
    risks = models.JSONField(default=list)
    ip_route = models.CharField(max_length=20, choices=IP_ROUTES)
    ip_reasons = models.JSONField(default=list)
    prior_art = models.JSONField(default=list)
    prototype = models.JSONField(default=dict)
    go_to_market = models.JSONField(default=dict)
    start = models.DateField()
    inputs_hash = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=32)

    def __str__(self):
        return f"Plan for {self.invention}"


class InnovationMetrics(TimeStampedModel):
    """Weekly innovation metrics snapshot."""

    week_start = models.DateField(unique=True)
    inventions = models.PositiveIntegerField(default=0)
    breakthrough_rate = models.FloatField(default=0.0)
    ip_portfolio = models.JSONField(default=dict)
    funnel = models.JSONField(default=dict)
    per_domain = models.JSONField(default=dict)
    disruption = models.FloatField(default=0.0, help_text="Mean DI1 over inventions with citers")
    details = models.JSONField(default=dict)
    inputs_hash = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=32)

    class Meta:
        ordering = ["-week_start"]
        verbose_name_plural = "innovation metrics"

    def __str__(self):
        return f"Innovation metrics week of {self.week_start}"
