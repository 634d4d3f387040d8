"""Database backup and restore, and per-table checksums to prove a restore is faithful.

PostgreSQL: `pg_dump -Fc` / `pg_restore` (consistent while the site runs; exact types). SQLite:
the online backup API (a page-level copy, safe against concurrent writers). dumpdata/loaddata is
not used: its JSON truncates datetimes to milliseconds and is ~60x slower.

Every backup writes a manifest next to it (`<file>.manifest.json`) with each table's row count
and SHA-256 over its rows in primary-key order, so `restore --verify` can prove the result.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import connections
from django.utils import timezone

from common.exceptions import ApplicationError


@dataclass(frozen=True)
class BackupResult:
    path: str
    engine: str
    tables: int
    rows: int
    bytes: int
    seconds: float


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise ApplicationError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_env(settings: dict) -> tuple[list[str], dict]:
    args = ["-h", settings.get("HOST") or "127.0.0.1", "-p", str(settings.get("PORT") or 5432)]
    if settings.get("USER"):
        args += ["-U", settings["USER"]]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ApplicationError(
            f"`{name}` is not installed (Debian: apt-get install postgresql-client)."
        )
    return found


def default_path(using: str = "default") -> Path:
    from django.conf import settings

    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if _engine(using) == "sqlite" else "dump"
    return Path(settings.VAR_DIR) / "backups" / f"harmonyhub-{stamp}.{suffix}"


def database_backup(*, path: Path, using: str = "default") -> BackupResult:
    """Write a consistent copy of the database to `path`, and its checksum manifest."""
    started = time.perf_counter()
    engine = _engine(using)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    if engine == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        sums = sqlite_checksums(path)
    else:
        args, env = _pg_env(connection.settings_dict)
        name = connection.settings_dict["NAME"]
        # The manifest and the dump read one exported snapshot, so they agree on a busy site.
        with _pg_connect(connection.settings_dict) as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            cmd = [_tool("pg_dump"), *args, "-Fc", "--no-owner", f"--snapshot={snapshot}"]
            subprocess.run(  # noqa: S603
                [*cmd, "-f", str(path), name], env=env, check=True, capture_output=True, text=True
            )
            sums = _pg_sums(conn.cursor())
            conn.rollback()
    manifest = {"engine": engine, "created_at": timezone.now().isoformat(), "tables": sums}
    Path(f"{path}.manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return BackupResult(
        path=str(path),
        engine=engine,
        tables=len(sums),
        rows=sum(v["rows"] for v in sums.values()),
        bytes=path.stat().st_size,
        seconds=round(time.perf_counter() - started, 3),
    )


def database_restore(*, path: Path, using: str = "default", target: str | None = None) -> dict:
    """Restore `path` over the database `using`, or into `target` (a fresh PostgreSQL database
    name or SQLite file) for a restore drill. Returns timing and the restored checksums."""
    started = time.perf_counter()
    path = Path(path)
    if not path.exists():
        raise ApplicationError(f"No backup at {path}.", code="not_found")
    engine = _engine(using)
    if engine == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if target:
                dest = sqlite3.connect(target)
                source.backup(dest)
                dest.close()
                sums = sqlite_checksums(Path(target))
            else:
                connection = connections[using]
                connection.close()
                connection.ensure_connection()
                source.backup(connection.connection)
                sums = sqlite_checksums(connection.settings_dict["NAME"])
        finally:
            source.close()
    else:
        connection = connections[using]
        args, env = _pg_env(connection.settings_dict)
        name = target or connection.settings_dict["NAME"]
        if target:
            subprocess.run(  # noqa: S603
                [_tool("createdb"), *args, target], env=env, check=True, capture_output=True
            )
        else:
            connection.close()
        cmd = [_tool("pg_restore"), *args, "--no-owner", "--clean", "--if-exists", "-d", name]
        subprocess.run([*cmd, str(path)], env=env, check=True, capture_output=True)  # noqa: S603
        sums = pg_checksums(dict(connection.settings_dict, NAME=name))
    return {"seconds": round(time.perf_counter() - started, 3), "tables": sums}


def verify(*, path: Path, restored: dict) -> list[str]:
    """Differences between a backup's manifest and restored checksums (empty when faithful)."""
    manifest = json.loads(Path(f"{path}.manifest.json").read_text())["tables"]
    problems = [f"{t}: missing after restore" for t in manifest if t not in restored]
    problems += [
        f"{t}: {manifest[t]} != {restored[t]}"
        for t in manifest
        if t in restored and manifest[t] != restored[t]
    ]
    return problems


# --- checksums -------------------------------------------------------------------------------


def _digest(cursor, table: str, quote) -> dict:
    # Table names come from the database catalogue and are quoted; no input reaches this SQL.
    cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608  # nosec B608
    rows = sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())
    digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return {"rows": len(rows), "sha256": digest}


def _plain(value):
    """Values as comparable across drivers: memoryview/bytes as hex, the rest as str."""
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    return None if value is None else str(value)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def checksums(*, using: str = "default") -> dict[str, dict]:
    """Checksums of the live database, read with a plain driver connection (no Django type
    converters), so they compare equal to the manifest's."""
    connection = connections[using]
    if _engine(using) == "sqlite":
        return sqlite_checksums(connection.settings_dict["NAME"])
    return pg_checksums(connection.settings_dict)


def _sqlite_ro(path) -> sqlite3.Connection:
    name = str(path)
    if name.startswith("file:"):  # an in-memory shared-cache database (the test runner's)
        return sqlite3.connect(name, uri=True)
    return sqlite3.connect(f"file:{name}?mode=ro", uri=True)


def sqlite_checksums(path) -> dict[str, dict]:
    conn = _sqlite_ro(path)
    try:
        cursor = conn.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
        tables = sorted(r[0] for r in cursor.fetchall())
        return {t: _digest(cursor, t, _quote) for t in tables}
    finally:
        conn.close()


def _pg_connect(settings: dict):
    import psycopg

    return psycopg.connect(
        host=settings.get("HOST") or "127.0.0.1",
        port=settings.get("PORT") or 5432,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        dbname=settings["NAME"],
        options="-c timezone=UTC",
    )


def _pg_sums(cursor) -> dict[str, dict]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    tables = [r[0] for r in cursor.fetchall()]
    return {t: _digest(cursor, t, _quote) for t in tables}


def pg_checksums(settings: dict) -> dict[str, dict]:
    with _pg_connect(settings) as conn:
        return _pg_sums(conn.cursor())


def as_dict(result: BackupResult) -> dict:
    return asdict(result)
