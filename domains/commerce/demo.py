"""Demo data: the shipped catalogue, some shoppers' feedback and one recommendation for demo."""

import random

from django.contrib.auth import get_user_model

from domains.commerce.models import Interaction, Product
from domains.commerce.selectors import snapshot_clear
from domains.commerce.services import catalogue_load_default, mood_based_shopping

SHOPPERS = 12
SEED = 20261125


def seed_demo(*, stdout) -> None:
    report = catalogue_load_default()
    snapshot_clear()
    stdout.write(
        f"  commerce: catalogue {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )
    User = get_user_model()
    if Interaction.objects.filter(user__username__startswith="shopper").exists():
        stdout.write("  commerce: demo feedback already present")
        return
    rng = random.Random(SEED)  # fixed seed: the same demo shop on every machine
    products = list(Product.objects.order_by("sku").values_list("id", "valence", "arousal"))
    rows = []
    for i in range(1, SHOPPERS + 1):
        shopper, _ = User.objects.get_or_create(
            username=f"shopper{i:02d}", defaults={"is_active": False}
        )
        # Each shopper leans calm or lively, so popularity and neighbours carry a signal.
        calm = i % 2 == 0
        liked = [p for p in products if (p[2] < 0) == calm]
        for pid, _, _ in rng.sample(liked, 18):
            kind = rng.choices(["view", "click", "save", "purchase"], [4, 3, 2, 1])[0]
            rows.append(Interaction(user=shopper, product_id=pid, kind=kind))
    Interaction.objects.bulk_create(rows)
    demo = User.objects.get(username="demo")
    if not Interaction.objects.filter(user=demo).exists():
        chosen = [p for p in products if p[2] < -0.4][:3]
        Interaction.objects.bulk_create(
            [Interaction(user=demo, product_id=pid, kind="save") for pid, _, _ in chosen]
        )
    snapshot_clear()
    result = mood_based_shopping(
        {"user_id": "demo", "current_mood": "stressed", "budget_range": {"min": 20, "max": 100}}
    )
    stdout.write(
        f"  commerce: {len(rows)} shopper interactions; demo got "
        f"{len(result['recommendations'])} recommendations for 'stressed'"
    )
