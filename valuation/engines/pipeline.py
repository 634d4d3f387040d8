"""The component valuation pipeline: from a ledger table and plain assumptions to a full result
(methods, blend, Monte Carlo distribution, 5-year fan and projection, sensitivity).

Pure: the caller passes the movements table, the assumptions dict and a seed. Level comes from
the method blend, shape from the Monte Carlo.

* Today's distribution: each path's year-5 value discounted at the discount rate, scaled so its
  median equals the blended value.
* The 5-year fan (years 0..5): every simulated path divided by the simulation's own year-0 value
  (revenue x median multiple, the same for all paths) and multiplied by the blended value. One
  scale for every year, so year 0 is exactly today's value and year t is today's value times the
  simulated growth of revenue x multiple. With zero volatility the fan is a line at the
  documented rate: value x prod_{s<=t} (1 + g_s), g fading linearly from `growth` to
  `terminal_growth` (the projection's growth path). Without revenue (value from non-revenue
  methods only) the line grows at the discount rate.
* The portfolio fan is the sum of the same component paths (`portfolio_fan`): every component
  draws its growth shock's common factor from one `common_factor(seed)` array, so the summed
  paths carry the correlation and each year's percentiles come from the sums.
"""

from __future__ import annotations

import math

import numpy as np

from . import methods as m
from . import monte_carlo as mc
from .types import EngineInputError

STAGE_GROWTH = {"idea": 1.0, "pre_revenue": 1.0, "early": 0.6, "growth": 0.35, "mature": 0.08}
Z90 = 1.2815515655446004  # standard normal 90% quantile
HORIZON = 5


def deterministic_methods(a: dict) -> dict:
    """Each method's value (or the reason it is unavailable) for assumptions `a`."""
    out: dict = {}
    proj = m.project(
        m.ProjectionInputs(
            revenue=a["revenue"],
            growth=a["growth"],
            terminal_growth=a["terminal_growth"],
            margin=a["operating_margin"],
            target_margin=a["target_margin"],
            years=HORIZON,
        )
    )
    fcf = [r.fcf for r in proj]
    mult = a.get("multiples")
    if mult:
        rm = m.revenue_multiple(a["revenue"], p25=mult["p25"], p50=mult["p50"], p75=mult["p75"])
        out["revenue_multiple"] = {**rm, "source": mult.get("source", "")}
    else:
        out["revenue_multiple"] = {"value": None, "reason": "no multiples table for the sector"}
    try:
        d = m.dcf_gordon(
            fcf, discount_rate=a["discount_rate"], terminal_growth=a["terminal_growth"]
        )
        out["dcf_gordon"] = {
            "value": d.enterprise_value,
            "pv_fcf": d.pv_fcf,
            "terminal_value": d.terminal_value,
            "pv_terminal": d.pv_terminal,
        }
    except EngineInputError as exc:
        out["dcf_gordon"] = {"value": None, "reason": str(exc)}
    if mult:
        d = m.dcf_exit_multiple(
            fcf,
            discount_rate=a["discount_rate"],
            exit_multiple=mult["p50"],
            exit_metric=proj[-1].revenue,
        )
        out["dcf_exit_multiple"] = {
            "value": d.enterprise_value,
            "pv_fcf": d.pv_fcf,
            "terminal_value": d.terminal_value,
        }
        exit_value = proj[-1].revenue * mult["p50"]
        if exit_value > 0:
            vc = m.vc_method(
                exit_value=exit_value,
                target_return=a["vc_target_return"],
                years=HORIZON,
                investment=0.0,
                dilution=a["vc_dilution"],
            )
            # Value today of the stake that survives expected dilution.
            out["vc_method"] = {
                "value": vc.post_money * vc.retention,
                "post_money": vc.post_money,
                "exit_value": exit_value,
                "retention": vc.retention,
            }
        else:
            out["vc_method"] = {"value": None, "reason": "no projected revenue at exit"}
    else:
        reason = "needs an exit multiple from the multiples table"
        out["dcf_exit_multiple"] = {"value": None, "reason": reason}
        out["vc_method"] = {"value": None, "reason": reason}
    if a.get("pwerm_scenarios"):
        sc = [
            m.Scenario(s["name"], s["probability"], s["exit_value"], s["years"])
            for s in a["pwerm_scenarios"]
        ]
        out["pwerm"] = m.pwerm(sc, discount_rate=a["discount_rate"])
    else:
        out["pwerm"] = {"value": None, "reason": "no exit scenarios entered"}
    return {"methods": out, "projection": proj}


def blended(methods: dict, weights: dict, rationale: str) -> dict:
    """Blend the available methods; weights of unavailable ones are dropped and the rest
    renormalised, which is recorded in the rationale."""
    total = sum(float(w) for w in weights.values())
    if abs(total - 1) > m.WEIGHT_TOLERANCE:
        raise EngineInputError(f"method weights must sum to 1 (got {total:.6f})", field="weights")
    avail = {
        k: float(w) for k, w in weights.items() if w and methods.get(k, {}).get("value") is not None
    }
    dropped = sorted(k for k, w in weights.items() if w and k not in avail)
    note = rationale
    if not avail:
        fallback = [k for k, v in methods.items() if v.get("value") is not None]
        if not fallback:
            return {"value": 0.0, "weights": {}, "parts": {}, "rationale": "no method available"}
        avail = {k: 1.0 / len(fallback) for k in fallback}
        note = (
            f"{rationale} [no weighted method available; equal weights over {', '.join(fallback)}]"
        )
    elif dropped:
        s = sum(avail.values())
        avail = {k: w / s for k, w in avail.items()}
        note = f"{rationale} [unavailable: {', '.join(dropped)}; weights renormalised]".strip()
    values = {k: methods[k]["value"] for k in avail}
    out = m.blend(values, avail, note)
    out["value"] = max(out["value"], 0.0)
    return out


def common_factor(seed, *, n_paths: int, years: int = HORIZON) -> np.ndarray:
    """The portfolio common factor (n_paths x years standard normals) every component of a run
    shares; a pure function of the run seed so the portfolio re-draws exactly the same one."""
    return np.random.default_rng([*np.atleast_1d(seed).tolist(), 0]).standard_normal(
        (n_paths, years)
    )


def _drivers(a: dict, value: float) -> mc.ComponentDrivers:
    mult = a.get("multiples")
    if mult and mult["p25"] > 0 and mult["p75"] > mult["p25"]:
        # The component's own multiple is less uncertain than the spread across peers: half
        # the peer interquartile range, read as a lognormal sd.
        median_mult = mult["p50"]
        mult_sd = 0.5 * math.log(mult["p75"] / mult["p25"]) / (2 * 0.6745)
    else:
        median_mult = value / a["revenue"] if a["revenue"] > 0 else 0.0
        mult_sd = 0.3
    if a.get("multiple_sd") is not None:
        mult_sd = a["multiple_sd"]
    drivers = mc.ComponentDrivers(
        revenue=a["revenue"],
        growth_mean=a["growth"],
        growth_sd=a["growth_sd"],
        margin_mean=a["operating_margin"],
        margin_sd=a["margin_sd"],
        multiple_median=median_mult,
        multiple_sd=mult_sd,
        terminal_growth=a["terminal_growth"],
        factor_loading=a["factor_loading"],
    )
    return drivers


def component_paths(
    a: dict, value: float, *, seed, n_paths: int, common: np.ndarray | None = None
) -> dict:
    """Value paths (n_paths x HORIZON+1, column 0 = today) on one scale, today's distribution
    and the simulated revenue; `common` is the run's shared factor (see `common_factor`)."""
    drivers = _drivers(a, value)
    rng = np.random.default_rng(seed)
    sim = mc.simulate_component(drivers, years=HORIZON, n_paths=n_paths, rng=rng, common=common)
    start = drivers.revenue * drivers.multiple_median  # the simulation's year-0 value
    pv = sim["values"][:, -1] / (1 + a["discount_rate"]) ** HORIZON
    med = float(np.median(pv))
    if med > 0 and value > 0 and start > 0:
        dist = pv * (value / med)
        paths = np.empty((n_paths, HORIZON + 1))
        paths[:, 0] = value
        paths[:, 1:] = sim["values"] * (value / start)
        shape = "monte_carlo"
    else:
        dist = np.full(n_paths, value)
        paths = np.tile(value * (1 + a["discount_rate"]) ** np.arange(HORIZON + 1), (n_paths, 1))
        shape = "degenerate: no revenue to simulate, value from non-revenue methods only"
    return {"paths": paths, "distribution": dist, "revenue": sim["revenue"], "shape": shape}


def value_component(a: dict, *, seed, n_paths: int, common: np.ndarray | None = None) -> dict:
    """Full valuation of one component from assumptions `a` (see services for the keys)."""
    det = deterministic_methods(a)
    blend = blended(det["methods"], a["weights"], a.get("rationale", ""))
    value = blend["value"]
    sim = component_paths(a, value, seed=seed, n_paths=n_paths, common=common)
    dist, shape = sim["distribution"], sim["shape"]
    summary = mc.summarise(dist, goal=a.get("goal"), bust=value * 0.5 if value > 0 else None)
    fan = mc.fan(sim["paths"], first_year=0)
    rev_q = np.percentile(sim["revenue"], [10, 50, 90], axis=0)
    projection = [
        {
            "year": 0,
            "revenue": a["revenue"],
            "growth": None,
            "margin": a["operating_margin"],
            "fcf": a["revenue"] * a["operating_margin"],
            "revenue_p10": a["revenue"],
            "revenue_p50": a["revenue"],
            "revenue_p90": a["revenue"],
            "value_p10": fan[0]["p10"],
            "value_p50": fan[0]["p50"],
            "value_p90": fan[0]["p90"],
        }
    ] + [
        {
            "year": r.year,
            "revenue": r.revenue,
            "growth": r.growth,
            "margin": r.margin,
            "fcf": r.fcf,
            "revenue_p10": float(rev_q[0, i]),
            "revenue_p50": float(rev_q[1, i]),
            "revenue_p90": float(rev_q[2, i]),
            "value_p10": fan[i + 1]["p10"],
            "value_p50": fan[i + 1]["p50"],
            "value_p90": fan[i + 1]["p90"],
        }
        for i, r in enumerate(det["projection"])
    ]
    return {
        "value": value,
        "blend": blend,
        "methods": det["methods"],
        "distribution": summary,
        "distribution_shape": shape,
        "fan": fan,
        "projection": projection,
        "sensitivity": sensitivity(a),
        "sigma_5y": _sigma_from_fan(fan[-1]),
        "spread": method_spread(det["methods"], blend, a),
    }


SPREAD_LIMIT = 3.0


def method_spread(methods: dict, blend: dict, a: dict) -> dict:
    """Max/min ratio of the available methods' values and, above SPREAD_LIMIT, the assumptions
    that drive the disagreement (each a plain sentence), with the blend weights and why."""
    vals = {k: v["value"] for k, v in methods.items() if v.get("value") is not None}
    pos = {k: v for k, v in vals.items() if v > 0}
    out = {
        "limit": SPREAD_LIMIT,
        "ratio": None,
        "high": None,
        "low": None,
        "wide": False,
        "drivers": [],
        "weights": blend.get("weights", {}),
        "rationale": blend.get("rationale", ""),
    }
    if len(pos) < 2:
        return out
    hi, lo = max(pos, key=pos.get), min(pos, key=pos.get)
    ratio = pos[hi] / pos[lo]
    out.update(ratio=ratio, high=hi, low=lo, wide=ratio > SPREAD_LIMIT)
    if not out["wide"]:
        return out
    drivers = []
    r, g = a["discount_rate"], a["terminal_growth"]
    dcf = methods.get("dcf_gordon", {})
    if dcf.get("value") and dcf.get("pv_terminal") is not None:
        share = dcf["pv_terminal"] / dcf["value"] if dcf["value"] else 0.0
        drivers.append(
            f"DCF: terminal value is {share:.0%} of the DCF value; the Gordon multiple "
            f"1/(r - g) = 1/({r:.1%} - {g:.1%}) = {1 / (r - g):.1f}x final-year cash flow"
            + (" (terminal growth close to the discount rate)" if r - g < 0.06 else "")
        )
    mult = a.get("multiples")
    if mult and methods.get("revenue_multiple", {}).get("value"):
        drivers.append(
            f"Revenue multiple: today's revenue x peer median {mult['p50']:.2f}x "
            "ignores the growth the DCF and VC method project"
        )
    if a["growth"] > 0.3:
        drivers.append(
            f"Growth: {a['growth']:.0%} a year now ({a.get('growth_source', 'assumed')}), fading "
            f"to {g:.0%} by year {HORIZON}, compounds revenue {_growth_factor(a):.1f}x in "
            f"{HORIZON} years in DCF and VC method"
        )
    if abs(a["target_margin"] - a["operating_margin"]) >= 0.1:
        drivers.append(
            f"Margin: operating margin {a['operating_margin']:.0%} today assumed to reach "
            f"{a['target_margin']:.0%} by year {HORIZON} (cash-flow methods only)"
        )
    if "vc_method" in pos:
        drivers.append(
            f"VC method: exit at peer multiple discounted at the {a['vc_target_return']:.0%} "
            f"target return with {a['vc_dilution']:.0%} dilution"
        )
    out["drivers"] = drivers
    return out


def _growth_factor(a: dict) -> float:
    f = 1.0
    for t in range(HORIZON):
        frac = t / max(HORIZON - 1, 1)
        f *= 1 + a["growth"] + (a["terminal_growth"] - a["growth"]) * frac
    return f


def _sigma_from_fan(last: dict) -> float:
    if last["p10"] <= 0 or last["p90"] <= 0:
        return 0.0
    return math.log(last["p90"] / last["p10"]) / (2 * Z90 * math.sqrt(HORIZON))


def sensitivity(a: dict) -> list[dict]:
    """Tornado of the blended deterministic value against one-at-a-time driver moves."""

    def value_fn(d):
        det = deterministic_methods({**a, **d, "multiples": _scaled(a.get("multiples"), d["mult"])})
        return blended(det["methods"], a["weights"], "")["value"]

    base = {
        k: a[k]
        for k in ("growth", "operating_margin", "target_margin", "discount_rate", "terminal_growth")
    }
    base["mult"] = 1.0
    bumps = {
        "growth": (a["growth"] - 0.10, a["growth"] + 0.10),
        "target_margin": (a["target_margin"] - 0.05, a["target_margin"] + 0.05),
        "discount_rate": (a["discount_rate"] - 0.02, a["discount_rate"] + 0.02),
        "terminal_growth": (a["terminal_growth"] - 0.01, a["terminal_growth"] + 0.01),
        "mult": (0.75, 1.25),
    }
    labels = {
        "mult": "peer multiple (x0.75 / x1.25)",
        "growth": "growth (-/+10pp)",
        "target_margin": "target margin (-/+5pp)",
        "discount_rate": "discount rate (-/+2pp)",
        "terminal_growth": "terminal growth (-/+1pp)",
    }
    rows = m.sensitivity(value_fn, base, bumps)
    return [
        {
            "driver": labels[r.driver],
            "low_value": r.low_value,
            "high_value": r.high_value,
            "swing": r.swing,
        }
        for r in rows
    ]


def _scaled(mult: dict | None, k: float) -> dict | None:
    if not mult:
        return None
    return {**mult, "p25": mult["p25"] * k, "p50": mult["p50"] * k, "p75": mult["p75"] * k}


def portfolio_fan(paths: list[np.ndarray]) -> list[dict]:
    """Fan of the portfolio: percentiles per year of the element-wise sum of component value
    paths (each n_paths x years, path i of every component drawn with the same common factor)."""
    if not paths:
        raise EngineInputError("at least one component's paths are needed", field="components")
    total = np.sum(np.stack(paths), axis=0)
    return mc.fan(total, first_year=0)


def portfolio_distribution(
    values: np.ndarray,
    sigmas: np.ndarray,
    loadings: np.ndarray,
    *,
    n_paths: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Today's portfolio value per path: component i is value_i x exp(s_i z_i) with
    z_i = rho_i F + sqrt(1 - rho_i^2) e_i (common factor F), medians at the point values."""
    f = rng.standard_normal((n_paths, 1))
    e = rng.standard_normal((n_paths, values.size))
    z = loadings * f + np.sqrt(1 - loadings**2) * e
    return (values * np.exp(sigmas * z)).sum(axis=1)
