"""Service tests on the shipped catalogue: the seed example, hard budget, guard, feedback."""

import random
from decimal import Decimal

import pytest
from django.utils import timezone

from common.exceptions import ApplicationError
from domains.commerce.models import Interaction, Product, Recommendation
from domains.commerce.services import (
    catalogue_import_csv,
    interaction_create,
    mood_based_shopping,
    recommendation_repeat,
)
from domains.moods.services import mood_entry_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_user_model):
    return django_user_model.objects.create_user("demo", password="x")


def _req(**over):
    base = {"user_id": "demo", "current_mood": "stressed", "budget_range": {"min": 20, "max": 100}}
    base.update(over)
    return base


def test_seed_example_returns_ten_calming_first_explained(catalogue, demo):
    result = mood_based_shopping(_req())
    recs = result["recommendations"]
    assert len(recs) == 10
    for item in recs:
        assert Decimal("20") <= item["price"] <= Decimal("100")
        assert item["arousal"] <= 0.5
        codes = [r["code"] for r in item["reasons"]]
        assert "mood_fit" in codes and "price_position" in codes
        assert {"product_id", "name", "category", "price", "valence", "arousal", "score"} <= set(
            item
        )
    for item in recs[:3]:
        assert item["arousal"] < 0 and item["valence"] >= 0
    assert 0 < result["diversity"] <= 1
    assert result["target"]["mode"] == "calm"
    rec = Recommendation.objects.get(pk=result["recommendation_id"])
    assert rec.user == demo and len(rec.items) == 10 and len(rec.inputs_hash) == 64


def test_user_by_id_typo_mood_and_explicit_affect(catalogue, demo):
    assert mood_based_shopping(_req(user_id=demo.pk, current_mood="strssed"))["mood"]["name"] == (
        "stressed"
    )
    explicit = mood_based_shopping(_req(current_mood={"valence": -0.7, "arousal": -0.4}))
    assert explicit["target"]["mode"] == "lift"
    assert all(r["valence"] >= -0.2 for r in explicit["recommendations"])


def test_sad_regulate_lifts_and_congruent_matches(catalogue, demo):
    lift = mood_based_shopping(_req(current_mood="sad"))
    assert all(r["valence"] > 0 for r in lift["recommendations"][:3])
    happy = mood_based_shopping(_req(current_mood="excited", strategy="congruent"))
    assert happy["target"]["mode"] == "match"
    assert sum(r["arousal"] > 0.3 for r in happy["recommendations"]) >= 7


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"budget_range": {"min": 100, "max": 20}}, "budget_range"),
        ({"budget_range": {"min": -5, "max": 20}}, "budget_range"),
        ({"budget_range": {"min": "abc", "max": 20}}, "budget_range"),
        ({"budget_range": {"min": float("nan"), "max": 20}}, "budget_range"),
        ({"budget_range": {"min": True, "max": 20}}, "budget_range"),
        ({"budget_range": [20, 100]}, "budget_range"),
        ({"limit": 0}, "limit"),
        ({"limit": 10_000}, "limit"),
        ({"limit": 2.5}, "limit"),
        ({"current_mood": "blorptastic"}, "current_mood"),
        ({"current_mood": {"valence": 2, "arousal": 0}}, "current_mood"),
        ({"strategy": "exploit"}, "strategy"),
        ({"diversity": 1.5}, "diversity"),
        ({"category": "Spaceships"}, "category"),
        ({"user_id": "nobody"}, "user_id"),
        ({"user_id": True}, "user_id"),
        ({"surprise": 1}, "non_field_errors"),
    ],
)
def test_bad_input_raises_with_field_and_records_nothing(catalogue, demo, over, field):
    with pytest.raises(ApplicationError) as exc:
        mood_based_shopping(_req(**over))
    assert field in exc.value.fields
    assert Recommendation.objects.count() == 0


def test_unknown_mood_lists_close_matches(catalogue, demo):
    with pytest.raises(ApplicationError) as exc:
        mood_based_shopping(_req(current_mood="lonly-ish"))
    assert "lonely" in exc.value.fields["current_mood"][0]


def test_budget_below_cheapest_is_empty_with_reason(catalogue, demo):
    result = mood_based_shopping(_req(budget_range={"min": 0, "max": 1}))
    assert result["recommendations"] == []
    assert result["warnings"][0]["code"] == "no_product_in_budget"
    assert "cheapest" in result["warnings"][0]["message"]


def test_random_moods_and_budgets_never_out_of_budget(catalogue, demo):
    rnd = random.Random(5)
    words = ["stressed", "sad", "joy", "calm", "angry", "bored", "lonely", "excited", "tired"]
    for _ in range(25):
        lo = Decimal(rnd.randint(0, 15000)) / 100
        hi = lo + Decimal(rnd.randint(0, 12000)) / 100
        result = mood_based_shopping(
            _req(
                current_mood=rnd.choice(words),
                budget_range={"min": str(lo), "max": str(hi)},
                limit=rnd.randint(1, 30),
                diversity=rnd.random(),
                strategy=rnd.choice(["regulate", "congruent"]),
            )
        )
        assert all(lo <= r["price"] <= hi for r in result["recommendations"])


def test_purchase_and_dismiss_exclude_and_save_personalises(catalogue, demo):
    first = mood_based_shopping(_req())
    top, second = first["recommendations"][0], first["recommendations"][1]
    interaction_create(user=demo, product_id=top["product_id"], kind="dismiss")
    interaction_create(
        user=demo,
        product_id=second["product_id"],
        kind="purchase",
        recommendation_id=first["recommendation_id"],
    )
    again = mood_based_shopping(_req())
    ids = [r["product_id"] for r in again["recommendations"]]
    assert top["product_id"] not in ids and second["product_id"] not in ids
    assert any(r["code"] == "history" for item in again["recommendations"] for r in item["reasons"])


def test_purchase_takes_stock_and_out_of_stock_is_refused(catalogue, demo):
    product = Product.objects.get(sku="HH-01011")
    product.stock = 1
    product.save()
    interaction_create(user=demo, product_id=product.pk, kind="purchase")
    product.refresh_from_db()
    assert product.stock == 0
    with pytest.raises(ApplicationError) as exc:
        interaction_create(user=demo, product_id=product.pk, kind="purchase")
    assert exc.value.code == "out_of_stock"


def test_feedback_rejects_someone_elses_recommendation(catalogue, demo, other_user):
    rec = mood_based_shopping(_req())
    with pytest.raises(ApplicationError) as exc:
        interaction_create(
            user=other_user,
            product_id=rec["recommendations"][0]["product_id"],
            kind="save",
            recommendation_id=rec["recommendation_id"],
        )
    assert "recommendation_id" in exc.value.fields
    assert Interaction.objects.count() == 0


def test_mindful_guard_from_negative_moods(catalogue, demo):
    now = timezone.now()
    for hours in (1, 5, 9):
        mood_entry_create(
            user=demo, emotion="sad", intensity=0.9,
            recorded_at=now - timezone.timedelta(hours=hours),
        )  # fmt: skip
    result = mood_based_shopping(_req())
    assert result["mindful_spending"]["active"]
    assert result["mindful_spending"]["reasons"] == ["strongly_negative_mood"]
    assert result["warnings"][0]["code"] == "mindful_spending"
    assert all(r["price"] <= Decimal("60") for r in result["recommendations"])


def test_repeat_uses_same_settings(catalogue, demo):
    first = Recommendation.objects.get(pk=mood_based_shopping(_req(limit=5))["recommendation_id"])
    again = recommendation_repeat(recommendation=first)
    assert again.pk != first.pk and again.limit == 5 and again.mood == "stressed"
    assert again.inputs_hash == first.inputs_hash


def test_csv_import_all_or_nothing(db):
    good = (
        "sku,name,category,price,currency,valence,arousal,tags,stock\n"
        "A-1,Calm tea,Tea,9.50,EUR,0.5,-0.5,calming;tea,5\n"
    )
    report = catalogue_import_csv(content=good)
    assert (report.created, report.errors) == (1, [])
    bad = good.replace("A-1", "A-2") + "A-3,Bad,Tea,-1,EUR,0.5,2,,x\nA-2,Dup,Tea,1,EUR,0,0,,1\n"
    report = catalogue_import_csv(content=bad.encode())
    assert {(e["row"], e["field"]) for e in report.errors} == {
        (3, "price"),
        (3, "arousal"),
        (3, "stock"),
        (4, "sku"),
    }
    assert Product.objects.count() == 1
    again = catalogue_import_csv(content=good.replace("9.50", "10.00"))
    assert again.updated == 1 and Product.objects.get(sku="A-1").price == Decimal("10.00")
    missing = catalogue_import_csv(content="sku,name\nA,B\n")
    assert missing.errors[0]["row"] == 1


def test_catalogue_ships_400_products_in_10_categories(catalogue):
    assert catalogue.created >= 400
    assert Product.objects.values("category").distinct().count() >= 10


def test_cold_start_full_list_and_diversity_zero_is_relevance_order(catalogue, demo):
    result = mood_based_shopping(_req(current_mood="joy", strategy="congruent", diversity=0))
    scores = [r["score"] for r in result["recommendations"]]
    assert len(scores) == 10 and scores == sorted(scores, reverse=True)
    assert not any(r["code"] == "history" for i in result["recommendations"] for r in i["reasons"])


def test_recommendation_query_count_is_bounded(catalogue, demo, django_assert_max_num_queries):
    mood_based_shopping(_req())  # builds the snapshots
    with django_assert_max_num_queries(12):
        mood_based_shopping(_req())
