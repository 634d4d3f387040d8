"""Forms of the valuation pages."""

from django import forms

from valuation.models import Component


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
        f = self.cleaned_data["file"]
        if f.size > 50 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 50 MB.")
        try:
            return f.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file must be UTF-8 text.") from exc
