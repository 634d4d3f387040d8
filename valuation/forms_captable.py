"""Forms of the cap table pages: the round builder and the comparison picker."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from valuation.models_captable import PRE_MONEY_SOURCES, RoundScenario


class RoundScenarioForm(forms.Form):
    """A priced round to model; the name is needed only to save it."""

    name = forms.CharField(
        max_length=120, required=False, help_text="Needed to save; unique per cap table"
    )
    pre_money_source = forms.ChoiceField(
        choices=PRE_MONEY_SOURCES,
        initial="typed",
        widget=forms.RadioSelect,
        label="Pre-money from",
    )
    pre_money = forms.DecimalField(
        max_digits=18,
        decimal_places=2,
        min_value=Decimal("1"),
        required=False,
        label="Pre-money valuation",
        help_text="Fully diluted: includes SAFE/note conversions and the pool top-up",
    )
    raise_amount = forms.DecimalField(
        max_digits=18, decimal_places=2, min_value=Decimal("0"), label="Raise (new money)"
    )
    target_pool_pct = forms.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("99.99"),
        initial=Decimal("10"),
        label="Target option pool after the round (%)",
        help_text="Unallocated pool as % of post-round fully diluted shares",
    )
    close_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Notes accrue interest to this date; blank = today",
    )
    investor = forms.CharField(max_length=120, required=False, initial="Series A lead")
    series = forms.CharField(max_length=80, required=False, initial="Series A Preferred")

    def clean(self):
        data = super().clean()
        typed = data.get("pre_money_source") == "typed"
        if typed and data.get("pre_money") is None and "pre_money" not in self.errors:
            self.add_error("pre_money", "Type a pre-money or take it from the valuation P50.")
        return data

    def terms(self) -> dict:
        d = self.cleaned_data
        return {
            "pre_money_source": d["pre_money_source"],
            "pre_money": d.get("pre_money"),
            "raise_amount": d["raise_amount"],
            "target_pool": (d["target_pool_pct"] / 100).quantize(Decimal("0.0001")),
            "close_date": d.get("close_date") or timezone.now().date(),
            "investor": d.get("investor") or "New investors",
            "series": d.get("series") or "Series A Preferred",
        }


FORM_FIELD = {"target_pool": "target_pool_pct"}


class CompareForm(forms.Form):
    """Two saved scenarios to put side by side."""

    a = forms.ModelChoiceField(queryset=RoundScenario.objects.none(), label="Scenario A")
    b = forms.ModelChoiceField(queryset=RoundScenario.objects.none(), label="Scenario B")

    def __init__(self, *args, queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = queryset if queryset is not None else RoundScenario.objects.all()
        self.fields["a"].queryset = qs
        self.fields["b"].queryset = qs

    def clean(self):
        data = super().clean()
        if data.get("a") and data.get("b") and data["a"].pk == data["b"].pk:
            self.add_error("b", "Pick a different scenario to compare with.")
        return data
