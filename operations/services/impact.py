"""Data-loss impact: compare a backup with the live database, table by table.

For every table: rows only in the backup (lost since it was taken), rows only live (added since)
and rows in both whose values differ (changed), matched by primary key; counts per table and
the users those rows belong to (through every foreign key to the user table, and the user table
itself). SQLite backups are read in place (read-only); a PostgreSQL dump is restored into a
scratch database first and dropped afterwards.

After `restore` replaces the live database, the report computed just before the restore (what
the restore brought back and what it discarded) is attached to the open data-loss incident,
which is opened if the restored database has none.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import subprocess
import uuid
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import timezone

from common.exceptions import ApplicationError
from operations import backup
from operations.models import Incident, PlaybookReport

#: Rows listed per table and kind in a report (counts are always complete).
MAX_KEYS = 200
#: Tables whose churn is not data: sessions and the metrics/migration bookkeeping.
NOISE_TABLES = frozenset({"django_session", "django_migrations"})


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _user_columns() -> dict[str, list[str]]:
    """table -> columns holding a user id (the user table's own primary key included)."""
    User = get_user_model()
    out: dict[str, list[str]] = {User._meta.db_table: [User._meta.pk.column]}
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is User:
                out.setdefault(model._meta.db_table, []).append(f.column)
    return out


def _pk_columns(cursor, vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(f"PRAGMA table_info({_quote(table)})")
        cols = sorted((r[5], r[1]) for r in cursor.fetchall() if r[5])
        return [name for _pos, name in cols]
    cursor.execute(
        "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary",
        [_quote(table)],
    )
    return [r[0] for r in cursor.fetchall()]


def _rows(cursor, table: str, pk: list[str], user_cols: list[str]) -> dict:
    """{key: (row digest, user ids)} for every row; key = the primary key values (or the whole
    row for a table without one)."""
    # Table names come from the database catalogue and are quoted; no input reaches this SQL.
    cursor.execute(f"SELECT * FROM {_quote(table)}")  # noqa: S608  # nosec B608
    names = [d[0] for d in cursor.description]
    pk_idx = [names.index(c) for c in pk if c in names]
    user_idx = [names.index(c) for c in user_cols if c in names]
    out = {}
    for row in cursor.fetchall():
        plain = tuple(backup._plain(v) for v in row)
        key = tuple(plain[i] for i in pk_idx) if pk_idx else plain
        digest = hashlib.sha256(repr(plain).encode()).hexdigest()
        users = {plain[i] for i in user_idx if plain[i] is not None}
        out[key] = (digest, users)
    return out


def _tables(cursor, vendor: str) -> set[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {r[0] for r in cursor.fetchall()}


@contextlib.contextmanager
def _backup_cursor(path: Path, using: str):
    connection = connections[using]
    if connection.vendor == "sqlite":
        # The same type converters Django registers, so values compare equal to live ones.
        conn = sqlite3.connect(
            f"file:{path}?mode=ro",
            uri=True,
            detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES,
        )
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ApplicationError(f"{path} is not a SQLite backup.", code="bad_backup") from exc
        try:
            yield conn.cursor()
        finally:
            conn.close()
        return
    scratch = f"hh_diff_{uuid.uuid4().hex[:12]}"
    settings = dict(connection.settings_dict, NAME=scratch)
    try:
        try:
            backup.database_restore(path=path, using=using, target=scratch)
        except subprocess.CalledProcessError as exc:
            raise ApplicationError(
                f"{path} is not a PostgreSQL backup (pg_restore refused it).", code="bad_backup"
            ) from exc
        with backup._pg_connect(settings) as conn:
            yield conn.cursor()
    finally:
        admin = dict(connection.settings_dict, NAME="postgres")
        with backup._pg_connect(admin) as conn:
            conn.autocommit = True
            conn.execute(f"DROP DATABASE IF EXISTS {_quote(scratch)} WITH (FORCE)")


@contextlib.contextmanager
def _live_cursor(using: str):
    """The live database read the same way as the backup: on PostgreSQL through a plain
    connection, because Django's own leaves jsonb undecoded (text) while the backup's decodes it,
    and every JSON column would then differ."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            yield cursor
        return
    with backup._pg_connect(connection.settings_dict) as conn:
        yield conn.cursor()


def _key_text(key: tuple) -> str:
    return key[0] if len(key) == 1 else "(" + ", ".join(map(str, key)) + ")"


def backup_diff(*, path: Path, using: str = "default") -> dict:
    """Compare the backup at `path` with the live database. Returns a JSON-ready report."""
    path = Path(path)
    if not path.is_file():
        raise ApplicationError(f"No backup at {path}.", code="not_found")
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise ApplicationError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    user_cols = _user_columns()
    tables: dict[str, dict] = {}
    users: set[str] = set()
    with _backup_cursor(path, using) as old, _live_cursor(using) as live:
        old_tables, live_tables = _tables(old, vendor), _tables(live, vendor)
        for table in sorted((old_tables | live_tables) - NOISE_TABLES):
            if table not in live_tables or table not in old_tables:
                where = "backup" if table in old_tables else "live database"
                tables[table] = {"only_in": where}
                continue
            pk = _pk_columns(live, vendor, table)
            cols = user_cols.get(table, [])
            before = _rows(old, table, pk, cols)
            after = _rows(live, table, pk, cols)
            lost = sorted(set(before) - set(after))
            added = sorted(set(after) - set(before))
            changed = sorted(k for k in set(before) & set(after) if before[k][0] != after[k][0])
            if not (lost or added or changed):
                continue
            for key in lost:
                users |= before[key][1]
            for key in added:
                users |= after[key][1]
            for key in changed:
                users |= before[key][1] | after[key][1]
            tables[table] = {
                "backup_rows": len(before),
                "live_rows": len(after),
                "lost": len(lost),
                "added": len(added),
                "changed": len(changed),
                "lost_keys": [_key_text(k) for k in lost[:MAX_KEYS]],
                "added_keys": [_key_text(k) for k in added[:MAX_KEYS]],
                "changed_keys": [_key_text(k) for k in changed[:MAX_KEYS]],
            }
    user_ids = sorted(int(u) for u in users if str(u).isdigit())
    names = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username"))
    return {
        "backup": str(path),
        "compared_at": timezone.now().isoformat(),
        "engine": vendor,
        "tables": tables,
        "totals": {
            k: sum(t.get(k, 0) for t in tables.values()) for k in ("lost", "added", "changed")
        },
        "affected_users": [
            {"id": uid, "username": names.get(uid, "(not in the live database)")}
            for uid in user_ids
        ],
    }


def impact_report_save(
    *, report: dict, user=None, incident: Incident | None = None
) -> PlaybookReport:
    """Keep a backup comparison as a data-loss report (on `incident` when given)."""
    totals = report["totals"]
    return PlaybookReport.objects.create(
        kind="data_loss",
        incident=incident,
        created_at=timezone.now(),
        created_by=user,
        title=(
            f"{Path(report['backup']).name}: {totals['lost']} lost, {totals['added']} added, "
            f"{totals['changed']} changed, {len(report['affected_users'])} users"
        )[:255],
        data=report,
    )


def impact_attach_after_restore(*, report: dict, user=None) -> PlaybookReport:
    """After a restore: attach the pre-restore comparison to the open data-loss incident,
    opening one (alert DataLoss) when the restored database holds none."""
    from operations.services.alerts import alert_fire

    incident = (
        Incident.objects.filter(alert_name="DataLoss")
        .exclude(status="resolved")
        .order_by("-triggered_at")
        .first()
    )
    if incident is None:
        alert = alert_fire(
            source="system",
            name="DataLoss",
            dedup_key="system:data-loss:restore",
            severity="SEV-1",
            summary=f"Database restored from {Path(report['backup']).name}",
        )
        incident = alert.incident
    return impact_report_save(report=report, user=user, incident=incident)
