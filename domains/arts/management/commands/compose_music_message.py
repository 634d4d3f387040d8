"""Compose and store an emotional music message from the command line."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from common.exceptions import ApplicationError
from domains.arts.services import create_emotional_music_message


class Command(BaseCommand):
    help = "Compose a music message: compose_music_message USER EMOTION [OCCASION] [options]"

    def add_arguments(self, parser):
        parser.add_argument("user", help="username or user id")
        parser.add_argument("emotion", help="emotion word (synonyms and typos resolve)")
        parser.add_argument("occasion", nargs="?", default="none")
        parser.add_argument("--intensity", type=float)
        parser.add_argument("--duration", type=float, dest="duration_s")
        parser.add_argument("--seed", type=int)
        parser.add_argument("--recipient", dest="recipient_name")
        parser.add_argument("--text")
        parser.add_argument("--tempo", type=int, dest="tempo_bpm")
        parser.add_argument("--key")
        parser.add_argument("--instrument")
        parser.add_argument("--time-signature", dest="time_signature")
        parser.add_argument("--from-emotion", dest="from_emotion")
        parser.add_argument("--force", action="store_true")
        parser.add_argument("--json", action="store_true", help="print the full result as JSON")

    def handle(self, *args, **opts):
        names = (
            "intensity",
            "duration_s",
            "seed",
            "recipient_name",
            "text",
            "tempo_bpm",
            "key",
            "instrument",
            "time_signature",
            "from_emotion",
        )
        options = {k: opts[k] for k in names if opts[k] is not None}
        if opts["force"]:
            options["force"] = True
        try:
            result = create_emotional_music_message(
                opts["user"], opts["emotion"], opts["occasion"], **options
            )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{f}: {' '.join(m)}" for f, m in exc.message_dict.items())
            ) from None
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        if opts["json"]:
            self.stdout.write(json.dumps(result, indent=2, default=str))
            return
        p = result["parameters"]
        self.stdout.write(
            f"{result['message_id']}: {result['emotion']} for {result['occasion']}, {p['key']}, "
            f"{p['tempo_bpm']} BPM, {p['instrument']}, {p['duration_s']:.1f} s\n"
            f"audio {result['audio_url']}\nshare {result['share_url']}"
        )
