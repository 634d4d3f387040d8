"""Standard MIDI File output (mido) and the read-back used by the composer's self-check.

Layout: Type 1, `PPQ` ticks per quarter note. Track 0 is the conductor track (name,
time_signature, key_signature at every key change, set_tempo at every tempo change); tracks 1-3
are Melody, Chords and Bass on channels 0-2, each with a name and a program_change. Note-offs
are written as note_off events; at equal times offs precede ons so repeated pitches re-strike.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import mido

from .score import PPQ, TRACK_NAMES, Score, tempo_us
from .theory import Key, key_parse


def _track(
    events: list[tuple[int, int, mido.Message | mido.MetaMessage]], end: int, name: str
) -> mido.MidiTrack:
    track = mido.MidiTrack()
    track.append(mido.MetaMessage("track_name", name=name, time=0))
    now = 0
    for tick, _order, msg in sorted(events, key=lambda e: (e[0], e[1])):
        track.append(msg.copy(time=tick - now))
        now = tick
    track.append(mido.MetaMessage("end_of_track", time=max(0, end - now)))
    return track


def score_to_midi(score: Score) -> bytes:
    """Serialise a score as Standard MIDI File bytes (deterministic for a given score)."""
    mid = mido.MidiFile(type=1, ticks_per_beat=PPQ)
    conductor: list = [
        (
            0,
            0,
            mido.MetaMessage(
                "time_signature",
                numerator=score.beats_per_bar,
                denominator=4,
                clocks_per_click=24,
                notated_32nd_notes_per_beat=8,
            ),
        )
    ]
    for tick, key in score.key_map():
        conductor.append((tick, 1, mido.MetaMessage("key_signature", key=key.midi_key_signature)))
    for tick, bpm in score.tempo_map():
        conductor.append((tick, 2, mido.MetaMessage("set_tempo", tempo=tempo_us(bpm))))
    mid.tracks.append(_track(conductor, score.end_tick, score.title or "HarmonyHub message"))
    for index, name in enumerate(TRACK_NAMES):
        events: list = [
            (0, 0, mido.Message("program_change", channel=index, program=score.programs[index]))
        ]
        for n in score.notes:
            if n.track != index:
                continue
            end = min(n.start + n.duration, score.end_tick)
            events.append(
                (
                    n.start,
                    2,
                    mido.Message("note_on", channel=index, note=n.pitch, velocity=n.velocity),
                )
            )
            events.append(
                (end, 1, mido.Message("note_off", channel=index, note=n.pitch, velocity=0))
            )
        mid.tracks.append(_track(events, score.end_tick, name))
    buffer = io.BytesIO()
    mid.save(file=buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ReadBack:
    """What a MIDI file says: notes (track, pitch, start s, length s, velocity) and meta."""

    notes: list[tuple[int, int, float, float, int]]
    tempos: list[tuple[float, float]]  # (seconds, bpm)
    keys: list[tuple[float, Key]]
    time_signature: tuple[int, int] | None
    length_s: float


def midi_read(data: bytes) -> ReadBack:
    """Parse MIDI bytes with mido, keeping absolute times in seconds."""
    mid = mido.MidiFile(file=io.BytesIO(data))
    merged = mido.merge_tracks(mid.tracks)
    tempo, now, tick = 500_000, 0.0, 0
    notes, tempos, keys, ts = [], [], [], None
    open_notes: dict[tuple[int, int], tuple[float, int]] = {}
    channel_track = {}
    for i, track in enumerate(mid.tracks):
        for msg in track:
            if msg.type == "note_on":
                channel_track[msg.channel] = i
    for msg in merged:
        tick += msg.time
        now += mido.tick2second(msg.time, mid.ticks_per_beat, tempo)
        if msg.type == "set_tempo":
            tempo = msg.tempo
            tempos.append((now, round(mido.tempo2bpm(tempo), 3)))
        elif msg.type == "key_signature":
            parsed = key_parse(msg.key if msg.key.endswith("m") else msg.key + " major")
            keys.append((now, parsed))
        elif msg.type == "time_signature" and ts is None:
            ts = (msg.numerator, msg.denominator)
        elif msg.type == "note_on" and msg.velocity > 0:
            open_notes[(msg.channel, msg.note)] = (now, msg.velocity)
        elif msg.type in ("note_off", "note_on"):
            started = open_notes.pop((msg.channel, msg.note), None)
            if started:
                notes.append(
                    (
                        channel_track.get(msg.channel, 0),
                        msg.note,
                        started[0],
                        now - started[0],
                        started[1],
                    )
                )
    return ReadBack(notes=notes, tempos=tempos, keys=keys, time_signature=ts, length_s=now)
