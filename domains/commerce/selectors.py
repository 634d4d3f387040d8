"""Commerce reads: products, a person's own recommendations and interactions, engine snapshots."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Min, QuerySet

from domains.commerce.engines.catalogue import (
    Catalogue,
    InteractionStats,
    ProductRecord,
    UserHistory,
    build_catalogue,
    build_interaction_stats,
)
from domains.commerce.models import Interaction, Product, Recommendation

_lock = threading.Lock()
_catalogue_cache: dict = {}
_stats_cache: dict = {}


def product_list(*, filters: dict | None = None, include_inactive: bool = False) -> QuerySet:
    """Products narrowed by the shared ProductFilterSet; shoppers see active ones only."""
    from domains.commerce.filters import ProductFilterSet

    qs = Product.objects.all() if include_inactive else Product.objects.filter(active=True)
    return ProductFilterSet(filters or {}, queryset=qs).qs


def product_get(*, product_id: int, include_inactive: bool = False) -> Product | None:
    qs = Product.objects.all() if include_inactive else Product.objects.filter(active=True)
    return qs.filter(pk=product_id).first()


def category_list() -> list[str]:
    return list(
        Product.objects.filter(active=True).values_list("category", flat=True).distinct().order_by()
    )


def price_bounds() -> tuple[Decimal | None, Decimal | None]:
    agg = Product.objects.filter(active=True, stock__gt=0).aggregate(
        lo=Min("price"), hi=Max("price")
    )
    return agg["lo"], agg["hi"]


def recommendation_list(*, user) -> QuerySet[Recommendation]:
    """The person's own recorded recommendation calls, newest first."""
    return Recommendation.objects.filter(user=user)


def recommendation_get(*, user, recommendation_id: int) -> Recommendation | None:
    """One of the person's own recommendation calls, or None (also for someone else's)."""
    return Recommendation.objects.filter(user=user, pk=recommendation_id).first()


def recommendation_latest(*, user) -> Recommendation | None:
    return Recommendation.objects.filter(user=user).first()


def interaction_list(*, user, filters: dict | None = None) -> QuerySet[Interaction]:
    """The person's own feedback, newest first, narrowed by the shared InteractionFilterSet."""
    from domains.commerce.filters import InteractionFilterSet

    qs = Interaction.objects.filter(user=user).select_related("product")
    return InteractionFilterSet(filters or {}, queryset=qs).qs


def product_feedback_state(*, user, product_ids) -> dict[int, set[str]]:
    """{product_id: {kinds}} of the person's feedback on the given products (for buttons)."""
    out: dict[int, set[str]] = {}
    rows = Interaction.objects.filter(user=user, product_id__in=list(product_ids)).values_list(
        "product_id", "kind"
    )
    for product_id, kind in rows:
        out.setdefault(product_id, set()).add(kind)
    return out


def user_history(*, user_id: int) -> UserHistory:
    """The person's own feedback as the engine wants it; always read fresh."""
    rows = Interaction.objects.filter(user_id=user_id).values_list("product_id", "kind")
    return UserHistory.from_interactions(rows)


def _cents(price: Decimal) -> int:
    return int((price * 100).to_integral_value())


def catalogue_snapshot() -> Catalogue:
    """The active, in-stock catalogue as arrays; rebuilt only when products changed.

    Whether products changed is checked at most every COMMERCE_CATALOGUE_CHECK_SECONDS
    (default 5); the catalogue services clear the snapshot themselves after their writes.
    """
    live = Product.objects.filter(active=True, stock__gt=0)
    every = float(getattr(settings, "COMMERCE_CATALOGUE_CHECK_SECONDS", 5))
    now = time.monotonic()
    with _lock:
        cached = _catalogue_cache.get("value")
        if cached is not None and now - _catalogue_cache.get("checked", 0.0) < every:
            return cached
    key = tuple(live.aggregate(n=Count("id"), t=Max("updated_at"), m=Max("id")).values())
    with _lock:
        if cached is not None and _catalogue_cache.get("key") == key:
            _catalogue_cache["checked"] = now
            return cached
    rows = live.values_list(
        "id", "name", "category", "price", "valence", "arousal", "description", "tags"
    )
    records = [
        ProductRecord(
            id=pid,
            name=name,
            category=category,
            price_cents=_cents(price),
            valence=float(valence),
            arousal=float(arousal),
            text=" ".join([name, category, description or "", " ".join(tags or [])]),
        )
        for pid, name, category, price, valence, arousal, description, tags in rows
    ]
    catalogue = build_catalogue(records)
    with _lock:
        _catalogue_cache.update(key=key, value=catalogue, checked=now)
    return catalogue


def interaction_snapshot(catalogue: Catalogue) -> InteractionStats:
    """Everyone's feedback aggregated for popularity and collaborative filtering.

    Rebuilt when interactions changed and the snapshot is older than
    COMMERCE_STATS_MAX_AGE seconds (default 30): a person's own feedback is always read fresh
    by `user_history`, so only other people's signal may lag by that much.
    """
    max_age = float(getattr(settings, "COMMERCE_STATS_MAX_AGE", 30))
    now = time.monotonic()
    with _lock:
        cached = _stats_cache.get("value")
        same_catalogue = _stats_cache.get("key", (None,))[0] == catalogue.signature
        if cached is not None and same_catalogue and now - _stats_cache["built"] < max_age:
            return cached
    key = (catalogue.signature, *Interaction.objects.aggregate(n=Count("id"), m=Max("id")).values())
    with _lock:
        if cached is not None and _stats_cache.get("key") == key:
            _stats_cache["built"] = now
            return cached
    triples = list(Interaction.objects.values_list("user_id", "product_id", "kind"))
    stats = build_interaction_stats(
        catalogue,
        [t[0] for t in triples],
        [t[1] for t in triples],
        [t[2] for t in triples],
    )
    with _lock:
        _stats_cache.update(key=key, value=stats, built=now)
    return stats


def snapshot_clear() -> None:
    """Forget the cached snapshots (tests and the catalogue loader use this)."""
    with _lock:
        _catalogue_cache.clear()
        _stats_cache.clear()


def shop_summary(*, user) -> dict:
    """Counts for the dashboard card."""
    agg = Interaction.objects.filter(user=user).aggregate(n=Count("id"))
    latest = recommendation_latest(user=user)
    return {
        "interactions": agg["n"],
        "saved": Interaction.objects.filter(user=user, kind="save").count(),
        "latest": latest,
    }
