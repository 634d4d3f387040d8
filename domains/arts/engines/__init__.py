"""The pure composer engine for emotional music messages (no Django)."""

from .cues import DEFAULT_INTENSITY, INSTRUMENTS, MELODY_INSTRUMENTS, TEMPO_RANGE, Affect
from .message import (
    DURATION_RANGE,
    ENGINE_VERSION,
    TIME_SIGNATURES,
    ComposeError,
    Composition,
    MessageSpec,
    compose_message,
)
from .occasions import OCCASIONS, Occasion, occasion_resolve
from .theory import Key, key_find, key_parse, pitch_class_histogram

__all__ = [
    "DEFAULT_INTENSITY",
    "DURATION_RANGE",
    "ENGINE_VERSION",
    "INSTRUMENTS",
    "MELODY_INSTRUMENTS",
    "OCCASIONS",
    "TEMPO_RANGE",
    "TIME_SIGNATURES",
    "Affect",
    "ComposeError",
    "Composition",
    "Key",
    "MessageSpec",
    "Occasion",
    "compose_message",
    "key_find",
    "key_parse",
    "occasion_resolve",
    "pitch_class_histogram",
]
