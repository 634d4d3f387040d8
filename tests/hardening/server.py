"""A throwaway HarmonyHub served by gunicorn on loopback, for schema fuzzing and load runs.

`Site(database="sqlite"|"postgres", settings=...)` creates a fresh database (a temp SQLite file or
a new PostgreSQL database on DATABASE_URL's server), migrates it, seeds a staff user and an
ordinary user with API tokens and one row of every model, and starts gunicorn bound to
127.0.0.1 on a free port. Everything is removed on exit. Run as a module (`python -m
tests.hardening.server seed`) it performs the seeding step inside the prepared environment.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = sys.executable
SECRET = "load-and-fuzz-only-" + "k" * 48  # throwaway site on loopback, never deployed


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_admin_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return os.environ.get("SERVICES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


class Site:
    def __init__(
        self,
        *,
        database: str = "sqlite",
        settings: str = "base",
        workers: int = 2,
        threads: int = 4,
        extra_env: dict | None = None,
    ):
        self.database = database
        self.settings = settings if "." in settings else f"harmonyhub_site.settings.{settings}"
        self.workers, self.threads = workers, threads
        self.tmp = Path(tempfile.mkdtemp(prefix="hh-site-"))
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen | None = None
        self.pg_name: str | None = None
        self.tokens: dict = {}
        self.start_timeout = 60.0  # seconds for gunicorn to answer (a busy CI machine needs more)

    # -- environment --------------------------------------------------------------------------
    def env(self) -> dict:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": self.settings,
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "HARMONYHUB_VAR_DIR": str(self.tmp),
            "AXES_ENABLED": "false",
            "API_THROTTLE_ANON": "1000000/minute",
            "API_THROTTLE_USER": "1000000/minute",
            "CELERY_TASK_ALWAYS_EAGER": "true",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
        env["DATABASE_URL"] = self._database_url()
        env.pop("CELERY_BROKER_URL", None)
        env.update(self.extra_env)
        return env

    def _database_url(self) -> str:
        if self.database == "sqlite":
            return f"sqlite:///{self.tmp / 'site.sqlite3'}"
        admin = postgres_admin_url()
        return admin.rsplit("/", 1)[0] + "/" + self.pg_name

    def _psql(self, sql: str) -> None:
        import psycopg

        admin = postgres_admin_url().rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql)

    # -- lifecycle ----------------------------------------------------------------------------
    def __enter__(self) -> Site:
        try:
            return self._enter()
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def _enter(self) -> Site:
        if self.database == "postgres":
            self.pg_name = f"hh_site_{uuid.uuid4().hex[:10]}"
            self._psql(f'CREATE DATABASE "{self.pg_name}"')
        env = self.env()
        subprocess.run(
            [PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        if "production" in self.settings or "load" in self.settings:
            subprocess.run(
                [PY, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
        out = subprocess.run(
            [PY, "-m", "tests.hardening.server", "seed"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        self.tokens = json.loads(out.strip().splitlines()[-1])
        self.start()
        return self

    def start(self) -> None:
        cmd = [
            PY,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "harmonyhub_site" / "gunicorn.conf.py"),
            "harmonyhub_site.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--worker-class",
            "gthread",
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ]
        self.log = open(self.tmp / "gunicorn.log", "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=self.env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base_url + "/accounts/login/", timeout=2)
                return
            except Exception:  # noqa: BLE001 - not up yet
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start:\n" + (self.tmp / "gunicorn.log").read_text())

    def pids(self) -> list[int]:
        import psutil

        parent = psutil.Process(self.process.pid)
        return [parent.pid, *[c.pid for c in parent.children(recursive=True)]]

    def rss_mb(self) -> float:
        import psutil

        total = 0
        for pid in self.pids():
            with contextlib.suppress(psutil.NoSuchProcess):
                total += psutil.Process(pid).memory_info().rss
        return total / 2**20

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        if getattr(self, "log", None):
            self.log.close()
        if self.pg_name:
            self._psql(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        shutil.rmtree(self.tmp, ignore_errors=True)


def _seed() -> dict:
    """Users with tokens, one row of every model for each, and a journal for the list runs."""
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from domains.moods.services import mood_entry_create
    from tests.hardening import discovery as d

    User = get_user_model()
    staff = User.objects.create_user("fuzzstaff", password=SECRET, is_staff=True, is_superuser=True)
    plain = User.objects.create_user("fuzzuser", password=SECRET)
    from django.contrib.auth.models import Group

    plain.groups.add(Group.objects.get(name="Member"))  # what sign-up gives
    # Filler rows of every owned model: one each gives the fuzzer ids to hit (the default);
    # the load run asks for a page's worth for the plain user, so every list serves full pages.
    per_user = {staff: 1, plain: 1}
    rows = os.environ.get("HH_SITE_FILLER", "1")
    if rows.isdigit() and int(rows) != 1:
        per_user = {plain: int(rows)} if int(rows) else {}
    for user, count in per_user.items():
        for model in d.owned_models():
            for _ in range(count):
                try:
                    d.make_row(model, user)
                except Exception:  # noqa: BLE001 - a model the filler cannot satisfy
                    break
    start = timezone.now() - timedelta(days=60)
    for i in range(200):
        mood_entry_create(
            user=plain,
            emotion=["joy", "calm", "stressed", "tired"][i % 4],
            intensity=(i % 10) / 10,
            note=f"entry {i}",
            recorded_at=start + timedelta(hours=6 * i),
        )
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(plain.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = plain.get_session_auth_hash()
    session.create()
    return {
        "staff": Token.objects.create(user=staff).key,
        "user": Token.objects.create(user=plain).key,
        "user_id": plain.pk,
        "user_session": session.session_key,
    }


if __name__ == "__main__" and sys.argv[1:] == ["seed"]:
    print(json.dumps(_seed()))
