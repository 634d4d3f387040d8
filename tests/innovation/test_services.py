import pytest

from common.exceptions import ApplicationError
from innovation import services
from innovation.models import GateDecision, GenerationRun, Invention, PriorArt
from innovation.services.metrics import disruption_scores, metrics_compute


@pytest.fixture
def run(kb_loaded, user):
    return services.generation_run_create(
        user=user, workflow="novelty", text="AI-powered mental health solutions", count=4, seed=3
    )


def test_reference_load_is_idempotent(kb_loaded):
    n = PriorArt.objects.count()
    assert n >= 300
    services.reference_load()
    assert PriorArt.objects.count() == n


def test_run_and_save_and_gates(run, user):
    assert run.status == "done" and len(run.concepts) == 4 and run.inputs_hash
    inv = services.invention_save(user=user, run=run, index=0)
    assert inv.key.startswith("INV") and 0 <= inv.breakthrough_potential <= 1
    with pytest.raises(ApplicationError) as err:
        services.invention_save(user=user, run=run, index=0)
    assert err.value.code == "near_duplicate"
    merged = services.invention_save(user=user, run=run, index=0, merge_into=inv)
    assert merged.merged_into == inv
    services.invention_gate(invention=inv, user=user, decision="go", rationale="ok")
    inv.refresh_from_db()
    assert inv.status == "evaluated"
    services.invention_gate(invention=inv, user=user, decision="kill", rationale="no")
    with pytest.raises(ApplicationError):
        services.invention_gate(invention=inv, user=user, decision="go", rationale="again")
    assert list(GateDecision.objects.values_list("to_status", flat=True)) == ["evaluated", "killed"]


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"text": ""}, "challenge"),
        ({"text": "x" * 100_000}, "challenge"),
        ({"text": "ok idea", "domain": "astrology"}, "domain"),
        ({"text": "ok idea", "count": 0}, "count"),
        ({"text": "ok idea", "count": 10_000}, "count"),
    ],
)
def test_bad_runs_write_nothing(kb_loaded, user, kw, field):
    with pytest.raises(ApplicationError) as err:
        services.generation_run_create(user=user, workflow="novelty", **kw)
    assert field in err.value.fields
    assert GenerationRun.objects.count() == 0


def test_sac_same_domain_is_an_error(kb_loaded, user):
    with pytest.raises(ApplicationError) as err:
        services.generation_run_create(
            user=user, workflow="sac", harness="arts", amplification="arts"
        )
    assert "amplification" in err.value.fields


def test_import_reports_rows_and_writes_nothing(kb_loaded, user):
    before = PriorArt.objects.count()
    text = (
        "ref,title,summary,year,domain,tags\n"
        "U-1,Good,A good summary,2020,health,mental-health;therapy\n"
        "U-2,,missing title,20x0,nowhere,bogus\n"
    )
    with pytest.raises(ApplicationError) as err:
        services.prior_art_import(text=text, fmt="csv", user=user)
    assert err.value.fields["rows"][0].startswith("row 2:")
    assert PriorArt.objects.count() == before
    ok = services.prior_art_import(text=text.rsplit("\n", 2)[0], fmt="csv", user=user)
    assert ok["imported"] == 1
    jsonl = (
        '{"ref": "U-3", "title": "T", "summary": "S", "year": 2021, "domain": "arts", '
        '"tags": []}\nnot json'
    )
    with pytest.raises(ApplicationError) as err:
        services.prior_art_import(text=jsonl, fmt="jsonl", user=user)
    assert "line 2" in err.value.fields["rows"][0]


def test_plan_and_metrics(run, user):
    a = services.invention_save(user=user, run=run, index=1, force=True)
    b = services.invention_save(user=user, run=run, index=2, force=True)
    plan = services.plan_update(invention=a, checked=[1, 2, 3, 5])
    assert plan.trl == 3 and plan.ip_route and plan.go_to_market["milestones"]
    services.invention_link(invention=b, builds_on=a, user=user)
    m = metrics_compute()
    assert m["inventions"] == 2 and m["funnel"]["idea"] == 2
    snap = services.metrics_snapshot_store()
    assert snap.inputs_hash


def test_di1_over_builds_on_graph():
    # focal 1 cites reference 0; 2, 3, 4 build on 1 only; 5 builds on 1 and 0
    links = {1: {0}, 2: {1}, 3: {1}, 4: {1}, 5: {1, 0}}
    assert disruption_scores(links)[1] == pytest.approx(0.5)


def test_promote_creates_valued_component(run, user):
    inv = services.invention_save(user=user, run=run, index=0, force=True)
    snap = services.invention_promote(invention=inv, user=user)
    inv.refresh_from_db()
    assert inv.component_name == inv.key and snap.pk
    from valuation import selectors as vsel

    assert vsel.component_get(name=inv.key).invention_ref == inv.key
    assert Invention.objects.get(pk=inv.pk).promoted_at


def _run_with_potential(run, potential):
    concept = dict(run.concepts[0])
    concept["scores"] = {**concept["scores"], "breakthrough_potential": potential}
    run.result = {**run.result, "concepts": [concept]}
    run.save(update_fields=["result"])
    return run


def test_breakthrough_alert_fires_strictly_above_08_and_resolves(
    run, user, django_capture_on_commit_callbacks
):
    from operations.models import Alert

    with django_capture_on_commit_callbacks(execute=True):
        inv = services.invention_save(user=user, run=_run_with_potential(run, 0.85), index=0)
    alert = Alert.objects.get(dedup_key=f"innovation:breakthrough:{inv.pk}")
    assert alert.source == "innovation" and alert.status == "firing" and alert.value == 0.85
    with django_capture_on_commit_callbacks(execute=True):
        services.invention_gate(invention=inv, user=user, decision="kill", rationale="no")
    alert.refresh_from_db()
    assert alert.status != "firing"
    with django_capture_on_commit_callbacks(execute=True):
        other = services.invention_save(
            user=user, run=_run_with_potential(run, 0.8), index=0, force=True
        )
    assert not Alert.objects.filter(dedup_key=f"innovation:breakthrough:{other.pk}").exists()


def test_seed_demo_is_idempotent(db, user):
    import io

    from django.contrib.auth import get_user_model

    from innovation.demo import seed_demo

    get_user_model().objects.create_user(username="demo", password="x-demo-pass-123")
    seed_demo(stdout=io.StringIO())
    n = Invention.objects.count()
    seed_demo(stdout=io.StringIO())
    assert n >= 4 and Invention.objects.count() == n
    assert GateDecision.objects.exists()


def test_new_prior_art_is_picked_up_and_flags_duplicates(kb_loaded, user):
    from innovation.engines.novelty import prior_art
    from tests.innovation.factories import ChallengeFactory, PriorArtFactory

    ch = ChallengeFactory(owner=user, text="AI emotional companions", domain="social")
    first = services.generation_run_create(user=user, workflow="novelty", challenge=ch, count=1)
    c = first.concepts[0]
    text = f"{c['title']}. {c['description']} {c['mechanism']}"
    assert c["scores"]["novelty"] > 0.5
    PriorArtFactory(title=c["title"], summary=f"{c['description']} {c['mechanism']}")
    corpus = services.engine_context().corpus  # rebuilt: the data changed
    out = prior_art(corpus, [text], corpus.index.query([text]))[0]
    assert out["novelty"] <= 0.01 and out["duplicate"]
    again = services.generation_run_create(user=user, workflow="novelty", challenge=ch, count=1)
    assert first.inputs_hash != again.inputs_hash  # the corpus fingerprint is an input
