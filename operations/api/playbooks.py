"""Playbook API under /api/v1/operations/: isolation switches and forensic exports.

GET  isolation/                 the switches (needs one of the isolation permissions)
POST isolation/<action>/        pull one (body: reason, username?, incident?); 200 with counts
GET  forensics/                 exports; POST forensics/ starts one (201)
GET  forensics/<id>/download/   the export as a zip, verified before it is served
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api.permissions import HasPerms
from operations.models import ForensicExport, Incident, IsolationState
from operations.services.forensics import forensics_archive, forensics_export
from operations.services.isolation import ACTIONS, isolation_apply, isolation_state_get


class AnyIsolationPerm(BasePermission):
    """Signed in and holding at least one isolation permission (each action checks its own)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and (
                user.has_perm("operations.isolate_site")
                or user.has_perm("operations.isolate_accounts")
            )
        )


class IsolationStateSerializer(serializers.ModelSerializer):
    # Null until a switch is first pulled: reads return the defaults without writing the row.
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    metrics_token_rotated = serializers.SerializerMethodField()
    webhook_secret_rotated = serializers.SerializerMethodField()

    class Meta:
        model = IsolationState
        fields = [
            "read_only",
            "read_only_since",
            "read_only_reason",
            "signup_closed",
            "signup_closed_since",
            "signup_closed_reason",
            "metrics_token_rotated",
            "metrics_token_rotated_at",
            "webhook_secret_rotated",
            "webhook_secret_rotated_at",
            "updated_at",
        ]

    def get_metrics_token_rotated(self, obj) -> bool:
        return bool(obj.metrics_token_sha256)

    def get_webhook_secret_rotated(self, obj) -> bool:
        return bool(obj.webhook_secret)


class IsolationInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)
    username = serializers.CharField(max_length=150, required=False, allow_blank=True)
    incident = serializers.IntegerField(required=False, allow_null=True)


class IsolationResultSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    at = serializers.DateTimeField()
    username = serializers.CharField(required=False)
    sessions = serializers.IntegerField(required=False)
    tokens = serializers.IntegerField(required=False)
    secret = serializers.CharField(required=False, help_text="A rotated secret, shown once.")
    state = IsolationStateSerializer()


class IsolationStateApi(APIView):
    permission_classes = [AnyIsolationPerm]

    @extend_schema(responses=IsolationStateSerializer)
    def get(self, request):
        return Response(IsolationStateSerializer(isolation_state_get()).data)


class IsolationActionApi(APIView):
    permission_classes = [AnyIsolationPerm]

    @extend_schema(request=IsolationInputSerializer, responses=IsolationResultSerializer)
    def post(self, request, action: str):
        if action not in ACTIONS:
            raise NotFound("No such switch.")
        if not request.user.has_perm(ACTIONS[action].permission):
            raise PermissionDenied("Your role cannot pull this switch.")
        data = IsolationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = None
        if data.validated_data.get("incident"):
            incident = get_object_or_404(Incident, pk=data.validated_data["incident"])
        session = getattr(request._request, "session", None)
        result = isolation_apply(
            action=action,
            actor=request.user,
            reason=data.validated_data["reason"],
            username=data.validated_data.get("username") or None,
            incident=incident,
            keep_session_key=session.session_key if session is not None else None,
            via="api",
        )
        result["state"] = isolation_state_get()
        return Response(IsolationResultSerializer(result).data)


class ForensicExportSerializer(serializers.ModelSerializer):
    class FileSerializer(serializers.Serializer):
        name = serializers.CharField()
        sha256 = serializers.CharField()
        bytes = serializers.IntegerField()
        rows = serializers.IntegerField()

    files = FileSerializer(many=True, read_only=True)
    created_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = ForensicExport
        fields = [
            "id",
            "created_at",
            "created_by",
            "since",
            "until",
            "reason",
            "incident",
            "status",
            "files",
            "manifest_sha256",
        ]


class ForensicsInputSerializer(serializers.Serializer):
    since = serializers.DateTimeField()
    until = serializers.DateTimeField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    incident = serializers.IntegerField(required=False, allow_null=True)


class ForensicsApi(generics.ListAPIView):
    permission_classes = [HasPerms("operations.run_forensics")]
    serializer_class = ForensicExportSerializer
    queryset = ForensicExport.objects.select_related("created_by")

    @extend_schema(request=ForensicsInputSerializer, responses={201: ForensicExportSerializer})
    def post(self, request):
        data = ForensicsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        incident = None
        if data.validated_data.get("incident"):
            incident = get_object_or_404(Incident, pk=data.validated_data["incident"])
        export = forensics_export(
            since=data.validated_data["since"],
            until=data.validated_data["until"],
            reason=data.validated_data["reason"],
            user=request.user,
            incident=incident,
        )
        return Response(ForensicExportSerializer(export).data, status=status.HTTP_201_CREATED)


class ForensicsDownloadApi(APIView):
    permission_classes = [HasPerms("operations.run_forensics")]

    @extend_schema(
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request, pk: int):
        export = get_object_or_404(ForensicExport, pk=pk)
        data = forensics_archive(export=export)
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="forensics-{export.pk}.zip"'
        return response
