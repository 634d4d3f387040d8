"""Create the demo accounts and every context's demo data. Safe to run again (idempotent)."""

import importlib
import os
import secrets

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError


class Command(BaseCommand):
    help = "Create the staff account 'admin', the user 'demo' and each context's demo data."

    def handle(self, *args, **options):
        try:
            self._ensure_user("admin", staff=True, env_var="HARMONYHUB_ADMIN_PASSWORD")
            self._ensure_user("demo", staff=False, env_var="HARMONYHUB_DEMO_PASSWORD")
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

    def _ensure_user(self, username: str, *, staff: bool, env_var: str) -> None:
        User = get_user_model()
        password = os.environ.get(env_var, "")
        user = User.objects.filter(username=username).first()
        if user is not None:
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
            username=username, email=f"{username}@example.com", is_staff=staff, is_superuser=staff
        )
        user.set_password(password)
        user.save()
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
