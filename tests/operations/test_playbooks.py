"""Incident playbooks: isolation switches (services, API, pages, command), credential
revocation, forensic exports and their verification, backup_diff, performance triage and the
response-time targets."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import roles_sync
from common.exceptions import ApplicationError
from operations.models import (
    ForensicExport,
    IncidentLog,
    IsolationState,
    PlaybookReport,
    SecurityEventRecord,
)
from operations.services.forensics import forensics_export, forensics_verify
from operations.services.isolation import isolation_apply
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _role_user(name: str, role: str):
    roles_sync(group_model=Group, permission_model=Permission)
    user = get_user_model().objects.create_user(
        username=name, password=PASSWORD, is_staff=role != "Member"
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def operator(db):
    return _role_user("olga", "Operator")


@pytest.fixture
def incident(db):
    from operations.services import alert_fire

    return alert_fire(
        source="security", name="SecurityBreachSuspected", dedup_key="breach:1", severity="SEV-1"
    ).incident


def _login(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _can_sign_in(username: str) -> bool:
    response = Client().post("/accounts/login/", {"username": username, "password": PASSWORD})
    return response.status_code == 302


# --- switches and their log --------------------------------------------------------------------


def test_each_switch_is_logged_with_who_and_why_and_is_reversible(staff_user, incident):
    isolation_apply(
        action="read_only_on", actor=staff_user, reason="exfiltration seen", incident=incident
    )
    assert IsolationState.objects.get(pk=1).read_only
    event = SecurityEventRecord.objects.get(event="isolation_read_only_on")
    assert event.user_id == staff_user.pk and event.detail["reason"] == "exfiltration seen"
    assert event.detail["object_id"] == incident.pk
    entry = IncidentLog.objects.get(incident=incident, kind="isolation")
    assert "exfiltration seen" in entry.message and entry.user == staff_user
    isolation_apply(action="read_only_off", actor=staff_user, reason="contained")
    assert not IsolationState.objects.get(pk=1).read_only


def test_a_reason_is_required(staff_user):
    with pytest.raises(ApplicationError) as exc:
        isolation_apply(action="signup_close", actor=staff_user, reason="  ")
    assert "reason" in exc.value.fields


def test_signup_closed_overrides_the_setting(client, staff_user, settings):
    settings.SIGNUP_OPEN = True
    isolation_apply(action="signup_close", actor=staff_user, reason="bot wave")
    assert client.get("/accounts/signup/").status_code == 403
    from accounts.services import user_signup

    with pytest.raises(ApplicationError):
        user_signup(username="new", email="n@example.com", password="a-Long-passw0rd-xyz")
    isolation_apply(action="signup_open", actor=staff_user, reason="over")
    assert client.get("/accounts/signup/").status_code == 200


def test_revoking_everyone_logs_everyone_out_of_pages_and_api(user, other_user, staff_user):
    pages = [_login(u) for u in (user, other_user)]
    tokens = [Token.objects.create(user=u).key for u in (user, other_user, staff_user)]
    apis = []
    for key in tokens:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        apis.append(api)
    assert [c.get("/moods/").status_code for c in pages] == [200, 200]
    assert [a.get("/api/v1/moods/").status_code for a in apis] == [200, 200, 200]
    result = isolation_apply(action="revoke_all", actor=staff_user, reason="token leak")
    assert result["tokens"] == 3 and result["sessions"] == 2
    for c in pages:
        response = c.get("/moods/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    refused = [a.get("/api/v1/moods/") for a in apis]
    # DRF answers 403 when session auth is listed first (no WWW-Authenticate to offer).
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert {r.json()["error"]["code"] for r in refused} == {"authentication_failed"}
    assert Token.objects.count() == 0


def test_revoke_all_from_the_page_keeps_the_responders_own_session(staff_user, user):
    member = _login(user)
    responder = _login(staff_user)
    response = responder.post(
        "/operations/isolation/revoke_all/", {"reason": "breach", "next": "/operations/"}
    )
    assert response.status_code == 302
    assert member.get("/moods/").status_code == 302
    assert responder.get("/operations/isolation/").status_code == 200


def test_revoking_one_user_leaves_the_others(user, other_user, staff_user):
    alice, bob = _login(user), _login(other_user)
    Token.objects.create(user=user)
    Token.objects.create(user=other_user)
    result = isolation_apply(
        action="revoke_user", actor=staff_user, reason="phished", username="alice"
    )
    assert result == {**result, "sessions": 1, "tokens": 1}
    assert alice.get("/moods/").status_code == 302
    assert bob.get("/moods/").status_code == 200
    assert list(Token.objects.values_list("user__username", flat=True)) == ["bob"]


def test_disabling_a_user_and_enabling_again(user, staff_user):
    alice = _login(user)
    isolation_apply(action="disable_user", actor=staff_user, reason="compromised", username="alice")
    assert alice.get("/moods/").status_code == 302
    assert not _can_sign_in("alice")
    isolation_apply(action="enable_user", actor=staff_user, reason="cleaned", username="alice")
    assert _can_sign_in("alice")


def test_unknown_user_is_a_field_error(staff_user):
    with pytest.raises(ApplicationError) as exc:
        isolation_apply(action="disable_user", actor=staff_user, reason="x", username="nobody")
    assert "username" in exc.value.fields


def test_rotating_the_metrics_token(client, staff_user, settings):
    settings.OPERATIONS_METRICS_TOKEN = "configured-token"
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer configured-token")
    assert ok.status_code == 200
    new = isolation_apply(action="rotate_metrics_token", actor=staff_user, reason="leaked")
    secret = new["secret"]
    assert IsolationState.objects.get(pk=1).metrics_token_sha256 == (
        hashlib.sha256(secret.encode()).hexdigest()
    )
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer configured-token").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    isolation_apply(action="reset_metrics_token", actor=staff_user, reason="config rotated")
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer configured-token").status_code == 200


def test_rotating_the_webhook_secret_signs_outgoing_webhooks(staff_user, monkeypatch):
    import hmac

    from operations.services import notifications, webhooks

    sent = {}

    def fake_post_once(url, body, timeout, extra_headers=None):
        # The network step of the vetted webhook POST: capture what would be sent.
        sent["headers"] = dict(extra_headers or {})
        sent["body"] = body
        return 200, None

    monkeypatch.setattr(webhooks, "_post_once", fake_post_once)
    secret = isolation_apply(
        action="rotate_webhook_secret", actor=staff_user, reason="receiver breached"
    )["secret"]
    notifications._post_json("https://hooks.example.com/x", {"a": 1})
    expected = hmac.new(secret.encode(), sent["body"], hashlib.sha256).hexdigest()
    assert sent["headers"]["X-HarmonyHub-Signature"] == f"sha256={expected}"


# --- permissions -------------------------------------------------------------------------------


def test_operator_may_pull_site_switches_but_not_account_wide_ones(operator, user):
    api = APIClient()
    api.force_authenticate(operator)
    r = api.post("/api/v1/operations/isolation/signup_close/", {"reason": "bots"}, format="json")
    assert r.status_code == 200 and r.json()["state"]["signup_closed"] is True
    r = api.post("/api/v1/operations/isolation/revoke_all/", {"reason": "x"}, format="json")
    assert r.status_code == 403 and r.json()["error"]["code"]
    page = _login(operator)
    assert page.post("/operations/isolation/revoke_all/", {"reason": "x"}).status_code == 403
    assert not SecurityEventRecord.objects.filter(event="isolation_revoke_all").exists()


@pytest.mark.parametrize("role", ["Member", "Finance analyst", "Innovation manager"])
def test_other_roles_cannot_see_or_pull_switches(role):
    person = _role_user("someone", role)
    api = APIClient()
    api.force_authenticate(person)
    assert api.get("/api/v1/operations/isolation/").status_code == 403
    r = api.post("/api/v1/operations/isolation/read_only_on/", {"reason": "x"}, format="json")
    assert r.status_code == 403
    page = _login(person)
    assert page.get("/operations/isolation/").status_code == 403
    assert page.post("/operations/isolation/read_only_on/", {"reason": "x"}).status_code == 403
    assert page.get("/operations/forensics/").status_code == 403
    assert api.get("/api/v1/operations/forensics/").status_code == 403
    assert not IsolationState.objects.filter(read_only=True).exists()


def test_anonymous_is_refused(client, api_client):
    assert api_client.get("/api/v1/operations/isolation/").status_code in (401, 403)
    assert client.get("/operations/isolation/").status_code == 302


def test_api_bad_input_is_a_400_with_fields(staff_api):
    r = staff_api.post("/api/v1/operations/isolation/disable_user/", {"reason": ""}, format="json")
    assert r.status_code == 400 and "reason" in r.json()["error"]["fields"]
    r = staff_api.post("/api/v1/operations/isolation/disable_user/", {"reason": "x"}, format="json")
    assert r.status_code == 400 and "username" in r.json()["error"]["fields"]
    assert staff_api.post("/api/v1/operations/isolation/nope/", {}).status_code == 404


def test_incident_page_shows_the_panel_by_role(operator, staff_user, incident):
    body = _login(staff_user).get(f"/operations/incidents/{incident.pk}/").content.decode()
    assert "Revoke everyone" in body and "Make the site read-only" in body
    body = _login(operator).get(f"/operations/incidents/{incident.pk}/").content.decode()
    assert "Make the site read-only" in body and "Revoke everyone" not in body


# --- command -----------------------------------------------------------------------------------


def test_isolate_command(staff_user, user, capsys):
    call_command("isolate", "read-only", "on", "--reason", "breach", "--actor", "staff")
    assert IsolationState.objects.get(pk=1).read_only
    call_command("isolate", "status")
    assert "read-only: ON" in capsys.readouterr().out
    call_command("isolate", "disable", "alice", "--reason", "stolen laptop")
    assert not get_user_model().objects.get(username="alice").is_active
    call_command("isolate", "rotate", "metrics-token", "--reason", "leak")
    assert "shown once" in capsys.readouterr().out
    call_command("isolate", "read-only", "off", "--reason", "over")
    assert not IsolationState.objects.get(pk=1).read_only
    with pytest.raises(CommandError, match="Say why"):
        call_command("isolate", "signup", "close", "--reason", " ")
    with pytest.raises(CommandError, match="No user called"):
        call_command("isolate", "disable", "ghost", "--reason", "x")
    event = SecurityEventRecord.objects.get(event="isolation_disable_user")
    assert event.target_user_id == user.pk and event.detail["via"].startswith("command:")


# --- forensics ---------------------------------------------------------------------------------


@pytest.fixture
def evidence(staff_user, user, incident):
    from domains.finance.models import AssessmentAccess
    from operations.models import RequestMinute
    from tests.finance.factories import make_assessment

    now = timezone.now()
    isolation_apply(action="revoke_user", actor=staff_user, reason="drill", username="alice")
    RequestMinute.objects.create(
        minute=now.replace(second=0, microsecond=0),
        route="moods/",
        method="GET",
        worker="w1",
        count=3,
        sum_ms=30.0,
        sum_queries=12,
    )
    assessment = make_assessment(user)
    AssessmentAccess.objects.create(assessment=assessment, reader=staff_user, via="page")
    return {"now": now, "assessment": assessment}


def test_forensic_export_writes_every_section_and_verifies(tmp_path, staff_user, evidence):
    now = evidence["now"]
    export = forensics_export(
        since=now - timedelta(hours=1),
        until=now + timedelta(minutes=5),
        user=staff_user,
        reason="case 7",
        output=tmp_path / "case7",
    )
    names = {f["name"]: f for f in export.files}
    assert set(names) == {
        "security_events.jsonl",
        "request_metrics.jsonl",
        "staff_reads.jsonl",
        "privilege_changes.jsonl",
        "incident_timeline.jsonl",
    }
    events = [
        json.loads(x) for x in (tmp_path / "case7/security_events.jsonl").read_text().splitlines()
    ]
    assert any(e["event"] == "isolation_revoke_user" and e["reason"] == "drill" for e in events)
    metrics = (tmp_path / "case7/request_metrics.jsonl").read_text()
    assert json.loads(metrics.splitlines()[0])["sum_queries"] == 12
    reads = [json.loads(x) for x in (tmp_path / "case7/staff_reads.jsonl").read_text().splitlines()]
    assert [(r["source"], r["reader_id"], r["subject_user_id"]) for r in reads] == [
        ("staff_reads", staff_user.pk, evidence["assessment"].user_id)
    ]
    timeline = (tmp_path / "case7/incident_timeline.jsonl").read_text()
    assert "triggered" in timeline
    manifest = (tmp_path / "case7/manifest.json").read_bytes()
    assert export.manifest_sha256 == hashlib.sha256(manifest).hexdigest()
    assert forensics_verify(directory=tmp_path / "case7") == []
    call_command("forensics", "--verify", str(tmp_path / "case7"))


def test_a_changed_byte_fails_verification(tmp_path, staff_user, evidence):
    now = evidence["now"]
    forensics_export(
        since=now - timedelta(hours=1), until=now + timedelta(minutes=5), output=tmp_path / "x"
    )
    path = tmp_path / "x/security_events.jsonl"
    data = bytearray(path.read_bytes())
    data[5] ^= 0x01
    path.write_bytes(bytes(data))
    problems = forensics_verify(directory=tmp_path / "x")
    assert problems == ["security_events.jsonl: SHA-256 differs from the manifest"]
    with pytest.raises(CommandError, match="FAILED"):
        call_command("forensics", "--verify", str(tmp_path / "x"))


def test_an_edited_manifest_fails_against_the_stored_hash(tmp_path, evidence):
    now = evidence["now"]
    forensics_export(since=now - timedelta(hours=1), until=now, output=tmp_path / "m")
    manifest = tmp_path / "m/manifest.json"
    manifest.write_text(manifest.read_text().replace('"reason": ""', '"reason": "x"'))
    assert forensics_verify(directory=tmp_path / "m") == [
        "manifest.json differs from the one recorded in the database"
    ]


def test_forensics_command_exports_and_rejects_bad_windows(tmp_path, capsys, evidence):
    out = tmp_path / "cmd"
    since = (evidence["now"] - timedelta(hours=1)).isoformat()
    until = (evidence["now"] + timedelta(minutes=1)).isoformat()
    call_command("forensics", "--since", since, "--until", until, "--output", str(out))
    assert "manifest sha256" in capsys.readouterr().out
    assert ForensicExport.objects.get().status == "done"
    with pytest.raises(CommandError, match="after the start"):
        call_command(
            "forensics", "--since", until, "--until", since, "--output", str(tmp_path / "b")
        )
    with pytest.raises(CommandError, match="not a date"):
        call_command("forensics", "--since", "yesterday", "--until", until, "--output", "z")
    with pytest.raises(CommandError, match="not empty"):
        call_command("forensics", "--since", since, "--until", until, "--output", str(out))


def test_forensics_page_and_download(staff_client, tmp_path, settings, evidence):
    settings.OPERATIONS_FORENSICS_DIR = str(tmp_path / "f")
    r = staff_client.post(
        "/operations/forensics/",
        {"since": "2000-01-01 00:00", "until": "2000-01-01 00:00", "reason": "x"},
    )
    assert r.status_code == 200 and "after the start" in r.content.decode()
    now = evidence["now"]
    r = staff_client.post(
        "/operations/forensics/",
        {
            "since": (now - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S"),
            "until": (now + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S"),
            "reason": "y",
        },
    )
    assert r.status_code == 302
    export = ForensicExport.objects.get()
    r = staff_client.get(f"/operations/forensics/{export.pk}/download/")
    assert r.status_code == 200 and r["Content-Type"] == "application/zip"
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert f"forensics-{export.pk}/manifest.json" in names and len(names) == 6


def test_forensics_api(staff_api, tmp_path, settings, evidence):
    settings.OPERATIONS_FORENSICS_DIR = str(tmp_path / "api")
    now = evidence["now"]
    r = staff_api.post(
        "/api/v1/operations/forensics/",
        {"since": (now - timedelta(hours=1)).isoformat(), "until": now.isoformat()},
        format="json",
    )
    assert r.status_code == 201, r.content
    assert len(r.json()["files"]) == 5 and len(r.json()["manifest_sha256"]) == 64
    r = staff_api.post(
        "/api/v1/operations/forensics/",
        {"since": now.isoformat(), "until": (now - timedelta(hours=1)).isoformat()},
        format="json",
    )
    assert r.status_code == 400 and "until" in r.json()["error"]["fields"]
    assert staff_api.get("/api/v1/operations/forensics/").status_code == 200


# --- performance triage and response targets -----------------------------------------------------


def test_a_performance_incident_gets_triage_attached(user, django_capture_on_commit_callbacks):
    from operations.models import AnalyticsEvent, RequestMinute
    from operations.services import alert_fire

    now = timezone.now()
    minute = (now - timedelta(minutes=10)).replace(second=0, microsecond=0)
    RequestMinute.objects.create(
        minute=minute,
        route="api/v1/slow/",
        method="GET",
        worker="w",
        count=10,
        sum_ms=20000.0,
        sum_queries=300,
        histogram={"2500": 10},
    )
    RequestMinute.objects.create(
        minute=minute - timedelta(days=1),
        route="api/v1/slow/",
        method="GET",
        worker="w",
        count=10,
        sum_ms=1000.0,
        sum_queries=50,
        histogram={"100": 10},
    )
    RequestMinute.objects.create(
        minute=minute,
        route="fast/",
        method="GET",
        worker="w",
        count=5,
        sum_ms=5.0,
        histogram={"1": 5},
    )
    for i in range(3):
        AnalyticsEvent.objects.create(user=user, kind="api", occurred_at=now - timedelta(minutes=i))
    with django_capture_on_commit_callbacks(execute=True):
        incident = alert_fire(
            source="system", name="PerformanceDegradation", dedup_key="perf:1", severity="SEV-3"
        ).incident
    report = PlaybookReport.objects.get(incident=incident, kind="performance")
    slow = report.data["slow_routes"][0]
    assert slow["route"] == "api/v1/slow/" and slow["p95_ms"] == 2500
    assert slow["queries_per_request"] == 30.0 and slow["previous_day"]["queries_per_request"] == 5
    assert slow["p95_change_pct"] == 2400.0
    assert report.data["busiest_users"] == [
        {"user_id": user.pk, "username": "alice", "page_minutes": 0, "api_minutes": 3}
    ]
    assert "queues" in report.data


def test_response_targets_on_the_overview(staff_client):
    from operations.models import EscalationPolicy, Incident

    policy = EscalationPolicy.objects.get(name="Default")
    assert (policy.ack_target_minutes, policy.resolve_target_minutes) == (5, 60)
    now = timezone.now()
    Incident.objects.create(
        title="quick",
        source="system",
        alert_name="X",
        severity="SEV-1",
        dedup_key="a",
        triggered_at=now - timedelta(minutes=30),
        acknowledged_at=now - timedelta(minutes=28),
        resolved_at=now - timedelta(minutes=10),
        status="resolved",
        policy=policy,
    )
    Incident.objects.create(
        title="slow",
        source="system",
        alert_name="X",
        severity="SEV-1",
        dedup_key="b",
        triggered_at=now - timedelta(hours=3),
        acknowledged_at=now - timedelta(minutes=170),
        status="acknowledged",
        policy=policy,
    )
    from operations.selectors import incident_stats

    stats = incident_stats(days=30)
    assert (stats["ack_within_target"], stats["ack_late"]) == (1, 1)
    assert (stats["resolve_within_target"], stats["resolve_late"]) == (1, 1)
    assert stats["ack_target_pct"] == 50.0
    body = staff_client.get("/operations/").content.decode()
    assert "Within response targets" in body


def test_triage_from_the_incident_page(staff_client, incident):
    r = staff_client.post(f"/operations/incidents/{incident.pk}/triage/")
    assert r.status_code == 302
    assert PlaybookReport.objects.filter(incident=incident, kind="performance").count() == 1
    body = staff_client.get(f"/operations/incidents/{incident.pk}/").content.decode()
    assert "Performance triage" in body


def test_security_events_are_persisted_with_only_safe_fields(user):
    from common.logs import security_event

    security_event("token_created", user=user, password="hunter2", note="secret mood")
    row = SecurityEventRecord.objects.get(event="token_created")
    assert row.user_id == user.pk
    assert "hunter2" not in json.dumps(row.detail) and "secret mood" not in json.dumps(row.detail)


def test_a_failing_event_insert_never_breaks_the_caller(user, monkeypatch):
    from django.db import transaction

    from common.logs import security_event

    def boom(self, *a, **k):
        raise RuntimeError("database away")

    monkeypatch.setattr(SecurityEventRecord, "save", boom)
    with transaction.atomic():
        security_event("logout", user=user)
        assert get_user_model().objects.filter(pk=user.pk).exists()  # transaction still usable


def test_privilege_changes_are_exported(tmp_path, user, staff_user):
    from operations.services.security import security_privilege_granted

    security_privilege_granted(user=user, fields=["is_staff"])
    isolation_apply(action="disable_user", actor=staff_user, reason="x", username="alice")
    now = timezone.now()
    forensics_export(
        since=now - timedelta(minutes=5), until=now + timedelta(minutes=1), output=tmp_path / "p"
    )
    rows = [
        json.loads(x) for x in (tmp_path / "p/privilege_changes.jsonl").read_text().splitlines()
    ]
    assert [(r["kind"], r["target_user_id"]) for r in rows] == [
        ("privilege_granted", user.pk),
        ("isolation_disable_user", user.pk),
    ]
    assert rows[0]["fields"] == ["is_staff"] and rows[1]["actor_id"] == staff_user.pk
