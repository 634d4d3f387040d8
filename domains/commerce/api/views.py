"""Commerce API: products (staff write), recommendations and feedback (own only), CSV import."""

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.mixins import ValuesListMixin
from common.api.permissions import HasPerms, ModelPermissions
from common.uploads import read_upload
from domains.commerce import selectors, services
from domains.commerce.api.serializers import (
    CatalogueImportInputSerializer,
    CatalogueImportOutputSerializer,
    InteractionInputSerializer,
    InteractionOutputSerializer,
    ProductInputSerializer,
    ProductOutputSerializer,
    RecommendationInputSerializer,
    RecommendationOutputSerializer,
)
from domains.commerce.filters import InteractionFilterSet, ProductFilterSet
from domains.commerce.models import Interaction, Product


class ProductViewSet(
    ValuesListMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The catalogue: members read active products; Administrators create, change, retire."""

    permission_classes = [ModelPermissions]
    serializer_class = ProductOutputSerializer
    filterset_class = ProductFilterSet
    ordering_fields = ["price", "name", "category", "created_at"]
    queryset = Product.objects.none()

    def get_queryset(self):
        if self.request.user.has_perm("commerce.change_product"):
            return Product.objects.all()
        return Product.objects.filter(active=True)

    @extend_schema(request=ProductInputSerializer, responses={201: ProductOutputSerializer})
    def create(self, request):
        data = ProductInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        product = services.product_create(**data.validated_data)
        return Response(ProductOutputSerializer(product).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProductInputSerializer, responses=ProductOutputSerializer)
    def update(self, request, pk=None):
        return self._update(request, partial=False)

    @extend_schema(request=ProductInputSerializer, responses=ProductOutputSerializer)
    def partial_update(self, request, pk=None):
        return self._update(request, partial=True)

    def _update(self, request, *, partial):
        product = self.get_object()
        data = ProductInputSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        product = services.product_update(product=product, **data.validated_data)
        return Response(ProductOutputSerializer(product).data)

    def perform_destroy(self, instance):
        # Retire rather than delete: interactions and recorded recommendations refer to it.
        services.product_update(product=instance, active=False)


class RecommendationListCreateApi(ValuesListMixin, generics.GenericAPIView):
    """POST runs mood_based_shopping for the caller; GET lists the caller's own history."""

    permission_classes = [
        HasPerms("commerce.view_recommendation", write=("commerce.add_recommendation",))
    ]
    serializer_class = RecommendationOutputSerializer
    filter_backends: list = []

    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.recommendation_list(user=self.request.user)

    @extend_schema(
        request=RecommendationInputSerializer, responses={201: RecommendationOutputSerializer}
    )
    def post(self, request):
        data = RecommendationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payload = dict(data.validated_data)
        payload["user_id"] = request.user.pk
        rec = services.recommendation_create(request=payload)
        return Response(RecommendationOutputSerializer(rec).data, status=status.HTTP_201_CREATED)


class RecommendationDetailApi(APIView):
    """One of the caller's own recommendation calls; anyone else's is 404."""

    permission_classes = [HasPerms("commerce.view_recommendation")]

    @extend_schema(responses=RecommendationOutputSerializer)
    def get(self, request, recommendation_id: int):
        rec = selectors.recommendation_get(user=request.user, recommendation_id=recommendation_id)
        if rec is None:
            raise Http404
        return Response(RecommendationOutputSerializer(rec).data)


class InteractionViewSet(ValuesListMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own feedback; POST records new feedback."""

    permission_classes = [ModelPermissions]
    serializer_class = InteractionOutputSerializer
    filterset_class = InteractionFilterSet
    queryset = Interaction.objects.none()

    def get_queryset(self):
        return Interaction.objects.filter(user=self.request.user).select_related("product")

    @extend_schema(request=InteractionInputSerializer, responses={201: InteractionOutputSerializer})
    def create(self, request):
        data = InteractionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        interaction = services.interaction_create(user=request.user, **data.validated_data)
        return Response(
            InteractionOutputSerializer(interaction).data, status=status.HTTP_201_CREATED
        )


class CatalogueImportApi(APIView):
    """Administrators: import products from CSV. Any bad row: 400 with the per-row report and
    nothing saved."""

    permission_classes = [HasPerms("commerce.add_product", "commerce.change_product")]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": CatalogueImportInputSerializer},
        responses={
            200: CatalogueImportOutputSerializer,
            400: inline_serializer(
                "CatalogueImportError",
                fields={
                    "error": serializers.DictField(),
                    "report": CatalogueImportOutputSerializer(required=False),
                },
            ),
        },
    )
    def post(self, request):
        data = CatalogueImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.catalogue_import_csv(
            content=read_upload(
                data.validated_data["file"], limit=services.catalogue.MAX_IMPORT_BYTES
            ),
            dry_run=data.validated_data["dry_run"],
        )
        if report.errors:
            body = {
                "error": {
                    "code": "invalid_rows",
                    "message": f"{len(report.errors)} problem(s) in the file; nothing imported.",
                    "fields": {
                        "file": [
                            f"row {e['row']} {e['field']}: {e['message']}"
                            for e in report.errors[:50]
                        ]
                    },
                },
                "report": report.as_dict(),
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(report.as_dict())
