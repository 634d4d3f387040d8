"""Demo data: a few weeks of mood entries for the demo user."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from domains.moods.models import MoodEntry
from domains.moods.services import mood_entry_create

DAYS = 28
PATTERN = [
    ("calm", 0.6, "Morning walk before work."),
    ("stressed", 0.7, "Deadline for the quarterly report."),
    ("joy", 0.8, "Dinner with friends."),
    ("tired", 0.5, ""),
    ("grateful", 0.7, "A colleague helped me out."),
    ("anxious", 0.6, "Thinking about the budget."),
    ("content", 0.5, ""),
    ("excited", 0.9, "Tickets for the concert!"),
    ("nostalgic", 0.4, "Old photos."),
    ("frustrated", 0.6, "Train delayed again."),
]


def seed_demo(*, stdout) -> None:
    user = get_user_model().objects.get(username="demo")
    if MoodEntry.objects.filter(user=user).exists():
        stdout.write("  moods: demo journal already present")
        return
    rng = random.Random(20261125)  # fixed seed: the same demo journal on every machine
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    count = 0
    for day in range(DAYS, 0, -1):
        for slot in range(rng.choice([1, 2, 2, 3])):
            emotion, intensity, note = rng.choice(PATTERN)
            when = (
                now
                - timedelta(days=day)
                + timedelta(hours=8 + 5 * slot, minutes=rng.randint(0, 59))
            )
            mood_entry_create(
                user=user,
                emotion=emotion,
                intensity=round(min(1.0, max(0.1, intensity + rng.uniform(-0.2, 0.2))), 2),
                note=note,
                recorded_at=when,
            )
            count += 1
    stdout.write(f"  moods: {count} journal entries for demo")
