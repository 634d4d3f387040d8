from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"
    verbose_name = "Common"

    def ready(self):
        from django.db import models
        from rest_framework import serializers

        from common.api.fields import StrictFloatField

        # Model float fields get the strict serializer field in every ModelSerializer: DRF's
        # FloatField turns `true` into 1.0, which would store a guess instead of refusing it.
        serializers.ModelSerializer.serializer_field_mapping[models.FloatField] = StrictFloatField
