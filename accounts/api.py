"""Token login for API clients: username + password → token, throttled like the login page."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts import services
from common.api.parsers import SafeJSONParser
from common.api.throttles import AnonWindowThrottle


class TokenLoginThrottle(AnonWindowThrottle):
    scope = "anon"


class ObtainTokenApi(ObtainAuthToken):
    """Exchange a username and password for the user's API token (created if missing)."""

    # DRF's ObtainAuthToken ships with no throttles; restore them.
    throttle_classes = [TokenLoginThrottle]
    permission_classes = [AllowAny]
    parser_classes = [SafeJSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=AuthTokenSerializer,
        responses=inline_serializer("TokenOut", {"token": serializers.CharField()}),
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # django-axes refuses a locked-out address inside authenticate(), which then looks
            # like a wrong password; say what really happened, as the login page does.
            if getattr(request, "axes_locked_out", False):
                raise Throttled(
                    wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                    detail="Too many failed log-in attempts from this address; try again later.",
                )
            raise ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        token = services.api_token_get(user=user) or services.api_token_create(user=user)
        return Response({"token": token.key})
