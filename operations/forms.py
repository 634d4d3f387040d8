"""Forms for the staff pages (and the in-app survey)."""

from __future__ import annotations

from django import forms

from operations.engines import alerting
from operations.models import AlertRule, EscalationPolicy, SuccessTarget

WEEKDAYS = [(1, "Mon"), (2, "Tue"), (3, "Wed"), (4, "Thu"), (5, "Fri"), (6, "Sat"), (7, "Sun")]


class CommentForm(forms.Form):
    comment = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


def parse_matcher_text(text: str) -> list[dict]:
    """'name=value', 'name!=value', 'name=~regex', 'name!~regex' one per line or comma."""
    out = []
    for raw in text.replace(",", "\n").splitlines():
        item = raw.strip()
        if not item:
            continue
        for op in ("=~", "!~", "!=", "="):
            if op in item:
                name, value = item.split(op, 1)
                out.append({"name": name.strip(), "op": op, "value": value.strip().strip('"')})
                break
        else:
            raise forms.ValidationError(f"Cannot read matcher {item!r}; write name=value.")
    alerting.parse_matchers(out)
    return out


class SilenceForm(forms.Form):
    matchers = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: alertname=SystemDown, service=~api|web, env!=dev",
    )
    starts_at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Weekly recurrence: only on these days (leave empty for every day)",
    )
    daily_start = forms.TimeField(
        required=False, widget=forms.TimeInput(attrs={"type": "time"}), help_text="UTC"
    )
    daily_end = forms.TimeField(
        required=False, widget=forms.TimeInput(attrs={"type": "time"}), help_text="UTC"
    )
    expire_on_resolve = forms.BooleanField(required=False)
    comment = forms.CharField(max_length=500)

    def clean_matchers(self):
        try:
            matchers = parse_matcher_text(self.cleaned_data["matchers"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not matchers:
            raise forms.ValidationError("Give at least one matcher.")
        return matchers


class AlertRuleForm(forms.ModelForm):
    labels_text = forms.CharField(
        required=False,
        label="Labels",
        help_text="name=value, one per line",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = AlertRule
        fields = [
            "name",
            "alert_name",
            "source",
            "metric",
            "window_minutes",
            "comparator",
            "threshold",
            "for_seconds",
            "keep_firing_for_seconds",
            "severity",
            "summary",
            "enabled",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["labels_text"].initial = "\n".join(
                f"{k}={v}" for k, v in (self.instance.labels or {}).items()
            )

    def clean_labels_text(self):
        labels = {}
        for line in self.cleaned_data["labels_text"].splitlines():
            if not line.strip():
                continue
            if "=" not in line:
                raise forms.ValidationError(f"Cannot read label {line!r}; write name=value.")
            name, value = line.split("=", 1)
            labels[name.strip()] = value.strip()
        return labels


class EscalationPolicyForm(forms.ModelForm):
    sources = forms.MultipleChoiceField(
        choices=[(s, s) for s in ("system", "security", "valuation", "revenue", "innovation")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group_by_text = forms.CharField(
        required=False, label="Group by", help_text="Label names, comma separated"
    )

    class Meta:
        model = EscalationPolicy
        fields = [
            "name",
            "sources",
            "is_default",
            "repeats",
            "ack_timeout_minutes",
            "group_wait_seconds",
            "group_interval_seconds",
            "repeat_interval_seconds",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group_by_text"].initial = ", ".join(self.instance.group_by or [])

    def clean_repeats(self):
        repeats = self.cleaned_data["repeats"]
        if not 1 <= repeats <= 9:
            raise forms.ValidationError("Between 1 and 9.")
        return repeats

    def clean_group_by_text(self):
        return [p.strip() for p in self.cleaned_data["group_by_text"].split(",") if p.strip()]


class SuccessTargetForm(forms.ModelForm):
    class Meta:
        model = SuccessTarget
        fields = ["label", "unit", "direction", "year1", "year2", "year3"]


class SurveyForm(forms.Form):
    kind = forms.ChoiceField(choices=[("nps", "NPS"), ("csat", "CSAT")], widget=forms.HiddenInput)
    score = forms.IntegerField(min_value=0, max_value=10)
    comment = forms.CharField(required=False, max_length=2000, widget=forms.Textarea({"rows": 2}))


class IsolationForm(forms.Form):
    """One isolation switch: why, and which user when it names one."""

    reason = forms.CharField(max_length=500, help_text="Goes into the security log.")
    username = forms.CharField(max_length=150, required=False)
    incident = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ForensicsForm(forms.Form):
    """A forensic export's window (UTC) and why it is taken."""

    since = forms.DateTimeField(help_text="UTC, e.g. 2026-01-31 14:00")
    until = forms.DateTimeField(help_text="UTC")
    reason = forms.CharField(max_length=500, required=False)
    incident = forms.IntegerField(required=False, widget=forms.HiddenInput)


class BackupDiffForm(forms.Form):
    """Which backup (from the backup folder) to compare with the live database."""

    backup = forms.ChoiceField()
    incident = forms.IntegerField(required=False, help_text="Attach to incident #")

    def __init__(self, *args, backups: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["backup"].choices = [(b, b) for b in backups]
