from django.apps import AppConfig


class ValuationConfig(AppConfig):
    name = "valuation"
    label = "valuation"
    verbose_name = "Valuation"

    def ready(self):
        from operations.registry import register_check, register_metric
        from valuation import monitoring

        for name, func, unit, description in monitoring.METRICS:
            register_metric(name, func, unit=unit, description=description)
        for name, func, unit, description, detail in monitoring.DETAILED_METRICS:
            register_metric(name, func, unit=unit, description=description, detail=detail)
        register_check("valuation_snapshot_fresh", monitoring.check_snapshot_fresh, level="full")
        register_check("valuation_engine", monitoring.check_engine, level="full")

        from common.outbox import register_sweeper
        from valuation.services.jobs import revaluation_jobs_sweep

        register_sweeper("valuation.revaluation_jobs", revaluation_jobs_sweep)
