from django.apps import AppConfig


class ValuationConfig(AppConfig):
    name = "valuation"
    label = "valuation"
    verbose_name = "Valuation"
