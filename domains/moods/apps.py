from django.apps import AppConfig


class MoodsConfig(AppConfig):
    name = "domains.moods"
    label = "moods"
    verbose_name = "Moods"
