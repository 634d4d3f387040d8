"""Streaming a message's stored files (never via public /media/ URLs)."""

from django.http import FileResponse, Http404

from domains.arts.models import MusicMessage

FILES = {"midi": ("midi_file", "audio/midi", "mid"), "audio": ("audio_file", "audio/wav", "wav")}


def file_response(message: MusicMessage, kind: str, *, download: bool) -> FileResponse:
    """The message's MIDI or WAV from storage; the caller has already checked access."""
    if kind not in FILES:
        raise Http404("No such file")
    field, content_type, ext = FILES[kind]
    stored = getattr(message, field)
    if not stored:
        raise Http404("No such file")
    response = FileResponse(
        stored.open("rb"),
        content_type=content_type,
        as_attachment=download,
        filename=f"{message.emotion.replace(' ', '-')}-{message.occasion}.{ext}",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
