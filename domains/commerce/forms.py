"""Commerce forms: the shop's mood-and-budget form, feedback, and the staff CSV import."""

from decimal import Decimal

from django import forms

from domains.commerce.models import Interaction

BUDGET_FIELD = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


class ShopForm(forms.Form):
    current_mood = forms.CharField(
        label="How are you feeling?",
        max_length=64,
        widget=forms.TextInput(attrs={"list": "emotion-names", "autocomplete": "off"}),
        help_text="Any emotion word; synonyms and small typos are understood.",
    )
    budget_min = forms.DecimalField(
        label="Budget from", initial=Decimal("20"), widget=forms.NumberInput(attrs={"step": "1"}),
        **BUDGET_FIELD,
    )  # fmt: skip
    budget_max = forms.DecimalField(
        label="Budget up to", initial=Decimal("100"),
        widget=forms.NumberInput(attrs={"step": "1"}), **BUDGET_FIELD,
    )  # fmt: skip
    strategy = forms.ChoiceField(
        choices=[
            ("regulate", "Help my mood (calming when tense, uplifting when low)"),
            ("congruent", "Match my mood"),
        ],
        initial="regulate",
    )
    diversity = forms.FloatField(
        min_value=0.0,
        max_value=1.0,
        initial=0.3,
        widget=forms.NumberInput(attrs={"type": "range", "min": 0, "max": 1, "step": 0.1}),
        help_text="0 = strictly the best fits; 1 = as varied as possible.",
    )
    category = forms.ChoiceField(required=False, choices=[("", "All categories")])
    limit = forms.IntegerField(min_value=1, max_value=100, initial=10, widget=forms.HiddenInput)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "All categories")] + [(c, c) for c in categories]

    def clean(self):
        data = super().clean()
        lo, hi = data.get("budget_min"), data.get("budget_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("budget_min", "The lower bound must not be above the upper bound.")
        return data

    def to_request(self, *, user_id: int) -> dict:
        d = self.cleaned_data
        return {
            "user_id": user_id,
            "current_mood": d["current_mood"],
            "budget_range": {"min": d["budget_min"], "max": d["budget_max"]},
            "strategy": d["strategy"],
            "diversity": d["diversity"],
            "category": d.get("category") or None,
            "limit": d.get("limit") or 10,
        }


class FeedbackForm(forms.Form):
    product_id = forms.IntegerField(min_value=1)
    kind = forms.ChoiceField(choices=Interaction.KINDS)
    recommendation_id = forms.IntegerField(min_value=1, required=False)


class CatalogueImportForm(forms.Form):
    file = forms.FileField(help_text="CSV with sku,name,category,price,currency,valence,arousal")
    dry_run = forms.BooleanField(required=False, help_text="Check the file without saving")
