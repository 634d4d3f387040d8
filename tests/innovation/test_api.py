import pytest

API = "/api/v1/innovation/"


@pytest.fixture
def loaded(kb_loaded):
    return True


def test_anonymous_is_refused(api_client, loaded):
    assert api_client.get(API + "inventions/").status_code in (401, 403)


def test_run_save_gate_plan_flow(user_api, other_api, loaded):
    r = user_api.post(
        API + "runs/",
        {"challenge": "AI-powered mental health solutions", "count": 3, "seed": 1},
        format="json",
    )
    assert r.status_code == 201, r.content
    run_id = r.json()["id"]
    assert len(r.json()["result"]["concepts"]) == 3
    assert other_api.get(API + f"runs/{run_id}/").status_code == 404
    r = user_api.post(API + "inventions/", {"run_id": run_id, "index": 0}, format="json")
    assert r.status_code == 201
    inv = r.json()["id"]
    dup = user_api.post(API + "inventions/", {"run_id": run_id, "index": 0}, format="json")
    assert dup.status_code == 400 and dup.json()["error"]["code"] == "near_duplicate"
    g = user_api.post(
        API + f"inventions/{inv}/gates/", {"decision": "go", "rationale": "yes"}, format="json"
    )
    assert g.status_code == 201 and g.json()["to_status"] == "evaluated"
    p = user_api.put(API + f"inventions/{inv}/plan/", {"checked": [1, 2]}, format="json")
    assert p.status_code == 200 and p.json()["trl"] == 2
    assert other_api.get(API + f"inventions/{inv}/").status_code == 404
    m = user_api.get(API + "metrics/")
    assert m.status_code == 200 and m.json()["current"]["inventions"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"challenge": ""},
        {"challenge": "x" * 100_000},
        {"challenge": "ok idea", "domain": "nowhere"},
        {"challenge": "ok idea", "count": 0},
        {"challenge": "ok idea", "count": 10_000},
        {"workflow": "sac", "harness": "arts", "amplification": "arts"},
    ],
)
def test_bad_runs_are_400(user_api, loaded, body):
    r = user_api.post(API + "runs/", body, format="json")
    assert r.status_code == 400
    assert r.json()["error"]["fields"]


def test_large_run_is_202(user_api, loaded, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = user_api.post(
            API + "runs/", {"challenge": "AI emotional companions", "count": 25}, format="json"
        )
    assert r.status_code == 202
    assert r.json()["status_url"].endswith(f"/runs/{r.json()['id']}/")
    assert user_api.get(API + f"runs/{r.json()['id']}/").json()["status"] == "done"


def test_sac_challenge_only(user_api, loaded):
    r = user_api.post(
        API + "runs/", {"workflow": "sac", "challenge": "Sustainable urban mobility"}, format="json"
    )
    assert r.status_code == 201
    assert r.json()["result"]["pairs"]["pairs"][0]["harness"] == "mobility"


def test_import_bad_rows_400(user_api, loaded):
    r = user_api.post(
        API + "prior-art/import/", {"format": "jsonl", "content": "{bad"}, format="json"
    )
    assert r.status_code == 400
    assert r.json()["error"]["fields"]["rows"]


def test_merge_and_links(user_api, user, loaded):
    from innovation import services

    run = services.generation_run_create(
        user=user, workflow="novelty", text="AI emotional companions", count=3
    )
    a, b, c = (services.invention_save(user=user, run=run, index=i, force=True) for i in range(3))
    r = user_api.post(API + f"inventions/{b.pk}/links/", {"builds_on": a.pk}, format="json")
    assert r.status_code == 200 and r.json()["builds_on"] == [a.pk]
    r = user_api.post(API + f"inventions/{a.pk}/links/", {"builds_on": b.pk}, format="json")
    assert r.status_code == 400
    r = user_api.post(API + f"inventions/{c.pk}/merge/", {"into": a.pk}, format="json")
    assert r.status_code == 200
    ids = [x["id"] for x in user_api.get(API + "inventions/").json()["results"]]
    assert c.pk not in ids and a.pk in ids


def test_metrics_and_health_are_registered(loaded):
    from operations import registry

    assert registry.metric_value("innovation.inventions") == 0.0
    names = {c.name for c in registry.checks_for("full")}
    assert {"innovation_engine", "innovation_knowledge_base"} <= names
    check = next(c for c in registry.checks_for("full") if c.name == "innovation_engine")
    assert registry.run_check(check)[0] == "ok"
