"""Create the five role groups from `accounts.roles.ROLES` and give existing people a role:
superusers become Administrators, everyone who is not staff becomes a Member."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from accounts.roles import ADMINISTRATOR, MEMBER, roles_sync


def forwards(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("auth", "User")
    roles_sync(group_model=Group, permission_model=Permission)
    admins = Group.objects.get(name=ADMINISTRATOR)
    members = Group.objects.get(name=MEMBER)
    for user in User.objects.filter(is_superuser=True):
        user.groups.add(admins)
    for user in User.objects.filter(is_staff=False):
        user.groups.add(members)


def backwards(apps, schema_editor):
    from accounts.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=[r.name for r in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("valuation", "0002_one_queued_job_per_component"),
        ("innovation", "0001_initial"),
        ("operations", "0003_churn_rule_ratio"),
        ("moods", "0001_initial"),
        ("arts", "0001_initial"),
        ("commerce", "0001_initial"),
        ("finance", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
