"""Forms of the Stripe pages: connection secrets (write-only), backfill upload, rate table."""

from __future__ import annotations

from django import forms

from valuation.engines.types import STREAMS

KINDS = [
    ("subscriptions", "Subscriptions export (CSV)"),
    ("invoices", "Invoices export (CSV)"),
    ("customers", "Customers export (CSV)"),
    ("events", "Events (JSON list of Stripe event objects)"),
]


class StripeConnectionForm(forms.Form):
    """Add a signing secret, drop old ones (rotation), switch intake on or off."""

    add_secret = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="The endpoint's signing secret (whsec_...). Stored, never shown again.",
    )
    remove_secrets = forms.TypedMultipleChoiceField(
        required=False, coerce=int, widget=forms.CheckboxSelectMultiple, choices=()
    )
    is_active = forms.BooleanField(required=False, initial=True)
    usage_stream = forms.ChoiceField(choices=[(s, s.replace("_", " ")) for s in STREAMS])

    def __init__(self, *args, masked: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remove_secrets"].choices = list(enumerate(masked or []))


class StripeBackfillForm(forms.Form):
    """One Stripe export file; applied all-or-nothing."""

    kind = forms.ChoiceField(choices=KINDS)
    file = forms.FileField()

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > 50 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 50 MB.")
        try:
            return f.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file must be UTF-8 text.") from exc


class ExchangeRateForm(forms.Form):
    """One rate: units of `base` per unit of `currency` from `date` on."""

    currency = forms.RegexField(regex=r"^[A-Za-z]{3}$", max_length=3)
    base = forms.RegexField(regex=r"^[A-Za-z]{3}$", max_length=3)
    date = forms.DateField()
    rate = forms.DecimalField(max_digits=14, decimal_places=6, min_value=0.000001)
    source = forms.CharField(required=False, max_length=200)
