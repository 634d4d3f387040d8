"""Valuation services (writes and orchestration), split by concern and re-exported here."""

from valuation.services import report
from valuation.services.captable import round_scenario_create, round_scenario_preview
from valuation.services.funding import funding_plan_update, funding_readiness_build
from valuation.services.jobs import revaluation_request, revaluation_run
from valuation.services.ledger import (
    component_create,
    component_update,
    cost_entry_create,
    csv_rows,
    multiples_upsert,
    policy_update,
    revenue_csv_import,
    revenue_event_bulk_create,
    revenue_event_create,
)
from valuation.services.portfolio import portfolio_revalue
from valuation.services.report import report_build, report_render, valuation_daily_run
from valuation.services.revalue import component_revalue

__all__ = [
    "report",
    "component_create",
    "component_revalue",
    "component_update",
    "cost_entry_create",
    "funding_plan_update",
    "funding_readiness_build",
    "csv_rows",
    "multiples_upsert",
    "policy_update",
    "portfolio_revalue",
    "report_build",
    "report_render",
    "revaluation_request",
    "revaluation_run",
    "revenue_csv_import",
    "revenue_event_bulk_create",
    "revenue_event_create",
    "round_scenario_create",
    "round_scenario_preview",
    "valuation_daily_run",
]
