from django.apps import AppConfig


class ArtsConfig(AppConfig):
    name = "domains.arts"
    label = "arts"
    verbose_name = "Arts"

    def ready(self):
        from domains.arts.health import register

        register()
