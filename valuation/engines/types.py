"""Shared engine constants, conventions and the canonical inputs hash.

Money inside engines is float64 in the component's base currency; the service layer converts
Decimal amounts on the way in and rounds to 2 dp (Decimal) on the way out.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime
from decimal import Decimal

ENGINE_VERSION = "valuation-engine/1.1.0"

# Months of service one billing interval covers; MRR = amount / months (ChartMogul convention:
# annual /12, quarterly /3, weekly x 52/12). One-off amounts are recognised revenue, never MRR.
INTERVAL_MONTHS: dict[str, float] = {
    "monthly": 1.0,
    "quarterly": 3.0,
    "annual": 12.0,
    "weekly": 12.0 / 52.0,
}
INTERVALS = ("monthly", "quarterly", "annual", "weekly", "one_off")
KINDS = ("subscribe", "change", "cancel", "reactivate", "one_off")
RECURRING_KINDS = ("subscribe", "change", "cancel", "reactivate")
STREAMS = ("subscription", "transaction_fee", "api_licensing", "enterprise")
MOVEMENTS = ("new", "expansion", "contraction", "churn", "reactivation")

PERCENTILES = (5, 10, 25, 50, 75, 90, 95)


class EngineInputError(ValueError):
    """An engine was given inputs it cannot compute with (r <= g, weights not summing to 1...).

    `field` names the offending input so interfaces can attach the message to it.
    """

    def __init__(self, message: str, *, field: str = "non_field_errors"):
        super().__init__(message)
        self.field = field


def normalise_to_mrr(amount: float, interval: str) -> float:
    """Monthly recurring revenue of one billing `amount` charged every `interval`."""
    if interval not in INTERVAL_MONTHS:
        raise EngineInputError(
            f"interval {interval!r} has no MRR (one-off or unknown)", field="interval"
        )
    return float(amount) / INTERVAL_MONTHS[interval]


def require_finite(name: str, value: float) -> float:
    """Return `value` as float or raise EngineInputError when it is NaN/inf/not a number."""
    try:
        out = float(value)
    except (TypeError, ValueError) as exc:
        raise EngineInputError(f"{name} must be a number", field=name) from exc
    if not math.isfinite(out):
        raise EngineInputError(f"{name} must be finite (got {value})", field=name)
    return out


def _canonical(obj):
    if is_dataclass(obj) and not isinstance(obj, type):
        return _canonical(asdict(obj))
    if isinstance(obj, dict):
        return {str(k): _canonical(v) for k, v in sorted(obj.items(), key=lambda kv: str(kv[0]))}
    if isinstance(obj, (list, tuple)):
        return [_canonical(v) for v in obj]
    if isinstance(obj, Decimal):
        return format(obj.normalize(), "f")
    if isinstance(obj, float):
        # repr is the shortest round-tripping form, stable across platforms.
        return repr(obj) if math.isfinite(obj) else str(obj)
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if hasattr(obj, "tolist"):
        return _canonical(obj.tolist())
    return obj


def to_jsonable(obj):
    """Plain JSON-ready data: dataclasses/numpy become lists/dicts, NaN/inf become None."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return to_jsonable(asdict(obj))
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if hasattr(obj, "tolist"):
        return to_jsonable(obj.tolist())
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Decimal):
        return format(obj, "f")
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    return obj


def canonical_json(obj) -> str:
    """Canonical JSON (sorted keys, no spaces, floats by repr, Decimals as plain strings)."""
    return json.dumps(_canonical(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def inputs_hash(obj) -> str:
    """sha256 hex digest of the canonical JSON of `obj`."""
    return hashlib.sha256(canonical_json(obj).encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Provenance:
    """What every engine output carries so a number can be traced to its inputs."""

    inputs_hash: str
    engine_version: str = ENGINE_VERSION
    seed: int | None = None
