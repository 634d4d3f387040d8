"""Cap table and round scenario API: shapes, errors and permissions per role."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from rest_framework.test import APIClient

from accounts.roles import FINANCE_ANALYST, INNOVATION_MANAGER, roles_sync
from tests.valuation.test_captable_services import small_table
from valuation.models import RoundScenario

pytestmark = pytest.mark.django_db
BASE = "/api/v1/valuation"


def _role_api(role: str, username: str) -> APIClient:
    roles_sync(group_model=Group, permission_model=Permission)
    u = get_user_model().objects.create_user(username=username, password="x-Pass-1234")
    if role:
        u.groups.add(Group.objects.get(name=role))
    client = APIClient()
    client.force_authenticate(u)
    return client


@pytest.fixture
def analyst():
    return _role_api(FINANCE_ANALYST, "fiona")


@pytest.fixture
def innovator():
    return _role_api(INNOVATION_MANAGER, "ivan")


@pytest.fixture
def table():
    return small_table()


def body(table, **extra):
    return {
        "cap_table": table.pk,
        "pre_money": "9000000",
        "raise_amount": "3000000",
        "target_pool": "0.10",
        "close_date": "2026-01-01",
        **extra,
    }


def test_analyst_builds_saves_and_compares_two_scenarios(analyst, table):
    detail = analyst.get(f"{BASE}/captables/{table.pk}/")
    assert detail.status_code == 200
    assert detail.json()["fully_diluted"] == "9000000"
    preview = analyst.post(f"{BASE}/round-scenarios/preview/", body(table), format="json")
    assert preview.status_code == 200, preview.content
    res = preview.json()["result"]
    assert res["pool_topup"] == "807692" and res["new_money_shares"] == "3269230"
    assert res["price_per_share"] == "0.91764706"
    assert RoundScenario.objects.count() == 0  # preview writes nothing

    a = analyst.post(f"{BASE}/round-scenarios/", body(table, name="Base"), format="json")
    b = analyst.post(
        f"{BASE}/round-scenarios/", body(table, name="Higher", pre_money="15000000"), format="json"
    )
    assert a.status_code == b.status_code == 201, (a.content, b.content)
    ida, idb = a.json()["id"], b.json()["id"]
    assert len(a.json()["inputs_hash"]) == 64
    assert a.json()["result"]["holders"][0]["holder"] == "Employee"

    listing = analyst.get(f"{BASE}/round-scenarios/?cap_table={table.pk}")
    assert listing.status_code == 200 and listing.json()["count"] == 2

    cmp = analyst.get(f"{BASE}/round-scenarios/compare/?a={ida}&b={idb}")
    assert cmp.status_code == 200
    founder = next(h for h in cmp.json()["holders"] if h["holder"] == "Founder")
    assert float(founder["ownership_b"]) > float(founder["ownership_a"])

    csv = analyst.get(f"{BASE}/round-scenarios/{ida}/csv/")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert b"Founder,8000000" in csv.content


def test_bad_input_is_a_400_envelope_with_fields(analyst, table):
    r = analyst.post(
        f"{BASE}/round-scenarios/",
        body(table, name="X", target_pool="1.5", raise_amount="-1"),
        format="json",
    )
    assert r.status_code == 400
    err = r.json()["error"]
    assert {"target_pool", "raise_amount"} <= set(err["fields"])
    r = analyst.post(
        f"{BASE}/round-scenarios/", body(table, name="Y", pre_money=None), format="json"
    )
    assert r.status_code == 400 and "pre_money" in r.json()["error"]["fields"]
    r = analyst.post(
        f"{BASE}/round-scenarios/",
        body(table, name="Z", raise_amount="900000000", target_pool="0.9"),
        format="json",
    )
    assert r.status_code == 400 and "target_pool" in r.json()["error"]["fields"]
    analyst.post(f"{BASE}/round-scenarios/", body(table, name="Dup"), format="json")
    r = analyst.post(f"{BASE}/round-scenarios/", body(table, name="Dup"), format="json")
    assert r.status_code == 400 and r.json()["error"]["code"] == "duplicate"
    r = analyst.get(f"{BASE}/round-scenarios/compare/?a=999&b=x")
    assert r.status_code == 400 and "b" in r.json()["error"]["fields"]
    r = analyst.get(f"{BASE}/round-scenarios/compare/?a=999&b=998")
    assert r.status_code == 400 and r.json()["error"]["code"] == "not_found"
    assert analyst.get(f"{BASE}/round-scenarios/999/").status_code == 404
    assert analyst.get(f"{BASE}/round-scenarios/999/csv/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/captables/",
        "/captables/{t}/",
        "/round-scenarios/",
        "/round-scenarios/{s}/",
        "/round-scenarios/{s}/csv/",
        "/round-scenarios/compare/?a={s}&b={s}",
    ],
)
def test_reads_need_the_finance_role(path, table, analyst, innovator, user_api, api_client):
    s = analyst.post(f"{BASE}/round-scenarios/", body(table, name="S"), format="json").json()
    url = BASE + path.format(t=table.pk, s=s["id"])
    assert analyst.get(url).status_code == 200
    assert user_api.get(url).status_code == 403
    assert innovator.get(url).status_code == 403
    assert api_client.get(url).status_code in (401, 403)


def test_writes_need_the_finance_role(table, user_api, innovator, api_client, analyst):
    for client in (user_api, innovator, api_client):
        for path in ("/round-scenarios/", "/round-scenarios/preview/"):
            r = client.post(BASE + path, body(table, name="N"), format="json")
            assert r.status_code in (401, 403)
    assert RoundScenario.objects.count() == 0
    s = analyst.post(f"{BASE}/round-scenarios/", body(table, name="S"), format="json").json()
    assert user_api.delete(f"{BASE}/round-scenarios/{s['id']}/").status_code == 403
    assert analyst.delete(f"{BASE}/round-scenarios/{s['id']}/").status_code == 204


def test_absurd_rounds_are_400_not_500(analyst, table):
    r = analyst.post(
        f"{BASE}/round-scenarios/preview/",
        body(table, pre_money="1", raise_amount="9999999999999999.99", target_pool="0"),
        format="json",
    )
    assert r.status_code == 400 and "pre_money" in r.json()["error"]["fields"]
    r = analyst.post(
        f"{BASE}/round-scenarios/preview/",
        body(table, pre_money="9999999999999999.99", raise_amount="0", target_pool="0.9999"),
        format="json",
    )
    assert r.status_code in (200, 400)


def test_ids_no_database_can_hold_are_404_or_400(analyst, table):
    huge = 2**70
    assert analyst.get(f"{BASE}/captables/{huge}/").status_code == 404
    assert analyst.get(f"{BASE}/round-scenarios/{huge}/").status_code == 404
    assert analyst.delete(f"{BASE}/round-scenarios/{huge}/").status_code == 404
    assert analyst.get(f"{BASE}/round-scenarios/compare/?a={huge}&b=1").status_code == 400
    r = analyst.post(
        f"{BASE}/round-scenarios/preview/", body(table, cap_table=1e300), format="json"
    )
    assert r.status_code == 400 and "cap_table" in r.json()["error"]["fields"]
