"""Mood journal forms."""

from django import forms
from django.core.exceptions import ValidationError

from domains.moods.models import NOTE_MAX_LENGTH
from domains.moods.selectors import emotion_resolve


class MoodEntryForm(forms.Form):
    emotion = forms.CharField(
        max_length=64,
        widget=forms.TextInput(attrs={"list": "emotion-names", "autocomplete": "off"}),
        help_text="Any emotion word: synonyms and small typos are understood.",
    )
    intensity = forms.FloatField(
        min_value=0.0,
        max_value=1.0,
        initial=0.5,
        widget=forms.NumberInput(attrs={"type": "range", "min": 0, "max": 1, "step": 0.05}),
        help_text='Faint (0) to overwhelming (1). Now: <output id="intensity-out">0.50</output>',
    )
    note = forms.CharField(
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What is on your mind? (optional)"}),
    )

    def clean_emotion(self):
        word = self.cleaned_data["emotion"]
        try:
            return emotion_resolve(word=word).name
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["emotion"]) from exc
