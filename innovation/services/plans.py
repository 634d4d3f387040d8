"""Phase 4 implementation plans."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from common.exceptions import ApplicationError
from innovation.engines import planning
from innovation.engines.pipeline import inputs_hash
from innovation.models import Domain, ImplementationPlan, Invention


def plan_update(
    *, invention: Invention, checked: list[int], start: dt.date | None = None
) -> ImplementationPlan:
    """(Re)compute the invention's plan from the TRL checklist and its stored concept."""
    bad = [c for c in checked if not isinstance(c, int) or c not in planning.TRL_CHECKLIST]
    if bad:
        raise ApplicationError("TRL items are 1..9", fields={"checked": ["Items must be 1..9."]})
    start = start or timezone.now().date()
    trl = planning.trl_assess(set(checked))
    ip = planning.ip_strategy(
        novelty=invention.novelty,
        domain=invention.domain,
        trl=trl["trl"],
        prior_art=invention.prior_art,
    )
    dom = Domain.objects.filter(key=invention.domain).first()
    labels = {}
    market = {}
    if dom:
        labels = {p["key"]: p["name"] for p in dom.box.get("parameters", [])}
        market = dom.market
    for d in Domain.objects.all():
        for p in d.box.get("parameters", []):
            labels.setdefault(p["key"], p["name"])
    proto = planning.prototype_requirements(
        configuration=invention.concept.get("configuration", []),
        additions=invention.concept.get("additions", []),
        labels=labels,
    )
    gtm = planning.go_to_market(
        market=market, segment=invention.concept.get("user_group", ""), start=start
    )
    h = inputs_hash(
        {
            "invention": invention.pk,
            "checked": sorted(set(checked)),
            "start": start.isoformat(),
            "novelty": invention.novelty,
        }
    )
    plan, _ = ImplementationPlan.objects.update_or_create(
        invention=invention,
        defaults={
            "trl_checked": trl["checked"],
            "trl": trl["trl"],
            "risks": trl["risks"],
            "ip_route": ip["route"],
            "ip_reasons": ip["reasons"],
            "prior_art": ip["prior_art"],
            "prototype": proto,
            "go_to_market": gtm,
            "start": start,
            "inputs_hash": h,
            "engine_version": planning.ENGINE_VERSION,
        },
    )
    return plan
