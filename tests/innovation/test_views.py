import re

from innovation.models import Invention


def test_pages_need_login(client, kb_loaded):
    r = client.get("/innovation/")
    assert r.status_code == 302


def test_challenge_to_promoted_component_through_pages(user_client, kb_loaded):
    r = user_client.post(
        "/innovation/",
        {"challenge": "AI-powered mental health solutions", "count": 3, "seed": 2, "domain": ""},
    )
    assert r.status_code == 302
    run_url = r["Location"]
    page = user_client.get(run_url).content.decode()
    assert "Why these scores" in page and "<meter" in page
    save = re.search(r'action="(/innovation/runs/\d+/save/0/)"', page).group(1)
    r = user_client.post(save)
    assert r.status_code == 302
    inv = Invention.objects.get()
    url = f"/innovation/inventions/{inv.pk}/"
    user_client.post(url + "gate/", {"decision": "go", "rationale": "promising"})
    user_client.post(url + "plan/", {"checked": ["1", "2", "3"], "start": "2026-01-05"})
    r = user_client.post(url + "promote/")
    inv.refresh_from_db()
    assert inv.status == "evaluated" and inv.plan.trl == 3 and inv.component_name == inv.key
    page = user_client.get(url).content.decode()
    assert "promising" in page and "TRL 3" in page and inv.component_name in page
    for path in ["board/", "radar/", "metrics/", "sac/", "prior-art/import/"]:
        assert user_client.get("/innovation/" + path).status_code == 200


def test_bad_challenge_form_is_400(user_client, kb_loaded):
    r = user_client.post("/innovation/", {"challenge": "x" * 5000, "count": 3, "seed": 0})
    assert r.status_code == 400
    r = user_client.post(
        "/innovation/sac/", {"harness": "arts", "amplification": "arts", "count": 3, "seed": 0}
    )
    assert r.status_code == 400


def test_other_user_cannot_see_invention(user_client, other_user, kb_loaded):
    from innovation import services

    run = services.generation_run_create(
        user=other_user, workflow="novelty", text="AI emotional companions", count=1
    )
    inv = services.invention_save(user=other_user, run=run, index=0)
    assert user_client.get(f"/innovation/inventions/{inv.pk}/").status_code == 404


def test_board_filters_like_the_api(user_client, user, kb_loaded):
    from innovation import services

    run = services.generation_run_create(
        user=user, workflow="novelty", text="AI emotional companions", domain="social", count=1
    )
    inv = services.invention_save(user=user, run=run, index=0)
    assert inv.key in user_client.get("/innovation/board/?domain=social").content.decode()
    assert inv.key not in user_client.get("/innovation/board/?domain=arts").content.decode()


def test_saved_concept_is_marked_on_the_run_page(user_client, user, kb_loaded):
    from innovation import services

    run = services.generation_run_create(
        user=user, workflow="novelty", text="AI emotional companions", count=2
    )
    inv = services.invention_save(user=user, run=run, index=0)
    page = user_client.get(f"/innovation/runs/{run.pk}/").content.decode()
    assert f'Saved as <a href="/innovation/inventions/{inv.pk}/">{inv.key}</a>' in page
    assert page.count("Save as invention") == 1


def test_admin_domain_edit_is_validated(staff_client, kb_loaded):
    import json

    from innovation.models import Domain

    d = Domain.objects.get(key="arts")
    url = f"/admin/innovation/domain/{d.pk}/change/"
    assert staff_client.get(url).status_code == 200
    form = {
        "key": "arts",
        "name": "Arts",
        "description": d.description,
        "lexicon": json.dumps({**d.lexicon, "solar": ["sun"]}),
        "objects_list": json.dumps(d.objects_list),
        "user_groups": json.dumps(d.user_groups),
        "box": json.dumps(d.box),
        "contradictions": json.dumps(d.contradictions),
        "market": json.dumps(d.market),
        "position": 1,
        "data_version": "1.0.0",
    }
    r = staff_client.post(url, form)
    assert r.status_code == 200 and "already used by another domain" in r.content.decode()
    form["lexicon"] = json.dumps({**d.lexicon, "mural": ["mural", "street art"]})
    r = staff_client.post(url, form)
    assert r.status_code == 302
    assert "mural" in Domain.objects.get(key="arts").lexicon


def test_dashboard_card(rf, user, kb_loaded):
    from innovation.dashboard import dashboard_card

    request = rf.get("/")
    request.user = user
    card = dashboard_card(request)
    assert card["url"] == "/innovation/" and card["lines"][0] == ("Inventions", 0)


def test_saving_a_near_duplicate_offers_merge(user_client, user, kb_loaded):
    from innovation import services

    run = services.generation_run_create(
        user=user, workflow="novelty", text="AI emotional companions", count=1
    )
    first = services.invention_save(user=user, run=run, index=0)
    r = user_client.post(f"/innovation/runs/{run.pk}/save/0/")
    assert r.status_code == 409
    page = r.content.decode()
    assert f"Merge into {first.key}" in page and "Save anyway" in page
    r = user_client.post(f"/innovation/runs/{run.pk}/save/0/", {"merge_into": first.pk})
    assert r.status_code == 302
    assert first.merged.count() == 1
