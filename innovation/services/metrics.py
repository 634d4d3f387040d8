"""Weekly innovation metrics: breakthrough rate, IP portfolio, funnel, per domain, DI1."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from innovation.engines.market import di1
from innovation.engines.pipeline import inputs_hash
from innovation.models import PIPELINE, InnovationMetrics, Invention
from innovation.services.inventions import BREAKTHROUGH_ALERT

ENGINE_VERSION = "metrics/1.0.0"
IP_STATUSES = ("patent_filed", "granted", "launched")


def disruption_scores(links: dict[int, set[int]]) -> dict[int, float]:
    """DI1 per invention over builds-on links (``links[x]`` = inventions x builds on); only
    inventions that someone built on, or whose references someone built on, get a score."""
    citers: dict[int, set[int]] = {}
    for child, parents in links.items():
        for p in parents:
            citers.setdefault(p, set()).add(child)
    out = {}
    for focal in set(citers) | {c for c in links if links[c]}:
        focal_c = citers.get(focal, set())
        ref_c = set().union(*(citers.get(r, set()) for r in links.get(focal, set()))) - {focal}
        if focal_c or ref_c:
            out[focal] = di1(focal_citers=focal_c, reference_citers=ref_c)
    return out


def metrics_compute() -> dict:
    live = Invention.objects.filter(merged_into__isnull=True)
    rows = list(live.values("id", "status", "domain", "breakthrough_potential"))
    n = len(rows)
    status = Counter(r["status"] for r in rows)
    funnel = {s: sum(status[x] for x in PIPELINE[i:]) for i, s in enumerate(PIPELINE)}
    funnel["killed"] = status["killed"]
    links: dict[int, set[int]] = {}
    for child, parent in Invention.builds_on.through.objects.values_list(
        "from_invention_id", "to_invention_id"
    ):
        links.setdefault(child, set()).add(parent)
    di = disruption_scores(links)
    return {
        "inventions": n,
        "breakthrough_rate": (
            sum(r["breakthrough_potential"] > BREAKTHROUGH_ALERT for r in rows) / n if n else 0.0
        ),
        "ip_portfolio": {s: status[s] for s in IP_STATUSES},
        "funnel": funnel,
        "per_domain": dict(sorted(Counter(r["domain"] for r in rows).items())),
        "disruption": sum(di.values()) / len(di) if di else 0.0,
        "details": {"di1": {str(k): v for k, v in sorted(di.items())}, "status": dict(status)},
    }


def metrics_snapshot_store(*, week_start: dt.date | None = None) -> InnovationMetrics:
    """Store (or refresh) the snapshot for the week starting Monday ``week_start``."""
    today = timezone.now().date()
    week_start = week_start or (today - dt.timedelta(days=today.weekday()))
    data = metrics_compute()
    snap, _ = InnovationMetrics.objects.update_or_create(
        week_start=week_start,
        defaults={**data, "inputs_hash": inputs_hash(data), "engine_version": ENGINE_VERSION},
    )
    return snap
