"""Novelty engine against a 100,000-document prior-art corpus.

Subject: build the corpus model (hashed TF-IDF now + backward-IDF index, reference importance
sample, tag statistics, domain geometry) over 100k synthetic documents (goal < 30 s), then generate
and score 10 concepts for a challenge (goal < 1 s after the index is built), peak RSS < 1 GB.
Scoring kernel: 50 queries against all 100k documents with the column-restricted sparse x dense
product, against a brute-force pure-Python cosine loop over dict vectors on a 2,000-document slice
(extrapolated x50) in the same run. No database is needed: the engines are pure.
"""

import json
import math
import resource
import statistics
import sys
import time

import numpy as np
from harness import ROOT, result

sys.path.insert(0, str(ROOT))

N_DOCS = 100_000
N_QUERIES = 50
SLICE = 2_000


def synthetic_corpus(kb, rng):
    from innovation.engines.corpus import Doc

    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    vocab = ["".join(rng.choice(letters, size=rng.integers(3, 10))) for _ in range(5000)]
    p = 1.0 / (np.arange(5000) + 10.0)
    p /= p.sum()
    tags = {d.key: list(d.lexicon) for d in kb.domains}
    keys = list(tags)
    lengths = rng.integers(20, 41, size=N_DOCS)
    words = rng.choice(5000, size=int(lengths.sum()), p=p)
    ends = np.cumsum(lengths)
    years = rng.integers(1980, 2026, size=N_DOCS)
    picks = rng.integers(0, 1000, size=(N_DOCS, 2))
    docs = []
    for i in range(N_DOCS):
        dom = keys[i % len(keys)]
        pool = tags[dom]
        a, b = picks[i] % len(pool)
        tg = (pool[a],) if a == b else (pool[a], pool[b])
        text = " ".join(vocab[w] for w in words[ends[i] - lengths[i] : ends[i]])
        docs.append(Doc(f"S{i}", text[:60], text, int(years[i]), dom, tg))
    queries = [" ".join(vocab[w] for w in rng.choice(5000, size=30, p=p)) for _ in range(N_QUERIES)]
    return docs, queries


def canary() -> float:
    """Fixed pure-Python loop; about 0.2 s on a quiet host of this class (drift indicator)."""
    t0 = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i
    return time.perf_counter() - t0


def python_cosine(qs, docs):
    """Brute force: dict term-count vectors, cosine by dictionary lookups."""

    def vec(t):
        d = {}
        for w in t.split():
            d[w] = d.get(w, 0) + 1
        return d, math.sqrt(sum(v * v for v in d.values()))

    dv = [vec(t) for t in docs]
    best = []
    for q in qs:
        qv, qn = vec(q)
        top = 0.0
        for d, dn in dv:
            s = sum(c * d.get(w, 0) for w, c in qv.items())
            top = max(top, s / (qn * dn))
        best.append(top)
    return best


def main():
    from innovation.data import load_domains, load_matrix_text, load_triz
    from innovation.engines.corpus import corpus_build
    from innovation.engines.knowledge import knowledge_from_dicts
    from innovation.engines.pipeline import run_novelty
    from innovation.engines.triz import ParameterSearch, triz_from_dicts

    kb = knowledge_from_dicts(load_domains()["domains"])
    triz = triz_from_dicts(load_triz(), load_matrix_text())
    search = ParameterSearch(triz)
    rng = np.random.default_rng(0)
    docs, queries = synthetic_corpus(kb, rng)

    result("innovation.canary_3M_loop", canary(), "s", canary() / 0.2, "quiet-host 0.2 s")
    t0, c0 = time.perf_counter(), time.process_time()
    corpus = corpus_build(docs, kb, seed=0)
    build, build_cpu = time.perf_counter() - t0, time.process_time() - c0
    result("innovation.index_build_100k", build, "s", build / 30.0, "30 s goal")
    result("innovation.index_build_100k_cpu", build_cpu, "s", build_cpu / 30.0, "30 s goal")

    runs, cpus = [], []
    for seed in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        out = run_novelty(
            kb,
            triz,
            search,
            corpus,
            challenge="AI-powered mental health solutions",
            count=10,
            seed=seed,
        )
        runs.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        assert len(out["concepts"]) == 10
    gen, gen_cpu = statistics.median(runs), statistics.median(cpus)
    result("innovation.novelty_10_concepts_100k", gen, "s", gen / 1.0, "1 s goal")
    result("innovation.novelty_10_concepts_100k_cpu", gen_cpu, "s", gen_cpu / 1.0, "1 s goal")
    json.dumps(out)

    q = corpus.index.query(queries)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        sims = corpus.index.similarities(q)
        sims.max(axis=1)
        times.append(time.perf_counter() - t0)
    fast = statistics.median(times)
    t0 = time.perf_counter()
    python_cosine(queries, [d.summary for d in docs[:SLICE]])
    slow = (time.perf_counter() - t0) * (N_DOCS / SLICE)
    result("innovation.score_50x100k", fast, "s", slow / fast, "pure-Python cosine loop (x faster)")

    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    result("innovation.peak_rss", rss_mb, "MB", rss_mb / 1024.0, "1 GB goal")


if __name__ == "__main__":
    main()
