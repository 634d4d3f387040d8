"""Convergence engine: Rao-Stirling diversity over domain shares and SAC domain-pair search.

Rao-Stirling: Delta = sum_{i != j} d_ij p_i p_j with d_ij = 1 - cos(centroid_i, centroid_j).
Normalised convergence = Delta / (1 - 1/n), n = number of domains with a share > 0: a single domain
gives 0 and an even split over n domains at distance 1 gives 1. Variety, balance (Shannon
evenness) and disparity are reported separately because Delta mixes them (Leydesdorff 2018).
"""

from __future__ import annotations

import math

import numpy as np

ENGINE_VERSION = "convergence/1.0.0"


def disparity_matrix(centroids: np.ndarray) -> np.ndarray:
    """d_ij = 1 - cosine of centroid rows (diagonal 0), clipped to [0, 1]."""
    c = np.asarray(centroids, dtype=float)
    norms = np.linalg.norm(c, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    u = c / norms
    d = 1.0 - u @ u.T
    np.fill_diagonal(d, 0.0)
    return np.clip(d, 0.0, 1.0)


def rao_stirling(shares: np.ndarray, disparity: np.ndarray) -> float:
    """Raw Delta = sum over ordered pairs i != j of d_ij p_i p_j."""
    p = np.asarray(shares, dtype=float)
    return float(p @ np.asarray(disparity, dtype=float) @ p)


def convergence_score(shares: dict[str, float], disparity: np.ndarray, keys: list[str]) -> dict:
    """Normalised convergence in [0, 1] with its breakdown; ``keys`` orders the disparity matrix."""
    total = sum(v for v in shares.values() if v > 0)
    p = np.array([max(shares.get(k, 0.0), 0.0) for k in keys], dtype=float)
    if total > 0:
        p = p / p.sum()
    present = p > 0
    n = int(present.sum())
    delta = rao_stirling(p, disparity)
    score = 0.0 if n < 2 else min(1.0, delta / (1.0 - 1.0 / n))
    nz = p[present]
    balance = 0.0 if n < 2 else float(-(nz * np.log(nz)).sum() / math.log(n))
    pair_w = np.outer(p, p)
    np.fill_diagonal(pair_w, 0.0)
    disp = float((pair_w * disparity).sum() / pair_w.sum()) if pair_w.sum() > 0 else 0.0
    return {
        "score": score,
        "delta": delta,
        "variety": int((p > 0.1).sum()),
        "balance": balance,
        "disparity": disp,
        "shares": {k: float(v) for k, v in zip(keys, p, strict=True) if v > 0},
    }


def pair_opportunities(
    *,
    keys: list[str],
    disparity: np.ndarray,
    cooccurrence: np.ndarray,
    doc_counts: np.ndarray,
    challenge_shares: dict[str, float],
    smoothing: float = 0.05,
) -> dict:
    """Rank unordered domain pairs for a challenge (SAC phase 1).

    score_ij = disparity_ij x rarity_ij x relevance_ij, where rarity = 1 - co-occurring documents /
    min(documents of i, documents of j) and relevance = sqrt((p_i + s)(p_j + s)) normalised so the
    best pair is 1 (s = smoothing keeps domains the challenge does not mention comparable).
    The harness of a pair is the member with the larger challenge share.
    """
    n = len(keys)
    p = np.array([challenge_shares.get(k, 0.0) for k in keys]) + smoothing
    rel = np.sqrt(np.outer(p, p))
    np.fill_diagonal(rel, 0.0)
    rel = rel / rel.max() if rel.max() > 0 else rel
    denom = np.minimum.outer(doc_counts, doc_counts).astype(float)
    denom[denom == 0] = 1.0
    rarity = 1.0 - np.clip(cooccurrence / denom, 0.0, 1.0)
    heat = disparity * rarity * rel
    np.fill_diagonal(heat, 0.0)
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            a, b = (i, j) if p[i] >= p[j] else (j, i)
            pairs.append(
                {
                    "harness": keys[a],
                    "amplification": keys[b],
                    "score": float(heat[i, j]),
                    "disparity": float(disparity[i, j]),
                    "rarity": float(rarity[i, j]),
                    "relevance": float(rel[i, j]),
                    "cooccurrences": int(cooccurrence[i, j]),
                }
            )
    pairs.sort(key=lambda r: (-r["score"], r["harness"], r["amplification"]))
    return {"keys": keys, "heat": heat.round(6).tolist(), "pairs": pairs}
