"""The registry other contexts fill from their AppConfig.ready(): health checks and metrics.

Operations never imports the other contexts; they call `register_check` / `register_metric`
here and operations discovers them at run time. Registering the same name twice replaces the
earlier entry (so a re-run `ready()` in tests or autoreload is harmless).

- A check is `func() -> tuple[str, str]`: (status in {"ok", "warning", "critical"}, detail).
  `level` says which endpoint runs it: "live" (process only), "ready" (dependencies) or "full"
  (everything, including engine smoke computations). Each level includes the ones before it.
  `critical=False` caps a "critical" result at "warning", so optional parts never give a 503.
- A metric is `func() -> float | None`: its current value (None when it cannot be computed).
  Alert rules may watch any registered metric and the success dashboard shows them. An optional
  `detail() -> str` explains the current value (e.g. what would fix it); a rule watching the
  metric appends it to the alert text when it starts firing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

LEVELS = ("live", "ready", "full")
STATUSES = ("ok", "warning", "critical")


@dataclass(frozen=True)
class RegisteredCheck:
    """One named health check and where it runs."""

    name: str
    func: Callable[[], tuple[str, str]]
    level: str = "full"
    critical: bool = False


@dataclass(frozen=True)
class RegisteredMetric:
    """One named metric source."""

    name: str
    func: Callable[[], float | None]
    unit: str = ""
    description: str = ""
    detail: Callable[[], str] | None = None


_lock = threading.Lock()
_checks: dict[str, RegisteredCheck] = {}
_metrics: dict[str, RegisteredMetric] = {}


def register_check(name: str, func, *, level: str = "full", critical: bool = False) -> None:
    """Register (or replace) a health check; see the module docstring for the contract."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    if not callable(func):
        raise TypeError("func must be callable")
    with _lock:
        _checks[name] = RegisteredCheck(name=name, func=func, level=level, critical=critical)


def register_metric(name: str, func, *, unit: str = "", description: str = "", detail=None) -> None:
    """Register (or replace) a metric source; see the module docstring for the contract."""
    if not callable(func) or (detail is not None and not callable(detail)):
        raise TypeError("func and detail must be callable")
    with _lock:
        _metrics[name] = RegisteredMetric(
            name=name, func=func, unit=unit, description=description, detail=detail
        )


def unregister_check(name: str) -> None:
    """Remove a check (tests use this to clean up)."""
    with _lock:
        _checks.pop(name, None)


def unregister_metric(name: str) -> None:
    """Remove a metric source (tests use this to clean up)."""
    with _lock:
        _metrics.pop(name, None)


def checks_for(level: str) -> list[RegisteredCheck]:
    """Checks that run at `level` (a level includes every lower one), sorted by name."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    upto = LEVELS.index(level)
    with _lock:
        items = list(_checks.values())
    return sorted((c for c in items if LEVELS.index(c.level) <= upto), key=lambda c: c.name)


def all_metrics() -> list[RegisteredMetric]:
    """Every registered metric source, sorted by name."""
    with _lock:
        return sorted(_metrics.values(), key=lambda m: m.name)


def get_metric(name: str) -> RegisteredMetric | None:
    with _lock:
        return _metrics.get(name)


def metric_value(name: str) -> float | None:
    """The metric's current value; None if unknown, failing, or not a finite number."""
    metric = get_metric(name)
    if metric is None:
        return None
    try:
        value = metric.func()
    except Exception:  # a broken metric in another context must not break evaluation
        return None
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return value


def metric_detail(name: str) -> str:
    """The metric's explanation of its current value; "" if none or failing."""
    metric = get_metric(name)
    if metric is None or metric.detail is None:
        return ""
    try:
        return str(metric.detail() or "")
    except Exception:  # another context's broken detail must not block the alert
        return ""


def run_check(check: RegisteredCheck) -> tuple[str, str]:
    """Run one check, turning exceptions and bad return values into a result."""
    try:
        result = check.func()
        status, detail = result
        status = str(status)
    except Exception as exc:  # the check's own failure is the finding
        status, detail = "critical", f"{type(exc).__name__}: {exc}"
    if status not in STATUSES:
        status, detail = "critical", f"check returned unknown status {status!r}"
    if status == "critical" and not check.critical:
        status = "warning"
    return status, str(detail)


# --- Audit sources for forensic exports ---------------------------------------------------------
# `func(since, until) -> Iterable[dict]`: a context's audit rows in [since, until), JSON-ready
# (ids, timestamps, no personal content). Finance registers its staff reads of assessments.
_audit_sources: dict[str, Callable] = {}


def register_audit_source(name: str, func) -> None:
    """Register (or replace) an audit source included in every forensic export."""
    if not callable(func):
        raise TypeError("func must be callable")
    with _lock:
        _audit_sources[name] = func


def audit_sources() -> dict[str, Callable]:
    with _lock:
        return dict(_audit_sources)
