"""The signed-in user's own account over the API: profile, data export, deletion."""

import json

from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services


class AccountDeleteInputSerializer(serializers.Serializer):
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, help_text="Current password (re-authentication)"
    )


MeOutput = inline_serializer(
    "MeOut",
    {
        "id": serializers.IntegerField(),
        "username": serializers.CharField(),
        "email": serializers.CharField(),
        "date_joined": serializers.DateTimeField(),
        "is_staff": serializers.BooleanField(),
    },
)


def export_response(user) -> HttpResponse:
    """The export as a JSON file download."""
    body = json.dumps(services.user_data_export(user=user), cls=DjangoJSONEncoder, indent=1)
    response = HttpResponse(body, content_type="application/json")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="harmonyhub-data-{stamp}.json"'
    return response


class MeApi(APIView):
    """GET your account; DELETE it (with your password) and everything that references it."""

    @extend_schema(responses=MeOutput)
    def get(self, request):
        u = request.user
        return Response(
            {
                "id": u.pk,
                "username": u.get_username(),
                "email": u.email,
                "date_joined": u.date_joined,
                "is_staff": u.is_staff,
            }
        )

    @extend_schema(
        request=AccountDeleteInputSerializer,
        responses={204: OpenApiResponse(description="Account deleted")},
    )
    def delete(self, request):
        data = AccountDeleteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_delete(user=request.user, password=data.validated_data["password"])
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeExportApi(APIView):
    """Download everything HarmonyHub holds about you as one JSON document."""

    @extend_schema(
        responses={200: OpenApiResponse(description="JSON document: profile, counts, data")}
    )
    def get(self, request):
        return export_response(request.user)
