"""Mood journal pages: add, list, chart, delete. Only the user's own entries, always."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from common.permissions import permission_required
from domains.moods import selectors, services
from domains.moods.forms import MoodEntryForm


@permission_required("moods.view_moodentry", "moods.add_moodentry")
def mood_journal(request):
    form = MoodEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.mood_entry_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, f"Recorded: {entry.emotion} ({entry.intensity:.0%}).")
            return redirect("moods:index")
    entries = selectors.mood_entry_list(user=request.user, filters=request.GET)
    page = Paginator(entries, 20).get_page(request.GET.get("page"))
    lexicon = selectors.lexicon_get()
    context = {
        "form": form,
        "page": page,
        "series": selectors.mood_daily_series(user=request.user),
        "summary": selectors.mood_summary(user=request.user),
        "emotion_words": sorted({w for e in lexicon for w in (e.name, *e.synonyms)}),
        "emotions": sorted(lexicon, key=lambda e: (-e.valence, e.name)),
    }
    return render(request, "moods/moodentry_list.html", context, status=400 if form.errors else 200)


@require_POST
@permission_required("moods.delete_moodentry")
def mood_entry_delete(request, entry_id: int):
    entry = selectors.mood_entry_get(user=request.user, entry_id=entry_id)
    if entry is None:
        raise Http404("No such mood entry")
    services.mood_entry_delete(entry=entry)
    messages.success(request, "Entry deleted.")
    return redirect("moods:index")
