"""Commerce API serializers: input serializers per operation, one output per entity."""

from collections.abc import Mapping

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import serializers as fast
from common.api.fields import StrictFloatField, StrictIntegerField
from domains.commerce.models import Interaction, Product, Recommendation

MAX_ID = 2**63 - 1  # the largest primary key any supported database stores


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(" + "|".join(k for k, _ in Interaction.KINDS) + ")$",
        "description": "view, click, save, purchase or dismiss",
    }
)
class InteractionKindField(serializers.ChoiceField):
    """Kind of feedback. Described by a pattern, not an enum, so that the schema's shared
    enum names (settings) need no entry for it."""

    def __init__(self, **kwargs):
        super().__init__(choices=Interaction.KINDS, **kwargs)


class ProductOutputSerializer(fast.ModelSerializer):
    class Meta:
        model = Product
        fields = [
            "id", "sku", "name", "category", "price", "currency", "description", "tags",
            "valence", "arousal", "stock", "active", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ProductInputSerializer(fast.Serializer):
    """Shapes only; the service validates ranges and keeps the whole write atomic."""

    sku = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=200)
    category = serializers.CharField(max_length=80)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    currency = serializers.CharField(max_length=3, default="EUR")
    description = serializers.CharField(allow_blank=True, required=False, max_length=5000)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=30
    )
    valence = StrictFloatField(min_value=-1.0, max_value=1.0)
    arousal = StrictFloatField(min_value=-1.0, max_value=1.0)
    stock = StrictIntegerField(min_value=0, required=False)
    active = serializers.BooleanField(required=False)


class BudgetRangeSerializer(fast.Serializer):
    min = serializers.JSONField(help_text="Lower bound, a number >= 0")
    max = serializers.JSONField(help_text="Upper bound, a number >= min")


class RecommendationInputSerializer(fast.Serializer):
    """The request of mood_based_shopping without user_id (the API always uses the caller)."""

    current_mood = serializers.JSONField(
        help_text='An emotion word (synonyms and typos are understood) or {"valence", "arousal"}'
    )
    budget_range = serializers.JSONField(help_text='{"min": 20, "max": 100}')
    limit = serializers.JSONField(required=False, help_text="1-100, default 10")
    strategy = serializers.JSONField(
        required=False, help_text='"regulate" (default) or "congruent"'
    )
    diversity = serializers.JSONField(required=False, help_text="0-1, default 0.3")
    category = serializers.JSONField(required=False, help_text="Only this category")


class ReasonSerializer(fast.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()


class RecommendedItemSerializer(fast.Serializer):
    rank = serializers.IntegerField()
    product_id = serializers.IntegerField()
    name = serializers.CharField()
    category = serializers.CharField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    valence = serializers.FloatField()
    arousal = serializers.FloatField()
    score = serializers.FloatField()
    components = serializers.DictField(child=serializers.FloatField())
    reasons = ReasonSerializer(many=True)


class WarningSerializer(fast.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


@extend_schema_field(RecommendedItemSerializer(many=True))
class StoredItemsField(serializers.JSONField):
    """The ranked items exactly as the engine stored them: already in RecommendedItemSerializer's
    shape (tests/commerce/test_api.py checks that re-serializing them changes nothing), so a
    list page returns them as they are instead of re-walking 10 items x 11 fields per row."""


@extend_schema_field(WarningSerializer(many=True))
class StoredWarningsField(serializers.JSONField):
    """The warnings exactly as stored, in WarningSerializer's shape."""


def _columns(obj) -> Mapping:
    """A model instance's stored columns, or a `.values()` row, as one mapping."""
    return obj if isinstance(obj, Mapping) else vars(obj)


class RecommendationOutputSerializer(fast.ModelSerializer):
    recommendation_id = serializers.IntegerField(source="id")
    mood = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    budget_range = serializers.SerializerMethodField()
    mindful_spending = serializers.SerializerMethodField()
    recommendations = StoredItemsField(source="items", read_only=True)
    diversity = serializers.FloatField(source="intra_list_diversity")
    warnings = StoredWarningsField(read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "recommendation_id", "created_at", "mood", "strategy", "target", "budget_range",
            "effective_max", "category", "mindful_spending", "recommendations", "diversity",
            "warnings", "engine_version", "inputs_hash", "catalogue_signature",
        ]  # fmt: skip
        read_only_fields = fields
        # The method fields read only these columns, so list pages can serve `.values()` rows.
        values_method_inputs = {
            "mood": ["mood", "mood_input", "mood_valence", "mood_arousal"],
            "target": ["target_valence", "target_arousal", "target_mode"],
            "budget_range": ["budget_min", "budget_max"],
            "mindful_spending": ["guard_active", "guard_reasons"],
        }

    def get_mood(self, obj) -> dict:
        c = _columns(obj)
        return {
            "name": c["mood"],
            "input": c["mood_input"],
            "valence": c["mood_valence"],
            "arousal": c["mood_arousal"],
        }

    def get_target(self, obj) -> dict:
        c = _columns(obj)
        return {
            "valence": c["target_valence"],
            "arousal": c["target_arousal"],
            "mode": c["target_mode"],
        }

    def get_budget_range(self, obj) -> dict:
        c = _columns(obj)
        return {"min": str(c["budget_min"]), "max": str(c["budget_max"])}

    def get_mindful_spending(self, obj) -> dict:
        c = _columns(obj)
        return {"active": c["guard_active"], "reasons": c["guard_reasons"]}


class InteractionInputSerializer(fast.Serializer):
    product_id = StrictIntegerField(min_value=1, max_value=MAX_ID)
    kind = InteractionKindField()
    recommendation_id = StrictIntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True
    )


class InteractionOutputSerializer(fast.ModelSerializer):
    product_name = serializers.CharField(source="product.name", read_only=True)
    kind = InteractionKindField(read_only=True)

    class Meta:
        model = Interaction
        fields = ["id", "product", "product_name", "kind", "recommendation", "created_at"]
        read_only_fields = fields


class CatalogueImportInputSerializer(fast.Serializer):
    file = serializers.FileField(help_text="CSV: sku,name,category,price,currency,valence,arousal")
    dry_run = serializers.BooleanField(required=False, default=False)


class ImportErrorSerializer(fast.Serializer):
    row = serializers.IntegerField()
    field = serializers.CharField(allow_blank=True, help_text="Empty for a problem with the row")
    message = serializers.CharField()


class CatalogueImportOutputSerializer(fast.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)
