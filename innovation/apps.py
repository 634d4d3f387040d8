from django.apps import AppConfig


class InnovationConfig(AppConfig):
    name = "innovation"
    label = "innovation"
    verbose_name = "Innovation"
