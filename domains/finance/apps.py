from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "domains.finance"
    label = "finance"
    verbose_name = "Finance"
