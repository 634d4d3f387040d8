"""The Python entry point `mood_based_shopping` and the recorded recommendation call."""

from __future__ import annotations

import hashlib
import json
import math
from datetime import timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from domains.commerce import selectors
from domains.commerce.engines import ENGINE_VERSION
from domains.commerce.engines.affect import STRATEGIES, mood_target
from domains.commerce.engines.explain import format_money, reasons_for
from domains.commerce.engines.guard import spending_guard
from domains.commerce.engines.ranking import RankRequest, rank
from domains.commerce.models import MAX_PRICE, Product, Recommendation
from domains.moods.selectors import emotion_resolve, mood_series

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
DEFAULT_DIVERSITY = 0.3
RECENT_MOOD_DAYS = 3
ALLOWED_KEYS = {"user_id", "current_mood", "budget_range", "limit", "strategy", "diversity",
                "category"}  # fmt: skip


def _number(value, name: str, errors: dict) -> Decimal | None:
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        errors[name] = [f"{name} must be a number."]
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors[name] = [f"{name} must be a number, got {str(value)[:40]!r}."]
        return None
    if not number.is_finite():
        errors[name] = [f"{name} must be a finite number (not NaN or infinity)."]
        return None
    return number


def _resolve_user(value, errors: dict):
    users = get_user_model().objects
    if isinstance(value, bool) or value in (None, ""):
        errors["user_id"] = ["user_id is required: a user id or username."]
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        user = users.filter(pk=int(value)).first()
    elif isinstance(value, str):
        user = users.filter(username=value.strip()).first()
    else:
        user = None
    if user is None or not user.is_active:
        errors["user_id"] = [f"No active user {str(value)[:40]!r}."]
        return None
    return user


def _resolve_mood(value, errors: dict) -> tuple[str, str, float, float] | None:
    """(label, typed input, valence, arousal) from a word or {valence, arousal}."""
    if isinstance(value, dict):
        out = []
        for key in ("valence", "arousal"):
            raw = value.get(key)
            if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
                errors["current_mood"] = [f"current_mood.{key} must be a number in [-1, 1]."]
                return None
            if not -1.0 <= float(raw) <= 1.0:
                errors["current_mood"] = [f"current_mood.{key} must be between -1 and 1."]
                return None
            out.append(float(raw))
        return "custom", "", out[0], out[1]
    if not isinstance(value, str) or not value.strip():
        errors["current_mood"] = [
            "current_mood is required: an emotion word or {valence, arousal}."
        ]
        return None
    try:
        emotion = emotion_resolve(word=value[:64], field="current_mood")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        return None
    return emotion.name, value.strip()[:64], emotion.valence, emotion.arousal


def _validate(request) -> dict:
    if not isinstance(request, dict):
        raise ApplicationError("The request must be a JSON object.", code="invalid_request")
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(request) - ALLOWED_KEYS)
    if unknown:
        errors["non_field_errors"] = [f"Unknown field(s): {', '.join(map(str, unknown))}."]
    user = _resolve_user(request.get("user_id"), errors)
    mood = _resolve_mood(request.get("current_mood"), errors)
    budget = request.get("budget_range")
    lo = hi = None
    if not isinstance(budget, dict) or "min" not in budget or "max" not in budget:
        errors["budget_range"] = ["budget_range must be an object with min and max."]
    else:
        sub: dict = {}
        lo = _number(budget["min"], "min", sub)
        hi = _number(budget["max"], "max", sub)
        for bound, name in ((lo, "min"), (hi, "max")):
            if bound is not None and (bound < 0 or bound > MAX_PRICE):
                sub[name] = [f"{name} must be between 0 and {MAX_PRICE}."]
        if not sub and lo > hi:
            sub["min"] = ["min must not be greater than max."]
        if sub:
            errors["budget_range"] = [f"{k}: {' '.join(v)}" for k, v in sub.items()]
    limit = request.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        errors["limit"] = [f"limit must be a whole number from 1 to {MAX_LIMIT}."]
    strategy = request.get("strategy", "regulate")
    if strategy not in STRATEGIES:
        errors["strategy"] = [f"strategy must be one of: {', '.join(STRATEGIES)}."]
    diversity = request.get("diversity", DEFAULT_DIVERSITY)
    if (
        isinstance(diversity, bool)
        or not isinstance(diversity, int | float)
        or not math.isfinite(diversity)
        or not 0.0 <= diversity <= 1.0
    ):
        errors["diversity"] = ["diversity must be a number from 0 to 1."]
    category = request.get("category") or None
    if category is not None:
        known = selectors.category_list()
        if not isinstance(category, str) or category not in known:
            errors["category"] = [f"Unknown category. Known: {', '.join(sorted(known))}."]
    if errors:
        raise ApplicationError("The recommendation request is invalid.", fields=errors)
    return {
        "user": user,
        "mood": mood,
        # The budget is hard: round min up and max down to whole cents.
        "min_cents": int((lo * 100).to_integral_value(rounding=ROUND_CEILING)),
        "max_cents": int((hi * 100).to_integral_value(rounding=ROUND_FLOOR)),
        "limit": limit,
        "strategy": strategy,
        "diversity": float(diversity),
        "category": category,
    }


def _latest_anxiety(user) -> float | None:
    """The finance context's latest anxiety component (0-100), when that context provides it."""
    try:
        from domains.finance import selectors as finance_selectors
    except ImportError:
        return None
    reader = getattr(finance_selectors, "assessment_latest_anxiety", None)
    return reader(user=user) if reader else None


GUARD_TEXT = {
    "high_financial_anxiety": "your latest risk assessment shows high financial anxiety",
    "strongly_negative_mood": "your recent mood entries have been strongly negative",
}
WARNING_TEXT = {
    "no_product_fits_mood": "Nothing in this budget fits the mood target; try a wider budget.",
    "fewer_results_than_limit": "Fewer products than requested fit the mood and budget.",
}


def _inputs_hash(payload: dict) -> str:
    blob = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def recommendation_create(*, request: dict) -> Recommendation:
    """Validate, rank and record one recommendation call. Bad input: ApplicationError, no row."""
    req = _validate(request)
    user = req["user"]
    label, typed, mood_v, mood_a = req["mood"]
    target = mood_target(mood_v, mood_a, req["strategy"])
    since = timezone.now() - timedelta(days=RECENT_MOOD_DAYS)
    recent = [(p["valence"], p["intensity"]) for p in mood_series(user=user, since=since)]
    guard = spending_guard(anxiety=_latest_anxiety(user), recent=recent)

    catalogue = selectors.catalogue_snapshot()
    stats = selectors.interaction_snapshot(catalogue)
    history = selectors.user_history(user_id=user.pk)
    rank_request = RankRequest(
        target=target,
        min_cents=req["min_cents"],
        max_cents=req["max_cents"],
        limit=req["limit"],
        diversity=req["diversity"],
        category=req["category"],
        guard_fraction=guard.fraction,
    )
    result = rank(catalogue, stats, history, rank_request, user_id=user.pk)

    currency = "EUR"
    products = {
        p.pk: p
        for p in Product.objects.filter(
            pk__in=[it.product_id for it in result.items]
            + [it.because_product_id for it in result.items if it.because_product_id]
        )
    }
    items = []
    for position, it in enumerate(result.items, start=1):
        product = products[it.product_id]
        because = products.get(it.because_product_id) if it.because_product_id else None
        items.append(
            {
                "rank": position,
                "product_id": product.pk,
                "name": product.name,
                "category": product.category,
                "price": str(product.price),
                "currency": product.currency,
                "valence": product.valence,
                "arousal": product.arousal,
                "score": it.score,
                "components": {"fit": it.fit, "preference": it.pref, "popularity": it.pop},
                "reasons": reasons_for(
                    mood_label=label if label != "custom" else "your mood",
                    target=target,
                    valence=product.valence,
                    arousal=product.arousal,
                    fit=it.fit,
                    price_cents=int(catalogue.price_cents[it.row]),
                    min_cents=req["min_cents"],
                    max_cents=req["max_cents"],
                    currency=product.currency,
                    pop=it.pop,
                    because_name=because.name if because else None,
                    collab=it.collab,
                ),
            }
        )
        currency = product.currency
    warnings = []
    if guard.active:
        why = " and ".join(GUARD_TEXT[r] for r in guard.reasons)
        warnings.append(
            {
                "code": "mindful_spending",
                "message": (
                    f"Mindful spending: we kept to the lower half of your budget (up to "
                    f"{format_money(result.effective_max_cents, currency)}) because {why}."
                ),
            }
        )
    for code in result.warnings:
        if code == "no_product_in_budget":
            lo, _ = selectors.price_bounds()
            cheapest = f" The cheapest product costs {currency} {lo}." if lo is not None else ""
            message = "No product is priced within this budget." + cheapest
        else:
            message = WARNING_TEXT[code]
        warnings.append({"code": code, "message": message})

    hash_inputs = {
        "user": user.pk,
        "mood": [label, mood_v, mood_a],
        "strategy": req["strategy"],
        "budget_cents": [req["min_cents"], req["max_cents"]],
        "limit": req["limit"],
        "diversity": req["diversity"],
        "category": req["category"],
        "guard_fraction": guard.fraction,
        "catalogue": catalogue.signature,
        "history": sorted(history.positive) + sorted(history.excluded),
    }
    with transaction.atomic():
        return Recommendation.objects.create(
            user=user,
            mood=label,
            mood_input=typed,
            mood_valence=mood_v,
            mood_arousal=mood_a,
            strategy=req["strategy"],
            target_valence=target.valence,
            target_arousal=target.arousal,
            target_mode=target.mode,
            budget_min=Decimal(req["min_cents"]) / 100,
            budget_max=Decimal(req["max_cents"]) / 100,
            effective_max=Decimal(result.effective_max_cents) / 100,
            category=req["category"] or "",
            limit=req["limit"],
            diversity_param=req["diversity"],
            guard_active=guard.active,
            guard_reasons=list(guard.reasons),
            items=items,
            intra_list_diversity=result.diversity,
            warnings=warnings,
            inputs_hash=_inputs_hash(hash_inputs),
            engine_version=ENGINE_VERSION,
            seed=0,
            catalogue_signature=catalogue.signature,
        )


def recommendation_as_dict(rec: Recommendation) -> dict:
    """The public result shape shared by the Python entry point, the API and the pages."""
    return {
        "recommendation_id": rec.pk,
        "created_at": rec.created_at.isoformat(),
        "mood": {"name": rec.mood, "valence": rec.mood_valence, "arousal": rec.mood_arousal},
        "strategy": rec.strategy,
        "target": {
            "valence": rec.target_valence,
            "arousal": rec.target_arousal,
            "mode": rec.target_mode,
        },
        "budget_range": {"min": str(rec.budget_min), "max": str(rec.budget_max)},
        "effective_max": str(rec.effective_max),
        "category": rec.category or None,
        "mindful_spending": {"active": rec.guard_active, "reasons": rec.guard_reasons},
        "recommendations": [{**item, "price": Decimal(item["price"])} for item in rec.items],
        "diversity": rec.intra_list_diversity,
        "warnings": rec.warnings,
        "engine_version": rec.engine_version,
        "inputs_hash": rec.inputs_hash,
    }


def mood_based_shopping(request: dict) -> dict:
    """Recommend products for a mood and budget (the seed's entry point).

    request: user_id (id or username), current_mood (emotion word, synonym or typo, or
    {"valence", "arousal"} in [-1, 1]), budget_range {min, max}; optional limit (1-100,
    default 10), strategy ("regulate" default, or "congruent"), diversity (0-1, default 0.3),
    category. Returns a dict whose "recommendations" list holds product_id, name, category,
    price (Decimal), valence, arousal, score and reasons; plus diversity (intra-list diversity),
    warnings and the recorded recommendation_id.
    """
    return recommendation_as_dict(recommendation_create(request=request))


def recommendation_repeat(*, recommendation: Recommendation) -> Recommendation:
    """Run an earlier call again with the same mood, budget and settings (after feedback)."""
    mood = recommendation.mood_input or {
        "valence": recommendation.mood_valence,
        "arousal": recommendation.mood_arousal,
    }
    return recommendation_create(
        request={
            "user_id": recommendation.user_id,
            "current_mood": mood,
            "budget_range": {"min": recommendation.budget_min, "max": recommendation.budget_max},
            "limit": recommendation.limit,
            "strategy": recommendation.strategy,
            "diversity": recommendation.diversity_param,
            "category": recommendation.category or None,
        }
    )
