"""Plain-language reasons for each recommendation (pure string building)."""

from __future__ import annotations

from .affect import MODE_PHRASES, Target, describe_affect


def format_money(cents: int, currency: str) -> str:
    """12345, 'EUR' -> 'EUR 123.45'."""
    return f"{currency} {cents // 100}.{cents % 100:02d}"


def price_position(price_cents: int, min_cents: int, max_cents: int) -> str:
    """Where a price sits in the budget: 'lower third', 'middle', 'upper third'."""
    if max_cents <= min_cents:
        return "middle"
    pos = (price_cents - min_cents) / (max_cents - min_cents)
    if pos < 1 / 3:
        return "lower third"
    if pos <= 2 / 3:
        return "middle"
    return "upper third"


def reasons_for(
    *,
    mood_label: str,
    target: Target,
    valence: float,
    arousal: float,
    fit: float,
    price_cents: int,
    min_cents: int,
    max_cents: int,
    currency: str,
    pop: float,
    because_name: str | None,
    collab: float,
) -> list[dict]:
    """Reasons as {code, text}: mood fit and price position always, history when it was used."""
    effect = describe_affect(valence, arousal)
    out = [
        {
            "code": "mood_fit",
            "text": (
                f"{effect.capitalize()} (valence {valence:+.2f}, arousal {arousal:+.2f}): "
                f"{MODE_PHRASES[target.mode]} for '{mood_label}' — fit {fit:.0%}."
            ),
        },
        {
            "code": "price_position",
            "text": (
                f"{format_money(price_cents, currency)} sits in the "
                f"{price_position(price_cents, min_cents, max_cents)} of your "
                f"{format_money(min_cents, currency)}–{format_money(max_cents, currency)} budget."
            ),
        },
    ]
    if because_name:
        out.append({"code": "history", "text": f"Because you liked {because_name}."})
    if collab >= 0.5:
        out.append({"code": "similar_people", "text": "People with tastes like yours chose it."})
    if pop >= 0.8:
        out.append({"code": "popular", "text": "Popular with other shoppers."})
    return out
