"""Shared output for the novelty and sac commands."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from common.exceptions import ApplicationError


def run_or_fail(func, **kw) -> dict:
    try:
        return func(**kw)
    except ApplicationError as exc:
        raise CommandError(exc.message) from exc


def dump(result: dict) -> str:
    return json.dumps(result, sort_keys=True, indent=2, ensure_ascii=False)


def concept_lines(c: dict) -> list[str]:
    s = c["scores"]
    lines = [
        f"#{c['rank']} {c['title']}",
        f"   {c['description']}",
        f"   Mechanism: {c['mechanism']}",
        *([f"   Contradiction: {c['contradiction']}"] if c.get("contradiction") else []),
        f"   Serves: {c['serves']}",
        "   Scores: " + ", ".join(f"{k} {v:.3f}" for k, v in s.items()),
    ]
    if c.get("duplicate"):
        lines.append("   DUPLICATE of prior art")
    for m in c["prior_art"][:3]:
        lines.append(f"   prior art {m['ref']} ({m['year']}) {m['title']}: {m['similarity']:.3f}")
    return lines


def reading_lines(ch: dict | None) -> list[str]:
    """The engine's reading of the challenge (problem, people, setting, constraints)."""
    und = (ch or {}).get("understanding")
    if not und:
        return []
    lines = [f"Reading: {und['summary']}"]
    if und["parameters"]:
        names = ", ".join(p["name"].lower() for p in und["parameters"])
        lines.append(f"TRIZ parameters named by the challenge: {names}")
    return lines


def shortfall_line(res: dict) -> list[str]:
    sf = res.get("shortfall")
    if not sf:
        return []
    return [f"Only {sf['delivered']} of {sf['requested']}: {sf['reason']}."]
