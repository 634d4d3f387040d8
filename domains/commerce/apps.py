from django.apps import AppConfig


class CommerceConfig(AppConfig):
    name = "domains.commerce"
    label = "commerce"
    verbose_name = "Commerce"
