"""Discover what to attack from the code itself: routes from the URL resolver, models from the
app registry, operations from the OpenAPI schema. Nothing here names an app, so the hardening
tests cover every context as it lands.
"""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
import pkgutil
import re
import uuid
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import validators as dj_validators
from django.db import models
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

SKIP_PREFIXES = ("/admin/", "/media/", "/static/", "/__debug__/")
# Rows of these apps are bookkeeping about users (sessions, tokens, admin log), not resources.
NON_RESOURCE_APPS = {"admin", "authtoken", "auth", "sessions", "contenttypes", "axes"}
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Route:
    """One URL pattern with its parameters kept as `{name}` placeholders."""

    template: str
    name: str | None
    callback: object
    params: list[str] = field(default_factory=list)

    @property
    def cls(self):
        return getattr(self.callback, "cls", None)

    @property
    def is_api(self) -> bool:
        return self.template.startswith("/api/v1/")

    @property
    def methods(self) -> list[str]:
        """HTTP methods the view answers (viewsets: its action map)."""
        actions = getattr(self.callback, "actions", None)
        if actions:
            return [m for m in HTTP_METHODS if m in actions]
        cls = self.cls
        if cls is None:
            return ["get", "post"]
        return [m for m in HTTP_METHODS if hasattr(cls, m)]

    def url(self, **values) -> str:
        out = self.template
        for p in self.params:
            out = out.replace("{" + p + "}", str(values.get(p, 1)))
        return out


def _pattern_template(pattern) -> tuple[str, list[str]]:
    pat = pattern.pattern
    if hasattr(pat, "_route"):
        route = pat._route
        names = list(pat.converters)
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        return route, names
    regex = pat.regex.pattern.lstrip("^").rstrip("$").replace("\\Z", "")
    names = re.findall(r"\(\?P<(\w+)>[^)]*\)", regex)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", regex)
    return route.replace("\\.", ".").replace("\\", ""), names


def _walk(patterns, prefix="", params=(), namespace=""):
    for p in patterns:
        route, names = _pattern_template(p)
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + route, (*params, *names), ns)
        elif isinstance(p, URLPattern):
            name = (namespace + p.name) if p.name else None
            yield Route("/" + prefix + route, name, p.callback, [*params, *names])


@cache
def all_routes() -> tuple[Route, ...]:
    seen, out = set(), []
    for r in _walk(get_resolver().url_patterns):
        if r.template.startswith(SKIP_PREFIXES) or any(c in r.template for c in "()[]?*+"):
            continue
        if (r.template, r.name) in seen:
            continue
        seen.add((r.template, r.name))
        out.append(r)
    return tuple(out)


def api_routes() -> list[Route]:
    return [r for r in all_routes() if r.is_api]


# --- models --------------------------------------------------------------------------------


def user_fks(model) -> list[models.Field]:
    User = get_user_model()
    return [
        f
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is User and (f.many_to_one or f.one_to_one)
    ]


def owner_field(model) -> str | None:
    """The FK that makes a row someone's property: to the user, not null, deleted with them."""
    for f in user_fks(model):
        if not f.null and f.remote_field.on_delete is models.CASCADE:
            return f.name
    return None


def owned_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in NON_RESOURCE_APPS and not m._meta.proxy and owner_field(m)
    ]


def referencing_models() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) with a foreign key to the user model."""
    return [(m, f) for m in apps.get_models() if not m._meta.proxy for f in user_fks(m)]


def route_model(route: Route, user) -> type[models.Model] | None:
    """The model a DRF view serves, read from its own get_queryset() for `user`."""
    from rest_framework.request import Request

    cls = route.cls
    if cls is not None and hasattr(cls, "get_queryset"):
        view = cls()
        request = Request(RequestFactory().get(route.url()))
        request.user = user
        view.request, view.args, view.kwargs, view.format_kwarg = request, (), {}, None
        view.action = (getattr(route.callback, "actions", None) or {}).get("get")
        try:
            return view.get_queryset().model
        except Exception:  # noqa: BLE001, S110 - views that need kwargs fall through to naming
            pass
    # A plain APIView: `<model>_id` in the path, or the segment before the id, names the model.
    names = [p.removesuffix("_id").replace("_", "") for p in route.params]
    segments = [s for s in route.template.split("/") if s and not s.startswith("{")]
    for p in route.params:
        before = route.template.split("{" + p + "}")[0].rstrip("/").rsplit("/", 1)[-1]
        names.append(before.replace("-", "").removesuffix("s"))
    app_hint = segments[2] if len(segments) > 2 else ""
    candidates = [m for m in apps.get_models() if m._meta.model_name in names]
    candidates.sort(key=lambda m: (m._meta.app_label != app_hint, owner_field(m) is None))
    return candidates[0] if candidates else None


def snapshot(obj) -> dict:
    """Every concrete column of a row, re-read from the database."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in type(obj)._meta.concrete_fields}


# --- making rows ---------------------------------------------------------------------------


@cache
def _factories() -> dict:
    import factory.django

    import tests

    found = {}
    for info in pkgutil.walk_packages(tests.__path__, "tests."):
        if not info.name.endswith(".factories"):
            continue
        try:
            module = importlib.import_module(info.name)
        except Exception:  # noqa: BLE001, S112 - an app mid-refactor must not break discovery
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and getattr(value._meta, "model", None) is not None
            ):
                found.setdefault(value._meta.model, value)
    return found


def _bounds(f) -> tuple[float | None, float | None]:
    lo = hi = None
    for v in f.validators:
        if isinstance(v, dj_validators.MinValueValidator):
            lo = v.limit_value
        elif isinstance(v, dj_validators.MaxValueValidator):
            hi = v.limit_value
    return lo, hi


def _value(f, owner, seq: int):
    if f.choices:
        return f.choices[0][0]
    if isinstance(f, models.ForeignKey | models.OneToOneField):
        if f.related_model is get_user_model():
            return owner
        return make_row(f.related_model, owner)
    lo, hi = _bounds(f)
    if isinstance(f, models.BooleanField):
        return False
    if isinstance(f, models.DecimalField):
        return decimal.Decimal(str(lo if lo is not None else 1))
    if isinstance(f, models.IntegerField):
        return int(lo if lo is not None else 1)
    if isinstance(f, models.FloatField):
        return float(lo if lo is not None else (0.0 if hi is None or hi >= 0 else hi))
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return dt.date(2024, 1, 1)
    if isinstance(f, models.DurationField):
        return dt.timedelta(seconds=1)
    if isinstance(f, models.UUIDField):
        return uuid.uuid4()
    if isinstance(f, models.JSONField):
        return {}
    if isinstance(f, models.FileField):
        return ""
    if isinstance(f, models.EmailField):
        return f"row{seq}@example.com"
    if isinstance(f, models.CharField | models.TextField):
        limit = f.max_length or 40
        return f"{f.name}-{seq}-{uuid.uuid4().hex}"[:limit]
    return None


_seq = iter(range(1, 10**9))


def make_row(model, owner):
    """One saved row of `model` belonging to `owner`: the app's factory if it has one, else
    every required column filled within its validators."""
    owner_name = owner_field(model)
    factory_cls = _factories().get(model)
    if factory_cls is not None:
        kwargs = {owner_name: owner} if owner_name else {}
        try:
            return factory_cls(**kwargs)
        except Exception:  # noqa: BLE001, S110 - fall back to the generic filler
            pass
    seq = next(_seq)
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key and (f.has_default() or isinstance(f, models.AutoField)):
            continue
        is_owner = f.name == owner_name or (
            f.is_relation and f.related_model is get_user_model() and not f.null
        )
        if is_owner:
            values[f.name] = owner
            continue
        if f.has_default() or f.null or getattr(f, "auto_now", False):
            continue
        if getattr(f, "auto_now_add", False):
            continue
        values[f.name] = _value(f, owner, seq)
    return model._default_manager.create(**values)
