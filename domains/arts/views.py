"""Arts pages. Owners see only their own messages; the share page needs a live token.

Files are always streamed through these views (owner check or share token), never linked
from /media/, so privacy does not depend on how the storage is published.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from common.permissions import permission_required
from domains.arts import selectors, services
from domains.arts.files import file_response
from domains.arts.forms import ComposeForm
from domains.arts.throttle import compose_allowed


def _owned(request, message_id):
    message = selectors.music_message_get(user=request.user, message_id=message_id)
    if message is None:
        raise Http404("No such message")
    return message


@permission_required("arts.view_musicmessage")
def message_list(request):
    qs = selectors.music_message_list(user=request.user, filters=request.GET)
    page = Paginator(qs, 10).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "occasions": selectors.occasion_choices(),
        "filter_query": query.urlencode(),
    }
    return render(request, "arts/musicmessage_list.html", context)


@permission_required("arts.add_musicmessage")
def message_compose(request):
    form = ComposeForm(request.POST or None, initial={"emotion": request.GET.get("emotion", "")})
    if request.method == "POST" and form.is_valid() and not compose_allowed(request.user.pk):
        form.add_error(None, "You are composing very quickly; please wait a minute.")
    elif request.method == "POST" and form.is_valid():
        options = form.service_options()
        emotion, occasion = options.pop("emotion"), options.pop("occasion")
        try:
            message = services.music_message_create(
                owner=request.user, emotion=emotion, occasion=occasion, **options
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, "Your music message is ready.")
            return redirect("arts:detail", message_id=message.pk)
    context = {
        "form": form,
        "emotions": selectors.emotion_choices(),
        "occasions": selectors.occasion_choices(),
    }
    return render(
        request, "arts/musicmessage_compose.html", context, status=400 if form.errors else 200
    )


@require_GET
@never_cache
@permission_required("arts.add_musicmessage")
def message_preview(request):
    """Compose from the form's current values and stream the WAV without storing anything."""
    if not compose_allowed(request.user.pk):
        return HttpResponse(
            "Too many previews; please wait a minute.", status=429, content_type="text/plain"
        )
    form = ComposeForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest(
            "; ".join(f"{f}: {' '.join(e)}" for f, e in form.errors.items()),
            content_type="text/plain",
        )
    options = form.service_options()
    options.pop("recipient_name", None)
    options.pop("text", None)
    try:
        composition, *_ = services.music_message_compose(
            emotion=options.pop("emotion"), occasion=options.pop("occasion"), **options
        )
    except ValidationError as exc:
        text = "; ".join(f"{f}: {' '.join(e)}" for f, e in exc.message_dict.items())
        return HttpResponseBadRequest(text, content_type="text/plain")
    response = HttpResponse(composition.wav, content_type="audio/wav")
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("arts.view_musicmessage")
def message_detail(request, message_id):
    message = _owned(request, message_id)
    share_url = request.build_absolute_uri(selectors.music_message_urls(message)["share_url"])
    return render(
        request, "arts/musicmessage_detail.html", {"message": message, "share_url": share_url}
    )


@require_GET
@permission_required("arts.view_musicmessage")
def message_file(request, message_id, kind: str):
    return file_response(
        _owned(request, message_id), kind, download=request.GET.get("download") == "1"
    )


@require_POST
@permission_required("arts.add_musicmessage")
def message_vary(request, message_id):
    original = _owned(request, message_id)
    if not compose_allowed(request.user.pk):
        messages.error(request, "You are composing very quickly; please wait a minute.")
        return redirect("arts:detail", message_id=message_id)
    message = services.music_message_vary(message=original)
    messages.success(request, "Here is another version (new seed).")
    return redirect("arts:detail", message_id=message.pk)


@require_POST
@permission_required("arts.change_musicmessage")
def message_revoke(request, message_id):
    services.music_message_share_revoke(message=_owned(request, message_id))
    messages.success(request, "Share link revoked: it no longer opens.")
    return redirect("arts:detail", message_id=message_id)


@require_POST
@permission_required("arts.change_musicmessage")
def message_renew(request, message_id):
    services.music_message_share_renew(message=_owned(request, message_id))
    messages.success(request, "A new share link is ready; the old one stays closed.")
    return redirect("arts:detail", message_id=message_id)


@require_POST
@permission_required("arts.delete_musicmessage")
def message_delete(request, message_id):
    services.music_message_delete(message=_owned(request, message_id))
    messages.success(request, "Message deleted.")
    return redirect("arts:index")


def _shared(token):
    message = selectors.music_message_get_shared(token=token)
    if message is None:
        raise Http404("This link is not valid (any more).")
    return message


@login_not_required
@require_GET
@never_cache
def share_page(request, token: str):
    message = _shared(token)
    response = render(request, "arts/musicmessage_share.html", {"message": message, "token": token})
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_not_required
@require_GET
def share_file(request, token: str, kind: str):
    return file_response(_shared(token), kind, download=request.GET.get("download") == "1")
