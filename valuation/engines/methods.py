"""Valuation methods: revenue multiple, DCF (Gordon and exit multiple), VC method, PWERM,
weighted blend, 5-year projection and one-at-a-time sensitivity.

Conventions: rates are fractions per year (0.10 = 10%); cash flows arrive at the end of each
year t = 1..n and are discounted by (1 + r)^t; money is float in the base currency.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from .types import EngineInputError, require_finite

WEIGHT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class DCFResult:
    """Enterprise value split into its parts."""

    pv_fcf: float
    terminal_value: float
    pv_terminal: float
    enterprise_value: float
    discount_factors: tuple[float, ...]
    method: str


def _check_rate(name: str, value: float, *, low: float = -0.99, high: float = 10.0) -> float:
    v = require_finite(name, value)
    if not low < v < high:
        raise EngineInputError(f"{name} must be between {low} and {high} (got {v})", field=name)
    return v


def _check_flows(fcf: Sequence[float]) -> list[float]:
    if len(fcf) == 0:
        raise EngineInputError("at least one year of free cash flow is needed", field="fcf")
    return [require_finite("fcf", x) for x in fcf]


def dcf_gordon(fcf: Sequence[float], *, discount_rate: float, terminal_growth: float) -> DCFResult:
    """EV = sum FCF_t/(1+r)^t + TV/(1+r)^n with TV = FCF_n (1+g)/(r-g); requires r > g."""
    flows = _check_flows(fcf)
    r = _check_rate("discount_rate", discount_rate)
    g = _check_rate("terminal_growth", terminal_growth)
    if r <= g:
        raise EngineInputError(
            f"discount rate ({r:.4f}) must exceed terminal growth ({g:.4f}) for a Gordon "
            "terminal value",
            field="discount_rate",
        )
    dfs = tuple((1 + r) ** -t for t in range(1, len(flows) + 1))
    pv = sum(f * d for f, d in zip(flows, dfs, strict=True))
    tv = flows[-1] * (1 + g) / (r - g)
    return DCFResult(pv, tv, tv * dfs[-1], pv + tv * dfs[-1], dfs, "gordon")


def dcf_exit_multiple(
    fcf: Sequence[float], *, discount_rate: float, exit_multiple: float, exit_metric: float
) -> DCFResult:
    """EV = sum FCF_t/(1+r)^t + (multiple x metric_n)/(1+r)^n."""
    flows = _check_flows(fcf)
    r = _check_rate("discount_rate", discount_rate)
    m = require_finite("exit_multiple", exit_multiple)
    if m < 0:
        raise EngineInputError("exit multiple must be >= 0", field="exit_multiple")
    metric = require_finite("exit_metric", exit_metric)
    dfs = tuple((1 + r) ** -t for t in range(1, len(flows) + 1))
    pv = sum(f * d for f, d in zip(flows, dfs, strict=True))
    tv = m * metric
    return DCFResult(pv, tv, tv * dfs[-1], pv + tv * dfs[-1], dfs, "exit_multiple")


def revenue_multiple(revenue: float, *, p25: float, p50: float, p75: float) -> dict:
    """EV = revenue (ARR) x peer EV/Revenue multiple: the median and the P25-P75 band."""
    rev = require_finite("revenue", revenue)
    qs = [require_finite(n, v) for n, v in (("p25", p25), ("p50", p50), ("p75", p75))]
    if min(qs) < 0 or not qs[0] <= qs[1] <= qs[2]:
        raise EngineInputError("multiples must satisfy 0 <= P25 <= P50 <= P75", field="multiples")
    return {"low": rev * qs[0], "value": rev * qs[1], "high": rev * qs[2], "multiple": qs[1]}


@dataclass(frozen=True)
class VCResult:
    """VC-method outputs; ownership figures are fractions."""

    post_money: float
    pre_money: float
    ownership_at_exit: float
    ownership_today: float
    retention: float


def vc_method(
    *, exit_value: float, target_return: float, years: float, investment: float, dilution: float
) -> VCResult:
    """Post = exit/(1+target)^years; pre = post - investment; today = at exit / (1-dil)."""
    tv = require_finite("exit_value", exit_value)
    tr = _check_rate("target_return", target_return, low=0.0)
    n = require_finite("years", years)
    inv = require_finite("investment", investment)
    dil = require_finite("dilution", dilution)
    if tv <= 0 or n <= 0 or inv < 0:
        raise EngineInputError(
            "exit value and years must be > 0, investment >= 0", field="exit_value"
        )
    if not 0 <= dil < 1:
        raise EngineInputError("dilution must be in [0, 1)", field="dilution")
    post = tv / (1 + tr) ** n
    retention = 1 - dil
    own_exit = inv / post
    return VCResult(post, post - inv, own_exit, own_exit / retention, retention)


@dataclass(frozen=True)
class Scenario:
    """A PWERM exit scenario: probability, value at exit and years until exit."""

    name: str
    probability: float
    exit_value: float
    years: float


def pwerm(scenarios: Sequence[Scenario], *, discount_rate: float) -> dict:
    """Value = sum p_s x exit_s/(1+r)^years_s; probabilities must be >= 0 and sum to 1."""
    if not scenarios:
        raise EngineInputError("at least one scenario is needed", field="scenarios")
    r = _check_rate("discount_rate", discount_rate)
    total = 0.0
    rows = []
    for s in scenarios:
        p = require_finite("probability", s.probability)
        v = require_finite("exit_value", s.exit_value)
        y = require_finite("years", s.years)
        if p < 0 or v < 0 or y < 0:
            raise EngineInputError(f"scenario {s.name!r}: values must be >= 0", field="scenarios")
        pv = v / (1 + r) ** y
        rows.append({"name": s.name, "probability": p, "present_value": pv, "weighted": p * pv})
        total += p
    if abs(total - 1) > WEIGHT_TOLERANCE:
        raise EngineInputError(
            f"scenario probabilities must sum to 1 (got {total:.6f})", field="scenarios"
        )
    return {"value": sum(x["weighted"] for x in rows), "scenarios": rows}


def blend(values: Mapping[str, float], weights: Mapping[str, float], rationale: str = "") -> dict:
    """Weighted blend EV = sum w_i EV_i; weights >= 0, summing to 1, one per method value."""
    if set(weights) - set(values):
        unknown = ", ".join(sorted(set(weights) - set(values)))
        raise EngineInputError(f"weights for methods with no value: {unknown}", field="weights")
    ws = {k: require_finite(f"weight {k}", w) for k, w in weights.items() if w != 0}
    if any(w < 0 for w in ws.values()):
        raise EngineInputError("weights must be >= 0", field="weights")
    total = sum(ws.values())
    if abs(total - 1) > WEIGHT_TOLERANCE:
        raise EngineInputError(f"weights must sum to 1 (got {total:.6f})", field="weights")
    parts = {k: require_finite(k, values[k]) * w for k, w in ws.items()}
    return {"value": sum(parts.values()), "weights": ws, "parts": parts, "rationale": rationale}


@dataclass(frozen=True)
class ProjectionInputs:
    """Drivers of a 5-year plan: revenue run-rate now, growth fading linearly to terminal."""

    revenue: float
    growth: float
    terminal_growth: float
    margin: float
    target_margin: float
    years: int = 5
    reinvestment: float = 0.0


@dataclass(frozen=True)
class ProjectionRow:
    """One projected year."""

    year: int
    revenue: float
    growth: float
    margin: float
    fcf: float


def project(p: ProjectionInputs) -> list[ProjectionRow]:
    """Growth fades linearly from `growth` to `terminal_growth`, margin moves linearly to
    `target_margin` by the last year; FCF = revenue x margin x (1 - reinvestment)."""
    rev = require_finite("revenue", p.revenue)
    for name in ("growth", "terminal_growth", "margin", "target_margin", "reinvestment"):
        require_finite(name, getattr(p, name))
    if rev < 0 or p.years < 1 or p.growth <= -1:
        raise EngineInputError(
            "revenue must be >= 0, years >= 1 and growth > -100%", field="revenue"
        )
    rows = []
    for t in range(1, p.years + 1):
        frac = (t - 1) / max(p.years - 1, 1)
        g = p.growth + (p.terminal_growth - p.growth) * frac
        m = p.margin + (p.target_margin - p.margin) * (t / p.years)
        rev *= 1 + g
        rows.append(ProjectionRow(t, rev, g, m, rev * m * (1 - p.reinvestment)))
    return rows


@dataclass(frozen=True)
class Sensitivity:
    """Value swing when one driver moves down/up while the others stay at base."""

    driver: str
    low_input: float
    high_input: float
    low_value: float
    high_value: float
    swing: float = field(default=0.0)


def sensitivity(
    value_fn: Callable[[Mapping[str, float]], float],
    base: Mapping[str, float],
    bumps: Mapping[str, tuple[float, float]],
) -> list[Sensitivity]:
    """One-at-a-time (tornado): each driver set to its (low, high); ranked by |swing| descending.
    Drivers whose bumped value is rejected by the model (e.g. r <= g) are skipped."""
    out = []
    for name, (lo, hi) in bumps.items():
        try:
            v_lo = value_fn({**base, name: lo})
            v_hi = value_fn({**base, name: hi})
        except EngineInputError:
            continue
        if math.isfinite(v_lo) and math.isfinite(v_hi):
            out.append(Sensitivity(name, lo, hi, v_lo, v_hi, abs(v_hi - v_lo)))
    return sorted(out, key=lambda s: -s.swing)


def goal_seek(
    fn: Callable[[float], float], target: float, lo: float, hi: float, *, tol: float = 1e-9
) -> float | None:
    """Bisection for x in [lo, hi] with fn(x) = target; None if the target is not bracketed."""
    f_lo, f_hi = fn(lo) - target, fn(hi) - target
    if f_lo == 0:
        return lo
    if f_lo * f_hi > 0:
        return None
    for _ in range(200):
        mid = (lo + hi) / 2
        f_mid = fn(mid) - target
        if abs(f_mid) <= tol or hi - lo <= tol:
            return mid
        if f_lo * f_mid < 0:
            hi = mid
        else:
            lo, f_lo = mid, f_mid
    return (lo + hi) / 2
