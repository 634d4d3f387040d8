"""Finance reads. A person sees only their own assessments; staff with the dedicated
permission may read anyone's, and every such read is logged."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from domains.finance.engines.instruments import (
    ANXIETY_ITEMS,
    ANXIETY_SCALE,
    FAS_ALPHA,
    G_AND_L_ALPHA,
    TOLERANCE_ITEMS,
)
from domains.finance.models import AssessmentAccess, MarketDrawdown, RiskAssessment

REASSESS_AFTER_DAYS = 365
REASSESS_DRAWDOWN = 0.10
READ_ANY = "finance.read_any_assessment"


def assessment_list(*, user) -> QuerySet[RiskAssessment]:
    """The person's own assessments, newest first."""
    return RiskAssessment.objects.filter(user=user)


def assessment_get(*, user, assessment_id: int) -> RiskAssessment | None:
    """One of the person's own assessments, or None (also for another person's)."""
    return RiskAssessment.objects.filter(user=user, pk=assessment_id).first()


def assessment_read(*, reader, assessment_id: int, via: str) -> RiskAssessment | None:
    """Own assessment, or anyone's for staff holding READ_ANY (the read is logged); else None."""
    own = assessment_get(user=reader, assessment_id=assessment_id)
    if own is not None:
        return own
    if not (reader.is_staff and reader.has_perm(READ_ANY)):
        return None
    assessment = RiskAssessment.objects.filter(pk=assessment_id).first()
    if assessment is not None:
        AssessmentAccess.objects.create(assessment=assessment, reader=reader, via=via)
        from common.logs import security_event

        security_event(
            "sensitive_read",
            user=reader,
            target_user_id=assessment.user_id,
            object="finance.RiskAssessment",
            object_id=assessment.pk,
            via=via,
        )
    return assessment


def assessment_latest(*, user) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(user=user).first()


def assessment_latest_anxiety(*, user) -> float | None:
    """The anxiety component (0-100) of the person's latest assessment, for other contexts."""
    latest = assessment_latest(user=user)
    return latest.anxiety if latest else None


def reassessment_status(assessment: RiskAssessment, *, now=None, drawdowns=None) -> dict:
    """Due after 365 days, or after a recorded market fall that took the suggested mix down
    by more than 10% (weights x drawdowns). `drawdowns`: the recorded falls, newest first, when
    the caller already holds them (a list page reads them once for all its rows)."""
    now = now or timezone.now()
    due_on = assessment.created_at + timedelta(days=REASSESS_AFTER_DAYS)
    reasons = []
    if now >= due_on:
        reasons.append("a year has passed")
    w = assessment.allocation
    since = assessment.created_at.date()
    if drawdowns is None:
        falls = MarketDrawdown.objects.filter(occurred_on__gte=since)
    else:
        falls = [fall for fall in drawdowns if fall.occurred_on >= since]
    for fall in falls:
        hit = w["stocks"] * fall.stocks_drawdown + w["bonds"] * fall.bonds_drawdown
        if hit > REASSESS_DRAWDOWN:
            reasons.append(f"the suggested mix fell about {hit:.0%} on {fall.occurred_on}")
            break
    return {"due": bool(reasons), "reasons": reasons, "due_on": due_on.date().isoformat()}


def assessment_list_as_dicts(assessments) -> list[dict]:
    """`assessment_as_dict` for a page of assessments, with one read of the market falls."""
    assessments = list(assessments)
    if not assessments:
        return []
    oldest = min(a.created_at for a in assessments).date()
    drawdowns = list(MarketDrawdown.objects.filter(occurred_on__gte=oldest))
    return [assessment_as_dict(a, drawdowns=drawdowns) for a in assessments]


def assessment_as_dict(a: RiskAssessment, *, drawdowns=None) -> dict:
    """The public result shape shared by the Python entry point, the API and the pages."""
    from domains.finance.services import NOTE

    components = {"tolerance": a.tolerance, "anxiety": a.anxiety, "capacity": a.capacity}
    if a.form == "full":
        components.update(
            tolerance_raw=a.tolerance_raw,
            tolerance_band=a.tolerance_band,
            anxiety_raw=a.anxiety_raw,
        )
    status = reassessment_status(a, drawdowns=drawdowns)
    return {
        "assessment_id": a.pk,
        "created_at": a.created_at.isoformat(),
        "form": a.form,
        "emotional_risk_score": a.score,
        "band": a.band,
        "components": components,
        "capacity_inputs": a.capacity_inputs,
        "comfort": {
            "six_month_loss": a.comfort_loss,
            "level": a.comfort_level,
            "text": f"You can likely sit through a fall of about {a.comfort_loss:.0%} "
            "over six months without selling.",
        },
        "allocation": a.allocation,
        "allocation_detail": a.allocation_detail,
        "outcomes": a.outcomes,
        "flags": a.flags,
        "current_state": a.mood_state,
        "confidence": a.confidence,
        "reassessment_due": status["due"],
        "reassessment": status,
        "formula_version": a.formula_version,
        "engine_version": a.engine_version,
        "assumptions_version": a.assumptions_version,
        "seed": a.seed,
        "inputs_hash": a.inputs_hash,
        "note": NOTE,
    }


def history_series(*, user, limit: int = 100) -> list[dict]:
    rows = (
        RiskAssessment.objects.filter(user=user)
        .order_by("-created_at")
        .values("id", "created_at", "score", "tolerance", "anxiety", "form")[:limit]
    )
    return [
        {
            "id": r["id"],
            "t": r["created_at"].isoformat(),
            "score": r["score"],
            "tolerance": r["tolerance"],
            "anxiety": r["anxiety"],
            "form": r["form"],
        }
        for r in reversed(list(rows))
    ]


def questionnaire() -> dict:
    """Both instruments' items and options, for the wizard and the API."""
    return {
        "risk_tolerance": {
            "name": "Risk tolerance (13 items, after Grable & Lytton 1999)",
            "reliability_alpha": G_AND_L_ALPHA,
            "items": [
                {
                    "number": i.number,
                    "text": i.text,
                    "options": [
                        {"letter": letter, "text": text}
                        for letter, text in zip(i.letters, i.options, strict=True)
                    ],
                }
                for i in TOLERANCE_ITEMS
            ],
        },
        "financial_anxiety": {
            "name": "Financial anxiety (7 items, after Archuleta, Dale & Spann 2013)",
            "reliability_alpha": FAS_ALPHA,
            "scale": [{"value": n, "label": label} for n, label in enumerate(ANXIETY_SCALE, 1)],
            "items": [{"number": n, "text": t} for n, t in enumerate(ANXIETY_ITEMS, 1)],
        },
    }


def assessment_access_audit(since, until):
    """Staff reads of members' assessments in [since, until) for forensic exports: who read
    which assessment (ids only), how and when; never the assessment's content."""
    from domains.finance.models import AssessmentAccess

    rows = (
        AssessmentAccess.objects.filter(accessed_at__gte=since, accessed_at__lt=until)
        .order_by("accessed_at", "pk")
        .values("pk", "accessed_at", "reader_id", "assessment_id", "assessment__user_id", "via")
    )
    for row in rows.iterator():
        yield {
            "id": row["pk"],
            "at": row["accessed_at"].isoformat(),
            "reader_id": row["reader_id"],
            "assessment_id": row["assessment_id"],
            "subject_user_id": row["assessment__user_id"],
            "via": row["via"],
        }
