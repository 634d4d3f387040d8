"""The compose form (emotion chosen on the valence/arousal plane or typed)."""

from django import forms

from domains.arts.engines import DURATION_RANGE, MELODY_INSTRUMENTS, OCCASIONS, TIME_SIGNATURES
from domains.arts.models import RECIPIENT_MAX_LENGTH, TEXT_MAX_LENGTH


class ComposeForm(forms.Form):
    emotion = forms.CharField(
        max_length=64,
        widget=forms.TextInput(attrs={"list": "arts-emotions", "autocomplete": "off"}),
        help_text="Pick a point on the plane above, or type any emotion word.",
    )
    occasion = forms.ChoiceField(choices=[(o.name, o.label) for o in OCCASIONS.values()])
    recipient_name = forms.CharField(
        max_length=RECIPIENT_MAX_LENGTH, required=False, label="Recipient"
    )
    text = forms.CharField(
        max_length=TEXT_MAX_LENGTH,
        required=False,
        label="Your words",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Shown with the music"}),
    )
    intensity = forms.FloatField(
        min_value=0.0,
        max_value=1.0,
        initial=0.8,
        widget=forms.NumberInput(attrs={"type": "range", "min": 0, "max": 1, "step": 0.05}),
        help_text='Faint (0) to full (1). Now: <output id="intensity-out">0.80</output>',
    )
    duration_s = forms.FloatField(
        min_value=DURATION_RANGE[0],
        max_value=DURATION_RANGE[1],
        initial=20,
        label="Duration (seconds)",
    )
    from_emotion = forms.CharField(
        max_length=64,
        required=False,
        label="Start from (optional)",
        widget=forms.TextInput(attrs={"list": "arts-emotions", "autocomplete": "off"}),
        help_text="Begin in this mood and move to the chosen one (iso principle).",
    )
    instrument = forms.ChoiceField(
        required=False, choices=[("", "automatic")] + [(n, n) for n in MELODY_INSTRUMENTS]
    )
    tempo_bpm = forms.IntegerField(
        required=False, min_value=40, max_value=200, label="Tempo override (BPM)"
    )
    key = forms.CharField(
        max_length=16, required=False, label="Key override", help_text="e.g. D, Bb, F# minor"
    )
    time_signature = forms.ChoiceField(
        required=False, choices=[("", "automatic")] + [(t, t) for t in TIME_SIGNATURES]
    )
    seed = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=2**32 - 1,
        help_text="Same seed and settings give the same music.",
    )
    force = forms.BooleanField(required=False, label="Compose even if emotion and occasion clash")

    ADVANCED = ("from_emotion", "instrument", "tempo_bpm", "key", "time_signature", "seed", "force")

    def main_fields(self):
        return [f for f in self.visible_fields() if f.name not in self.ADVANCED]

    def advanced_fields(self):
        return [f for f in self.visible_fields() if f.name in self.ADVANCED]

    def service_options(self) -> dict:
        data = dict(self.cleaned_data)
        return {k: v for k, v in data.items() if v not in (None, "")}
