from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        from operations import checks, signals
        from operations.metric_sources import register_builtin_metrics

        checks.register_builtin()
        register_builtin_metrics()
        signals.connect()
