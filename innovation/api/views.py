"""Innovation API: challenges, generation runs, inventions (gates, plans, links, promotion),
prior-art import, metrics."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.mixins import ValuesListMixin
from common.api.parsers import SafeJSONParser
from common.api.permissions import HasPerms, ModelPermissions
from common.exceptions import ApplicationError
from common.uploads import read_upload
from innovation import selectors, services
from innovation.api import serializers as s
from innovation.filters import InventionFilterSet
from innovation.models import Challenge, GenerationRun, Invention
from innovation.services.reference import MAX_IMPORT_BYTES as PRIOR_ART_MAX_BYTES


class ChallengeViewSet(ValuesListMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The user's challenges."""

    permission_classes = [ModelPermissions]
    serializer_class = s.ChallengeOutputSerializer
    queryset = Challenge.objects.none()

    def get_queryset(self):
        return selectors.challenge_list(user=self.request.user)

    @extend_schema(request=s.ChallengeInputSerializer, responses={201: s.ChallengeOutputSerializer})
    def create(self, request):
        data = s.ChallengeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ch = services.challenge_create(user=request.user, **data.validated_data)
        return Response(s.ChallengeOutputSerializer(ch).data, status=status.HTTP_201_CREATED)


class RunViewSet(ValuesListMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Generation runs: POST runs the engine (200 when done, 202 + status URL when queued)."""

    permission_classes = [ModelPermissions]
    serializer_class = s.RunOutputSerializer
    queryset = GenerationRun.objects.none()

    def get_queryset(self):
        return selectors.run_list(user=self.request.user)

    @extend_schema(
        request=s.RunInputSerializer,
        responses={201: s.RunOutputSerializer, 202: s.RunOutputSerializer},
    )
    def create(self, request):
        data = s.RunInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        ch = None
        if "challenge_id" in v:
            ch = get_object_or_404(Challenge, pk=v.pop("challenge_id"), owner=request.user)
        run = services.generation_run_create(
            user=request.user,
            challenge=ch,
            workflow=v["workflow"],
            text=v["challenge"],
            domain=v["domain"],
            harness=v["harness"],
            amplification=v["amplification"],
            count=v["count"],
            seed=v["seed"],
        )
        body = s.RunOutputSerializer(run).data
        if run.status in {"queued", "running"}:
            body["status_url"] = request.build_absolute_uri(f"{run.pk}/")
            return Response(body, status=status.HTTP_202_ACCEPTED)
        return Response(body, status=status.HTTP_201_CREATED)


class InventionViewSet(ValuesListMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The user's inventions and their lifecycle operations."""

    permission_classes = [ModelPermissions]
    serializer_class = s.InventionOutputSerializer
    filterset_class = InventionFilterSet
    ordering_fields = ["created_at", "breakthrough_potential", "novelty"]
    queryset = Invention.objects.none()

    def get_queryset(self):
        return selectors.invention_list(user=self.request.user).prefetch_related("builds_on")

    @extend_schema(request=s.InventionInputSerializer, responses={201: s.InventionOutputSerializer})
    def create(self, request):
        data = s.InventionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        run = get_object_or_404(GenerationRun, pk=v["run_id"], owner=request.user)
        target = None
        if "merge_into" in v:
            target = get_object_or_404(Invention, pk=v["merge_into"], owner=request.user)
        inv = services.invention_save(
            user=request.user, run=run, index=v["index"], force=v["force"], merge_into=target
        )
        return Response(s.InventionOutputSerializer(inv).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.GateInputSerializer, responses={201: s.GateOutputSerializer})
    @action(detail=True, methods=["get", "post"])
    def gates(self, request, pk=None):
        inv = self.get_object()
        if request.method == "GET":
            return Response(s.GateOutputSerializer(inv.gates.all(), many=True).data)
        data = s.GateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        gate = services.invention_gate(invention=inv, user=request.user, **data.validated_data)
        return Response(s.GateOutputSerializer(gate).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.PlanInputSerializer, responses=s.PlanOutputSerializer)
    @action(detail=True, methods=["get", "put"])
    def plan(self, request, pk=None):
        inv = self.get_object()
        if request.method == "GET":
            plan = getattr(inv, "plan", None)
            if plan is None:
                raise ApplicationError("no plan yet", code="not_found")
            return Response(s.PlanOutputSerializer(plan).data)
        data = s.PlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.plan_update(invention=inv, **data.validated_data)
        return Response(s.PlanOutputSerializer(plan).data)

    @extend_schema(request=s.LinkInputSerializer, responses=s.InventionOutputSerializer)
    @action(detail=True, methods=["post"])
    def links(self, request, pk=None):
        inv = self.get_object()
        data = s.LinkInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parent = get_object_or_404(
            Invention, pk=data.validated_data["builds_on"], owner=request.user
        )
        services.invention_link(invention=inv, builds_on=parent, user=request.user)
        return Response(s.InventionOutputSerializer(inv).data)

    @extend_schema(request=s.MergeInputSerializer, responses=s.InventionOutputSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge this invention into ``into`` (same owner); this one is closed."""
        inv = self.get_object()
        data = s.MergeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = get_object_or_404(Invention, pk=data.validated_data["into"], owner=request.user)
        target = services.invention_merge(source=inv, target=target, user=request.user)
        return Response(s.InventionOutputSerializer(target).data)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=True, methods=["post"])
    def promote(self, request, pk=None):
        inv = self.get_object()
        snap = services.invention_promote(invention=inv, user=request.user)
        return Response(
            {
                "component": inv.component_name,
                "snapshot_id": snap.pk,
                "value": str(getattr(snap, "value", "")),
            }
        )


class PriorArtImportApi(APIView):
    """Import prior art from CSV or JSONL; any bad row -> 400 with the per-row report.

    The corpus is shared (it scores everyone's novelty), so only Innovation managers import.
    """

    permission_classes = [HasPerms("innovation.add_priorart")]

    # JSON with `content`, or multipart with `file` (the serializer has had both).
    parser_classes = [SafeJSONParser, MultiPartParser, FormParser]

    @extend_schema(request=s.ImportInputSerializer, responses={201: dict})
    def post(self, request):
        data = s.ImportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        text = v.get("content") or ""
        if v.get("file"):
            try:
                text = read_upload(v["file"], limit=PRIOR_ART_MAX_BYTES).decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ApplicationError(
                    "file must be UTF-8 text", fields={"file": ["not UTF-8"]}
                ) from exc
        out = services.prior_art_import(
            text=text, fmt=v["format"], user=request.user, dry_run=v["dry_run"]
        )
        return Response(out, status=status.HTTP_201_CREATED)


class MetricsApi(APIView):
    """Weekly innovation metrics history (oldest first) and the live figures."""

    permission_classes = [HasPerms("innovation.view_innovationmetrics")]

    @extend_schema(responses={200: dict})
    def get(self, request):
        from innovation.services.metrics import metrics_compute

        hist = selectors.metrics_history()
        return Response(
            {
                "current": metrics_compute(),
                "history": s.MetricsOutputSerializer(hist, many=True).data,
            }
        )
