"""Anonymous access is refused everywhere that is not public: generated from the URL conf, so
every new endpoint and page is covered without being listed here."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, UUIDConverter

# Public by design. Anything else that answers an anonymous visitor fails the test.
PUBLIC_PAGES = {
    "accounts:login",
    "accounts:signup",
    "accounts:password-reset",
    "accounts:password-reset-done",
    "accounts:password-reset-confirm",
    "accounts:password-reset-complete",
    "accounts:logout",
    "api-schema",
    "api-docs",
    "metrics",
    "arts:share",
    "arts:share-file",
    "favicon",  # a redirect to static/favicon.svg; browsers ask for it before anyone logs in
    "stripe-webhook",  # public, but every request must carry a valid Stripe signature
}
PUBLIC_PAGE_PREFIXES = ("health",)
PUBLIC_API = {"api-token-obtain"}
SKIP_PREFIXES = ("admin", "media", "static", "__debug__")


def _sample(converter) -> str:
    if isinstance(converter, IntConverter):
        return "1"
    if isinstance(converter, UUIDConverter):
        return str(uuid.UUID(int=1))
    if isinstance(converter, SlugConverter | PathConverter):
        return "sample"
    return "sample"


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + _route(p), ns)
        elif isinstance(p, URLPattern):
            yield prefix + _route(p), (namespace + p.name) if p.name else None, p


def _route(p) -> str:
    pattern = p.pattern
    if hasattr(pattern, "converters") and hasattr(pattern, "_route"):
        route = pattern._route
        for name, conv in pattern.converters.items():
            for kind in ("int", "str", "slug", "uuid", "path", None):
                token = f"<{kind}:{name}>" if kind else f"<{name}>"
                route = route.replace(token, _sample(conv))
            # custom converters: <anything:name>
            import re

            route = re.sub(rf"<[\w]+:{name}>", _sample(conv), route)
        return route
    regex = pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
    return regex.replace("\\.", ".")


def _all_urls():
    seen = set()
    for path, name, pattern in _walk(get_resolver().url_patterns):
        if any(ch in path for ch in "()[]?*+\\"):
            path = path.split("(")[0]
        if path.startswith(SKIP_PREFIXES) or (path, name) in seen:
            continue
        seen.add((path, name))
        yield "/" + path, name, pattern


URLS = list(_all_urls())
API_URLS = [u for u in URLS if u[0].startswith("/api/v1/")]
PAGE_URLS = [u for u in URLS if not u[0].startswith("/api/")]


def test_the_walk_finds_the_site():
    names = {name for _, name, _ in URLS}
    assert {"home", "moods:index", "moods-list", "accounts:profile"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("url,name,pattern", API_URLS, ids=[u[0] for u in API_URLS])
def test_api_refuses_anonymous(api_client, url, name, pattern):
    if name in PUBLIC_API:
        pytest.skip("public by design")
    for method in ("get", "post", "put", "patch", "delete"):
        response = getattr(api_client, method)(url)
        assert response.status_code in (401, 403), (
            f"{method.upper()} {url} → {response.status_code}"
        )
        assert "error" in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("url,name,pattern", PAGE_URLS, ids=[u[0] for u in PAGE_URLS])
def test_pages_redirect_anonymous_to_login(client, url, name, pattern):
    public = name in PUBLIC_PAGES or url.strip("/").startswith(PUBLIC_PAGE_PREFIXES)
    view = pattern.callback
    marked_public = getattr(view, "login_required", True) is False
    if public:
        assert marked_public or name == "accounts:logout", f"{name} should be login_not_required"
        return
    assert not marked_public, f"{url} ({name}) is public but not in the allowlist"
    response = client.get(url)
    assert response.status_code == 302, f"GET {url} → {response.status_code}"
    # Staff pages use staff_member_required, which sends people to the admin's login form.
    assert response["Location"].startswith(("/accounts/login/", "/admin/login/"))
    response = client.post(url)
    assert response.status_code == 302, f"POST {url} → {response.status_code}"


def test_no_api_view_is_public_outside_the_allowlist():
    from rest_framework.permissions import AllowAny

    offenders = []
    for url, name, pattern in API_URLS:
        cls = getattr(pattern.callback, "cls", None)
        if cls is None or name in PUBLIC_API:
            continue
        if any(p is AllowAny for p in getattr(cls, "permission_classes", [])):
            offenders.append(url)
    assert offenders == []
