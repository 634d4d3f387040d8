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
        from accounts.services import SIGNUP_GATES
        from operations.isolation_state import signup_closed_gate

        if signup_closed_gate not in SIGNUP_GATES:
            SIGNUP_GATES.append(signup_closed_gate)
