from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, using="default", **kwargs):
    # post_migrate is sent once per app, and each app's permissions are created by its own
    # call; the groups are synced after the last one so a newly added model's permissions exist.
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import roles_sync

    roles_sync(group_model=Group, permission_model=Permission)


class AccountsConfig(AppConfig):
    name = "accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from accounts import signals

        signals.connect()
        post_migrate.connect(_sync_roles, dispatch_uid="accounts.roles_sync")
