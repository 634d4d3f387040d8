"""Catalogue and interaction snapshots as arrays, built once and reused across requests.

Prices are integer cents (exact; the DB holds Decimal). Product rows are sorted by id so a
product id maps to its row with `numpy.searchsorted`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

# Implicit-feedback weights: how strongly each kind of interaction says "I like this".
KIND_WEIGHTS = {"view": 0.1, "click": 0.5, "save": 1.0, "purchase": 2.0, "dismiss": -1.0}
EXCLUDING_KINDS = frozenset({"purchase", "dismiss"})
BOILERPLATE_DF = 0.15
BOILERPLATE_MIN_PRODUCTS = 200


@dataclass(frozen=True)
class ProductRecord:
    """One sellable product as the engine sees it."""

    id: int
    name: str
    category: str
    price_cents: int
    valence: float
    arousal: float
    text: str


@dataclass(frozen=True, eq=False)
class Catalogue:
    """Array form of the active, in-stock catalogue plus its TF-IDF text matrix (L2 rows)."""

    product_ids: np.ndarray
    names: tuple[str, ...]
    category_codes: np.ndarray
    category_names: tuple[str, ...]
    price_cents: np.ndarray
    valence: np.ndarray
    arousal: np.ndarray
    text_matrix: sparse.csr_matrix
    signature: str

    def __len__(self) -> int:
        return int(self.product_ids.shape[0])

    def rows_of(self, product_ids: Iterable[int]) -> np.ndarray:
        """Rows of the given ids; ids not in the catalogue are dropped."""
        ids = np.fromiter((int(p) for p in product_ids), dtype=np.int64)
        if ids.size == 0 or len(self) == 0:
            return np.empty(0, dtype=np.int64)
        pos = np.searchsorted(self.product_ids, ids)
        pos = np.clip(pos, 0, len(self) - 1)
        return pos[self.product_ids[pos] == ids]


def build_catalogue(products: Sequence[ProductRecord]) -> Catalogue:
    """Sort by id, encode categories, fit TF-IDF (word 1-2 grams, sublinear tf) on the texts."""
    records = sorted(products, key=lambda p: p.id)
    cats = sorted({p.category for p in records})
    code = {c: i for i, c in enumerate(cats)}
    texts = [p.text or p.name for p in records]
    if records:
        # In a real-sized catalogue, phrases shared by more than 15% of products are boilerplate
        # ("comes in a gift box") and would make every edition look alike.
        max_df = BOILERPLATE_DF if len(records) >= BOILERPLATE_MIN_PRODUCTS else 1.0
        # Imported here: scikit-learn takes seconds to import, and only index builds need it.
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(
            sublinear_tf=True, ngram_range=(1, 2), stop_words="english", max_df=max_df
        )
        try:
            matrix = vec.fit_transform(texts).tocsr()
        except ValueError:  # every text was a stop word
            matrix = sparse.csr_matrix((len(records), 1))
    else:
        matrix = sparse.csr_matrix((0, 1))
    digest = hashlib.sha256()
    for p in records:
        digest.update(
            f"{p.id}|{p.price_cents}|{p.valence:.4f}|{p.arousal:.4f}|{p.category}\n".encode()
        )
    return Catalogue(
        product_ids=np.array([p.id for p in records], dtype=np.int64),
        names=tuple(p.name for p in records),
        category_codes=np.array([code[p.category] for p in records], dtype=np.int64),
        category_names=tuple(cats),
        price_cents=np.array([p.price_cents for p in records], dtype=np.int64),
        valence=np.array([p.valence for p in records], dtype=np.float64),
        arousal=np.array([p.arousal for p in records], dtype=np.float64),
        text_matrix=matrix,
        signature=digest.hexdigest()[:16],
    )


@dataclass(frozen=True, eq=False)
class InteractionStats:
    """Everyone's implicit feedback: popularity per row and a users x products matrix."""

    popularity: np.ndarray
    matrix: sparse.csr_matrix
    user_rows: dict[int, int]


def build_interaction_stats(
    catalogue: Catalogue,
    user_ids: Sequence[int],
    product_ids: Sequence[int],
    kinds: Sequence[str],
) -> InteractionStats:
    """Aggregate (user, product, kind) triples. Negative totals are clipped to 0."""
    n = len(catalogue)
    users = np.asarray(user_ids, dtype=np.int64)
    prods = np.asarray(product_ids, dtype=np.int64)
    weights = np.array([KIND_WEIGHTS.get(k, 0.0) for k in kinds], dtype=np.float64)
    if users.size == 0 or n == 0:
        return InteractionStats(np.zeros(n), sparse.csr_matrix((0, n)), {})
    pos = np.clip(np.searchsorted(catalogue.product_ids, prods), 0, n - 1)
    keep = catalogue.product_ids[pos] == prods
    users, pos, weights = users[keep], pos[keep], weights[keep]
    uniq, user_idx = np.unique(users, return_inverse=True)
    matrix = sparse.csr_matrix((weights, (user_idx, pos)), shape=(uniq.size, n))
    matrix.sum_duplicates()
    matrix.data = np.maximum(matrix.data, 0.0)
    matrix.eliminate_zeros()
    popularity = np.asarray(matrix.sum(axis=0)).ravel()
    return InteractionStats(
        popularity=popularity,
        matrix=matrix,
        user_rows={int(u): i for i, u in enumerate(uniq)},
    )


@dataclass(frozen=True)
class UserHistory:
    """One person's own feedback, read fresh for every request."""

    positive: tuple[tuple[int, float], ...] = ()
    excluded: frozenset[int] = frozenset()

    @classmethod
    def from_interactions(cls, rows: Iterable[tuple[int, str]]) -> UserHistory:
        """rows: (product_id, kind). Purchases and dismissals exclude; the rest accumulate."""
        totals: dict[int, float] = {}
        excluded: set[int] = set()
        for product_id, kind in rows:
            if kind in EXCLUDING_KINDS:
                excluded.add(int(product_id))
            totals[int(product_id)] = totals.get(int(product_id), 0.0) + KIND_WEIGHTS.get(kind, 0)
        positive = tuple(sorted((p, w) for p, w in totals.items() if w > 0))
        return cls(positive=positive, excluded=frozenset(excluded))
