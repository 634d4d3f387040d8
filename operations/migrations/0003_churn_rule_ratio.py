"""valuation's `customer_churn_rate` is a ratio (0.05 = 5 %): the built-in rule compares to 0.05."""

from django.db import migrations


def forwards(apps, schema_editor):
    Rule = apps.get_model("operations", "AlertRule")
    Rule.objects.filter(name="user-churn", metric="customer_churn_rate", threshold=5.0).update(
        threshold=0.05, summary="Customer churn above 5% in the last month"
    )


def backwards(apps, schema_editor):
    Rule = apps.get_model("operations", "AlertRule")
    Rule.objects.filter(name="user-churn", metric="customer_churn_rate", threshold=0.05).update(
        threshold=5.0
    )


class Migration(migrations.Migration):
    dependencies = [("operations", "0002_defaults")]
    operations = [migrations.RunPython(forwards, backwards)]
