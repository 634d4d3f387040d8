"""Round modelling over the stored cap table: preview a round, save it as an immutable
scenario (inputs, outputs, inputs hash, engine version), and the demo cap table."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.exceptions import ApplicationError
from valuation import selectors_captable as sel
from valuation.engines.captable import (
    CAPTABLE_ENGINE_VERSION,
    CapTableError,
    RoundTerms,
    model_round,
)
from valuation.engines.types import inputs_hash, to_jsonable
from valuation.models_captable import CapTable, RoundScenario

CENT = Decimal("0.01")
# What a saved scenario can record (RoundScenario's decimal columns).
MIN_PRICE = Decimal("0.00000001")
MAX_SHARES = Decimal(10) ** 18
MAX_MONEY = Decimal(10) ** 16


def _pre_money(*, source: str, pre_money: Decimal | None) -> tuple[Decimal, dict | None]:
    band = sel.pre_money_band()
    if source == "valuation_p50":
        if band is None:
            raise ApplicationError(
                "There is no portfolio valuation yet: type a pre-money instead.",
                fields={"pre_money_source": ["No portfolio valuation to take the P50 from."]},
            )
        return band["p50"].quantize(CENT, rounding=ROUND_HALF_UP), band
    if pre_money is None:
        raise ApplicationError(
            "Type a pre-money valuation or take it from the valuation P50.",
            fields={"pre_money": ["This field is required when the source is typed."]},
        )
    return pre_money, band


def round_scenario_preview(
    *,
    cap_table: CapTable,
    raise_amount: Decimal,
    target_pool: Decimal,
    pre_money_source: str = "typed",
    pre_money: Decimal | None = None,
    close_date: date | None = None,
    investor: str = "New investors",
    series: str = "Series A Preferred",
) -> dict:
    """Model a round over the cap table as stored now; nothing is written.

    Returns {"inputs", "inputs_hash", "outputs", "band"}: the canonical inputs (the cap table
    included, so a saved scenario reproduces after the table changes), their hash and the
    engine's result as JSON-ready data (Decimals as strings)."""
    value, band = _pre_money(source=pre_money_source, pre_money=pre_money)
    close_date = close_date or timezone.now().date()
    table, table_data = sel.cap_table_engine_input(cap_table=cap_table)
    terms = RoundTerms(
        pre_money=value,
        raise_amount=raise_amount,
        target_pool=target_pool,
        close_date=close_date,
        investor=investor or "New investors",
        series=series or "Series A Preferred",
    )
    try:
        result = model_round(table, terms)
    except CapTableError as exc:
        raise ApplicationError(exc.message, fields={exc.field: [exc.message]}) from exc
    if (
        result.price_per_share < MIN_PRICE
        or result.fd_after >= MAX_SHARES
        or result.post_money >= MAX_MONEY
    ):
        msg = (
            "This round implies a price below 0.00000001 per share or more shares or value "
            "than can be recorded; check the pre-money and the raise."
        )
        raise ApplicationError(msg, fields={"pre_money": [msg]})
    inputs = {
        "cap_table": table_data,
        "terms": {**asdict(terms), "pre_money_source": pre_money_source},
        "pre_money_band": band,
        "engine": CAPTABLE_ENGINE_VERSION,
    }
    inputs = to_jsonable(inputs)
    return {
        "inputs": inputs,
        "inputs_hash": inputs_hash(inputs),
        "outputs": to_jsonable(result),
        "band": band,
        "result": result,
    }


def round_scenario_create(
    *,
    cap_table: CapTable,
    name: str,
    created_by=None,
    raise_amount: Decimal,
    target_pool: Decimal,
    pre_money_source: str = "typed",
    pre_money: Decimal | None = None,
    close_date: date | None = None,
    investor: str = "New investors",
    series: str = "Series A Preferred",
) -> RoundScenario:
    """Model the round and save it as an immutable scenario under a name unique per table."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError("Name the scenario.", fields={"name": ["This field is required."]})
    if RoundScenario.objects.filter(cap_table=cap_table, name=name).exists():
        raise ApplicationError(
            "A scenario with this name exists; pick another name.",
            code="duplicate",
            fields={"name": ["A scenario with this name exists."]},
        )
    out = round_scenario_preview(
        cap_table=cap_table,
        raise_amount=raise_amount,
        target_pool=target_pool,
        pre_money_source=pre_money_source,
        pre_money=pre_money,
        close_date=close_date,
        investor=investor,
        series=series,
    )
    r = out["result"]
    try:
        with transaction.atomic():
            return RoundScenario.objects.create(
                cap_table=cap_table,
                name=name,
                created_by=created_by,
                pre_money_source=pre_money_source,
                pre_money=r.pre_money,
                raise_amount=r.raise_amount,
                target_pool=target_pool,
                close_date=out["inputs"]["terms"]["close_date"],
                price_per_share=r.price_per_share.quantize(Decimal("0.00000001")),
                post_money=r.post_money.quantize(CENT, rounding=ROUND_HALF_UP),
                inputs=out["inputs"],
                outputs=out["outputs"],
                inputs_hash=out["inputs_hash"],
                engine_version=CAPTABLE_ENGINE_VERSION,
            )
    except IntegrityError as exc:  # a concurrent save took the name first
        raise ApplicationError(
            "A scenario with this name exists; pick another name.",
            code="duplicate",
            fields={"name": ["A scenario with this name exists."]},
        ) from exc
