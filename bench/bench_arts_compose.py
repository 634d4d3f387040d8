"""Compose and render a 30-second emotional music message; throughput with 2 worker processes.

Subject: the pure engine (design, compose, MIDI write + read-back self-check, WAV synthesis) for
a 30 s message, rotating emotions and seeds; goal < 1 s each. Baseline, in the same run: the
same composition without audio (MIDI only), to show what synthesis costs. Throughput: messages
per second with 2 worker processes vs 1 process on the same work list. Last, the full service
call (lexicon lookup, compose, files into storage, the row) on a throwaway database.
"""

import statistics
import sys
import time
from multiprocessing import get_context

import numpy as np
from harness import ROOT, django_setup, result

sys.path.insert(0, str(ROOT))

EMOTIONS = {
    "joy": (0.85, 0.55, 0.45),
    "sadness": (-0.75, -0.40, -0.40),
    "angry": (-0.70, 0.80, 0.55),
    "calm": (0.55, -0.65, 0.30),
    "excited": (0.70, 0.85, 0.40),
    "fearful": (-0.75, 0.75, -0.70),
}
JOBS = [(name, seed) for seed in range(2) for name in EMOTIONS]


def _compose(job, audio=True):
    from domains.arts.engines import Affect, MessageSpec, compose_message

    name, seed = job
    spec = MessageSpec(emotion=name, affect=Affect(*EMOTIONS[name]), duration_s=30)
    return compose_message(spec, np.random.default_rng(seed), audio=audio)


def _work(job):
    c = _compose(job)
    return len(c.midi) + len(c.wav)


def _throughput(processes: int) -> float:
    with get_context("fork").Pool(processes) as pool:
        pool.map(_work, JOBS[:processes])  # warm up imports in every worker
        t0 = time.perf_counter()
        pool.map(_work, JOBS, chunksize=1)
        return len(JOBS) / (time.perf_counter() - t0)


def main():
    for job in JOBS[:3]:
        _compose(job)
    full, midi_only = [], []
    for job in JOBS:
        t0 = time.perf_counter()
        _compose(job, audio=False)
        midi_only.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        _compose(job)
        full.append(time.perf_counter() - t0)
    med, p95 = statistics.median(full), sorted(full)[int(0.95 * (len(full) - 1))]
    base = statistics.median(midi_only)
    result("arts_compose_render_30s_median", med * 1000, "ms", med / base, "MIDI-only compose")
    result("arts_compose_render_30s_p95", p95 * 1000, "ms", p95 / 1.0, "the 1 s goal")
    one, two = _throughput(1), _throughput(2)
    result("arts_messages_per_s_2_workers", two, "msg/s", two / one, "1 worker process")

    django_setup()
    from django.contrib.auth import get_user_model

    from domains.arts.services import create_emotional_music_message

    get_user_model().objects.create_user(username="bench")
    create_emotional_music_message("bench", "joy", "celebration", duration_s=30, seed=1)
    times = []
    for i in range(8):
        t0 = time.perf_counter()
        create_emotional_music_message("bench", "joy", "celebration", duration_s=30, seed=i)
        times.append(time.perf_counter() - t0)
    svc = statistics.median(times)
    result("arts_service_create_30s_median", svc * 1000, "ms", svc / med, "engine alone")


if __name__ == "__main__":
    main()
