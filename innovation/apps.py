from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "innovation"
    label = "innovation"
    verbose_name = "Innovation"

    def ready(self):
        from innovation import monitoring
        from operations.registry import register_check, register_metric

        for name, func, unit, description in monitoring.METRICS:
            register_metric(name, func, unit=unit, description=description)
        register_check("innovation_knowledge_base", monitoring.check_knowledge_base, level="ready")
        register_check("innovation_engine", monitoring.check_engine, level="full")

        from common.outbox import register_sweeper
        from innovation.services.runs import generation_runs_sweep

        register_sweeper("innovation.generation_runs", generation_runs_sweep)
