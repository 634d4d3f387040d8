"""python manage.py isolate …: pull or release an isolation switch from a shell.

  isolate status
  isolate read-only on|off --reason "…"
  isolate signup close|open --reason "…"
  isolate revoke (--user NAME | --all) --reason "…"
  isolate disable NAME --reason "…"        isolate enable NAME --reason "…"
  isolate rotate metrics-token|webhook-secret [--reset] --reason "…"

Every switch is logged as a security event with the reason and who pulled it (`--actor`, a
HarmonyHub username, else the operating-system account running the command). A rotated secret
is printed once, here, and never stored in clear (the metrics token) or shown again.
"""

from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from operations.models import Incident
from operations.services.isolation import isolation_apply, isolation_state_get


class Command(BaseCommand):
    help = "Pull or release an incident isolation switch (read-only, sign-up, revocation, ...)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="switch", required=True)
        sub.add_parser("status", help="show the switches")
        for name, choices in (("read-only", ("on", "off")), ("signup", ("close", "open"))):
            p = sub.add_parser(name)
            p.add_argument("state", choices=choices)
            self._common(p)
        p = sub.add_parser("revoke", help="revoke sessions and API tokens")
        who = p.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", dest="username")
        who.add_argument("--all", action="store_true")
        self._common(p)
        for name in ("disable", "enable"):
            p = sub.add_parser(name)
            p.add_argument("username")
            self._common(p)
        p = sub.add_parser("rotate")
        p.add_argument("secret", choices=("metrics-token", "webhook-secret"))
        p.add_argument("--reset", action="store_true", help="go back to the configured value")
        self._common(p)

    @staticmethod
    def _common(parser):
        parser.add_argument("--reason", required=True, help="why (goes into the security log)")
        parser.add_argument("--actor", help="the HarmonyHub username acting")
        parser.add_argument("--incident", type=int, help="log this on incident #N's timeline")

    def handle(self, *args, **options):
        switch = options["switch"]
        if switch == "status":
            return self._status()
        action = {
            "read-only": lambda o: "read_only_on" if o["state"] == "on" else "read_only_off",
            "signup": lambda o: "signup_close" if o["state"] == "close" else "signup_open",
            "revoke": lambda o: "revoke_all" if o["all"] else "revoke_user",
            "disable": lambda o: "disable_user",
            "enable": lambda o: "enable_user",
            "rotate": lambda o: (
                ("reset_" if o["reset"] else "rotate_") + o["secret"].replace("-", "_")
            ),
        }[switch](options)
        actor = None
        if options.get("actor"):
            actor = get_user_model().objects.filter(username=options["actor"]).first()
            if actor is None:
                raise CommandError(f"no user called {options['actor']!r}")
        incident = None
        if options.get("incident"):
            incident = Incident.objects.filter(pk=options["incident"]).first()
            if incident is None:
                raise CommandError(f"no incident #{options['incident']}")
        try:
            result = isolation_apply(
                action=action,
                actor=actor,
                reason=options["reason"],
                username=options.get("username"),
                incident=incident,
                via=f"command:{getpass.getuser()}"[:60],
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{options['actor']} may not pull this switch") from exc
        counts = ", ".join(f"{result[k]} {k}" for k in ("sessions", "tokens") if k in result)
        self.stdout.write(f"{result['label']}: done" + (f" ({counts})" if counts else ""))
        if result.get("secret"):
            self.stdout.write(f"new value (shown once): {result['secret']}")

    def _status(self):
        state = isolation_state_get()
        self.stdout.write(
            f"read-only: {'ON' if state.read_only else 'off'} {state.read_only_reason}"
        )
        self.stdout.write(f"sign-up: {'CLOSED' if state.signup_closed else 'open (setting)'}")
        self.stdout.write(
            "metrics token: "
            + (
                f"rotated {state.metrics_token_rotated_at:%Y-%m-%d %H:%M}"
                if state.metrics_token_sha256
                else "configured"
            )
        )
        self.stdout.write(
            "webhook secret: "
            + (
                f"rotated {state.webhook_secret_rotated_at:%Y-%m-%d %H:%M}"
                if state.webhook_secret
                else "configured"
            )
        )
