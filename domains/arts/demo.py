"""Demo data: a couple of music messages for the demo user."""

from django.contrib.auth import get_user_model

from domains.arts.models import MusicMessage
from domains.arts.services import music_message_create

DEMO_MESSAGES = [
    {
        "emotion": "joy",
        "occasion": "celebration",
        "seed": 2026,
        "duration_s": 20,
        "recipient_name": "Sam",
        "text": "Congratulations on the new flat!",
    },
    {
        "emotion": "joy",
        "occasion": "get_well",
        "from_emotion": "sadness",
        "seed": 7,
        "duration_s": 30,
        "recipient_name": "Grandma",
        "text": "Thinking of you. Get well soon.",
    },
    {
        "emotion": "calm",
        "occasion": "thank_you",
        "seed": 11,
        "duration_s": 15,
        "recipient_name": "Alex",
        "text": "Thank you for the quiet weekend.",
    },
]


def seed_demo(*, stdout) -> None:
    user = get_user_model().objects.get(username="demo")
    if MusicMessage.objects.filter(owner=user).exists():
        stdout.write("  arts: demo messages already present")
        return
    for spec in DEMO_MESSAGES:
        options = dict(spec)
        music_message_create(
            owner=user, emotion=options.pop("emotion"), occasion=options.pop("occasion"), **options
        )
    stdout.write(f"  arts: {len(DEMO_MESSAGES)} demo music messages")
