"""Dated text index: TF-IDF now, TF-BIDF (backward IDF) per document date, cosine search.

Conventions
-----------
* Tokens: scikit-learn word unigrams + bigrams, English stop words removed, hashed into
  ``N_FEATURES`` columns (``HashingVectorizer``), so the feature space never depends on which
  documents exist: adding documents can never shift another document's columns.
* Term frequency is sublinear: ``tf = 1 + ln(count)``.
* ``now`` vectors (``x_now``): IDF over the whole corpus,
  ``idf(w) = ln((1 + N) / (1 + df(w))) + 1``.
  A query (a concept or a challenge) is dated after every corpus document, so comparing it with a
  corpus document uses the later document's IDF, as in Kelly et al. (2021).
* Backward vectors (``x_bidf``): each document is weighted with the IDF of the documents filed
  strictly before its own year, ``bidf(w, d) = ln((1 + N_<y) / (1 + df_<y(w))) + 1``; documents
  dated later never change it (no look-ahead). The ``+1`` smoothing keeps the first year finite.
* All vectors are L2-normalised, so a dot product is a cosine in [0, 1].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, HashingVectorizer

ENGINE_VERSION = "text_index/1.0.0"
N_FEATURES = 2**20
BLOCK = 64


_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def terms(text: str) -> list[str]:
    """Unigram tokens: lower-cased, scikit-learn's default token pattern, English stop words
    removed (the same rules as ``TfidfVectorizer(stop_words="english")``)."""
    return [t for t in _TOKEN.findall(text.lower()) if t not in ENGLISH_STOP_WORDS]


def analyze(text: str) -> list[str]:
    """Unigrams then bigrams of the stop-word-filtered tokens (scikit-learn's word n-grams)."""
    toks = terms(text)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]


_VEC = HashingVectorizer(
    n_features=N_FEATURES,
    analyzer=analyze,
    alternate_sign=False,
    norm=None,
    dtype=np.float64,
)


def shared_terms(a: str, b: str, limit: int = 8) -> list[str]:
    """Words the two texts share, in order of first appearance in ``a``."""
    tb = set(terms(b))
    out: list[str] = []
    for t in terms(a):
        if t in tb and t not in out:
            out.append(t)
    return out[:limit]


def _tf(texts: list[str]) -> sparse.csr_matrix:
    counts = _VEC.transform(texts).tocsr()
    counts.sum_duplicates()
    counts.data = 1.0 + np.log(counts.data)
    return counts


def _l2_rows_csc(mat: sparse.csc_matrix, n_rows: int) -> None:
    norms = np.sqrt(np.bincount(mat.indices, weights=mat.data**2, minlength=n_rows))
    norms[norms == 0] = 1.0
    mat.data /= norms[mat.indices]


def _l2_rows_csr(mat: sparse.csr_matrix) -> None:
    sq = np.asarray(mat.multiply(mat).sum(axis=1)).ravel()
    sq[sq == 0] = 1.0
    mat.data /= np.repeat(np.sqrt(sq), np.diff(mat.indptr))


@dataclass
class TextIndex:
    """A built index over ``n`` dated documents (row i = document i as given to ``build``)."""

    years: np.ndarray
    x_now: sparse.csc_matrix
    x_bidf: sparse.csc_matrix
    df: np.ndarray
    ref_rows: np.ndarray
    ref_bs: np.ndarray
    k: int
    _bidf_csr: sparse.csr_matrix | None = None

    @property
    def n_docs(self) -> int:
        return int(self.years.shape[0])

    @classmethod
    def build(
        cls, texts: list[str], years: list[int] | np.ndarray, *, k: int = 10, n_ref: int = 250
    ) -> TextIndex:
        """Index ``texts`` dated by integer ``years``; ``k`` = top-k for BS'/FS' means."""
        years = np.asarray(years, dtype=np.int64)
        n = len(texts)
        if n == 0 or years.shape[0] != n:
            raise ValueError("texts and years must be non-empty and of equal length")
        tf = _tf(list(texts))
        df = np.bincount(tf.indices, minlength=N_FEATURES).astype(np.int64)

        idf_now = np.log((1.0 + n) / (1.0 + df)) + 1.0
        x_now = tf.tocsc(copy=True)
        x_now.data = x_now.data * idf_now[np.repeat(np.arange(N_FEATURES), np.diff(x_now.indptr))]
        _l2_rows_csc(x_now, n)

        x_bidf = _backward_weights(tf, years)
        _l2_rows_csc(x_bidf, n)

        index = cls(
            years=years,
            x_now=x_now,
            x_bidf=x_bidf,
            df=df,
            ref_rows=np.empty(0, dtype=np.int64),
            ref_bs=np.empty(0),
            k=k,
        )
        index.ref_rows = _reference_rows(years, n_ref)
        index.ref_bs = index._backward_similarity(index.ref_rows)
        return index

    # -- vectors -----------------------------------------------------------------------------
    def query(self, texts: list[str]) -> sparse.csr_matrix:
        """TF-IDF vectors of new texts dated after the whole corpus (``now`` convention)."""
        tf = _tf(list(texts))
        idf = np.log((1.0 + self.n_docs) / (1.0 + self.df)) + 1.0
        tf.data = tf.data * idf[tf.indices]
        _l2_rows_csr(tf)
        return tf

    def bidf_rows(self, rows: np.ndarray) -> sparse.csr_matrix:
        """Backward-IDF vectors of corpus documents ``rows``."""
        if self._bidf_csr is None:
            self._bidf_csr = self.x_bidf.tocsr()
        return self._bidf_csr[np.asarray(rows, dtype=np.int64)]

    # -- similarity --------------------------------------------------------------------------
    def similarities(self, q: sparse.csr_matrix, *, backward: bool = False) -> np.ndarray:
        """Dense (m, n) cosines of query rows against every corpus document.

        Only the columns the queries use are touched (sparse X[:, cols] @ dense Q[:, cols].T).
        """
        x = self.x_bidf if backward else self.x_now
        out = np.zeros((q.shape[0], self.n_docs))
        for start in range(0, q.shape[0], BLOCK):
            block = q[start : start + BLOCK]
            cols = np.unique(block.indices)
            if cols.size == 0:
                continue
            xc = x[:, cols]
            out[start : start + BLOCK] = (xc @ block[:, cols].toarray().T).T
        np.clip(out, 0.0, 1.0, out=out)
        return out

    def _backward_similarity(self, rows: np.ndarray) -> np.ndarray:
        """BS' of corpus rows: mean of the top-k cosines to documents from earlier years."""
        out = np.zeros(rows.size)
        for start in range(0, rows.size, BLOCK):
            block = rows[start : start + BLOCK]
            sims = self.similarities(self.bidf_rows(block), backward=True)
            later = self.years[None, :] >= self.years[block][:, None]
            sims[later] = -1.0
            top = mean_top_k_rows(sims, self.k)
            counts = (~later).sum(axis=1)
            # fewer than k older documents: mean over those that exist
            for i in np.nonzero(counts < self.k)[0]:
                older = sims[i][~later[i]]
                top[i] = older.mean() if older.size else 0.0
            out[start : start + BLOCK] = top
        return out


def sparse_dot(a: sparse.csr_matrix, b: sparse.csr_matrix) -> np.ndarray:
    """Dense a @ b.T for sparse row blocks, touching only the columns the sparser one uses."""
    cols = np.unique(a.indices if a.nnz <= b.nnz else b.indices)
    if cols.size == 0:
        return np.zeros((a.shape[0], b.shape[0]))
    return (a[:, cols] @ b[:, cols].T).toarray()


def mean_top_k_rows(values: np.ndarray, k: int) -> np.ndarray:
    """Row-wise mean of the ``k`` largest values of a 2-D array."""
    n = values.shape[1]
    if n == 0:
        return np.zeros(values.shape[0])
    if n > k:
        values = np.partition(values, n - k, axis=1)[:, n - k :]
    return values.mean(axis=1)


def mean_top_k(values: np.ndarray, k: int) -> float:
    """Mean of the ``k`` largest values (all of them if fewer; 0.0 if none)."""
    if values.size == 0:
        return 0.0
    if values.size > k:
        values = np.partition(values, values.size - k)[-k:]
    return float(values.mean())


def top_k_indices(values: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` largest values, best first, ties broken by lower index."""
    k = min(k, values.size)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    order = np.lexsort((np.arange(values.size), -values))
    return order[:k]


def _reference_rows(years: np.ndarray, n_ref: int) -> np.ndarray:
    """Evenly spaced rows over the date order (deterministic reference sample)."""
    n = years.size
    order = np.argsort(years, kind="stable")
    if n <= n_ref:
        return np.sort(order)
    picks = np.linspace(0, n - 1, n_ref).round().astype(np.int64)
    return np.sort(order[np.unique(picks)])


def _backward_weights(tf: sparse.csr_matrix, years: np.ndarray) -> sparse.csc_matrix:
    """TF-BIDF in CSC form; each nnz weighted by df among strictly earlier documents."""
    order = np.argsort(years, kind="stable")
    ys = years[order]
    _, yidx = np.unique(ys, return_inverse=True)
    n_years = int(yidx.max()) + 1
    xs = tf[order].tocsc()
    xs.sort_indices()
    col = np.repeat(np.arange(N_FEATURES, dtype=np.int64), np.diff(xs.indptr))
    key = col * n_years + yidx[xs.indices]
    df_before = np.searchsorted(key, key, side="left") - xs.indptr[col]
    del key, col
    n_before = np.searchsorted(ys, ys, side="left")[xs.indices]
    xs.data *= np.log((1.0 + n_before) / (1.0 + df_before)) + 1.0
    del n_before, df_before
    xs.indices = order[xs.indices].astype(xs.indices.dtype)
    xs.has_sorted_indices = False
    return xs
