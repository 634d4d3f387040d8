"""Challenges and generation runs (novelty and SAC engines)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.exceptions import ApplicationError
from common.outbox import dispatch_lease, job_dispatch_on_commit, run_lease, send_now
from innovation.data import load_eval_challenges
from innovation.engines import evaluation, pipeline
from innovation.engines.pipeline import run_novelty
from innovation.engines.sac import run_sac
from innovation.models import Challenge, GenerationRun
from innovation.services.engine import engine_context

SYNC_MAX_COUNT = 20


def _fail(exc: ValueError, field: str) -> ApplicationError:
    msg = str(exc)
    head = msg.split(":")[0]
    for name in ("harness", "amplification", "count", "challenge"):
        if head.startswith(name):
            field = name
            break
    else:
        if "valid domains" in msg:
            field = "domain"
    return ApplicationError(msg, code="invalid", fields={field: [msg]})


def _validate(p: dict) -> None:
    """Check every input before anything is written (same rules as the engines)."""
    kb = engine_context().kb
    try:
        pipeline.validate_count(p["count"])
        if p["workflow"] == "novelty":
            pipeline.validate_challenge(p["challenge"])
            if p.get("domain"):
                pipeline.validate_domain(kb, p["domain"])
            return
        h, a = p.get("harness"), p.get("amplification")
        pipeline.validate_challenge(p.get("challenge"), required=not (h or a))
        if bool(h) != bool(a):
            raise ValueError("harness and amplification must be given together")
        if h:
            try:
                pipeline.validate_domain(kb, h)
            except ValueError as exc:
                raise ValueError(f"harness: {exc}") from exc
            try:
                pipeline.validate_domain(kb, a)
            except ValueError as exc:
                raise ValueError(f"amplification: {exc}") from exc
            if h == a:
                raise ValueError("amplification must differ from harness (same domain twice)")
    except ValueError as exc:
        raise _fail(exc, "challenge") from exc


def _engine_call(params: dict) -> dict:
    ctx = engine_context()
    if params["workflow"] == "novelty":
        return run_novelty(
            ctx.kb,
            ctx.triz,
            ctx.search,
            ctx.corpus,
            challenge=params["challenge"],
            domain=params.get("domain") or None,
            count=params["count"],
            seed=params["seed"],
            writing=ctx.writing,
        )
    return run_sac(
        ctx.kb,
        ctx.triz,
        ctx.search,
        ctx.corpus,
        harness=params.get("harness") or None,
        amplification=params.get("amplification") or None,
        challenge=params.get("challenge") or None,
        count=params["count"],
        seed=params["seed"],
        writing=ctx.writing,
    )


def engine_preview(**params) -> dict:
    """Run an engine without storing anything (commands with --json, validation)."""
    try:
        return _engine_call(params)
    except ValueError as exc:
        raise _fail(exc, "challenge") from exc


def challenge_create(*, user, text: str, domain: str = "") -> Challenge:
    """Record a challenge after checking it parses (empty / huge / unknown domain refused)."""
    ctx = engine_context()
    try:
        text = pipeline.validate_challenge(text)
        if domain:
            pipeline.validate_domain(ctx.kb, domain)
    except ValueError as exc:
        raise _fail(exc, "text") from exc
    parsed = pipeline.challenge_shares(ctx.kb, ctx.corpus, text)
    return Challenge.objects.create(
        owner=user,
        text=text,
        domain=domain,
        parsed={"tags": list(parsed.tags), "shares": parsed.shares, "object": parsed.object},
    )


def generation_run_create(
    *,
    user,
    workflow: str,
    challenge: Challenge | None = None,
    text: str = "",
    domain: str = "",
    harness: str = "",
    amplification: str = "",
    count: int = 10,
    seed: int = 0,
) -> GenerationRun:
    """Validate, store and run (synchronously up to SYNC_MAX_COUNT concepts, else queued)."""
    if workflow not in {"novelty", "sac"}:
        raise ApplicationError("workflow must be novelty or sac", fields={"workflow": ["invalid"]})
    if challenge is not None:
        text = challenge.text
        domain = domain or challenge.domain
    params = {
        "workflow": workflow,
        "challenge": text,
        "domain": domain,
        "harness": harness,
        "amplification": amplification,
        "count": count,
        "seed": seed,
    }
    _validate(params)
    if count <= SYNC_MAX_COUNT:
        run = GenerationRun.objects.create(
            owner=user, challenge=challenge, workflow=workflow, params=params, seed=seed
        )
        return generation_run_execute(run_id=run.pk)
    with transaction.atomic():
        run = GenerationRun.objects.create(
            owner=user,
            challenge=challenge,
            workflow=workflow,
            params=params,
            seed=seed,
            dispatched_at=timezone.now(),
        )
        run_id = run.pk
        job_dispatch_on_commit(lambda: _send(run_id), what=f"generation run {run_id}")
    return run


def _send(run_id: int) -> None:
    from innovation.tasks import generation_run_task

    generation_run_task.delay(run_id)


def _claim(run_id: int) -> bool:
    """Mark the run running if it is queued or running past its lease (its worker was lost)."""
    now = timezone.now()
    claimable = Q(status="queued") | Q(status="running", started_at__lt=now - run_lease())
    claimable |= Q(status="running", started_at__isnull=True)
    return bool(
        GenerationRun.objects.filter(claimable, pk=run_id).update(
            status="running", started_at=now, updated_at=now
        )
    )


def generation_run_execute(*, run_id: int) -> GenerationRun:
    """Run the engine for a stored run (idempotent: a finished or claimed run is left alone)."""
    if not _claim(run_id):
        return GenerationRun.objects.get(pk=run_id)
    run = GenerationRun.objects.get(pk=run_id)
    try:
        result = _engine_call(run.params)
    except (ValueError, ApplicationError) as exc:
        run.status, run.error = "failed", str(exc)
    else:
        run.status, run.result = "done", result
        run.inputs_hash = result["inputs_hash"]
        run.engine_version = result["engine_versions"]
    run.finished_at = timezone.now()
    run.save(
        update_fields=[
            "status",
            "error",
            "result",
            "inputs_hash",
            "engine_version",
            "finished_at",
            "updated_at",
        ]
    )
    return run


def novelty_evaluate(*, count: int = 10, seed: int = 0, only: list[str] | None = None) -> dict:
    """Run the novelty engine on the shipped evaluation set (or the challenges whose ids are in
    ``only``) and return the figures of :mod:`innovation.engines.evaluation`. Writes nothing."""
    ctx = engine_context()
    try:
        pipeline.validate_count(count)
    except ValueError as exc:
        raise _fail(exc, "count") from exc
    challenges = evaluation.eval_set_from_dict(load_eval_challenges())
    if only:
        known = {c.id for c in challenges}
        unknown = sorted(set(only) - known)
        if unknown:
            msg = f"unknown evaluation ids: {', '.join(unknown)}"
            raise ApplicationError(msg, code="invalid", fields={"only": [msg]})
        challenges = [c for c in challenges if c.id in set(only)]

    def run(**kw) -> dict:
        return run_novelty(ctx.kb, ctx.triz, ctx.search, ctx.corpus, writing=ctx.writing, **kw)

    return evaluation.evaluate(run, challenges, ctx.writing, count=count, seed=seed)


def generation_runs_sweep(*, now=None) -> int:
    """Re-send queued runs whose message is overdue and running runs whose worker was lost."""
    now = now or timezone.now()
    sent = 0
    overdue = Q(status="queued") & (
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - dispatch_lease())
    )
    lost = Q(status="running", started_at__lt=now - run_lease())
    for run in GenerationRun.objects.filter(overdue | lost).only("pk", "status", "dispatched_at"):
        won = GenerationRun.objects.filter(
            pk=run.pk, status=run.status, dispatched_at=run.dispatched_at
        ).update(status="queued", dispatched_at=now, updated_at=now)
        if won and send_now(lambda pk=run.pk: _send(pk), what=f"generation run {run.pk}"):
            sent += 1
    return sent
