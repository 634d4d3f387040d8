from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "domains.finance"
    label = "finance"
    verbose_name = "Finance"

    def ready(self):
        from domains.finance.selectors import assessment_access_audit
        from operations.registry import register_audit_source

        register_audit_source("staff_reads", assessment_access_audit)
