"""Built-in "Funding delay" rule (issue 15) and its runbook.

The rule watches valuation's `funding.runway_margin_months` (runway minus the expected months to
close the round plus a buffer, both edited in the valuation funding plan, defaults 6 + 3) and
fires below 0; the metric's detail names the levers that would restore runway. Only inserts.
"""

from django.db import migrations

RULE = dict(
    name="funding-delay",
    alert_name="FundingDelay",
    source="valuation",
    metric="funding.runway_margin_months",
    window_minutes=5,
    comparator="<",
    threshold=0.0,
    for_seconds=0,
    keep_firing_for_seconds=0,
    severity="SEV-2",
    labels={"service": "harmonyhub", "signal": "funding"},
    summary="Funding delay: cash flow optimization needed",
)
STEPS = [
    "Open /valuation/funding/ and read the runway under each delay scenario.",
    "Apply the lever the alert names (hiring freeze %, marketing cut %) in the funding plan.",
    "Confirm runway now covers the time to close plus the buffer (the alert resolves).",
    "Agree a bridge or a smaller, faster round with the board if no lever is enough.",
]


def forwards(apps, schema_editor):
    Rule = apps.get_model("operations", "AlertRule")
    Runbook = apps.get_model("operations", "Runbook")
    Rule.objects.get_or_create(name=RULE["name"], defaults={**RULE, "builtin": True})
    Runbook.objects.get_or_create(
        slug="funding-delay",
        defaults=dict(
            title="Funding delay: cash flow optimization",
            alert_names=["FundingDelay"],
            respond_within_minutes=24 * 60,
            resolve_within_minutes=None,
            steps=STEPS,
        ),
    )


def backwards(apps, schema_editor):
    apps.get_model("operations", "AlertRule").objects.filter(
        name="funding-delay", builtin=True
    ).delete()
    apps.get_model("operations", "Runbook").objects.filter(slug="funding-delay").delete()


class Migration(migrations.Migration):
    dependencies = [("operations", "0003_churn_rule_ratio")]
    operations = [migrations.RunPython(forwards, backwards)]
