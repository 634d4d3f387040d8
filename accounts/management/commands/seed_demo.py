"""Create the demo accounts and every context's demo data. Safe to run again (idempotent)."""

import importlib
import os
import secrets

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from accounts.roles import (
    ADMINISTRATOR,
    FINANCE_ANALYST,
    INNOVATION_MANAGER,
    MEMBER,
    OPERATOR,
    ROLE_BY_NAME,
    roles_sync,
)

# (username, role, environment variable with its password). `admin` and `demo` are documented.
DEMO_ACCOUNTS = [
    ("admin", ADMINISTRATOR, "HARMONYHUB_ADMIN_PASSWORD"),
    ("demo", MEMBER, "HARMONYHUB_DEMO_PASSWORD"),
    ("finance", FINANCE_ANALYST, "HARMONYHUB_FINANCE_PASSWORD"),
    ("innovation", INNOVATION_MANAGER, "HARMONYHUB_INNOVATION_PASSWORD"),
    ("operator", OPERATOR, "HARMONYHUB_OPERATOR_PASSWORD"),
]


class Command(BaseCommand):
    help = (
        "Create one demo account per role (admin, demo, finance, innovation, operator) "
        "and each context's demo data."
    )

    def handle(self, *args, **options):
        try:
            for username, role, env_var in DEMO_ACCOUNTS:
                self._ensure_user(username, role=ROLE_BY_NAME[role], env_var=env_var)
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed_demo(stdout=self.stdout)
        except DatabaseError as exc:
            raise CommandError(f"could not write demo data: {exc}") from exc
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def _ensure_user(self, username: str, *, role, env_var: str) -> None:
        User = get_user_model()
        password = os.environ.get(env_var, "")
        user = User.objects.filter(username=username).first()
        if user is not None:
            self._grant(user, role)
            if password and not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                self.stdout.write(f"  {username}: password updated from {env_var}")
            else:
                self.stdout.write(f"  {username}: exists")
            return
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        user = User(
            username=username,
            email=f"{username}@example.com",
            is_staff=role.staff,
            is_superuser=role.name == ADMINISTRATOR,
        )
        user.set_password(password)
        user.save()
        self._grant(user, role)
        if generated:
            self._remember(username, password)
            self.stdout.write(
                self.style.WARNING(
                    f"  created {username!r} with password {password!r} "
                    f"(shown once; set {env_var} to choose it)"
                )
            )
        else:
            self.stdout.write(f"  created {username!r} with the password from {env_var}")

    def _grant(self, user, role) -> None:
        group = Group.objects.filter(name=role.name).first()
        if group is None:  # a database migrated before the roles existed
            roles_sync(group_model=Group, permission_model=Permission)
            group = Group.objects.get(name=role.name)
        user.groups.add(group)

    def _remember(self, username: str, password: str) -> None:
        """Keep generated local-dev credentials in var/ (mode 600) so `make run` can show them."""
        from django.conf import settings

        path = settings.VAR_DIR / "demo-credentials.txt"
        lines = [
            line
            for line in (path.read_text().splitlines() if path.exists() else [])
            if not line.startswith(f"{username} ")
        ]
        lines.append(f"{username} {password}")
        path.write_text("\n".join(lines) + "\n")
        path.chmod(0o600)
