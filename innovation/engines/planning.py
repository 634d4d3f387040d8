"""Implementation planning (Phase 4): TRL from a checklist with risks, rule-based IP strategy,
prototype requirements from the chosen morphological values, go-to-market with a Bass forecast.
"""

from __future__ import annotations

import datetime as dt

from innovation.engines.market import bass_forecast, bass_peak_time

ENGINE_VERSION = "planning/1.0.0"

#: Technology Readiness Levels (NASA/DoD scale) as checklist items; level n needs 1..n.
TRL_CHECKLIST = {
    1: "Basic principles observed and reported",
    2: "Technology concept and application formulated",
    3: "Analytical and experimental proof of concept",
    4: "Component validated in a laboratory environment",
    5: "Component validated in a relevant environment",
    6: "System prototype demonstrated in a relevant environment",
    7: "System prototype demonstrated in an operational environment",
    8: "System complete and qualified",
    9: "Actual system proven in operational use",
}

IP_ROUTES = ("trade_secret", "patent", "design", "copyright", "open_publication")


def trl_assess(checked: set[int] | list[int]) -> dict:
    """TRL = highest n with items 1..n all checked (0 if item 1 is not); risks = open items."""
    done = {int(c) for c in checked if int(c) in TRL_CHECKLIST}
    trl = 0
    while trl + 1 in done:
        trl += 1
    risks = []
    for level in range(trl + 1, 10):
        sev = "high" if level <= trl + 1 else ("medium" if level <= trl + 3 else "low")
        risks.append({"level": level, "item": TRL_CHECKLIST[level], "severity": sev})
    skipped = sorted(done - set(range(1, trl + 1)))
    return {"trl": max(trl, 1), "checked": sorted(done), "skipped_ahead": skipped, "risks": risks}


def ip_strategy(*, novelty: float, domain: str, trl: int, prior_art: list[dict]) -> dict:
    """Choose an IP route by rules on novelty, domain and TRL; the prior art is attached.

    Rules in order: near prior art (novelty < 0.2) -> open publication (defensive; a patent would
    likely fail on novelty); arts -> copyright for the creative assets; novelty >= 0.5 and TRL >= 3
    -> patent (enough novelty and a demonstrable proof of concept); novelty >= 0.5 and TRL < 3 ->
    trade secret until a proof of concept exists; otherwise a physical embodiment domain ->
    registered design, else trade secret.
    """
    reasons = []
    if novelty < 0.2:
        route = "open_publication"
        reasons.append(f"novelty {novelty:.2f} < 0.20: too close to prior art to patent")
    elif domain == "arts":
        route = "copyright"
        reasons.append("creative assets (music, text, images) are protected by copyright")
    elif novelty >= 0.5 and trl >= 3:
        route = "patent"
        reasons.append(f"novelty {novelty:.2f} >= 0.50 and TRL {trl} >= 3 (proof of concept)")
    elif novelty >= 0.5:
        route = "trade_secret"
        reasons.append(f"novel ({novelty:.2f}) but TRL {trl} < 3: keep secret until proven")
    elif domain in {"mobility", "energy", "health"}:
        route = "design"
        reasons.append("moderate novelty in a physical-product domain: register the design")
    else:
        route = "trade_secret"
        reasons.append("moderate novelty: protect know-how as a trade secret")
    return {"route": route, "reasons": reasons, "prior_art": prior_art}


def prototype_requirements(
    *, configuration: list[dict], additions: list[dict], labels: dict
) -> dict:
    """One capability requirement per chosen morphological value, and an MVP definition."""
    reqs = []
    for item in configuration + additions:
        name = labels.get(item["parameter"], item["parameter"])
        value = item["value"].replace("-", " ")
        reqs.append(
            {"parameter": name, "value": value, "requirement": f"Provide {value} as the {name}"}
        )
    core = ", ".join(r["value"] for r in reqs[:2])
    mvp = f"Smallest usable version combining {core}, tested with 5-10 target users"
    return {"requirements": reqs, "mvp": mvp}


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day-of-month ``months`` later (clamped to the month's last day)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.date(year, month, min(day.day, (nxt - dt.timedelta(days=1)).day))


def go_to_market(*, market: dict, segment: str, start: dt.date, years: int = 10) -> dict:
    """Bass forecast over ``years`` and milestones dated from ``start``."""
    p, q = float(market.get("p", 0.03)), float(market.get("q", 0.38))
    forecast = bass_forecast(market=float(market.get("adopters", 100000)), p=p, q=q, years=years)
    offsets = [
        ("Prototype ready", 3),
        ("Pilot with first users", 6),
        ("Gate review", 9),
        ("Launch", 12),
        ("Scale-up review", 24),
    ]
    milestones = [{"name": n, "date": add_months(start, m).isoformat()} for n, m in offsets]
    return {
        "segment": segment,
        "channel": market.get("channel", ""),
        "price_hypothesis": f"{float(market.get('margin', 0.0)):.0f} margin per adopter per year",
        "bass": {"p": p, "q": q, "peak_year": bass_peak_time(p, q), "forecast": forecast},
        "milestones": milestones,
    }
