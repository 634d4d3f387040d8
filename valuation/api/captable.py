"""Cap table and round scenario API under /api/v1/valuation/ (serializers and views).

Money, prices, share counts and fractions are decimal strings. Share counts are whole shares,
rounded down; ownership and dilution are fractions of fully diluted shares (0.05 = 5%)."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.fields import StrictIntegerField
from common.api.permissions import HasPerms
from common.exceptions import ApplicationError
from valuation import selectors, services
from valuation.engines.captable import CONVERTIBLE_KINDS, SHARE_KINDS
from valuation.models_captable import (
    HOLDER_KINDS,
    PRE_MONEY_SOURCES,
    CapTable,
    RoundScenario,
)


# Output digits are generous on purpose: the service bounds the results, and a serializer
# must never fail to print a number the engine produced.
def _money(**kw):
    return serializers.DecimalField(max_digits=40, decimal_places=2, **kw)


def _shares(**kw):
    return serializers.DecimalField(max_digits=40, decimal_places=0, **kw)


def _fraction(**kw):
    return serializers.DecimalField(max_digits=40, decimal_places=10, **kw)


def _price(**kw):
    return serializers.DecimalField(max_digits=40, decimal_places=8, **kw)


MAX_ID = 2**63 - 1  # the largest id a database column holds; beyond it, no such row


# --- errors ------------------------------------------------------------------------------------
class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Field name to its messages",
    )


class ErrorEnvelopeSerializer(serializers.Serializer):
    """The shared error shape: {"error": {"code", "message", "fields"}}."""

    error = ErrorBodySerializer()


ERRORS = {
    400: OpenApiResponse(ErrorEnvelopeSerializer, description="Invalid input"),
    401: OpenApiResponse(ErrorEnvelopeSerializer, description="Not signed in"),
    403: OpenApiResponse(ErrorEnvelopeSerializer, description="Missing permission"),
    404: OpenApiResponse(ErrorEnvelopeSerializer, description="Not found"),
}
READ_ERRORS = {k: v for k, v in ERRORS.items() if k != 400}


# --- cap table ---------------------------------------------------------------------------------
class HoldingOutSerializer(serializers.Serializer):
    share_class = serializers.CharField(source="share_class.name")
    class_kind = serializers.ChoiceField(choices=SHARE_KINDS, source="share_class.kind")
    shares = _shares()


class CapTableHolderSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="holder.id")
    name = serializers.CharField(source="holder.name")
    holder_kind = serializers.ChoiceField(choices=HOLDER_KINDS, source="holder.kind")
    shares = _shares(help_text="Fully diluted shares held (granted options included)")
    ownership = _fraction(help_text="Fraction of fully diluted shares")
    holdings = HoldingOutSerializer(many=True)


class ConvertibleOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    holder = serializers.CharField(source="holder.name")
    instrument_kind = serializers.ChoiceField(choices=CONVERTIBLE_KINDS, source="kind")
    amount = _money(help_text="Purchase amount (SAFE) or principal (note)")
    valuation_cap = _money(allow_null=True)
    discount = _fraction(allow_null=True)
    interest_rate = _fraction(allow_null=True)
    issue_date = serializers.DateField()
    maturity_date = serializers.DateField(allow_null=True)


class CapTableListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    currency = serializers.CharField()
    pool_unallocated = _shares()


class CapTableDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="cap_table.id")
    name = serializers.CharField(source="cap_table.name")
    currency = serializers.CharField(source="cap_table.currency")
    pool_unallocated = _shares(source="cap_table.pool_unallocated")
    pool_ownership = _fraction()
    fully_diluted = _shares()
    holders = CapTableHolderSerializer(many=True, source="rows")
    convertibles = ConvertibleOutSerializer(many=True)


# --- round results -----------------------------------------------------------------------------
class ConversionSerializer(serializers.Serializer):
    holder = serializers.CharField()
    label = serializers.CharField()
    instrument_kind = serializers.ChoiceField(choices=CONVERTIBLE_KINDS, source="kind")
    amount = _money()
    interest = _money(help_text="Accrued simple interest, actual/365 (notes)")
    converting_amount = _money()
    cap_price = _price(allow_null=True)
    discount_price = _price(allow_null=True)
    conversion_price = _price()
    basis = serializers.ChoiceField(choices=["cap", "discount", "round"])
    shares = _shares()


class HolderRowSerializer(serializers.Serializer):
    holder = serializers.CharField()
    shares_before = _shares()
    ownership_before = _fraction()
    new_shares = _shares()
    shares_after = _shares()
    ownership_after = _fraction()
    dilution = _fraction(help_text="1 - ownership after / before (negative: the holder grew)")
    is_pool = serializers.BooleanField()


class ClassRowSerializer(serializers.Serializer):
    share_class = serializers.CharField()
    shares_before = _shares()
    shares_after = _shares()
    ownership_after = _fraction()


class RoundResultSerializer(serializers.Serializer):
    """The modelled round (conventions in valuation/engines/captable.py)."""

    price_per_share = _price()
    pre_money = _money()
    post_money = _money()
    raise_amount = _money()
    new_money_shares = _shares()
    pool_before = _shares()
    pool_topup = _shares()
    pool_after = _shares()
    pool_after_fraction = _fraction()
    fd_before = _shares()
    fd_after = _shares()
    effective_pre_money = _money(help_text="Price x shares before the round")
    conversions = ConversionSerializer(many=True)
    holders = HolderRowSerializer(many=True)
    classes = ClassRowSerializer(many=True)
    iterations = serializers.IntegerField()
    engine_version = serializers.CharField()


class PreMoneyBandSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    p10 = _money()
    p50 = _money()
    p90 = _money()
    inputs_hash = serializers.CharField()


class RoundTermsInputSerializer(serializers.Serializer):
    # A strict integer first: a float such as 1e400 never reaches the database lookup.
    cap_table = serializers.PrimaryKeyRelatedField(
        queryset=CapTable.objects.all(),
        pk_field=StrictIntegerField(min_value=1, max_value=MAX_ID),
    )
    pre_money_source = serializers.ChoiceField(choices=PRE_MONEY_SOURCES, default="typed")
    pre_money = serializers.DecimalField(
        max_digits=18,
        decimal_places=2,
        min_value=1,
        required=False,
        allow_null=True,
        help_text="Required when pre_money_source is typed",
    )
    raise_amount = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0)
    target_pool = serializers.DecimalField(
        max_digits=5,
        decimal_places=4,
        min_value=0,
        max_value=Decimal("0.9999"),
        help_text="Unallocated pool after the round, fraction of post-round fully diluted",
    )
    close_date = serializers.DateField(required=False, help_text="Default: today")
    investor = serializers.CharField(max_length=120, required=False, default="New investors")
    series = serializers.CharField(max_length=80, required=False, default="Series A Preferred")


class RoundScenarioInputSerializer(RoundTermsInputSerializer):
    name = serializers.CharField(max_length=120)


class RoundPreviewSerializer(serializers.Serializer):
    inputs_hash = serializers.CharField()
    engine_version = serializers.CharField()
    pre_money_band = PreMoneyBandSerializer(allow_null=True)
    result = RoundResultSerializer()


class RoundScenarioListSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    cap_table_name = serializers.CharField(source="cap_table.name", read_only=True)

    class Meta:
        model = RoundScenario
        fields = [
            "id",
            "cap_table",
            "cap_table_name",
            "name",
            "created_by",
            "created_at",
            "pre_money_source",
            "pre_money",
            "raise_amount",
            "target_pool",
            "close_date",
            "price_per_share",
            "post_money",
            "inputs_hash",
            "engine_version",
        ]
        read_only_fields = fields


class RoundScenarioDetailSerializer(RoundScenarioListSerializer):
    pre_money_band = PreMoneyBandSerializer(source="inputs.pre_money_band", allow_null=True)
    result = RoundResultSerializer(source="outputs")

    class Meta(RoundScenarioListSerializer.Meta):
        fields = [*RoundScenarioListSerializer.Meta.fields, "pre_money_band", "result"]
        read_only_fields = fields


class CompareTermSerializer(serializers.Serializer):
    label = serializers.CharField()
    key = serializers.CharField()
    a = serializers.DecimalField(max_digits=40, decimal_places=8)
    b = serializers.DecimalField(max_digits=40, decimal_places=8)
    difference = serializers.DecimalField(max_digits=40, decimal_places=8, help_text="b - a")


class CompareHolderSerializer(serializers.Serializer):
    holder = serializers.CharField()
    shares_a = _shares()
    shares_b = _shares()
    ownership_a = _fraction()
    ownership_b = _fraction()
    difference = _fraction(help_text="ownership b - ownership a")


class CompareSerializer(serializers.Serializer):
    a = RoundScenarioListSerializer()
    b = RoundScenarioListSerializer()
    terms = CompareTermSerializer(many=True)
    holders = CompareHolderSerializer(many=True)


class CompareQuerySerializer(serializers.Serializer):
    a = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    b = serializers.IntegerField(min_value=1, max_value=MAX_ID)


# --- views -------------------------------------------------------------------------------------
CAPTABLE_READ = HasPerms("valuation.view_captable")
SCENARIO_PERMS = HasPerms(
    "valuation.view_roundscenario",
    write=("valuation.add_roundscenario", "valuation.view_captable"),
)


class CapTableListApi(GenericAPIView):
    """Cap tables (Finance analyst)."""

    permission_classes = [CAPTABLE_READ]
    serializer_class = CapTableListSerializer
    queryset = CapTable.objects.none()
    filter_backends = []

    @extend_schema(responses={200: CapTableListSerializer(many=True), **READ_ERRORS})
    def get(self, request):
        qs = selectors.cap_table_list()
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(CapTableListSerializer(page, many=True).data)


class CapTableDetailApi(APIView):
    """One cap table: holders with their holdings and ownership, SAFEs and notes."""

    permission_classes = [CAPTABLE_READ]

    @extend_schema(responses={200: CapTableDetailSerializer, **READ_ERRORS})
    def get(self, request, pk: int):
        table = selectors.cap_table_get(pk=pk)
        if table is None:
            raise _not_found()
        return Response(CapTableDetailSerializer(selectors.cap_table_detail(cap_table=table)).data)


class RoundPreviewApi(APIView):
    """Model a round over the stored cap table without saving it."""

    permission_classes = [HasPerms("valuation.view_roundscenario", "valuation.view_captable")]

    @extend_schema(
        request=RoundTermsInputSerializer, responses={200: RoundPreviewSerializer, **ERRORS}
    )
    def post(self, request):
        data = RoundTermsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        out = services.round_scenario_preview(**data.validated_data)
        body = {
            "inputs_hash": out["inputs_hash"],
            "engine_version": out["outputs"]["engine_version"],
            "pre_money_band": out["inputs"]["pre_money_band"],
            "result": out["outputs"],
        }
        return Response(RoundPreviewSerializer(body).data)


class RoundScenarioListApi(GenericAPIView):
    """Saved round scenarios (GET, filter by cap_table / name) and saving one (POST)."""

    permission_classes = [SCENARIO_PERMS]
    serializer_class = RoundScenarioListSerializer
    queryset = RoundScenario.objects.none()
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("cap_table", int, description="Cap table id"),
            OpenApiParameter("name", str, description="Name contains"),
        ],
        responses={200: RoundScenarioListSerializer(many=True), **READ_ERRORS},
    )
    def get(self, request):
        qs = selectors.round_scenario_list(filters=request.query_params)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(RoundScenarioListSerializer(page, many=True).data)

    @extend_schema(
        request=RoundScenarioInputSerializer,
        responses={201: RoundScenarioDetailSerializer, **ERRORS},
    )
    def post(self, request):
        data = RoundScenarioInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scenario = services.round_scenario_create(created_by=request.user, **data.validated_data)
        return Response(
            RoundScenarioDetailSerializer(scenario).data, status=status.HTTP_201_CREATED
        )


class RoundScenarioDetailApi(APIView):
    """One saved scenario (immutable); DELETE removes it."""

    permission_classes = [
        HasPerms("valuation.view_roundscenario", write=("valuation.delete_roundscenario",))
    ]

    @extend_schema(responses={200: RoundScenarioDetailSerializer, **READ_ERRORS})
    def get(self, request, pk: int):
        scenario = selectors.round_scenario_get(pk=pk)
        if scenario is None:
            raise _not_found()
        return Response(RoundScenarioDetailSerializer(scenario).data)

    @extend_schema(responses={204: None, **READ_ERRORS})
    def delete(self, request, pk: int):
        scenario = selectors.round_scenario_get(pk=pk)
        if scenario is None:
            raise _not_found()
        scenario.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _not_found():
    from rest_framework.exceptions import NotFound

    return NotFound("Not found.")


class RoundScenarioCsvApi(APIView):
    """The scenario as CSV (formula-like cells neutralised with a leading quote)."""

    permission_classes = [HasPerms("valuation.view_roundscenario")]

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV file"),
            **READ_ERRORS,
        }
    )
    def get(self, request, pk: int):
        scenario = selectors.round_scenario_get(pk=pk)
        if scenario is None:
            raise _not_found()
        resp = HttpResponse(
            selectors.round_scenario_csv(scenario=scenario), content_type="text/csv; charset=utf-8"
        )
        resp["Content-Disposition"] = f'attachment; filename="round-scenario-{scenario.pk}.csv"'
        return resp


class RoundScenarioCompareApi(APIView):
    """Two saved scenarios side by side: terms and each holder's ownership after the round."""

    permission_classes = [HasPerms("valuation.view_roundscenario")]

    @extend_schema(
        parameters=[
            OpenApiParameter("a", int, required=True),
            OpenApiParameter("b", int, required=True),
        ],
        responses={200: CompareSerializer, **ERRORS},
    )
    def get(self, request):
        q = CompareQuerySerializer(data=request.query_params)
        q.is_valid(raise_exception=True)
        found = {key: selectors.round_scenario_get(pk=q.validated_data[key]) for key in ("a", "b")}
        missing = {k: ["No such scenario."] for k, v in found.items() if v is None}
        if missing:
            raise ApplicationError("No such scenario.", code="not_found", fields=missing)
        data = selectors.round_scenario_compare(a=found["a"], b=found["b"])
        return Response(CompareSerializer(data).data)
