"""Mood-aware ranking: hard filters, relevance, iso-principle lead slots and MMR diversity.

Pipeline (contextual pre-filtering then post-filtering, Adomavicius & Tuzhilin):
1. hard filters: min <= price <= max (integer cents), category, not purchased/dismissed,
   the affect guard of the target (e.g. nothing with arousal > 0.5 for a calming list);
2. relevance floor: affect fit >= `fit_floor`, so diversity can never promote an off-mood item;
3. relevance = w_fit*fit + w_pref*pref + w_pop*pop, weights (0.6, 0.25, 0.15) with history and
   (0.8, 0, 0.2) on cold start; pref blends TF-IDF content similarity to the person's liked items
   with a user-based collaborative score when enough overlapping users exist;
4. the first `lead_slots` go to items that move toward the target (regulate strategy);
5. MMR (Carbonell & Goldstein 1998) with lambda = 1 - diversity; Sim2 = max(1 for the same
   category else 0.3*exp(-||delta affect||), TF-IDF cosine of the product texts).
Reported diversity is ILD over the category/affect part of Sim2.
The output is re-checked against the budget before it is returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .affect import Target, affect_fit, affect_guard, leads_toward
from .catalogue import Catalogue, InteractionStats, UserHistory

WEIGHTS_WITH_HISTORY = (0.6, 0.25, 0.15)
WEIGHTS_COLD_START = (0.8, 0.0, 0.2)
COLLAB_MIN_NEIGHBOURS = 3
POOL_SIZE = 200


@dataclass(frozen=True)
class RankRequest:
    """What the person asked for, already validated; money in integer cents."""

    target: Target
    min_cents: int
    max_cents: int
    limit: int = 10
    diversity: float = 0.3
    category: str | None = None
    guard_fraction: float | None = None
    lead_slots: int = 3
    fit_floor: float = 0.6


@dataclass(frozen=True)
class RankedItem:
    """One recommended product with the parts of its score."""

    product_id: int
    row: int
    score: float
    fit: float
    pref: float
    pop: float
    collab: float
    leads: bool
    because_product_id: int | None = None


@dataclass(frozen=True)
class RankResult:
    """The ordered list plus what shaped it."""

    items: tuple[RankedItem, ...]
    diversity: float
    candidates: int
    effective_max_cents: int
    weights: tuple[float, float, float]
    used_history: bool
    used_collab: bool
    warnings: tuple[str, ...] = field(default_factory=tuple)


def category_similarity(cat: np.ndarray, v: np.ndarray, a: np.ndarray, i: int) -> np.ndarray:
    """Sim2 of every item to item i: 1 for the same category, else 0.3*exp(-affect distance)."""
    sim = 0.3 * np.exp(-np.hypot(v - v[i], a - a[i]))
    sim[cat == cat[i]] = 1.0
    return sim


def intra_list_diversity(cat: np.ndarray, v: np.ndarray, a: np.ndarray) -> float:
    """ILD = 2/(k(k-1)) * sum_{i<j} (1 - Sim2(i, j)); 0 for fewer than two items."""
    k = cat.shape[0]
    if k < 2:
        return 0.0
    total = 0.0
    for i in range(k - 1):
        total += float(np.sum(1.0 - category_similarity(cat, v, a, i)[i + 1 :]))
    return 2.0 * total / (k * (k - 1))


def percentile_rank(values: np.ndarray) -> np.ndarray:
    """Average-rank percentile in [0, 1]; all-equal values give 0.5."""
    n = values.shape[0]
    if n == 0:
        return values.astype(np.float64)
    if n == 1 or np.all(values == values[0]):
        return np.full(n, 0.5)
    order = np.argsort(values, kind="mergesort")
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = np.arange(n, dtype=np.float64)
    # Average the ranks of ties so equal popularity gives equal percentile.
    uniq, inverse = np.unique(values, return_inverse=True)
    sums = np.bincount(inverse, weights=ranks)
    counts = np.bincount(inverse)
    return (sums / counts)[inverse] / (n - 1)


def _content_preference(catalogue: Catalogue, rows: np.ndarray, hist_rows, hist_w) -> np.ndarray:
    profile = catalogue.text_matrix[hist_rows].T @ hist_w
    # Plain sum of squares: BLAS dot/norm spin up threads, costing ms under load.
    norm = float(np.sqrt((profile * profile).sum()))
    if norm == 0.0:
        return np.zeros(rows.shape[0])
    return np.asarray(catalogue.text_matrix[rows] @ (profile / norm)).ravel()


def _collab_preference(
    stats: InteractionStats, n: int, rows: np.ndarray, hist_rows, hist_w, user_id: int | None
) -> np.ndarray | None:
    if stats.matrix.shape[0] == 0 or hist_rows.size == 0:
        return None
    x_u = np.zeros(n)
    x_u[hist_rows] = hist_w
    sims = stats.matrix @ x_u
    own = stats.user_rows.get(user_id) if user_id is not None else None
    if own is not None:
        sims[own] = 0.0
    if np.count_nonzero(sims) < COLLAB_MIN_NEIGHBOURS:
        return None
    scores = stats.matrix.T @ sims
    out = scores[rows]
    top = float(out.max()) if out.size else 0.0
    return out / top if top > 0 else np.zeros(rows.shape[0])


def _mmr_pick(pool, rel, cat, v, a, count, lam, max_sim, eligible, text) -> list[int]:
    """Greedy MMR; Sim2 is the larger of the category/affect similarity and text cosine."""
    picked: list[int] = []
    avail = eligible.copy()
    for _ in range(count):
        if not avail.any():
            break
        mmr = lam * rel - (1.0 - lam) * max_sim
        mmr = np.where(avail, mmr, -np.inf)
        best = int(np.argmax(mmr))
        picked.append(best)
        avail[best] = False
        pool[best] = False
        text_sim = np.asarray((text @ text[best].T).todense()).ravel()
        sim = np.maximum(category_similarity(cat, v, a, best), text_sim)
        np.maximum(max_sim, sim, out=max_sim)
    return picked


def rank(
    catalogue: Catalogue,
    stats: InteractionStats,
    history: UserHistory,
    request: RankRequest,
    *,
    user_id: int | None = None,
) -> RankResult:
    """Rank the catalogue for one request. Deterministic: no randomness is involved."""
    warnings: list[str] = []
    lo, hi = int(request.min_cents), int(request.max_cents)
    if lo < 0 or hi < lo:
        raise ValueError("budget must satisfy 0 <= min <= max")
    if not 0.0 <= request.diversity <= 1.0:
        raise ValueError("diversity must be in [0, 1]")
    eff_hi = hi
    if request.guard_fraction is not None:
        eff_hi = lo + int((hi - lo) * float(request.guard_fraction))
    price = catalogue.price_cents
    mask = (price >= lo) & (price <= eff_hi)
    if request.category is not None:
        if request.category in catalogue.category_names:
            code = catalogue.category_names.index(request.category)
            mask &= catalogue.category_codes == code
        else:
            mask &= False
    in_budget = int(mask.sum())
    if history.excluded:
        mask[catalogue.rows_of(history.excluded)] = False
    v_all, a_all = catalogue.valence, catalogue.arousal
    mask &= affect_guard(v_all, a_all, request.target)
    fit_all = affect_fit(v_all, a_all, request.target)
    mask &= fit_all >= request.fit_floor
    rows = np.flatnonzero(mask)
    empty = RankResult((), 0.0, 0, eff_hi, WEIGHTS_COLD_START, False, False)
    if rows.size == 0:
        if in_budget == 0:
            warnings.append("no_product_in_budget")
        else:
            warnings.append("no_product_fits_mood")
        return RankResult(**{**empty.__dict__, "warnings": tuple(warnings)})

    fit = fit_all[rows]
    pop = (
        percentile_rank(stats.popularity[rows])
        if stats.popularity.size
        else np.full(rows.size, 0.5)
    )
    hist_rows = catalogue.rows_of(p for p, _ in history.positive)
    wmap = dict(history.positive)
    hist_w = np.array([wmap[int(catalogue.product_ids[r])] for r in hist_rows], dtype=np.float64)
    used_history = hist_rows.size > 0
    pref = np.zeros(rows.size)
    collab = np.zeros(rows.size)
    used_collab = False
    if used_history:
        # Raw cosine in [0, 1]: scaling to the best match would let one shared phrase dominate.
        content = _content_preference(catalogue, rows, hist_rows, hist_w)
        cf = _collab_preference(stats, len(catalogue), rows, hist_rows, hist_w, user_id)
        if cf is not None:
            used_collab = True
            collab = cf
            pref = 0.5 * content + 0.5 * cf
        else:
            pref = content
    weights = WEIGHTS_WITH_HISTORY if used_history else WEIGHTS_COLD_START
    rel = weights[0] * fit + weights[1] * pref + weights[2] * pop

    order = np.argsort(-rel, kind="mergesort")[:POOL_SIZE]
    rows, rel, fit, pref, pop, collab = (x[order] for x in (rows, rel, fit, pref, pop, collab))
    cat = catalogue.category_codes[rows]
    v, a = v_all[rows], a_all[rows]
    lam = 1.0 - float(request.diversity)
    pool = np.ones(rows.size, dtype=bool)
    max_sim = np.zeros(rows.size)
    limit = int(request.limit)
    leads = leads_toward(v, a, request.target)
    lead_n = min(int(request.lead_slots), limit) if request.target.mode != "match" else 0
    text = catalogue.text_matrix[rows]
    picked = _mmr_pick(pool, rel, cat, v, a, lead_n, lam, max_sim, pool & leads, text)
    picked += _mmr_pick(pool, rel, cat, v, a, limit - len(picked), lam, max_sim, pool.copy(), text)
    if len(picked) < limit:
        warnings.append("fewer_results_than_limit")

    because = _because(catalogue, rows[picked], pref[picked], hist_rows) if used_history else {}
    items = tuple(
        RankedItem(
            product_id=int(catalogue.product_ids[rows[i]]),
            row=int(rows[i]),
            score=round(float(rel[i]), 6),
            fit=round(float(fit[i]), 6),
            pref=round(float(pref[i]), 6),
            pop=round(float(pop[i]), 6),
            collab=round(float(collab[i]), 6),
            leads=bool(leads[i]),
            because_product_id=because.get(int(rows[i])),
        )
        for i in picked
    )
    prices = price[[it.row for it in items]]
    if prices.size and (prices.min() < lo or prices.max() > hi):
        raise AssertionError("ranking produced an out-of-budget item")
    sel = np.array(picked, dtype=np.int64)
    ild = intra_list_diversity(cat[sel], v[sel], a[sel]) if sel.size else 0.0
    return RankResult(
        items=items,
        diversity=round(ild, 6),
        candidates=int(mask.sum()),
        effective_max_cents=eff_hi,
        weights=weights,
        used_history=used_history,
        used_collab=used_collab,
        warnings=tuple(warnings),
    )


def _because(catalogue: Catalogue, rows: np.ndarray, pref: np.ndarray, hist_rows) -> dict:
    """For each picked row with a personal signal, the liked product it most resembles."""
    if rows.size == 0 or hist_rows.size == 0:
        return {}
    sims = (catalogue.text_matrix[rows] @ catalogue.text_matrix[hist_rows].T).toarray()
    sims[rows[:, None] == hist_rows[None, :]] = -1.0  # never "because you liked" itself
    out = {}
    for k, r in enumerate(rows):
        j = int(np.argmax(sims[k]))
        if pref[k] > 0 and sims[k, j] >= 0.1:
            out[int(r)] = int(catalogue.product_ids[hist_rows[j]])
    return out
