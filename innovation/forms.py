"""Innovation page forms (validation only; services decide)."""

from django import forms

from innovation.models import DECISIONS


class ChallengeRunForm(forms.Form):
    challenge = forms.CharField(max_length=100_000, widget=forms.Textarea(attrs={"rows": 2}))
    domain = forms.ChoiceField(required=False)
    count = forms.IntegerField(initial=10)
    seed = forms.IntegerField(initial=0, min_value=0, max_value=2**32 - 1)

    def __init__(self, *args, domains=(), **kw):
        super().__init__(*args, **kw)
        self.fields["domain"].choices = [("", "detect from text")] + [(d, d) for d in domains]


class SacForm(forms.Form):
    harness = forms.ChoiceField(required=False)
    amplification = forms.ChoiceField(required=False)
    challenge = forms.CharField(max_length=100_000, required=False)
    count = forms.IntegerField(initial=8)
    seed = forms.IntegerField(initial=0, min_value=0, max_value=2**32 - 1)

    def __init__(self, *args, domains=(), **kw):
        super().__init__(*args, **kw)
        choices = [("", "—")] + [(d, d) for d in domains]
        self.fields["harness"].choices = choices
        self.fields["amplification"].choices = choices


class GateForm(forms.Form):
    decision = forms.ChoiceField(choices=DECISIONS)
    rationale = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(forms.Form):
    checked = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="TRL checklist"
    )
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kw):
        from innovation.engines.planning import TRL_CHECKLIST

        super().__init__(*args, **kw)
        self.fields["checked"].choices = [(k, f"{k}. {v}") for k, v in TRL_CHECKLIST.items()]


class ImportForm(forms.Form):
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("jsonl", "JSON lines")])
    file = forms.FileField()
    dry_run = forms.BooleanField(required=False, label="Check only (write nothing)")
