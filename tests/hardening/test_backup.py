"""backup → restore into a fresh database → every table's row count and checksum is equal
(SQLite online backup on the embedded defaults; pg_dump/pg_restore under `make test-services`)."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from operations import backup
from tests.hardening.test_privacy import _seed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def populated(user, other_user, staff_user):
    from domains.moods.services import mood_entry_create

    for who in (user, other_user, staff_user):
        _seed(who)
    for i in range(300):
        mood_entry_create(user=user, emotion="calm", intensity=(i % 10) / 10, note=f"n{i} ünï")


@pytest.fixture
def target(tmp_path):
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"hh_restore_{uuid.uuid4().hex[:10]}"
    yield name
    import psycopg

    admin = dict(connection.settings_dict, NAME="postgres")
    with psycopg.connect(
        host=admin["HOST"] or "127.0.0.1",
        port=admin["PORT"] or 5432,
        user=admin["USER"] or None,
        password=admin["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_restore_into_a_fresh_database_matches_every_table(populated, tmp_path, target, capsys):
    path = tmp_path / "hh.backup"
    call_command("backup", output=str(path))
    assert path.exists() and (tmp_path / "hh.backup.manifest.json").exists()
    live = backup.checksums()
    result = backup.database_restore(path=path, target=target)
    restored = result["tables"]
    assert set(restored) == set(live)
    assert restored == live, [t for t in live if live[t] != restored.get(t)]
    assert backup.verify(path=path, restored=restored) == []
    rows = sum(t["rows"] for t in live.values())
    assert rows > 300 and len(live) > 30
    print(
        f"RESTORE {connection.vendor}: {len(live)} tables, {rows} rows equal, "
        f"{result['seconds']:.2f} s"
    )


def test_restore_command_verifies_and_refuses_to_overwrite_by_accident(populated, tmp_path, target):
    path = tmp_path / "hh.backup"
    call_command("backup", output=str(path))
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(path))
    with pytest.raises(CommandError, match="no manifest"):
        call_command("restore", str(tmp_path / "missing"), target=target)
    call_command("restore", str(path), target=target)


def test_verify_reports_a_changed_table(populated, tmp_path):
    path = tmp_path / "hh.backup"
    backup.database_backup(path=path)
    live = backup.checksums()
    table = next(t for t in live if live[t]["rows"])
    tampered = {**live, table: {**live[table], "rows": live[table]["rows"] - 1}}
    assert backup.verify(path=path, restored=tampered) == [
        f"{table}: {live[table]} != {tampered[table]}"
    ]
