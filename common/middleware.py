"""Response headers every page and API answer carries.

Content-Security-Policy comes from settings.CONTENT_SECURITY_POLICY (empty disables it).
Responses to authenticated requests and every API response are marked no-store, so sensitive data
(moods, financial anxiety) never lands in a shared or browser cache.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.csp
        user = getattr(request, "user", None)
        private = request.path.startswith("/api/v1/") or (
            user is not None and user.is_authenticated
        )
        if private and "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response
