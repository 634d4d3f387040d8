"""Market engines: Cooper's ECV, Bass diffusion, NPV, RICE, market-impact score, DI1 disruption.

Units: money in the caller's currency as float64 (the DB stores Decimal); time in years;
probabilities and scores in [0, 1].
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

ENGINE_VERSION = "market/1.0.0"

#: Probability of technical success by Technology Readiness Level (project calibration).
RICE_REF_IMPACT_CONFIDENCE = 0.25

TRL_PTS = {1: 0.10, 2: 0.15, 3: 0.25, 4: 0.35, 5: 0.50, 6: 0.60, 7: 0.75, 8: 0.85, 9: 0.95}


def ecv(*, npv: float, pcs: float, c: float, pts: float, d: float) -> float:
    """Cooper's expected commercial value: ((NPV * Pcs - C) * Pts) - D.

    npv: net present value if launched; pcs: probability of commercial success; c: launch
    (commercialisation) cost; pts: probability of technical success; d: remaining development cost.
    """
    for name, p in (("pcs", pcs), ("pts", pts)):
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"{name} must be in [0, 1]")
    return ((npv * pcs - c) * pts) - d


def bass_cumulative(t: float, p: float, q: float) -> float:
    """Bass cumulative adoption share F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})."""
    if p <= 0 or q < 0:
        raise ValueError("Bass needs p > 0 and q >= 0")
    if t <= 0:
        return 0.0
    e = math.exp(-(p + q) * t)
    return (1.0 - e) / (1.0 + (q / p) * e)


def bass_rate(t: float, p: float, q: float) -> float:
    """Adoption density f(t) = dF/dt = (p + q F)(1 - F)."""
    f = bass_cumulative(t, p, q)
    return (p + q * f) * (1.0 - f)


def bass_peak_time(p: float, q: float) -> float:
    """Time of peak adoption t* = ln(q/p) / (p + q); 0 when q <= p (no interior peak)."""
    if q <= p:
        return 0.0
    return math.log(q / p) / (p + q)


def bass_forecast(*, market: float, p: float, q: float, years: int) -> list[dict]:
    """Yearly new and cumulative adopters for ``years`` years out of a ``market`` of adopters."""
    rows = []
    prev = 0.0
    for y in range(1, years + 1):
        f = bass_cumulative(y, p, q)
        rows.append({"year": y, "new": market * (f - prev), "cumulative": market * f, "share": f})
        prev = f
    return rows


def npv(*, cashflows: list[float], rate: float) -> float:
    """Net present value of year-end cash flows (year 1 first) at discount ``rate``."""
    return sum(cf / (1.0 + rate) ** (i + 1) for i, cf in enumerate(cashflows))


def rice(*, reach: float, impact: float, confidence: float, effort: float) -> float:
    """RICE = Reach x Impact x Confidence / Effort (effort in person-months, > 0)."""
    if effort <= 0:
        raise ValueError("effort must be positive")
    return reach * impact * confidence / effort


@dataclass(frozen=True)
class MarketInputs:
    """Inputs of one market estimate (all stored with the score)."""

    adopters: float
    margin: float
    p: float
    q: float
    discount: float
    dev_cost: float
    launch_cost: float
    trl: int
    pcs: float
    horizon: int = 10


def market_estimate(inputs: MarketInputs, *, relevance: float) -> dict:
    """ECV, Bass and RICE for one concept, and the combined market-impact score in [0, 1].

    Cash flow in year t = active adopters F(t) x market x annual margin, discounted (NPV over the
    horizon). market_impact = 0.5 * ecv_score + 0.3 * F_Bass(5 y) + 0.2 * rice_score, with
    half-saturation squashes: ecv_score = ECV+ / (ECV+ + (C + D)) (0.5 when the risked value
    equals the money still to be spent) and rice_score = RICE / (RICE + RICE_ref), RICE_ref being
    the same reach and effort at impact x confidence = 0.25.
    """
    forecast = bass_forecast(market=inputs.adopters, p=inputs.p, q=inputs.q, years=inputs.horizon)
    cash = [row["cumulative"] * inputs.margin for row in forecast]
    value = npv(cashflows=cash, rate=inputs.discount)
    pts = TRL_PTS[max(1, min(9, inputs.trl))]
    e = ecv(npv=value, pcs=inputs.pcs, c=inputs.launch_cost, pts=pts, d=inputs.dev_cost)
    reach = forecast[0]["cumulative"]
    impact = 1.0 + 2.0 * max(0.0, min(1.0, relevance))
    effort = max(1.0, inputs.dev_cost / 10000.0)
    r = rice(reach=reach, impact=impact, confidence=pts * inputs.pcs, effort=effort)
    invest = max(inputs.dev_cost + inputs.launch_cost, 1.0)
    ecv_score = max(e, 0.0) / (max(e, 0.0) + invest)
    rice_ref = reach * RICE_REF_IMPACT_CONFIDENCE / effort
    rice_score = r / (r + rice_ref) if rice_ref > 0 else 0.0
    f5 = bass_cumulative(5, inputs.p, inputs.q)
    score = 0.5 * ecv_score + 0.3 * f5 + 0.2 * rice_score
    return {
        "score": min(1.0, max(0.0, score)),
        "ecv": e,
        "npv": value,
        "pts": pts,
        "pcs": inputs.pcs,
        "rice": r,
        "reach": reach,
        "impact": impact,
        "effort": effort,
        "bass_f5": f5,
        "bass_peak_year": bass_peak_time(inputs.p, inputs.q),
        "ecv_score": ecv_score,
        "rice_score": rice_score,
        "weights": {"ecv": 0.5, "bass": 0.3, "rice": 0.2},
        "inputs": asdict(inputs),
    }


def di1(*, focal_citers: set, reference_citers: set) -> float:
    """Disruption index DI1 = (|I| - |J|) / (|I| + |J| + |K|) (Funk and Owen-Smith; Wu et al.).

    focal_citers: later works that build on the focal item; reference_citers: later works that
    build on at least one of the focal item's own references. I = cite focal only, J = both,
    K = references only. Returns 0.0 when nobody cites either.
    """
    i = len(focal_citers - reference_citers)
    j = len(focal_citers & reference_citers)
    k = len(reference_citers - focal_citers)
    total = i + j + k
    return 0.0 if total == 0 else (i - j) / total
