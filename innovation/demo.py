"""Demo data: the knowledge base, two challenges with runs, saved inventions, gates, a plan,
a builds-on link and a metrics snapshot (idempotent)."""

from django.contrib.auth import get_user_model

from innovation import services
from innovation.models import Invention


def seed_demo(*, stdout) -> None:
    out = services.reference_load()
    stdout.write(f"innovation: {out['domains']} domains, +{out['prior_art_added']} prior art")
    user = get_user_model().objects.get(username="demo")
    if Invention.objects.filter(owner=user).exists():
        return
    ch = services.challenge_create(user=user, text="AI-powered mental health solutions")
    run = services.generation_run_create(
        user=user, workflow="novelty", challenge=ch, count=5, seed=1
    )
    inv = [services.invention_save(user=user, run=run, index=i, force=True) for i in range(3)]
    services.invention_gate(invention=inv[0], user=user, decision="go", rationale="Strong novelty")
    services.plan_update(invention=inv[0], checked=[1, 2, 3])
    services.invention_gate(invention=inv[2], user=user, decision="kill", rationale="Weak market")
    ch2 = services.challenge_create(user=user, text="AI emotional companions", domain="social")
    run2 = services.generation_run_create(
        user=user, workflow="novelty", challenge=ch2, count=3, seed=2
    )
    later = services.invention_save(user=user, run=run2, index=0, force=True)
    services.invention_link(invention=later, builds_on=inv[0], user=user)
    services.generation_run_create(
        user=user, workflow="sac", harness="science", amplification="arts", count=4, seed=0
    )
    services.metrics_snapshot_store()
    stdout.write(f"innovation: {Invention.objects.filter(owner=user).count()} demo inventions")
