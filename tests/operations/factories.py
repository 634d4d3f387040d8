"""factory_boy factories for operations rows that tests build directly."""

import factory
from django.utils import timezone

from operations.models import AlertRule, RequestMinute, SurveyResponse


class AlertRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlertRule

    name = factory.Sequence(lambda n: f"rule-{n}")
    alert_name = factory.Sequence(lambda n: f"TestAlert{n}")
    source = "system"
    metric = "http.p95_ms"
    comparator = ">"
    threshold = 500.0


class RequestMinuteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestMinute

    minute = factory.LazyFunction(lambda: timezone.now().replace(second=0, microsecond=0))
    route = "api/v1/test/"
    method = "GET"
    worker = "test:1"
    count = 10
    s2xx = 10
    histogram = factory.LazyFunction(lambda: {"100": 10})


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    kind = "nps"
    score = 9
    created_at = factory.LazyFunction(timezone.now)
