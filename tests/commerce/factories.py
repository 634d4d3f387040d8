from decimal import Decimal

import factory

from domains.commerce.models import Interaction, Product


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"T-{n:05d}")
    name = factory.Sequence(lambda n: f"Test product {n}")
    category = "Tea & infusions"
    price = Decimal("25.00")
    currency = "EUR"
    description = "A calming herbal tea."
    tags = factory.LazyFunction(lambda: ["calming"])
    valence = 0.6
    arousal = -0.6
    stock = 10
    active = True


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    product = factory.SubFactory(ProductFactory)
    kind = "save"
