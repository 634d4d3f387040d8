"""backup_diff: a backup taken before deleting, editing and adding known rows reports exactly
those rows (and their owners); after a restore the report lands on the data-loss incident."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from operations import backup
from operations.models import Incident, PlaybookReport
from operations.services.impact import backup_diff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def moods(user, other_user):
    from domains.moods.services import mood_entry_create

    return [
        mood_entry_create(user=who, emotion="calm", intensity=0.1 * (i + 1), note=f"n{i}")
        for i, who in enumerate((user, user, other_user, other_user, user))
    ]


def test_backup_diff_reports_exactly_the_changed_rows(moods, user, other_user, tmp_path, capsys):
    from domains.moods.models import MoodEntry
    from domains.moods.services import mood_entry_create

    path = tmp_path / "before.sqlite3"
    backup.database_backup(path=path)
    lost, edited = moods[2], moods[0]
    MoodEntry.objects.filter(pk=lost.pk).delete()
    MoodEntry.objects.filter(pk=edited.pk).update(note="rewritten")
    added = mood_entry_create(user=user, emotion="joy", intensity=0.9)
    other_user.email = "changed@example.com"
    other_user.save(update_fields=["email"])

    report = backup_diff(path=path)
    table = MoodEntry._meta.db_table
    user_table = type(user)._meta.db_table
    assert set(report["tables"]) == {table, user_table}
    moods_diff = report["tables"][table]
    assert (moods_diff["lost_keys"], moods_diff["changed_keys"], moods_diff["added_keys"]) == (
        [str(lost.pk)],
        [str(edited.pk)],
        [str(added.pk)],
    )
    assert (moods_diff["backup_rows"], moods_diff["live_rows"]) == (5, 5)
    assert report["tables"][user_table]["changed_keys"] == [str(other_user.pk)]
    assert report["totals"] == {"lost": 1, "added": 1, "changed": 2}
    assert report["affected_users"] == [
        {"id": user.pk, "username": "alice"},
        {"id": other_user.pk, "username": "bob"},
    ]

    call_command("backup_diff", str(path))
    out = capsys.readouterr().out
    assert "1 lost, 1 added, 2 changed" in out and "alice (#" in out
    call_command("backup_diff", str(path), "--json")
    assert json.loads(capsys.readouterr().out)["totals"]["lost"] == 1


def test_backup_diff_of_an_unchanged_database_is_empty(moods, tmp_path):
    path = tmp_path / "same.sqlite3"
    backup.database_backup(path=path)
    report = backup_diff(path=path)
    assert report["tables"] == {} and report["affected_users"] == []


def test_backup_diff_refuses_a_missing_or_foreign_file(tmp_path):
    with pytest.raises(CommandError, match="No backup"):
        call_command("backup_diff", str(tmp_path / "nope"))
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError, match="not a (SQLite|PostgreSQL) backup"):
        call_command("backup_diff", str(junk))


def test_restore_attaches_the_impact_report_to_the_data_loss_incident(
    moods, tmp_path, settings, capsys
):
    from domains.moods.models import MoodEntry

    path = tmp_path / "good.sqlite3"
    backup.database_backup(path=path)
    MoodEntry.objects.filter(pk=moods[1].pk).delete()
    call_command("restore", str(path), "--force")
    out = capsys.readouterr().out
    assert "impact report attached to incident #" in out
    report = PlaybookReport.objects.get(kind="data_loss")
    assert report.incident.alert_name == "DataLoss"
    assert report.data["tables"][MoodEntry._meta.db_table]["lost_keys"] == [str(moods[1].pk)]
    assert MoodEntry.objects.filter(pk=moods[1].pk).exists()
    assert Incident.objects.filter(alert_name="DataLoss").count() == 1


def test_backup_diff_page(staff_client, moods, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    (tmp_path / "backups").mkdir()
    backup.database_backup(path=tmp_path / "backups" / "b1.sqlite3")
    response = staff_client.get("/operations/backups/diff/")
    assert response.status_code == 200 and "b1.sqlite3" in response.content.decode()
    response = staff_client.post("/operations/backups/diff/", {"backup": "../../etc/passwd"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = staff_client.post("/operations/backups/diff/", {"backup": "b1.sqlite3"})
    assert response.status_code == 302
    page = staff_client.get(response["Location"])
    assert page.status_code == 200 and "Data-loss impact" in page.content.decode()
