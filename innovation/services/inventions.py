"""Invention lifecycle: save a concept (with near-duplicate check), merge, gate decisions,
builds-on links, promotion to the valuation portfolio, breakthrough alerts."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from innovation.engines.market import TRL_PTS
from innovation.engines.text_index import sparse_dot
from innovation.models import PIPELINE, GateDecision, GenerationRun, Invention
from innovation.services.engine import engine_context

log = logging.getLogger(__name__)
BREAKTHROUGH_ALERT = 0.8
NEAR_DUPLICATE = 0.8


def _alert_sync(invention: Invention) -> None:
    """Fire (potential > 0.8, strictly) or resolve the invention's breakthrough alert."""
    from operations.services import alert_fire, alert_resolve

    key = f"innovation:breakthrough:{invention.pk}"
    if invention.breakthrough_potential > BREAKTHROUGH_ALERT and invention.status != "killed":
        alert_fire(
            source="innovation",
            name="breakthrough_potential",
            dedup_key=key,
            severity="SEV-4",
            summary=f"High-potential invention {invention.key}: {invention.title[:120]}",
            labels={"invention": invention.key, "domain": invention.domain},
            value=float(invention.breakthrough_potential),
        )
    else:
        alert_resolve(dedup_key=key)


def _on_commit_alert(invention: Invention) -> None:
    def run():
        try:
            _alert_sync(invention)
        except Exception:  # alerting must never break the innovation workflow
            log.exception("innovation alert for invention %s failed", invention.pk)

    transaction.on_commit(run)


def near_duplicates(*, user, text: str, exclude: int | None = None) -> list[dict]:
    """The user's live inventions whose text cosine with ``text`` is at least NEAR_DUPLICATE."""
    qs = Invention.objects.filter(owner=user, merged_into__isnull=True).exclude(pk=exclude)
    items = list(qs.values_list("pk", "key", "title", "description", "mechanism"))
    if not items:
        return []
    index = engine_context().corpus.index
    q = index.query([text] + [f"{t}. {d} {m}" for _, _, t, d, m in items])
    sims = sparse_dot(q[1:], q[0]).ravel()
    return [
        {"id": pk, "key": key, "title": title, "similarity": round(float(s), 6)}
        for (pk, key, title, _, _), s in zip(items, sims, strict=True)
        if s >= NEAR_DUPLICATE
    ]


def invention_save(
    *,
    user,
    run: GenerationRun,
    index: int,
    force: bool = False,
    merge_into: Invention | None = None,
) -> Invention:
    """Keep concept ``index`` (0-based) of a finished run as an invention.

    A near-duplicate of one of the user's inventions raises ApplicationError code
    'near_duplicate' (fields.duplicates lists them) unless ``force``; with ``merge_into`` the
    concept is recorded as merged into that invention instead.
    """
    if run.owner_id != user.pk:
        raise ApplicationError("run not found", code="not_found")
    if run.status != "done":
        raise ApplicationError("the run has not finished", fields={"run": ["not finished"]})
    concepts = run.concepts
    if not 0 <= index < len(concepts):
        raise ApplicationError("no such concept in this run", fields={"index": ["out of range"]})
    c = concepts[index]
    text = f"{c['title']}. {c['description']} {c['mechanism']}"
    if merge_into is not None and merge_into.owner_id != user.pk:
        raise ApplicationError("invention not found", code="not_found")
    dups = [] if (force or merge_into) else near_duplicates(user=user, text=text)
    if dups:
        raise ApplicationError(
            f"This concept is a near-duplicate of {dups[0]['key']}; merge it or save anyway.",
            code="near_duplicate",
            fields={
                "duplicates": [f"{d['key']}: {d['title']} ({d['similarity']:.2f})" for d in dups]
            },
        )
    s = c["scores"]
    with transaction.atomic():
        inv = Invention.objects.create(
            owner=user,
            challenge=run.challenge,
            run=run,
            title=c["title"][:300],
            description=c["description"],
            mechanism=c["mechanism"],
            serves=c["serves"],
            domain=c["domain"],
            domain_shares=c["domain_shares"],
            concept={
                k: c[k]
                for k in ("configuration", "additions", "principle", "tags", "object", "user_group")
                if k in c
            },
            scores=s,
            breakdown=c["breakdown"],
            prior_art=c["prior_art"],
            novelty=s["novelty"],
            breakthrough_potential=s["breakthrough_potential"],
            convergence=s["convergence"],
            market_impact=s["market_impact"],
            seed=run.seed,
            inputs_hash=run.inputs_hash,
            engine_version=run.engine_version,
            merged_into=merge_into,
        )
        inv.key = f"INV{inv.pk:05d}"
        inv.save(update_fields=["key"])
        if merge_into is None:
            _on_commit_alert(inv)
    return inv


NEXT = {s: PIPELINE[i + 1] for i, s in enumerate(PIPELINE[:-1])}


@transaction.atomic
def invention_gate(*, invention: Invention, user, decision: str, rationale: str) -> GateDecision:
    """Record an immutable gate decision and move the status (go: next stage; kill: killed;
    hold: unchanged; recycle: back to idea)."""
    rationale = (rationale or "").strip()
    if decision not in {"go", "kill", "hold", "recycle"}:
        raise ApplicationError(
            "unknown decision", fields={"decision": ["go, kill, hold or recycle"]}
        )
    if not rationale:
        raise ApplicationError("say why", fields={"rationale": ["A rationale is required."]})
    if len(rationale) > 2000:
        raise ApplicationError(
            "rationale too long", fields={"rationale": ["At most 2000 characters."]}
        )
    inv = Invention.objects.select_for_update().get(pk=invention.pk)
    if inv.merged_into_id:
        raise ApplicationError("merged inventions have no gates", fields={"decision": ["merged"]})
    frm = inv.status
    if frm == "killed" and decision != "recycle":
        raise ApplicationError(
            "a killed invention can only be recycled", fields={"decision": ["killed"]}
        )
    if decision == "go":
        if frm not in NEXT:
            raise ApplicationError("already launched", fields={"decision": ["no further stage"]})
        to = NEXT[frm]
    elif decision == "kill":
        to = "killed"
    elif decision == "recycle":
        to = "idea"
    else:
        to = frm
    gate = GateDecision.objects.create(
        invention=inv,
        decision=decision,
        from_status=frm,
        to_status=to,
        decided_by=user,
        rationale=rationale,
    )
    inv.status = to
    inv.save(update_fields=["status", "updated_at"])
    _on_commit_alert(inv)
    invention.status = to
    return gate


@transaction.atomic
def invention_merge(*, source: Invention, target: Invention, user) -> Invention:
    """Merge ``source`` into ``target`` (same owner): source is closed and points to target;
    its builds-on links move to the target."""
    if source.pk == target.pk or source.owner_id != target.owner_id:
        raise ApplicationError("cannot merge these inventions", fields={"target": ["invalid"]})
    if target.merged_into_id:
        raise ApplicationError("target is itself merged", fields={"target": ["merged"]})
    for parent in source.builds_on.all():
        if parent.pk != target.pk:
            target.builds_on.add(parent)
    for child in source.built_upon_by.all():
        if child.pk != target.pk:
            child.builds_on.add(target)
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    return target


def invention_link(*, invention: Invention, builds_on: Invention, user) -> None:
    """Record that ``invention`` builds on an earlier invention (used by the DI1 metric)."""
    if invention.pk == builds_on.pk:
        raise ApplicationError(
            "an invention cannot build on itself", fields={"builds_on": ["self"]}
        )
    if builds_on.created_at > invention.created_at:
        raise ApplicationError(
            "it can only build on an earlier invention", fields={"builds_on": ["later"]}
        )
    invention.builds_on.add(builds_on)


def invention_promote(*, invention: Invention, user):
    """Phase 3 hand-off: create (or reuse) a pre-revenue valuation component for the invention
    and value it (PWERM scenarios from ECV inputs + VC method); returns the snapshot."""
    from valuation import selectors as vsel
    from valuation import services as vsvc

    if invention.merged_into_id or invention.status == "killed":
        raise ApplicationError(
            "only live inventions can be promoted", fields={"status": ["killed or merged"]}
        )
    m = invention.breakdown.get("market", {})
    npv = max(float(m.get("npv", 0.0)), 1.0)
    pts = float(m.get("pts", TRL_PTS[3]))
    pcs = float(m.get("pcs", 0.3))
    inputs = m.get("inputs", {})
    p_success = round(pts * pcs, 6)
    p_tech = round(pts * (1 - pcs), 6)
    scenarios = [
        {
            "name": "commercial success",
            "probability": p_success,
            "exit_value": round(npv, 2),
            "years": 5,
        },
        {
            "name": "technical success only",
            "probability": p_tech,
            "exit_value": round(float(inputs.get("dev_cost", 0.0)) * 0.5, 2),
            "years": 3,
        },
        {
            "name": "failure",
            "probability": round(1 - p_success - p_tech, 6),
            "exit_value": 0,
            "years": 2,
        },
    ]
    name = invention.key
    comp = vsel.component_get(name=name)
    if comp is None:
        comp = vsvc.component_create(
            name=name,
            title=invention.title[:200],
            sector=invention.domain,
            stage="pre_revenue",
            owner=user,
            invention_ref=invention.key,
            description=(
                f"{invention.description}\n\nPre-revenue estimate from the innovation engine: "
                f"ECV {float(m.get('ecv', 0.0)):,.0f} = ((NPV {npv:,.0f} x Pcs {pcs:.2f} - C "
                f"{float(inputs.get('launch_cost', 0.0)):,.0f}) x Pts {pts:.2f}) - D "
                f"{float(inputs.get('dev_cost', 0.0)):,.0f}."
            ),
            method_weights={"pwerm": 0.6, "vc_method": 0.4},
            weights_rationale="Pre-revenue invention: PWERM scenarios from ECV inputs, VC method.",
            pwerm_scenarios=scenarios,
            cash=Decimal("0"),
        )
    snapshot = vsvc.component_revalue(component=comp, seed=invention.seed, trigger="manual")
    invention.component_name = comp.name
    invention.promoted_at = timezone.now()
    invention.save(update_fields=["component_name", "promoted_at", "updated_at"])
    return snapshot
