"""Staff configuration pages: silences, alert rules, escalation policies."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from common.exceptions import ApplicationError
from common.permissions import permission_required
from operations.filters import SilenceFilter
from operations.forms import AlertRuleForm, EscalationPolicyForm, SilenceForm
from operations.models import AlertRule, EscalationLevel, EscalationPolicy, Silence
from operations.registry import all_metrics
from operations.services.config import (
    alert_rule_save,
    escalation_policy_save,
    silence_create,
    silence_expire,
)
from operations.services.rules import HTTP_KEYS, rules_backtest
from operations.views.common import apply_errors, flash_error

LevelFormSet = inlineformset_factory(
    EscalationPolicy,
    EscalationLevel,
    fields=["position", "name", "timeout_minutes", "users", "channels"],
    extra=1,
    can_delete=True,
)


@permission_required("operations.view_silence", "operations.add_silence")
def silence_list(request):
    initial = {}
    if request.GET.get("alertname"):
        initial["matchers"] = f"alertname={request.GET['alertname']}"
    now = timezone.now()
    initial.setdefault("starts_at", now.strftime("%Y-%m-%dT%H:%M"))
    initial.setdefault("ends_at", (now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    form = SilenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            silence_create(user=request.user, **form.cleaned_data)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Silence created.")
            return redirect("operations:silence_list")
    filterset = SilenceFilter(request.GET or None, queryset=Silence.objects.all())
    return render(
        request,
        "operations/silence_list.html",
        {"form": form, "silences": filterset.qs[:100], "now": now},
        status=400 if form.errors else 200,
    )


@permission_required("operations.change_silence")
@require_POST
def silence_expire_view(request, silence_id: int):
    silence = get_object_or_404(Silence, pk=silence_id)
    try:
        silence_expire(silence=silence)
        messages.success(request, "Silence expired.")
    except ApplicationError as exc:
        flash_error(request, exc)
    return redirect("operations:silence_list")


def _metric_names() -> list[str]:
    return sorted({m.name for m in all_metrics()} | {f"http.{k}" for k in HTTP_KEYS})


@permission_required("operations.view_alertrule")
def rule_list(request):
    return render(
        request,
        "operations/rule_list.html",
        {"rules": AlertRule.objects.all(), "metrics": _metric_names()},
    )


@permission_required("operations.change_alertrule", "operations.add_alertrule")
def rule_edit(request, rule_id: int | None = None):
    rule = get_object_or_404(AlertRule, pk=rule_id) if rule_id else AlertRule()
    form = AlertRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        rule = form.save(commit=False)
        rule.labels = form.cleaned_data["labels_text"]
        try:
            alert_rule_save(rule=rule)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Rule {rule.name} saved.")
            return redirect("operations:rule_list")
    preview = None
    if rule.pk and rule.metric.startswith("http."):
        now = timezone.now()
        history = rules_backtest(rules=[rule], start=now - timedelta(hours=24), end=now)
        preview = [(at, kind) for at, kind in history[rule.name] if kind == "firing"]
    return render(
        request,
        "operations/rule_form.html",
        {"form": form, "rule": rule, "metrics": _metric_names(), "preview": preview},
        status=400 if form.errors else 200,
    )


@permission_required("operations.view_escalationpolicy")
def policy_list(request):
    policies = EscalationPolicy.objects.prefetch_related("levels__users", "levels__channels")
    return render(request, "operations/policy_list.html", {"policies": policies})


@permission_required("operations.change_escalationpolicy", "operations.add_escalationpolicy")
def policy_edit(request, policy_id: int | None = None):
    policy = get_object_or_404(EscalationPolicy, pk=policy_id) if policy_id else EscalationPolicy()
    form = EscalationPolicyForm(request.POST or None, instance=policy)
    formset = LevelFormSet(request.POST or None, instance=policy, prefix="levels")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        policy = form.save(commit=False)
        policy.group_by = form.cleaned_data["group_by_text"]
        try:
            escalation_policy_save(policy=policy, levels_formset=formset)
        except (ApplicationError, ValidationError) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Policy {policy.name} saved.")
            return redirect("operations:policy_list")
    invalid = request.method == "POST"
    return render(
        request,
        "operations/policy_form.html",
        {"form": form, "formset": formset, "policy": policy},
        status=400 if invalid else 200,
    )
