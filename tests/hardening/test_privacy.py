"""Personal data export and account deletion, proved over every model that references the user
(found in the app registry; completeness measured with Django's own deletion collector)."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from tests.hardening import discovery as d

pytestmark = pytest.mark.django_db


def _seed(owner) -> int:
    """At least one row in every model that references a user, for `owner`."""
    made = 0
    for model, field in d.referencing_models():
        if model._meta.app_label in ("admin",):
            continue
        if model is Token:
            Token.objects.get_or_create(user=owner)
            made += 1
            continue
        row = d.make_row(model, owner)
        if getattr(row, field.attname) != owner.pk:
            setattr(row, field.name, owner)
            row.save(update_fields=[field.name])
        made += 1
    return made


def _referencing_counts(user_pk: int) -> dict[str, int]:
    return {
        f"{m._meta.label}.{f.name}": m._default_manager.filter(**{f.name: user_pk}).count()
        for m, f in d.referencing_models()
    }


@pytest.fixture
def people(user, other_user):
    assert _seed(user) and _seed(other_user)
    return user, other_user


def _export(user) -> dict:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/me/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    return json.loads(response.content)


def test_export_is_complete_and_holds_nothing_of_anyone_else(people):
    me, them = people
    export = _export(me)
    collector = NestedObjects(using="default")
    collector.collect([me])
    expected = {
        m._meta.label: len([o for o in objs if not _foreign(o, me)])
        for m, objs in collector.data.items()
        if m is not type(me)
    }
    for label, count in expected.items():
        if count:
            assert export["counts"].get(label) == count, f"{label}: export is incomplete"
    # Every direct reference, cascading or not, is in the export.
    for key, count in _referencing_counts(me.pk).items():
        label = key.rsplit(".", 1)[0]
        if count and not label.startswith("admin."):
            assert export["counts"].get(label, 0) >= count, f"{key} missing from the export"
    text = json.dumps(export)
    assert them.username not in text and them.email not in text
    User = get_user_model()
    for label, rows in export["data"].items():
        model = _model(label)
        user_fields = [f.name for f in model._meta.concrete_fields if f.related_model is User]
        for row in rows:
            for name in user_fields:
                assert row.get(name) in (None, me.pk), f"{label} row of another user exported"
    assert PASSWORD not in text and "pbkdf2" not in text and "md5$" not in text
    assert Token.objects.get(user=me).key not in text
    assert export["profile"]["username"] == me.username
    print(
        json.dumps(
            {"models_exported": len(export["counts"]), "rows": sum(export["counts"].values())}
        )
    )


def _foreign(obj, me) -> bool:
    User = get_user_model()
    return any(
        f.related_model is User and getattr(obj, f.attname) not in (None, me.pk)
        for f in type(obj)._meta.concrete_fields
        if f.is_relation
    )


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def test_delete_requires_the_password_and_then_removes_every_reference(people):
    me, them = people
    me_pk = me.pk
    theirs_before = _referencing_counts(them.pk)
    client = APIClient()
    client.force_authenticate(me)
    wrong = client.delete("/api/v1/me/", {"password": "not-it"}, format="json")
    assert wrong.status_code == 400
    assert "password" in wrong.json()["error"]["fields"]
    missing = client.delete("/api/v1/me/", {}, format="json")
    assert missing.status_code == 400
    assert get_user_model().objects.filter(pk=me.pk).exists()
    response = client.delete("/api/v1/me/", {"password": PASSWORD}, format="json")
    assert response.status_code == 204
    assert not get_user_model().objects.filter(pk=me_pk).exists()
    leftovers = {k: v for k, v in _referencing_counts(me_pk).items() if v}
    assert leftovers == {}
    assert _referencing_counts(them.pk) == theirs_before, "another user's data changed"
    assert Token.objects.filter(user=them).exists()


def test_delete_page_logs_out_every_session_and_the_token(people, client):
    me, _ = people
    token = Token.objects.get(user=me).key
    other_session = Client()
    other_session.force_login(me, backend="django.contrib.auth.backends.ModelBackend")
    client.force_login(me, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/accounts/delete/")
    assert page.status_code == 200 and b"Delete my account" in page.content
    unconfirmed = client.post("/accounts/delete/", {"password": PASSWORD})
    assert unconfirmed.status_code == 400
    bad = client.post("/accounts/delete/", {"password": "nope", "confirm": "on"})
    assert bad.status_code == 400 and b"not correct" in bad.content
    done = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert done.status_code == 302 and done["Location"].startswith("/accounts/login/")
    assert other_session.get("/accounts/profile/").status_code == 302
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_profile_links_to_export_and_deletion(user_client):
    page = user_client.get("/accounts/profile/")
    assert b"/accounts/profile/export/" in page.content
    assert b"/accounts/delete/" in page.content
    download = user_client.get("/accounts/profile/export/")
    assert download.status_code == 200
    assert json.loads(download.content)["profile"]["username"] == "alice"


def test_the_last_administrator_cannot_delete_themselves(staff_api):
    response = staff_api.delete("/api/v1/me/", {"password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "last_superuser"
