"""Innovation reads."""

from __future__ import annotations

from django.db.models import QuerySet

from common.exceptions import ApplicationError
from innovation.models import (
    PIPELINE,
    Challenge,
    Domain,
    GenerationRun,
    InnovationMetrics,
    Invention,
    PriorArt,
)


def challenge_list(*, user) -> QuerySet[Challenge]:
    return Challenge.objects.filter(owner=user)


def run_list(*, user) -> QuerySet[GenerationRun]:
    return GenerationRun.objects.filter(owner=user).select_related("challenge")


def invention_list(*, user, include_merged: bool = False) -> QuerySet[Invention]:
    qs = Invention.objects.filter(owner=user)
    return qs if include_merged else qs.filter(merged_into__isnull=True)


def invention_get(*, user, pk: int) -> Invention:
    inv = Invention.objects.filter(owner=user, pk=pk).first()
    if inv is None:
        raise ApplicationError("invention not found", code="not_found")
    return inv


def board(*, user, filters: dict | None = None) -> list[dict]:
    """Columns of the invention board (pipeline stages, then killed), filtered like the API."""
    from innovation.filters import InventionFilterSet

    qs = InventionFilterSet(filters or {}, queryset=invention_list(user=user)).qs
    cols = {s: [] for s in [*PIPELINE, "killed"]}
    for inv in qs.order_by("-breakthrough_potential", "id"):
        cols[inv.status].append(inv)
    labels = dict(Invention._meta.get_field("status").choices)
    return [{"status": s, "label": labels[s], "items": items} for s, items in cols.items()]


def radar(*, user) -> list[dict]:
    """Portfolio radar points: distance = 1 - potential, segment = domain."""
    keys = list(Domain.objects.values_list("key", flat=True))
    out = []
    for inv in invention_list(user=user).exclude(status="killed"):
        seg = keys.index(inv.domain) if inv.domain in keys else 0
        out.append(
            {
                "id": inv.pk,
                "key": inv.key,
                "title": inv.title,
                "domain": inv.domain,
                "segment": seg,
                "distance": round(1 - inv.breakthrough_potential, 6),
                "potential": inv.breakthrough_potential,
                "status": inv.status,
            }
        )
    return out


def domain_keys() -> list[str]:
    return list(Domain.objects.values_list("key", flat=True))


def prior_art_list() -> QuerySet[PriorArt]:
    return PriorArt.objects.all()


def metrics_history(*, weeks: int = 26) -> list[InnovationMetrics]:
    return list(InnovationMetrics.objects.order_by("-week_start")[:weeks])[::-1]
