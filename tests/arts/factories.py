"""Factories for arts tests: messages are composed for real (short, fixed seed)."""

from domains.arts.services import music_message_create


def make_message(owner, emotion="joy", occasion="birthday", **options):
    options.setdefault("duration_s", 10)
    options.setdefault("seed", 7)
    return music_message_create(owner=owner, emotion=emotion, occasion=occasion, **options)
