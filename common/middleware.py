"""Response headers every page and API answer carries.

Content-Security-Policy comes from settings.CONTENT_SECURITY_POLICY (empty disables it).
Responses to authenticated requests and every API response are marked no-store, so sensitive data
(moods, financial anxiety) never lands in a shared or browser cache.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
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


class MethodNotAllowedPageMiddleware:
    """A styled page for 405 answers to people, instead of Django's empty body.

    ``require_POST`` answers a typed-in or bookmarked address with a bare 405; a person gets
    a page that says what the address is for and links back to the section. API and htmx
    requests keep the plain answer (the API has its own error shape; site.js explains htmx).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code != 405
            or request.path.startswith("/api/")
            or request.headers.get("HX-Request")
            or getattr(response, "content", b"")
        ):
            return response
        allowed = response.get("Allow", "")
        context = {"allowed": " or ".join(m.strip() for m in allowed.split(",") if m.strip())}
        namespace = request.resolver_match.namespace if request.resolver_match else ""
        if namespace:
            try:
                context["back_url"] = reverse(f"{namespace}:index")
                context["back_label"] = "the section"
            except NoReverseMatch:
                pass
        page = render(request, "405.html", context, status=405)
        if allowed:
            page["Allow"] = allowed
        return page
