"""Health checks and metric sources registered with operations from AppConfig.ready()."""

from __future__ import annotations

from innovation.models import Domain, Invention, PriorArt

BREAKTHROUGH = 0.8


def check_knowledge_base() -> tuple[str, str]:
    domains, docs = Domain.objects.count(), PriorArt.objects.count()
    if domains < 2 or docs == 0:
        return "warning", f"knowledge base not loaded ({domains} domains, {docs} documents)"
    return "ok", f"{domains} domains, {docs} prior-art documents"


def check_engine() -> tuple[str, str]:
    """Smoke computation: the TRIZ matrix parses and the classical cell is right."""
    from innovation.services.engine import triz_get

    triz, _ = triz_get()
    if triz.matrix.get((1, 3)) != (15, 8, 29, 34):
        return "critical", "TRIZ matrix cell (1,3) is wrong"
    return "ok", f"TRIZ matrix with {len(triz.matrix)} cells"


def metric_inventions() -> float | None:
    return float(Invention.objects.filter(merged_into__isnull=True).count())


def metric_breakthrough_rate() -> float | None:
    qs = Invention.objects.filter(merged_into__isnull=True)
    n = qs.count()
    return qs.filter(breakthrough_potential__gt=BREAKTHROUGH).count() / n if n else None


def metric_patents_filed() -> float | None:
    return float(
        Invention.objects.filter(status__in=["patent_filed", "granted", "launched"]).count()
    )


METRICS = [
    ("innovation.inventions", metric_inventions, "count", "Live inventions in the pipeline"),
    (
        "innovation.breakthrough_rate",
        metric_breakthrough_rate,
        "ratio",
        "Share of live inventions with breakthrough potential > 0.8",
    ),
    (
        "innovation.patents_filed",
        metric_patents_filed,
        "count",
        "Inventions at patent filed, granted or launched",
    ),
]
