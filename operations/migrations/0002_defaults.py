"""Default response protocols, escalation policy, inhibition, built-in rules and targets.

Values come from the seed's workflow guide (Alert & Response Protocols, Support & Escalation,
Success Metrics Dashboard). Staff may edit all of them afterwards; this only inserts rows that
do not exist yet.
"""

from decimal import Decimal

from django.db import migrations

RUNBOOKS = [
    ("system-down", "System down", ["SystemDown"], 5, 60, [
        "Acknowledge within 5 minutes.",
        "Open /health/full and note every critical check.",
        "Restore the failing dependency (database, cache, broker) or fail over.",
        "Confirm /health/ready returns 200 from every node.",
        "Resolve within 1 hour; write down the cause and follow-ups.",
    ]),
    ("security-breach", "Security breach", [
        "SecurityBreachSuspected", "FailedLoginBurst", "PrivilegeEscalation", "AuthFailureSpike",
    ], 5, None, [
        "Isolate: block the source address, revoke suspicious sessions and tokens.",
        "Confirm whether the privilege or login activity was authorised.",
        "Preserve logs and database state for forensic analysis.",
        "Forensic analysis: establish what was accessed and since when.",
        "Notify affected users and authorities where the law requires it.",
    ]),
    ("data-loss", "Data loss", ["DataLoss", "BackupFailed"], 15, None, [
        "Stop writes to the affected data if loss is ongoing.",
        "Restore from the latest good backup into a staging copy and verify it.",
        "Impact assessment: which records, which users, which period.",
        "Restore to production and reconcile records written since the backup.",
    ]),
    ("performance", "Performance issues", [
        "PerformanceDegradation", "DiskAlmostFull", "QueueBacklog",
    ], 30, 240, [
        "Check the health page: latency, error rate, CPU, memory, disk, queue depth.",
        "Load balancing: add or rebalance workers if one node is saturated.",
        "Find the slowest routes on the health page and optimise the worst one.",
        "Confirm p95 latency and error rate are back under their thresholds.",
    ]),
    ("revenue-decline", "Revenue decline > 10% MoM", [
        "RevenueDecline", "MRRDecline",
    ], 240, None, [
        "Immediate investigation: compare MRR movements (new, expansion, contraction, churn).",
        "Check billing failures and payment-provider incidents.",
        "Identify the customers or products behind the decline.",
        "Agree a recovery plan with the business owner.",
    ]),
    ("user-churn", "User churn > 5%", ["UserChurn", "HighChurn", "ChurnSpike"], 240, None, [
        "Confirm the churn figure and its definition (logo vs revenue churn).",
        "Segment churned users by plan, cohort and last activity.",
        "Activate the retention campaign for at-risk segments.",
        "Review NPS/CSAT comments of churned users.",
    ]),
]

RULES = [
    dict(name="api-latency-p95", alert_name="PerformanceDegradation", source="system",
         metric="http.p95_ms", window_minutes=5, comparator=">", threshold=1000.0,
         for_seconds=300, keep_firing_for_seconds=120, severity="SEV-3",
         labels={"service": "harmonyhub", "signal": "latency"},
         summary="API p95 latency above 1 s"),
    dict(name="api-error-rate", alert_name="PerformanceDegradation", source="system",
         metric="http.error_rate", window_minutes=5, comparator=">", threshold=0.05,
         for_seconds=300, keep_firing_for_seconds=120, severity="SEV-2",
         labels={"service": "harmonyhub", "signal": "errors"},
         summary="More than 5% of requests fail with 5xx"),
    dict(name="auth-failure-spike", alert_name="AuthFailureSpike", source="security",
         metric="http.auth_failures", window_minutes=5, comparator=">", threshold=100.0,
         for_seconds=0, keep_firing_for_seconds=300, severity="SEV-2",
         labels={"service": "harmonyhub"}, summary="Spike of 401/403 responses"),
    dict(name="disk-almost-full", alert_name="DiskAlmostFull", source="system",
         metric="system.disk_percent", window_minutes=5, comparator=">", threshold=90.0,
         for_seconds=600, keep_firing_for_seconds=0, severity="SEV-3",
         labels={"service": "harmonyhub"}, summary="Disk more than 90% used"),
    dict(name="user-churn", alert_name="UserChurn", source="revenue",
         metric="customer_churn_rate", window_minutes=5, comparator=">", threshold=5.0,
         for_seconds=0, keep_firing_for_seconds=0, severity="SEV-3",
         labels={"service": "harmonyhub"}, summary="Customer churn above 5%"),
]

TARGETS = [
    ("mrr", "MRR", "business", "USD", "higher", 48_000_000, 185_000_000, 420_000_000),
    ("users.total", "Users", "business", "users", "higher", 65_000, 250_000, 600_000),
    ("product.dau", "Daily active users", "product", "users", "higher", None, None, None),
    ("product.stickiness", "Stickiness (DAU/MAU)", "product", "%", "higher", None, None, None),
    ("product.session_median_s", "Median session", "product", "s", "higher", None, None, None),
    ("product.retention_monthly", "Monthly retention", "product", "%", "higher", 85, 85, 85),
    ("product.retention_annual", "Annual retention", "product", "%", "higher", 65, 65, 65),
    ("product.nps", "NPS", "product", "points", "higher", 70, 70, 70),
    ("product.csat_mean", "CSAT", "product", "/5", "higher", 4.5, 4.5, 4.5),
    ("innovation.breakthroughs_year", "Major innovations per year", "innovation", "", "higher",
     15, 15, 15),
    ("innovation.patents_filed", "Patents filed", "innovation", "", "higher", 50, 50, 50),
    ("innovation.market_categories", "New market categories", "innovation", "", "higher",
     3, 3, 3),
]

MARKETS = [
    ("AI/ML", "active_customers", Decimal("10000000"), Decimal("0.5")),
    ("FinTech", "active_customers", Decimal("20000000"), Decimal("0.3")),
    ("HealthTech", "active_customers", Decimal("30000000"), Decimal("0.2")),
]


def forwards(apps, schema_editor):
    Runbook = apps.get_model("operations", "Runbook")
    Policy = apps.get_model("operations", "EscalationPolicy")
    Level = apps.get_model("operations", "EscalationLevel")
    Inhibit = apps.get_model("operations", "InhibitRule")
    Rule = apps.get_model("operations", "AlertRule")
    Target = apps.get_model("operations", "SuccessTarget")
    Market = apps.get_model("operations", "MarketSegment")
    for slug, title, names, respond, resolve, steps in RUNBOOKS:
        Runbook.objects.get_or_create(slug=slug, defaults=dict(
            title=title, alert_names=names, respond_within_minutes=respond,
            resolve_within_minutes=resolve, steps=steps))
    policy, created = Policy.objects.get_or_create(name="Default", defaults=dict(
        is_default=True, sources=[], repeats=2, group_by=["alertname", "service"]))
    if created:
        for position, (name, timeout) in enumerate(
            [("L1 automated monitoring and on-call", 15), ("L2 engineering team", 240),
             ("L3 architecture team", 120)]
        ):
            Level.objects.create(policy=policy, position=position, name=name,
                                 timeout_minutes=timeout)
    Inhibit.objects.get_or_create(name="system-down-mutes-performance", defaults=dict(
        source_matchers=[{"name": "alertname", "op": "=", "value": "SystemDown"}],
        target_matchers=[{"name": "alertname", "op": "=~",
                          "value": "PerformanceDegradation|DiskAlmostFull"}],
        equal=["service"]))
    for rule in RULES:
        Rule.objects.get_or_create(name=rule["name"], defaults={**rule, "builtin": True})
    for pos, (key, label, cat, unit, direction, y1, y2, y3) in enumerate(TARGETS):
        Target.objects.get_or_create(key=key, defaults=dict(
            label=label, category=cat, unit=unit, direction=direction, position=pos,
            year1=y1, year2=y2, year3=y3))
    for name, metric, size, share in MARKETS:
        Market.objects.get_or_create(name=name, defaults=dict(
            metric=metric, market_size=size, target_share_percent=share))


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
