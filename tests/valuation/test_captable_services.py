"""Cap table services and selectors on the real database."""

import csv
import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from common.exceptions import ApplicationError
from valuation import selectors
from valuation.demo import CAP_TABLE_NAME, seed_captable_demo
from valuation.models import (
    CapTable,
    ConvertibleInstrument,
    Holder,
    Holding,
    RoundScenario,
    ShareClass,
    ValuationSnapshot,
)
from valuation.services import round_scenario_create, round_scenario_preview

pytestmark = pytest.mark.django_db


def small_table(name="Acme"):
    """Founder 8,000,000 common, employee 500,000 options, 500,000 unallocated (the engine's
    option-pool-shuffle example)."""
    t = CapTable.objects.create(name=name, pool_unallocated=D(500000))
    common = ShareClass.objects.create(cap_table=t, name="Common", kind="common")
    options = ShareClass.objects.create(cap_table=t, name="Options", kind="options")
    f = Holder.objects.create(cap_table=t, name="Founder", kind="founder")
    e = Holder.objects.create(cap_table=t, name="Employee", kind="employee")
    Holding.objects.create(holder=f, share_class=common, shares=D(8000000))
    Holding.objects.create(holder=e, share_class=options, shares=D(500000))
    return t


def test_demo_cap_table_is_idempotent_and_models_a_round():
    seed_captable_demo()
    seed_captable_demo()
    table = CapTable.objects.get(name=CAP_TABLE_NAME)
    assert Holder.objects.filter(cap_table=table).count() == 11
    kinds = sorted(
        ConvertibleInstrument.objects.filter(holder__cap_table=table).values_list("kind", flat=True)
    )
    assert kinds == ["note", "safe_post", "safe_post"]
    out = round_scenario_preview(
        cap_table=table, pre_money=D(30000000), raise_amount=D(6000000), target_pool=D("0.10")
    )
    r = out["result"]
    assert len(r.conversions) == 3
    assert r.pool_after_fraction.quantize(D("0.001")) == D("0.100")
    assert sum(h.ownership_after for h in r.holders) == pytest.approx(D(1), abs=D("1e-20"))


def test_scenario_saved_immutable_with_hash_and_reproducible():
    t = small_table()
    s = round_scenario_create(
        cap_table=t,
        name="Base",
        pre_money=D(9000000),
        raise_amount=D(3000000),
        target_pool=D("0.10"),
        close_date=date(2026, 1, 1),
    )
    assert s.engine_version.startswith("captable-engine/")
    assert len(s.inputs_hash) == 64
    assert s.outputs["pool_topup"] == "807692"
    assert s.outputs["new_money_shares"] == "3269230"
    assert s.price_per_share == D("0.91764706")
    again = round_scenario_preview(
        cap_table=t,
        pre_money=D(9000000),
        raise_amount=D(3000000),
        target_pool=D("0.10"),
        close_date=date(2026, 1, 1),
    )
    assert again["inputs_hash"] == s.inputs_hash
    s.name = "changed"
    with pytest.raises(ValidationError):
        s.save()
    # The saved inputs keep the table as it was: a later grant changes the hash, not the row.
    Holding.objects.filter(holder__name="Employee").update(shares=D(600000))
    later = round_scenario_preview(
        cap_table=t,
        pre_money=D(9000000),
        raise_amount=D(3000000),
        target_pool=D("0.10"),
        close_date=date(2026, 1, 1),
    )
    assert later["inputs_hash"] != s.inputs_hash
    s.refresh_from_db()
    assert s.inputs["cap_table"]["positions"][0]["shares"] == "500000"


def test_duplicate_name_and_bad_terms_are_field_errors():
    t = small_table()
    round_scenario_create(cap_table=t, name="A", pre_money=D(1e6), raise_amount=D(0), target_pool=0)
    with pytest.raises(ApplicationError) as exc:
        round_scenario_create(
            cap_table=t, name="A", pre_money=D(1e6), raise_amount=D(0), target_pool=0
        )
    assert "name" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        round_scenario_create(
            cap_table=t, name="B", pre_money=D(1e6), raise_amount=D(1e9), target_pool=D("0.5")
        )
    assert "target_pool" in exc.value.fields
    with pytest.raises(ApplicationError) as exc:
        round_scenario_preview(cap_table=t, pre_money=None, raise_amount=D(1), target_pool=0)
    assert "pre_money" in exc.value.fields
    assert RoundScenario.objects.count() == 1


def test_pre_money_from_valuation_p50_records_the_band():
    t = small_table()
    with pytest.raises(ApplicationError) as exc:
        round_scenario_preview(
            cap_table=t, pre_money_source="valuation_p50", raise_amount=D(1), target_pool=0
        )
    assert "pre_money_source" in exc.value.fields
    ValuationSnapshot.objects.create(
        scope="portfolio",
        as_of=date(2026, 1, 1),
        computed_at="2026-01-01T00:00:00Z",
        value=D(10e6),
        mean=D(10e6),
        std=D(1e6),
        p5=D(6e6),
        p10=D(7e6),
        p25=D(8e6),
        p50=D("9500000.456"),
        p75=D(11e6),
        p90=D(13e6),
        p95=D(14e6),
        inputs_hash="x" * 64,
        seed=1,
        engine_version="t",
    )
    s = round_scenario_create(
        cap_table=t,
        name="From P50",
        pre_money_source="valuation_p50",
        raise_amount=D(2000000),
        target_pool=D(0),
    )
    assert s.pre_money == D("9500000.46")
    band = s.inputs["pre_money_band"]
    assert (band["p10"], band["p90"]) == ("7000000.00", "13000000.00")


def test_compare_and_csv_export_neutralises_formulas():
    t = small_table()
    Holder.objects.filter(name="Employee").update(name="=HYPERLINK(1)")
    a = round_scenario_create(
        cap_table=t, name="Low", pre_money=D(9e6), raise_amount=D(3e6), target_pool=D("0.10")
    )
    b = round_scenario_create(
        cap_table=t, name="+High", pre_money=D(15e6), raise_amount=D(3e6), target_pool=D("0.10")
    )
    cmp = selectors.round_scenario_compare(a=a, b=b)
    founder = next(h for h in cmp["holders"] if h["holder"] == "Founder")
    assert founder["ownership_b"] > founder["ownership_a"]
    price = next(x for x in cmp["terms"] if x["key"] == "price_per_share")
    assert price["b"] > price["a"]
    text = selectors.round_scenario_csv(scenario=b)
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'+High" in cells and "'=HYPERLINK(1)" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    # The pool's negative dilution is a plain number and stays one (no quote prefix).
    assert any(c.startswith("-0.") for c in cells)
    assert not any(c.startswith("'-") for c in cells)
