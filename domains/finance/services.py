"""Finance services: the Python entry point `assess_emotional_risk_profile` and its writes."""

from __future__ import annotations

import hashlib
import json
import math
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from domains.finance.engines import ENGINE_VERSION, FORMULA_VERSION
from domains.finance.engines.instruments import (
    AnswerError,
    loss_aversion_reversal,
    score_anxiety,
    score_tolerance,
)
from domains.finance.engines.outcomes import ASSUMPTIONS, simulate
from domains.finance.engines.profile import (
    TOLERANCE_WORDS,
    allocation,
    capacity,
    comfort_level,
    comfort_loss,
    composite_score,
    mood_state,
    score_band,
)
from domains.finance.models import MarketDrawdown, RiskAssessment
from domains.moods.selectors import mood_series

PATHS = 10_000
RECENT_MOOD_DAYS = 14
SHORT_KEYS = {"emotional_tolerance", "financial_anxiety_level"}
FULL_KEYS = {"risk_tolerance_answers", "financial_anxiety_answers"}
OPTIONAL_KEYS = {"horizon_years", "emergency_fund_months", "debt_to_income", "seed"}
NOTE = (
    "Indicative, not financial advice: a self-assessment to start a conversation about risk, "
    "built on published questionnaires and simple market assumptions."
)


def _number(value, field, lo, hi, errors, *, integer=False):
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors[field] = [f"{field} must be a number from {lo} to {hi}."]
        return None
    if not math.isfinite(value) or not lo <= value <= hi:
        errors[field] = [f"{field} must be a finite number from {lo} to {hi}."]
        return None
    if integer and value != int(value):
        errors[field] = [f"{field} must be a whole number."]
        return None
    return int(value) if integer else float(value)


def _user(value, errors):
    users = get_user_model().objects
    user = None
    if isinstance(value, int) and not isinstance(value, bool):
        user = users.filter(pk=value, is_active=True).first()
    elif isinstance(value, str) and value.strip():
        key = value.strip()
        user = users.filter(**({"pk": int(key)} if key.isdigit() else {"username": key})).first()
    if user is None:
        errors["user_id"] = [f"No active user {str(value)[:40]!r}."]
    return user


def _validate(request) -> dict:
    if not isinstance(request, dict):
        raise ApplicationError("The request must be a JSON object.", code="invalid_request")
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(request) - SHORT_KEYS - FULL_KEYS - OPTIONAL_KEYS - {"user_id"})
    if unknown:
        errors["non_field_errors"] = [f"Unknown field(s): {', '.join(map(str, unknown))}."]
    user = _user(request.get("user_id"), errors)
    given_full = FULL_KEYS & set(request)
    given_short = SHORT_KEYS & set(request)
    out: dict = {"user": user}
    if given_full and given_short:
        errors["non_field_errors"] = ["Use either the short form or the full form, not both."]
    elif given_full:
        out["form"] = "full"
        for key in FULL_KEYS - given_full:
            errors[key] = [f"{key} is required for the full questionnaire."]
        try:
            out["tol_raw"], out["tol_band"], out["tolerance"] = score_tolerance(
                request.get("risk_tolerance_answers")
            )
            out["reversal"] = loss_aversion_reversal(request["risk_tolerance_answers"])
            out["tol_answers"] = [a.strip().lower() for a in request["risk_tolerance_answers"]]
        except AnswerError as exc:
            errors.setdefault(exc.field, [str(exc)])
        if "financial_anxiety_answers" in request:
            try:
                out["anx_raw"], out["anxiety"] = score_anxiety(request["financial_anxiety_answers"])
                out["anx_answers"] = list(request["financial_anxiety_answers"])
            except AnswerError as exc:
                errors[exc.field] = [str(exc)]
    else:
        out["form"] = "short"
        tol = request.get("emotional_tolerance")
        if isinstance(tol, str) and tol.strip().lower() in TOLERANCE_WORDS:
            out["tolerance"] = TOLERANCE_WORDS[tol.strip().lower()]
            out["tol_input"] = tol.strip().lower()
        elif isinstance(tol, str) or tol is None:
            errors["emotional_tolerance"] = [
                "emotional_tolerance must be low, moderate, high or a number from 0 to 100."
            ]
        else:
            out["tolerance"] = _number(tol, "emotional_tolerance", 0, 100, errors)
            out["tol_input"] = out["tolerance"]
        level = _number(
            request.get("financial_anxiety_level"), "financial_anxiety_level", 0, 10, errors
        )
        out["anxiety"] = None if level is None else level * 10.0
        out["anx_input"] = level
    opt = {
        "horizon_years": (1, 60, True),
        "emergency_fund_months": (0, 120, False),
        "debt_to_income": (0, 20, False),
        "seed": (0, 2**53, True),
    }
    for key, (lo, hi, integer) in opt.items():
        out[key] = (
            _number(request[key], key, lo, hi, errors, integer=integer)
            if request.get(key) is not None
            else None
        )
    if errors:
        raise ApplicationError("The risk assessment request is invalid.", fields=errors)
    return out


def _flags(v: dict, alloc, outcomes, state) -> list[dict]:
    flags = []
    if v.get("reversal"):
        flags.append({"code": "loss_aversion_reversal", "message": (
            "You took the sure gain when winning but the gamble when losing: a classic sign of "
            "loss aversion. Falls may feel worse than equal gains feel good.")})  # fmt: skip
    if v["tolerance"] >= 60 and v["anxiety"] >= 60:
        flags.append({"code": "tolerance_anxiety_mismatch", "message": (
            "You are willing to take risk, yet money worries weigh on you. Plan for how you "
            "will react in a fall before it happens.")})  # fmt: skip
    if alloc.capped_by_capacity:
        flags.append({"code": "capacity_limits_allocation", "message": (
            f"Your situation (horizon, savings buffer, debt) supports less than your comfort "
            f"would allow: stocks capped at {alloc.stocks:.0%} instead of "
            f"{alloc.uncapped_stocks:.0%}.")})  # fmt: skip
    if outcomes.prob_drawdown_beyond_comfort >= 0.5:
        flags.append({"code": "drawdown_likely", "message": (
            f"Over {outcomes.horizon_years} years this mix falls further than your comfort "
            f"level at some point in {outcomes.prob_drawdown_beyond_comfort:.0%} of "
            "simulations. Expect it, and decide now not to sell in a fall.")})  # fmt: skip
    if state["strongly_negative"]:
        flags.append({"code": "wait_before_big_decisions", "message": (
            "Your recent mood entries are strongly negative. This reflects how you feel now, "
            "not your lasting tolerance: wait before making big money decisions.")})  # fmt: skip
    if v["form"] == "short":
        flags.append({"code": "short_form", "message": (
            "Short form: two self-ratings instead of 20 questions, so the result is less "
            "certain. Take the full questionnaire for a sturdier profile.")})  # fmt: skip
    return flags


def _hash(payload: dict) -> str:
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def assessment_create(*, request: dict) -> RiskAssessment:
    """Validate, score, simulate and store one assessment. Bad input: ApplicationError, no row."""
    v = _validate(request)
    user = v["user"]
    cap = capacity(v["horizon_years"], v["emergency_fund_months"], v["debt_to_income"])
    comfort = comfort_loss(v["tolerance"], v["anxiety"])
    alloc = allocation(comfort, cap.score, cap.emergency_fund_months)
    answers = (
        {"risk_tolerance_answers": v["tol_answers"], "financial_anxiety_answers": v["anx_answers"]}
        if v["form"] == "full"
        else {"emotional_tolerance": v["tol_input"], "financial_anxiety_level": v["anx_input"]}
    )
    horizon = int(cap.horizon_years)
    inputs = {
        "form": v["form"],
        "answers": answers,
        "capacity": [cap.horizon_years, cap.emergency_fund_months, cap.debt_to_income],
        "formula": FORMULA_VERSION,
        "assumptions": ASSUMPTIONS.version,
    }
    inputs_hash = _hash(inputs)
    seed = v["seed"] if v["seed"] is not None else int(inputs_hash[:12], 16)
    weights = [alloc.stocks, alloc.bonds, alloc.cash]
    outcomes = simulate(weights, horizon_years=horizon, comfort=comfort, paths=PATHS, seed=seed)
    since = timezone.now() - timedelta(days=RECENT_MOOD_DAYS)
    state = mood_state(
        [(p["valence"], p["intensity"]) for p in mood_series(user=user, since=since)]
    )
    state["days"] = RECENT_MOOD_DAYS
    score = composite_score(v["tolerance"], v["anxiety"])
    with transaction.atomic():
        return RiskAssessment.objects.create(
            user=user,
            form=v["form"],
            answers=answers,
            tolerance=round(v["tolerance"], 2),
            tolerance_raw=v.get("tol_raw"),
            tolerance_band=v.get("tol_band", ""),
            anxiety=round(v["anxiety"], 2),
            anxiety_raw=v.get("anx_raw"),
            capacity=cap.score,
            capacity_inputs={
                "horizon_years": cap.horizon_years,
                "emergency_fund_months": cap.emergency_fund_months,
                "debt_to_income": cap.debt_to_income,
                "assumed": list(cap.assumed),
            },
            score=score,
            band=score_band(score),
            comfort_loss=comfort,
            comfort_level=comfort_level(comfort),
            allocation=alloc.as_dict(),
            allocation_detail={
                "uncapped_stocks": alloc.uncapped_stocks,
                "capped_by_capacity": alloc.capped_by_capacity,
                "six_month_loss_p2_5": alloc.six_month_loss_p2_5,
            },
            outcomes={
                "horizon_years": outcomes.horizon_years,
                "paths": outcomes.paths,
                "start": 100,
                **outcomes.terminal,
                "fan": outcomes.fan,
                "prob_drawdown_beyond_comfort": outcomes.prob_drawdown_beyond_comfort,
                "prob_loss_at_horizon": outcomes.prob_loss_at_horizon,
                "median_max_drawdown": outcomes.median_max_drawdown,
            },
            horizon_years=horizon,
            flags=_flags(v, alloc, outcomes, state),
            mood_state=state,
            confidence="standard" if v["form"] == "full" else "lower",
            formula_version=FORMULA_VERSION,
            engine_version=ENGINE_VERSION,
            assumptions_version=ASSUMPTIONS.version,
            seed=seed,
            inputs_hash=inputs_hash,
        )


def assess_emotional_risk_profile(request: dict) -> dict:
    """The seed's entry point: score, suggest and simulate, store, and return the result.

    Short form: user_id, emotional_tolerance (low/moderate/high or 0-100),
    financial_anxiety_level (0-10). Full form: user_id, risk_tolerance_answers (13 letters),
    financial_anxiety_answers (7 integers 1-7). Optional: horizon_years, emergency_fund_months,
    debt_to_income, seed. Returns assessment_id, emotional_risk_score, band, components,
    comfort, allocation, outcomes, flags, reassessment_due, formula_version, note, ...
    """
    from domains.finance.selectors import assessment_as_dict

    return assessment_as_dict(assessment_create(request=request))


@transaction.atomic
def market_drawdown_record(
    *, occurred_on, stocks_drawdown: float, bonds_drawdown: float = 0.0, note: str = ""
) -> MarketDrawdown:
    """Record a market fall; assessments before it whose mix fell > 10% become due again."""
    errors = {}
    for field, value in (("stocks_drawdown", stocks_drawdown), ("bonds_drawdown", bonds_drawdown)):
        _number(value, field, 0, 1, errors)
    if occurred_on > timezone.localdate():
        errors["occurred_on"] = ["A drawdown cannot be in the future."]
    if errors:
        raise ApplicationError("The drawdown is invalid.", fields=errors)
    return MarketDrawdown.objects.create(
        occurred_on=occurred_on,
        stocks_drawdown=float(stocks_drawdown),
        bonds_drawdown=float(bonds_drawdown),
        note=note[:200],
    )
