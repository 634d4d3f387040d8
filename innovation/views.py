"""Innovation pages: challenge + generation, runs, board, invention, SAC, metrics, radar, import."""

from __future__ import annotations

import math

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError
from common.permissions import permission_required
from common.uploads import read_upload
from innovation import forms, selectors, services
from innovation.engines.planning import TRL_CHECKLIST
from innovation.models import GenerationRun, Invention
from innovation.services.metrics import metrics_compute
from innovation.services.reference import MAX_IMPORT_BYTES as PRIOR_ART_MAX_BYTES

EXPLAIN = {
    "novelty": "1 − highest cosine similarity (TF-IDF) to any prior-art document; "
    "≤ 0.05 = duplicate.",
    "breakthrough_potential": "Percentile of importance q′ = (FS′+ε)/(BS′+ε) (Kelly et al. 2021, "
    "backward IDF) against the corpus: 0.8 = top 20 %. FS′ = similarity to the frontier "
    "(newest documents + challenge), BS′ = similarity to the past.",
    "atypicality": "Tag pairs against their corpus co-occurrence (Uzzi et al. 2013): "
    "1/(1+e^tail), tail = 10th-percentile z.",
    "convergence": "Rao–Stirling diversity Σ d_ij p_i p_j over domain shares, normalised to [0,1].",
    "market_impact": "0.5·ECV score + 0.3·Bass F(5 y) + 0.2·RICE score; "
    "ECV = ((NPV·Pcs − C)·Pts) − D.",
    "relevance": (
        "0.5·cosine to the challenge (with its tags) + 0.5·fit: the share of what the challenge "
        "names (problem, tags, people, setting) the concept addresses; without a challenge, "
        "the domain-share overlap. Concepts below a fit of 0.5 or missing the problem are left "
        "out."
    ),
}


def _domains():
    return selectors.domain_keys()


def _error(form, exc: ApplicationError):
    for field, msgs in (exc.fields or {}).items():
        target = field if field in form.fields else None
        for m in msgs:
            form.add_error(target, m)
    if not exc.fields:
        form.add_error(None, exc.message)


@permission_required(
    "innovation.view_challenge", "innovation.add_challenge", "innovation.add_generationrun"
)
def index(request):
    """Challenge page: enter a challenge, generate concepts."""
    form = forms.ChallengeRunForm(request.POST or None, domains=_domains())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            ch = services.challenge_create(
                user=request.user, text=d["challenge"], domain=d["domain"]
            )
            run = services.generation_run_create(
                user=request.user,
                workflow="novelty",
                challenge=ch,
                count=d["count"],
                seed=d["seed"],
            )
            return redirect("innovation:run", run_id=run.pk)
        except ApplicationError as exc:
            if "text" in exc.fields:
                exc.fields["challenge"] = exc.fields.pop("text")
            _error(form, exc)
    ctx = {"form": form, "runs": selectors.run_list(user=request.user)[:15]}
    return render(request, "innovation/challenge.html", ctx, status=400 if form.errors else 200)


def heat_rows(pairs: dict) -> list[dict]:
    """Rows of the domain-pair heat map with a colour intensity per cell."""
    top = max((v for row in pairs["heat"] for v in row), default=0) or 1.0
    return [
        {
            "key": k,
            "cells": [
                {"key": k2, "v": v, "alpha": round(0.85 * v / top, 3)}
                for k2, v in zip(pairs["keys"], row, strict=True)
            ],
        }
        for k, row in zip(pairs["keys"], pairs["heat"], strict=True)
    ]


@permission_required("innovation.view_generationrun")
def run_detail(request, run_id: int):
    run = get_object_or_404(GenerationRun, pk=run_id, owner=request.user)
    saved = {i.title: i for i in run.inventions.filter(merged_into__isnull=True)}
    concepts = [
        {**c, "saved_id": saved[c["title"]].pk, "saved_key": saved[c["title"]].key}
        if c["title"] in saved
        else c
        for c in run.concepts
    ]
    pairs = run.result.get("pairs") if run.workflow == "sac" else None
    ctx = {
        "run": run,
        "concepts": concepts,
        "explain": EXPLAIN,
        "pairs": pairs,
        "heat_rows": heat_rows(pairs) if pairs else [],
    }
    return render(request, "innovation/run.html", ctx)


@require_POST
@permission_required("innovation.add_invention")
def concept_save(request, run_id: int, index: int):
    run = get_object_or_404(GenerationRun, pk=run_id, owner=request.user)
    merge = request.POST.get("merge_into")
    target = None
    if merge:
        target = get_object_or_404(Invention, pk=merge, owner=request.user)
    try:
        inv = services.invention_save(
            user=request.user,
            run=run,
            index=index,
            force=bool(request.POST.get("force")),
            merge_into=target,
        )
    except ApplicationError as exc:
        if exc.code == "near_duplicate":
            dups = services.near_duplicates(user=request.user, text=_concept_text(run, index))
            return render(
                request,
                "innovation/duplicate.html",
                {"run": run, "index": index, "dups": dups, "message": exc.message},
                status=409,
            )
        messages.error(request, exc.message)
        return redirect("innovation:run", run_id=run.pk)
    if target:
        messages.success(request, f"Merged into {target.key}.")
        return redirect("innovation:invention", pk=target.pk)
    messages.success(request, f"Saved as {inv.key}.")
    return redirect("innovation:invention", pk=inv.pk)


def _concept_text(run, index):
    c = run.concepts[index]
    return f"{c['title']}. {c['description']} {c['mechanism']}"


@permission_required("innovation.view_invention")
def board(request):
    cols = selectors.board(user=request.user, filters=request.GET)
    return render(request, "innovation/board.html", {"columns": cols, "domains": _domains()})


@permission_required("innovation.view_invention")
def invention_detail(request, pk: int):
    inv = get_object_or_404(Invention, pk=pk, owner=request.user)
    plan = getattr(inv, "plan", None)
    gate_form = forms.GateForm()
    plan_form = forms.PlanForm(
        initial={"checked": plan.trl_checked if plan else [], "start": plan.start if plan else None}
    )
    others = (
        selectors.invention_list(user=request.user)
        .exclude(pk=inv.pk)
        .filter(created_at__lt=inv.created_at)
    )
    ctx = {
        "inv": inv,
        "plan": plan,
        "gate_form": gate_form,
        "plan_form": plan_form,
        "gates": inv.gates.select_related("decided_by"),
        "explain": EXPLAIN,
        "others": others,
        "trl_items": TRL_CHECKLIST,
    }
    return render(request, "innovation/invention.html", ctx)


@require_POST
@permission_required("innovation.change_invention")
def invention_action(request, pk: int, action: str):
    inv = get_object_or_404(Invention, pk=pk, owner=request.user)
    try:
        if action == "gate":
            f = forms.GateForm(request.POST)
            if not f.is_valid():
                raise ApplicationError("; ".join(e for errs in f.errors.values() for e in errs))
            services.invention_gate(invention=inv, user=request.user, **f.cleaned_data)
            messages.success(request, "Gate decision recorded.")
        elif action == "plan":
            f = forms.PlanForm(request.POST)
            if not f.is_valid():
                raise ApplicationError("; ".join(e for errs in f.errors.values() for e in errs))
            services.plan_update(
                invention=inv, checked=f.cleaned_data["checked"], start=f.cleaned_data["start"]
            )
            messages.success(request, "Plan updated.")
        elif action == "link":
            parent = get_object_or_404(
                Invention, pk=request.POST.get("builds_on") or 0, owner=request.user
            )
            services.invention_link(invention=inv, builds_on=parent, user=request.user)
            messages.success(request, f"{inv.key} now builds on {parent.key}.")
        elif action == "promote":
            snap = services.invention_promote(invention=inv, user=request.user)
            messages.success(
                request,
                f"Promoted to portfolio component {inv.component_name} (snapshot {snap.pk}).",
            )
        else:
            raise ApplicationError("unknown action")
    except ApplicationError as exc:
        detail = "; ".join(m for msgs in (exc.fields or {}).values() for m in msgs)
        messages.error(request, f"{exc.message}{': ' + detail if detail else ''}")
    return redirect("innovation:invention", pk=inv.pk)


@permission_required("innovation.view_challenge", "innovation.add_generationrun")
def sac(request):
    form = forms.SacForm(request.POST or None, domains=_domains())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = services.generation_run_create(
                user=request.user,
                workflow="sac",
                text=d["challenge"],
                harness=d["harness"],
                amplification=d["amplification"],
                count=d["count"],
                seed=d["seed"],
            )
            return redirect("innovation:run", run_id=run.pk)
        except ApplicationError as exc:
            _error(form, exc)
    runs = selectors.run_list(user=request.user).filter(workflow="sac")[:10]
    return render(
        request,
        "innovation/sac.html",
        {"form": form, "runs": runs},
        status=400 if form.errors else 200,
    )


@permission_required("innovation.view_innovationmetrics")
def metrics(request):
    hist = selectors.metrics_history()
    series = {
        "weeks": [m.week_start.isoformat() for m in hist],
        "breakthrough_rate": [m.breakthrough_rate for m in hist],
        "disruption": [m.disruption for m in hist],
        "inventions": [m.inventions for m in hist],
        "patents": [sum(m.ip_portfolio.values()) for m in hist],
    }
    return render(
        request,
        "innovation/metrics.html",
        {"current": metrics_compute(), "series": series, "history": hist},
    )


@permission_required("innovation.view_invention")
def radar(request):
    points = selectors.radar(user=request.user)
    keys = _domains()
    n = max(len(keys), 1)
    size, r0 = 420, 190
    for i, p in enumerate(points):
        ang = 2 * math.pi * (p["segment"] + 0.2 + 0.6 * ((i * 0.618) % 1)) / n
        p["x"] = round(size / 2 + r0 * p["distance"] * math.cos(ang), 1)
        p["y"] = round(size / 2 + r0 * p["distance"] * math.sin(ang), 1)
    spokes = []
    for i, k in enumerate(keys):
        ang = 2 * math.pi * i / n
        mid = 2 * math.pi * (i + 0.5) / n
        spokes.append(
            {
                "key": k,
                "x": round(size / 2 + r0 * math.cos(ang), 1),
                "y": round(size / 2 + r0 * math.sin(ang), 1),
                "lx": round(size / 2 + (r0 + 14) * math.cos(mid), 1),
                "ly": round(size / 2 + (r0 + 14) * math.sin(mid), 1),
            }
        )
    rings = [{"r": round(r0 * f, 1), "label": f"{1 - f:.2f}"} for f in (0.2, 0.5, 1.0)]
    return render(
        request,
        "innovation/radar.html",
        {"points": points, "spokes": spokes, "rings": rings, "size": size, "c": size / 2},
    )


@permission_required("innovation.add_priorart")
def prior_art_import(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            text = read_upload(d["file"], limit=PRIOR_ART_MAX_BYTES).decode("utf-8")
            report = services.prior_art_import(
                text=text, fmt=d["format"], user=request.user, dry_run=d["dry_run"]
            )
            messages.success(
                request, f"{report['rows']} rows checked, {report['imported']} imported."
            )
        except UnicodeDecodeError:
            form.add_error("file", "The file must be UTF-8 text.")
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            for m in exc.fields.get("rows", []):
                form.add_error(None, m)
    ctx = {"form": form, "report": report, "count": selectors.prior_art_list().count()}
    return render(request, "innovation/import.html", ctx, status=400 if form.errors else 200)
