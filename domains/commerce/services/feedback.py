"""Shoppers' feedback on products (view, click, save, purchase, not-for-me)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from common.exceptions import ApplicationError
from domains.commerce.models import Interaction, Product, Recommendation
from domains.commerce.selectors import snapshot_clear

KINDS = {k for k, _ in Interaction.KINDS}


@transaction.atomic
def interaction_create(
    *, user, product_id: int, kind: str, recommendation_id: int | None = None
) -> Interaction:
    """Record feedback. A purchase takes one unit of stock; saving twice is a no-op."""
    errors: dict[str, list[str]] = {}
    if kind not in KINDS:
        errors["kind"] = [f"kind must be one of: {', '.join(sorted(KINDS))}."]
    product = None
    if isinstance(product_id, bool) or not isinstance(product_id, int):
        errors["product_id"] = ["product_id must be a whole number."]
    else:
        product = Product.objects.filter(pk=product_id, active=True).first()
        if product is None:
            errors["product_id"] = ["No such product."]
    recommendation = None
    if recommendation_id is not None:
        # Someone else's recommendation is indistinguishable from a missing one.
        recommendation = Recommendation.objects.filter(pk=recommendation_id, user=user).first()
        if recommendation is None:
            errors["recommendation_id"] = ["No such recommendation."]
    if errors:
        raise ApplicationError("The feedback is invalid.", fields=errors)
    if kind == "save":
        existing = Interaction.objects.filter(user=user, product=product, kind="save").first()
        if existing is not None:
            return existing
    if kind == "purchase":
        # update() leaves updated_at alone, so the cached catalogue stays valid.
        taken = Product.objects.filter(pk=product.pk, stock__gt=0).update(stock=F("stock") - 1)
        if not taken:
            raise ApplicationError(
                "This product is out of stock.",
                code="out_of_stock",
                fields={"product_id": ["out of stock"]},
            )
        if product.stock <= 1:  # the last unit: the product leaves the shop's snapshot
            transaction.on_commit(snapshot_clear)
    return Interaction.objects.create(
        user=user, product=product, kind=kind, recommendation=recommendation
    )
