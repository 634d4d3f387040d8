"""A minimal, independent Standard MIDI File reader for the tests (no mido).

Parses the MThd/MTrk chunks, variable-length delta times, running status, channel messages,
SysEx and meta events; converts ticks to seconds with the tempo map merged over all tracks.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

_DATA_BYTES = {0x80: 2, 0x90: 2, 0xA0: 2, 0xB0: 2, 0xC0: 1, 0xD0: 1, 0xE0: 2}


@dataclass
class Smf:
    format: int
    ppq: int
    tracks: list[list[tuple[int, str, object]]] = field(default_factory=list)
    # derived
    tempos: list[tuple[int, int]] = field(default_factory=list)  # (tick, us per beat)
    key_signatures: list[tuple[int, int, int]] = field(default_factory=list)  # (tick, sf, mi)
    time_signatures: list[tuple[int, int, int]] = field(default_factory=list)
    programs: dict[int, int] = field(default_factory=dict)  # channel -> program
    notes: list[dict] = field(default_factory=list)
    end_tick: int = 0

    def seconds(self, tick: int) -> float:
        total, prev_tick, tempo = 0.0, 0, 500_000
        for t, us in self.tempos:
            if t >= tick:
                break
            total += (t - prev_tick) * tempo / 1e6 / self.ppq
            prev_tick, tempo = t, us
        return total + (tick - prev_tick) * tempo / 1e6 / self.ppq

    @property
    def length_s(self) -> float:
        return self.seconds(self.end_tick)

    def bpm_at_tick(self, tick: int) -> float:
        tempo = 500_000
        for t, us in self.tempos:
            if t > tick:
                break
            tempo = us
        return 60e6 / tempo


def _vlq(data: bytes, pos: int) -> tuple[int, int]:
    value = 0
    while True:
        byte = data[pos]
        pos += 1
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos


def read_smf(data: bytes) -> Smf:
    if data[:4] != b"MThd":
        raise ValueError("not a MIDI file")
    (length,) = struct.unpack(">I", data[4:8])
    fmt, ntracks, division = struct.unpack(">HHH", data[8:14])
    if division & 0x8000:
        raise ValueError("SMPTE timing not supported")
    smf = Smf(format=fmt, ppq=division)
    pos = 8 + length
    for _ in range(ntracks):
        if data[pos : pos + 4] != b"MTrk":
            raise ValueError("missing MTrk")
        (size,) = struct.unpack(">I", data[pos + 4 : pos + 8])
        pos += 8
        end = pos + size
        tick, status, events = 0, None, []
        while pos < end:
            delta, pos = _vlq(data, pos)
            tick += delta
            byte = data[pos]
            if byte == 0xFF:
                kind = data[pos + 1]
                n, pos = _vlq(data, pos + 2)
                events.append((tick, "meta", (kind, data[pos : pos + n])))
                pos += n
                if kind == 0x2F:
                    break
                continue
            if byte in (0xF0, 0xF7):
                n, pos = _vlq(data, pos + 1)
                pos += n
                continue
            if byte & 0x80:
                status = byte
                pos += 1
            if status is None:
                raise ValueError("running status without a status byte")
            count = _DATA_BYTES[status & 0xF0]
            events.append((tick, "channel", (status, tuple(data[pos : pos + count]))))
            pos += count
        pos = end
        smf.tracks.append(events)
        smf.end_tick = max(smf.end_tick, tick)
    _derive(smf)
    return smf


def _derive(smf: Smf) -> None:
    open_notes: dict[tuple[int, int, int], tuple[int, int]] = {}
    for index, events in enumerate(smf.tracks):
        for tick, kind, payload in events:
            if kind == "meta":
                meta, body = payload
                if meta == 0x51:
                    smf.tempos.append((tick, int.from_bytes(body, "big")))
                elif meta == 0x59:
                    sf = body[0] - 256 if body[0] > 127 else body[0]
                    smf.key_signatures.append((tick, sf, body[1]))
                elif meta == 0x58:
                    smf.time_signatures.append((tick, body[0], 2 ** body[1]))
                continue
            status, values = payload
            command, channel = status & 0xF0, status & 0x0F
            if command == 0xC0:
                smf.programs[channel] = values[0]
            elif command == 0x90 and values[1] > 0:
                open_notes[(index, channel, values[0])] = (tick, values[1])
            elif command in (0x80, 0x90):
                started = open_notes.pop((index, channel, values[0]), None)
                if started:
                    smf.notes.append(
                        {
                            "track": index,
                            "channel": channel,
                            "pitch": values[0],
                            "start": started[0],
                            "end": tick,
                            "velocity": started[1],
                        }
                    )
    smf.tempos.sort()
    smf.key_signatures.sort()
    for note in smf.notes:
        note["start_s"] = smf.seconds(note["start"])
        note["end_s"] = smf.seconds(note["end"])


def key_signature_tonic(sf: int, mi: int) -> tuple[int, str]:
    """(tonic pitch class, mode) of a key signature: sf sharps (negative = flats)."""
    major_tonic = (7 * sf) % 12
    return ((major_tonic + 9) % 12, "minor") if mi else (major_tonic, "major")
