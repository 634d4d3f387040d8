"""factory_boy factories for the innovation context."""

import factory

from innovation.models import Challenge, PriorArt


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    owner = None  # pass owner=user
    text = factory.Sequence(lambda n: f"Challenge number {n} for community energy")
    parsed = factory.LazyFunction(dict)


class PriorArtFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorArt

    ref = factory.Sequence(lambda n: f"TEST-{n:05d}")
    title = factory.Sequence(lambda n: f"Prior invention {n}")
    summary = "A shared battery that a street charges from rooftop solar panels."
    year = 2020
    domain = "energy"
    tags = factory.LazyFunction(lambda: ["battery-storage", "solar"])
    source = "import"
