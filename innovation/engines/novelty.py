"""Novelty engine scores: prior-art novelty, Kelly-style importance -> breakthrough potential,
Uzzi-style atypicality of tag pairs.

* novelty = 1 - max cosine (TF-IDF, now convention) to any prior-art document; the top matches are
  listed; novelty <= DUPLICATE_AT flags a duplicate of the corpus.
* importance q' = (FS' + eps) / (BS' + eps) after Kelly et al. (2021) as adapted for a generator:
  BS' = mean of the top-k backward-IDF cosines to documents filed before the focal one (for a new
  text: the whole corpus); FS' = mean of the top-k cosines to a frontier set (the newest documents
  plus the challenge), a proxy for future relevance. eps = 1e-3 keeps disjoint texts finite.
* breakthrough potential = empirical CDF of q' within the same statistic for a reference sample of
  the corpus (ties count half): 0.8 means "above 80 % of the reference".
* atypicality: z-scores of the text's tag pairs; conventionality = median z, tail novelty = 10th
  percentile z; score = 1 / (1 + exp(tail)) so an atypical tail (z < 0) scores above 0.5.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy import sparse

from innovation.engines.corpus import Corpus
from innovation.engines.text_index import (
    mean_top_k,
    mean_top_k_rows,
    shared_terms,
    sparse_dot,
    top_k_indices,
)

ENGINE_VERSION = "novelty/1.0.0"
EPS = 1e-3
DUPLICATE_AT = 0.05
K_FRONTIER = 5


def prior_art(corpus: Corpus, texts: list[str], q: sparse.csr_matrix, *, k: int = 5) -> list[dict]:
    """Novelty and the top-k prior-art matches for each query row."""
    sims = corpus.index.similarities(q)
    out = []
    for i, row in enumerate(sims):
        top = top_k_indices(row, k)
        best = float(row[top[0]]) if top.size else 0.0
        novelty = max(0.0, 1.0 - best)
        matches = [
            {
                "ref": corpus.docs[j].ref,
                "title": corpus.docs[j].title,
                "year": corpus.docs[j].year,
                "domain": corpus.docs[j].domain,
                "tags": list(corpus.docs[j].tags),
                "similarity": float(row[j]),
                "shared_terms": shared_terms(texts[i], corpus.docs[j].text),
            }
            for j in top
            if row[j] > 0
        ]
        out.append({"novelty": novelty, "duplicate": novelty <= DUPLICATE_AT, "matches": matches})
    return out


def _frontier(corpus: Corpus, challenge_q: sparse.csr_matrix | None) -> sparse.csr_matrix:
    rows = corpus.index.bidf_rows(corpus.frontier_rows)
    if challenge_q is not None and challenge_q.nnz:
        rows = sparse.vstack([rows, challenge_q]).tocsr()
    return rows


def reference_importance(corpus: Corpus, frontier: sparse.csr_matrix) -> np.ndarray:
    """q' for the reference sample (their own backward vectors against the same frontier)."""
    idx = corpus.index
    ref = idx.bidf_rows(idx.ref_rows)
    fs_sims = sparse_dot(ref, frontier)
    pos = {int(r): i for i, r in enumerate(corpus.frontier_rows)}
    fs = np.zeros(idx.ref_rows.size)
    for i, r in enumerate(idx.ref_rows):
        row = fs_sims[i]
        if int(r) in pos:
            row = np.delete(row, pos[int(r)])
        fs[i] = mean_top_k(row, K_FRONTIER)
    return (fs + EPS) / (idx.ref_bs + EPS)


def importance(
    corpus: Corpus, q: sparse.csr_matrix, challenge_q: sparse.csr_matrix | None
) -> list[dict]:
    """BS', FS', q' and breakthrough potential for each query row (dated now)."""
    idx = corpus.index
    frontier = _frontier(corpus, challenge_q)
    ref_q = reference_importance(corpus, frontier)
    bs_all = mean_top_k_rows(idx.similarities(q, backward=True), idx.k)
    fs_all = mean_top_k_rows(sparse_dot(q, frontier), K_FRONTIER)
    out = []
    for i in range(q.shape[0]):
        bs, fs = float(bs_all[i]), float(fs_all[i])
        qv = (fs + EPS) / (bs + EPS)
        below = float((ref_q < qv).sum())
        ties = float((ref_q == qv).sum())
        potential = (below + 0.5 * ties) / ref_q.size if ref_q.size else 0.0
        out.append(
            {
                "bs": bs,
                "fs": fs,
                "q": qv,
                "potential": potential,
                "reference_size": int(ref_q.size),
                "reference_median_q": float(np.median(ref_q)) if ref_q.size else 0.0,
                "frontier_size": int(frontier.shape[0]),
            }
        )
    return out


def atypicality(corpus: Corpus, tags: list[str] | tuple[str, ...]) -> dict:
    """Tag-pair z-scores of one text; fewer than two tags gives a neutral 0.5 score."""
    uniq = list(dict.fromkeys(tags))
    pairs = [
        {"a": a, "b": b, "z": corpus.tagstats.z(a, b)} for a, b in itertools.combinations(uniq, 2)
    ]
    if not pairs:
        return {"score": 0.5, "conventionality": 0.0, "tail_novelty": 0.0, "pairs": []}
    zs = np.array([p["z"] for p in pairs])
    med = float(np.median(zs))
    tail = float(np.percentile(zs, 10))
    score = 1.0 / (1.0 + math.exp(max(-50.0, min(50.0, tail))))
    pairs.sort(key=lambda p: (p["z"], p["a"], p["b"]))
    quadrant = (
        ("high" if med > 0 else "low")
        + "-conventionality/"
        + ("novel-tail" if tail < 0 else "conventional-tail")
    )
    return {
        "score": score,
        "conventionality": med,
        "tail_novelty": tail,
        "quadrant": quadrant,
        "pairs": pairs[:6],
    }
