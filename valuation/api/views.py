"""Valuation API under /api/v1/valuation/."""

from __future__ import annotations

from datetime import date

from django.db.models import ProtectedError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.mixins import ValuesListMixin
from common.api.parsers import SafeJSONParser
from common.api.permissions import HasPerms, ModelPermissions
from common.api.throttles import ScopedWindowThrottle, UserWindowThrottle
from common.exceptions import ApplicationError
from common.uploads import read_upload
from valuation import selectors, services
from valuation.api import serializers as s
from valuation.filters import ComponentFilterSet, RevenueEventFilterSet, SnapshotFilterSet
from valuation.forms import LEDGER_CSV_MAX_BYTES
from valuation.models import Component, CostEntry, MultiplesTable, RevaluationJob, ValuationSnapshot


class ComponentViewSet(viewsets.ModelViewSet):
    """Portfolio components: Finance analysts and Innovation managers read, Administrators write."""

    serializer_class = s.ComponentSerializer
    permission_classes = [ModelPermissions]
    filterset_class = ComponentFilterSet
    lookup_field = "name"
    queryset = Component.objects.select_related("owner")
    ordering_fields = ["name", "sector", "launch_date"]

    def perform_create(self, serializer):
        serializer.instance = services.component_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.component_update(
            component=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        try:
            instance.delete()
        except ProtectedError as exc:
            raise ApplicationError(
                "This component has valuation snapshots; deactivate it instead.", code="protected"
            ) from exc

    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
        responses={200: s.KpiTableSerializer},
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[ModelPermissions, HasPerms("valuation.view_revenueevent")],
    )
    def kpis(self, request, name=None):
        """Monthly MRR movements and KPIs (with conventions) of this component for a period."""
        return Response(_kpis(request, self.get_object()))


def _kpis(request, component):
    data = s.PeriodInputSerializer(data=request.query_params)
    data.is_valid(raise_exception=True)
    end = data.validated_data.get("end") or timezone.now().date()
    start = data.validated_data.get("start") or date(end.year - 1, end.month, 1)
    out = selectors.kpi_table(
        component=component, start=start, end=end, window=data.validated_data.get("window")
    )
    rows = []
    for r in out["rows"]:
        row = r["row"]
        rows.append(
            {
                "period_start": r["period_start"],
                "movements": {
                    k: float(row[k])
                    for k in (
                        "start_mrr",
                        "new",
                        "expansion",
                        "contraction",
                        "churn",
                        "reactivation",
                        "net_new_mrr",
                        "end_mrr",
                        "identity_error",
                        "one_off_revenue",
                    )
                },
                "customers": {
                    k: int(row[k])
                    for k in (
                        "customers_start",
                        "customers_end",
                        "new_customers",
                        "churn_customers",
                        "reactivation_customers",
                    )
                },
                "kpis": r["kpis"],
            }
        )
    cohorts = out["cohorts"]
    return {
        "scope": component.name if component else selectors.PORTFOLIO,
        "periods": rows,
        "cohorts": {
            "logo": [selectors.nan_to_none(x) for x in cohorts["logo"].to_numpy()],
            "net_mrr": [selectors.nan_to_none(x) for x in cohorts["net_mrr"].to_numpy()],
            "periods": [d.date() for d in cohorts["logo"].index],
        },
        "anomalies": out["anomalies"],
    }


class PortfolioKpiApi(APIView):
    """Monthly movements and KPIs of all active components together."""

    permission_classes = [HasPerms("valuation.view_revenueevent")]

    @extend_schema(
        parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
        responses={200: s.KpiTableSerializer},
    )
    def get(self, request):
        return Response(_kpis(request, None))


class RevenueEventViewSet(ValuesListMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The revenue ledger (Finance analysts). POST one event or a list (all or nothing)."""

    serializer_class = s.RevenueEventOutputSerializer
    permission_classes = [ModelPermissions]
    filterset_class = RevenueEventFilterSet
    queryset = selectors.revenue_event_list()
    ordering_fields = ["occurred_at", "amount"]
    parser_classes = [SafeJSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request=s.RevenueEventInputSerializer(many=True),
        responses={201: s.RevenueEventOutputSerializer(many=True)},
    )
    def create(self, request):
        many = isinstance(request.data, list)
        data = s.RevenueEventInputSerializer(data=request.data, many=many)
        data.is_valid(raise_exception=True)
        rows = data.validated_data if many else [data.validated_data]
        created = services.revenue_event_bulk_create(rows=[dict(r) for r in rows], source="api")
        out = s.RevenueEventOutputSerializer(created, many=True).data
        return Response(out if many else out[0], status=status.HTTP_201_CREATED)

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "component": {"type": "string"},
                },
            }
        },
        responses={201: dict},
    )
    @action(detail=False, methods=["post"])
    def upload(self, request):
        """CSV upload: header customer_id,occurred_at,kind,amount[,interval,stream,...]."""
        f = request.FILES.get("file")
        if f is None:
            raise ApplicationError(
                "Attach a CSV file as `file`.",
                code="required",
                fields={"file": ["This field is required."]},
            )
        try:
            text = read_upload(f, limit=LEDGER_CSV_MAX_BYTES).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ApplicationError(
                "The file must be UTF-8 CSV.", code="bad_csv", fields={"file": ["Not UTF-8 text."]}
            ) from exc
        comp = None
        if request.data.get("component"):
            comp = get_object_or_404(Component, name=request.data["component"])
        created = services.revenue_csv_import(text=text, component=comp)
        return Response({"created": len(created)}, status=status.HTTP_201_CREATED)


class CostEntryViewSet(ValuesListMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Cost ledger (Finance analysts); sales and marketing spend feeds CAC."""

    serializer_class = s.CostEntrySerializer
    permission_classes = [ModelPermissions]
    queryset = CostEntry.objects.select_related("component")

    def perform_create(self, serializer):
        serializer.instance = services.cost_entry_create(**serializer.validated_data)


class MultiplesViewSet(viewsets.ModelViewSet):
    """Peer EV/revenue multiples by sector (Finance analysts)."""

    serializer_class = s.MultiplesSerializer
    permission_classes = [ModelPermissions]
    queryset = MultiplesTable.objects.all()

    def perform_create(self, serializer):
        serializer.instance = services.multiples_upsert(**_multiples(serializer.validated_data))

    def perform_update(self, serializer):
        merged = {**s.MultiplesSerializer(serializer.instance).data, **serializer.validated_data}
        serializer.instance = services.multiples_upsert(**_multiples(merged))


def _multiples(d):
    return {
        "sector": d["sector"],
        "p25": d["ev_revenue_p25"],
        "p50": d["ev_revenue_p50"],
        "p75": d["ev_revenue_p75"],
        "source": d["source"],
        "as_of": d["as_of"] if isinstance(d["as_of"], date) else date.fromisoformat(d["as_of"]),
    }


class SnapshotViewSet(viewsets.ReadOnlyModelViewSet):
    """Immutable valuation snapshots (scope = component name or "portfolio")."""

    filterset_class = SnapshotFilterSet
    permission_classes = [ModelPermissions]
    queryset = ValuationSnapshot.objects.all()
    ordering_fields = ["as_of", "computed_at", "value"]

    def get_serializer_class(self):
        return s.SnapshotDetailSerializer if self.action == "retrieve" else s.SnapshotListSerializer


class RevalueApi(APIView):
    """Queue a revaluation of a component (or of the portfolio): 202 with a status URL."""

    permission_classes = [HasPerms("valuation.add_revaluationjob")]

    @extend_schema(request=s.RevalueInputSerializer, responses={202: s.JobSerializer})
    def post(self, request):
        data = s.RevalueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comp = None
        if data.validated_data.get("component"):
            comp = selectors.component_get(name=data.validated_data["component"])
            if comp is None:
                raise ApplicationError(
                    "Unknown component.",
                    code="not_found",
                    fields={"component": ["Unknown component."]},
                )
        job = services.revaluation_request(component=comp, reason="API request")
        url = reverse("valuation-api:job-detail", args=[job.pk])
        body = {**s.JobSerializer(job).data, "status_url": request.build_absolute_uri(url)}
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": url})


class JobDetailApi(APIView):
    """Status of a revaluation job."""

    permission_classes = [HasPerms("valuation.view_revaluationjob")]

    @extend_schema(responses=s.JobSerializer)
    def get(self, request, pk: int):
        return Response(s.JobSerializer(get_object_or_404(RevaluationJob, pk=pk)).data)


class _PlainNegotiation(DefaultContentNegotiation):
    """`?format=` names the report format here, not a DRF renderer."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ReportApi(APIView):
    """The valuation report (portfolio or one component) as text, JSON or CSV download.

    GET reads: stored snapshots are reused and anything missing is computed without being stored
    (and raises no alert). POST computes and stores the snapshots for a date and seed.
    """

    content_negotiation_class = _PlainNegotiation
    permission_classes = [
        HasPerms("valuation.view_valuationsnapshot", write=("valuation.add_valuationsnapshot",))
    ]
    # Computing a report for a new date or seed costs seconds: bounded per person.
    throttle_scope = "valuation_report"
    throttle_classes = [UserWindowThrottle, ScopedWindowThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str),
            OpenApiParameter("as_of", str),
            OpenApiParameter("seed", int),
            OpenApiParameter("component", str),
        ],
        responses={200: dict},
    )
    def get(self, request):
        data = s.ReportInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = services.report_build(
            as_of=v.get("as_of"),
            seed=v.get("seed"),
            component_name=v.get("component"),
            persist=False,
        )
        body = services.report_render(report, v["format"])
        ctype = {"text": "text/plain", "json": "application/json", "csv": "text/csv"}[v["format"]]
        ext = {"text": "txt", "json": "json", "csv": "csv"}[v["format"]]
        resp = HttpResponse(body, content_type=f"{ctype}; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="valuation-{report["as_of"]}.{ext}"'
        return resp

    @extend_schema(request=s.ReportStoreInputSerializer, responses={201: dict})
    def post(self, request):
        """Compute and store the snapshots (and raise their alerts) for a date and seed."""
        data = s.ReportStoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = services.report_build(
            as_of=v.get("as_of"), seed=v.get("seed"), component_name=v.get("component")
        )
        return HttpResponse(
            services.report_render(report, "json"),
            status=status.HTTP_201_CREATED,
            content_type="application/json; charset=utf-8",
        )


class PolicyApi(APIView):
    """Alert thresholds and metric conventions: Finance analysts read and edit."""

    permission_classes = [
        HasPerms("valuation.view_valuationpolicy", write=("valuation.change_valuationpolicy",))
    ]

    @extend_schema(responses=s.PolicySerializer)
    def get(self, request):
        return Response(s.PolicySerializer(selectors.policy_get()).data)

    @extend_schema(request=s.PolicySerializer, responses=s.PolicySerializer)
    def patch(self, request):
        policy = selectors.policy_get()
        data = s.PolicySerializer(policy, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        policy = services.policy_update(policy=policy, **data.validated_data)
        return Response(s.PolicySerializer(policy).data)


FUNDING_ERRORS = {400: s.ValuationErrorSerializer, 403: s.ValuationErrorSerializer}


class FundingScorecardApi(APIView):
    """Series A readiness scorecard, cash plan with delay scenarios and levers, and the
    funding-delay condition, computed now (optional what-if levers are not saved)."""

    permission_classes = [HasPerms("valuation.view_fundingplan")]

    @extend_schema(
        parameters=[s.FundingQuerySerializer],
        responses={200: s.FundingReadinessSerializer, **FUNDING_ERRORS},
    )
    def get(self, request):
        q = s.FundingQuerySerializer(data=request.query_params)
        q.is_valid(raise_exception=True)
        levers = {
            k: q.validated_data[k]
            for k in ("hiring_freeze_pct", "marketing_cut_pct")
            if k in q.validated_data
        }
        out = services.funding_readiness_build(
            as_of=q.validated_data.get("as_of"), levers=levers or None
        )
        return Response(s.FundingReadinessSerializer(out).data)


class FundingPlanApi(APIView):
    """The funding plan (cash, round, levers, readiness bars): Finance analysts edit it."""

    permission_classes = [
        HasPerms("valuation.view_fundingplan", write=("valuation.change_fundingplan",))
    ]

    @extend_schema(responses={200: s.FundingPlanSerializer, 403: s.ValuationErrorSerializer})
    def get(self, request):
        return Response(s.FundingPlanSerializer(selectors.funding_plan_get()).data)

    @extend_schema(
        request=s.FundingPlanSerializer,
        responses={200: s.FundingPlanSerializer, **FUNDING_ERRORS},
    )
    def patch(self, request):
        plan = selectors.funding_plan_get()
        data = s.FundingPlanSerializer(plan, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        plan = services.funding_plan_update(plan=plan, **data.validated_data)
        return Response(s.FundingPlanSerializer(plan).data)
