"""Operations API: alerts, incidents (ack/resolve/escalate), silences, snapshots, metrics."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.mixins import ValuesListMixin
from common.api.permissions import HasPerms, ModelPermissions
from operations import registry, selectors
from operations.api import serializers as s
from operations.filters import AlertFilter, IncidentFilter, NotificationFilter, SilenceFilter
from operations.models import (
    Alert,
    AlertRule,
    EscalationPolicy,
    HealthSnapshot,
    Incident,
    Notification,
    Silence,
)
from operations.services import (
    alert_fire,
    alert_resolve,
    incident_acknowledge,
    incident_escalate,
    incident_resolve,
)
from operations.services.config import alert_rule_save, silence_create, silence_expire
from operations.services.product import survey_submit


class AlertViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ModelPermissions]
    serializer_class = s.AlertOutputSerializer
    filterset_class = AlertFilter
    queryset = Alert.objects.select_related("incident")


class AlertFireApi(APIView):
    """Raise an alert from outside (any source); same semantics as the alert_fire service."""

    permission_classes = [HasPerms("operations.add_alert")]

    @extend_schema(request=s.AlertFireInputSerializer, responses=s.AlertOutputSerializer)
    def post(self, request):
        data = s.AlertFireInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alert = alert_fire(**data.validated_data)
        return Response(s.AlertOutputSerializer(alert).data, status=status.HTTP_201_CREATED)


class AlertResolveApi(APIView):
    permission_classes = [HasPerms("operations.change_alert")]

    @extend_schema(request=s.AlertResolveInputSerializer, responses=s.AlertOutputSerializer)
    def post(self, request):
        data = s.AlertResolveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alert = alert_resolve(**data.validated_data)
        if alert is None:
            return Response(
                {"error": {"code": "not_firing", "message": "No firing alert has that key."}},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(s.AlertOutputSerializer(alert).data)


class IncidentViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ModelPermissions]
    serializer_class = s.IncidentOutputSerializer
    filterset_class = IncidentFilter
    queryset = Incident.objects.select_related(
        "acknowledged_by", "resolved_by", "runbook"
    ).prefetch_related("log__user")


class IncidentActionApi(APIView):
    """POST incidents/<id>/acknowledge|resolve|escalate/ with an optional comment."""

    permission_classes = [HasPerms("operations.change_incident")]
    action_name = ""

    @extend_schema(request=s.CommentInputSerializer, responses=s.IncidentOutputSerializer)
    def post(self, request, pk: int):
        incident = get_object_or_404(Incident, pk=pk)
        data = s.CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = data.validated_data["comment"]
        if self.action_name == "acknowledge":
            incident = incident_acknowledge(incident=incident, user=request.user, comment=comment)
        elif self.action_name == "resolve":
            incident = incident_resolve(incident=incident, user=request.user, comment=comment)
        else:
            incident = incident_escalate(incident=incident, user=request.user)
        incident = IncidentViewSet.queryset.get(pk=incident.pk)
        return Response(s.IncidentOutputSerializer(incident).data)


class SilenceViewSet(
    mixins.CreateModelMixin,
    ValuesListMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [ModelPermissions]
    serializer_class = s.SilenceSerializer
    filterset_class = SilenceFilter
    queryset = Silence.objects.select_related("created_by")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data["matchers"] = [dict(m) for m in data["matchers"]]
        serializer.instance = silence_create(user=self.request.user, **data)


class SilenceExpireApi(APIView):
    permission_classes = [HasPerms("operations.change_silence")]

    @extend_schema(request=None, responses=s.SilenceSerializer)
    def post(self, request, pk: int):
        silence = silence_expire(silence=get_object_or_404(Silence, pk=pk))
        return Response(s.SilenceSerializer(silence).data)


class HealthSnapshotList(generics.ListAPIView):
    permission_classes = [ModelPermissions]
    serializer_class = s.HealthSnapshotSerializer
    queryset = HealthSnapshot.objects.all()


class AlertRuleViewSet(viewsets.ModelViewSet):
    permission_classes = [ModelPermissions]
    serializer_class = s.AlertRuleSerializer
    queryset = AlertRule.objects.all()

    def perform_create(self, serializer):
        serializer.instance = alert_rule_save(rule=AlertRule(**serializer.validated_data))

    def perform_update(self, serializer):
        rule = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(rule, key, value)
        serializer.instance = alert_rule_save(rule=rule)


class EscalationPolicyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ModelPermissions]
    serializer_class = s.EscalationPolicySerializer
    queryset = EscalationPolicy.objects.prefetch_related("levels__users", "levels__channels")


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Operators see the whole history; everyone else sees only their own in-app inbox."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.NotificationSerializer
    filterset_class = NotificationFilter

    queryset = Notification.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        if self.request.user.has_perm("operations.view_notification"):
            return Notification.objects.all()
        return selectors.inbox_for(user=self.request.user)


class MetricListApi(APIView):
    """Every registered metric with its current value."""

    permission_classes = [HasPerms("operations.view_requestminute")]

    @extend_schema(responses=s.MetricListOutputSerializer)
    def get(self, request):
        out = [
            {
                "name": m.name,
                "unit": m.unit,
                "description": m.description,
                "value": registry.metric_value(m.name),
            }
            for m in registry.all_metrics()
        ]
        return Response({"results": out, "at": timezone.now()})


class ProductMetricsApi(APIView):
    permission_classes = [HasPerms("operations.view_metricsample")]

    @extend_schema(responses=s.ProductMetricsOutputSerializer)
    def get(self, request):
        return Response(
            {
                "engagement": selectors.engagement_get(),
                "session_median_seconds": selectors.session_median_seconds(),
                "nps": selectors.nps_get(),
                "csat_percent": selectors.csat_get(),
                "csat_mean": selectors.csat_mean_get(),
                "retention_monthly": selectors.retention_get(unit="month"),
                "incidents": selectors.incident_stats(),
            }
        )


class SurveyApi(APIView):
    """A member answers the NPS (0-10) or CSAT (1-5) survey."""

    permission_classes = [HasPerms("operations.add_surveyresponse")]

    @extend_schema(request=s.SurveyInputSerializer, responses=s.SurveyInputSerializer)
    def post(self, request):
        data = s.SurveyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = survey_submit(user=request.user, **data.validated_data)
        return Response(
            {"kind": answer.kind, "score": answer.score, "comment": answer.comment},
            status=status.HTTP_201_CREATED,
        )
