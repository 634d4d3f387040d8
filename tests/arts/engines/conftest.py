"""Helpers for the composer engine tests: literal VAD coordinates (as in the moods lexicon)."""

from __future__ import annotations

import numpy as np
import pytest

from domains.arts.engines import Affect, MessageSpec, compose_message

VAD = {
    "joy": (0.85, 0.55, 0.45),
    "sadness": (-0.75, -0.40, -0.40),
    "calm": (0.55, -0.65, 0.30),
    "tenderness": (0.70, -0.30, 0.05),
    "anger": (-0.70, 0.80, 0.55),
    "fear": (-0.75, 0.75, -0.70),
    "love": (0.90, 0.40, 0.30),
    "excited": (0.70, 0.85, 0.40),
    "neutral": (0.0, 0.0, 0.0),
    "nostalgic": (0.10, -0.30, -0.05),
    "tired": (-0.30, -0.80, -0.30),
    "hopeful": (0.60, 0.30, 0.25),
}


def make_spec(emotion: str, occasion: str = "none", **options) -> MessageSpec:
    start = options.pop("from_emotion", None)
    return MessageSpec(
        emotion=emotion,
        affect=Affect(*VAD[emotion]),
        occasion=occasion,
        from_emotion=start,
        from_affect=Affect(*VAD[start]) if start else None,
        **options,
    )


def compose(emotion: str, occasion: str = "none", seed: int = 1, audio: bool = False, **options):
    spec = make_spec(emotion, occasion, **options)
    return compose_message(spec, np.random.default_rng(seed), audio=audio)


@pytest.fixture(scope="session")
def composed():
    """Memoised compositions keyed by (emotion, occasion, seed, sorted options)."""
    cache: dict = {}

    def get(emotion: str, occasion: str = "none", seed: int = 1, audio: bool = False, **options):
        key = (emotion, occasion, seed, audio, tuple(sorted(options.items())))
        if key not in cache:
            cache[key] = compose(emotion, occasion, seed, audio=audio, **options)
        return cache[key]

    return get
