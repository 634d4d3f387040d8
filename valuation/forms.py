"""Forms of the valuation pages."""

from django import forms

from common.exceptions import ApplicationError
from common.uploads import read_upload
from valuation.models import Component, FundingPlan
from valuation.services.funding import PLAN_FIELDS

LEDGER_CSV_MAX_BYTES = 50 * 1024 * 1024


class CsvImportForm(forms.Form):
    """A ledger CSV upload; component optional when the CSV has a component column."""

    file = forms.FileField(
        help_text="UTF-8 CSV with the header <code>component, customer_id, occurred_at, kind, "
        "amount, interval, stream, subscription, currency, fx_rate, external_id</code>"
    )
    component = forms.ModelChoiceField(
        queryset=Component.objects.all(),
        required=False,
        to_field_name="name",
        empty_label="(from the CSV's component column)",
    )

    def clean_file(self):
        try:
            data = read_upload(self.cleaned_data["file"], limit=LEDGER_CSV_MAX_BYTES)
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file must be UTF-8 text.") from exc


class FundingPlanForm(forms.ModelForm):
    """The funding plan a Finance analyst edits: cash, round, levers and readiness bars."""

    class Meta:
        model = FundingPlan
        fields = list(PLAN_FIELDS)
        widgets = {"cash_as_of": forms.DateInput(attrs={"type": "date"})}


class WhatIfForm(forms.Form):
    """Levers to try on the cash plan without saving them."""

    hiring_freeze_pct = forms.FloatField(
        required=False, min_value=0, max_value=100, label="Hiring freeze %"
    )
    marketing_cut_pct = forms.FloatField(
        required=False, min_value=0, max_value=100, label="Marketing cut %"
    )
