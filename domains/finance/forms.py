"""The questionnaire forms: short (two self-ratings) and full (13 + 7 items), plus capacity."""

from django import forms

from domains.finance.engines.instruments import ANXIETY_ITEMS, ANXIETY_SCALE, TOLERANCE_ITEMS


class CapacityMixin(forms.Form):
    horizon_years = forms.IntegerField(
        label="When will you need this money? (years)", min_value=1, max_value=60, required=False,
        help_text="Leave empty for 10 years.",
    )  # fmt: skip
    emergency_fund_months = forms.DecimalField(
        label="Months of expenses you hold as a cash buffer", min_value=0, max_value=120,
        decimal_places=1, required=False, help_text="Leave empty for 3 months.",
    )  # fmt: skip
    debt_to_income = forms.DecimalField(
        label="Non-mortgage debt as a share of yearly income", min_value=0, max_value=20,
        decimal_places=2, required=False, help_text="e.g. 0.25 for a quarter; empty for none.",
    )  # fmt: skip

    def capacity_request(self) -> dict:
        out = {}
        for key in ("horizon_years", "emergency_fund_months", "debt_to_income"):
            value = self.cleaned_data.get(key)
            if value is not None:
                out[key] = int(value) if key == "horizon_years" else float(value)
        return out


class ShortForm(CapacityMixin):
    emotional_tolerance = forms.ChoiceField(
        label="How much investment risk are you comfortable with?",
        choices=[("low", "Low"), ("moderate", "Moderate"), ("high", "High")],
        widget=forms.RadioSelect,
    )
    financial_anxiety_level = forms.IntegerField(
        label="How anxious do you feel about money these days? (0 = not at all, 10 = extremely)",
        min_value=0,
        max_value=10,
        initial=5,
        widget=forms.NumberInput(attrs={"type": "range", "min": 0, "max": 10, "step": 1}),
    )

    def to_request(self, *, user_id: int) -> dict:
        return {
            "user_id": user_id,
            "emotional_tolerance": self.cleaned_data["emotional_tolerance"],
            "financial_anxiety_level": self.cleaned_data["financial_anxiety_level"],
            **self.capacity_request(),
        }


class FullForm(CapacityMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in TOLERANCE_ITEMS:
            self.fields[f"t{item.number}"] = forms.ChoiceField(
                label=f"{item.number}. {item.text}",
                choices=list(zip(item.letters, item.options, strict=True)),
                widget=forms.RadioSelect,
            )
        for n, text in enumerate(ANXIETY_ITEMS, start=1):
            self.fields[f"a{n}"] = forms.TypedChoiceField(
                label=f"{n}. {text}",
                choices=[(i, label) for i, label in enumerate(ANXIETY_SCALE, start=1)],
                coerce=int,
                widget=forms.RadioSelect,
            )
        # Capacity questions come last in the wizard.
        for key in ("horizon_years", "emergency_fund_months", "debt_to_income"):
            self.fields[key] = self.fields.pop(key)

    def tolerance_fields(self):
        return [self[f"t{i.number}"] for i in TOLERANCE_ITEMS]

    def anxiety_fields(self):
        return [self[f"a{n}"] for n in range(1, len(ANXIETY_ITEMS) + 1)]

    def capacity_fields(self):
        return [self[k] for k in ("horizon_years", "emergency_fund_months", "debt_to_income")]

    def to_request(self, *, user_id: int) -> dict:
        d = self.cleaned_data
        return {
            "user_id": user_id,
            "risk_tolerance_answers": [d[f"t{i.number}"] for i in TOLERANCE_ITEMS],
            "financial_anxiety_answers": [d[f"a{n}"] for n in range(1, len(ANXIETY_ITEMS) + 1)],
            **self.capacity_request(),
        }
