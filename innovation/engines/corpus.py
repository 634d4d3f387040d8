"""Prior-art corpus model: documents, text index, tag co-occurrence statistics, domain geometry.

Tag statistics follow Uzzi et al. (2013) with the degree-preserving shuffle used by novelpy:
the tag occurrences of the corpus are permuted across documents (each document keeps its number
of tags, each tag its frequency) ``n_shuffles`` times with the given seed; for each tag pair
z = (observed - mean_shuffled) / max(sd_shuffled, SD_FLOOR). The floor keeps pairs that never
occur in any shuffle finite.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from innovation.engines.knowledge import KnowledgeBase
from innovation.engines.text_index import TextIndex, sparse_dot

ENGINE_VERSION = "corpus/1.0.0"
SD_FLOOR = 0.5


@dataclass(frozen=True)
class Doc:
    """One prior-art document."""

    ref: str
    title: str
    summary: str
    year: int
    domain: str
    tags: tuple[str, ...]

    @property
    def text(self) -> str:
        return f"{self.title}. {self.summary}"


@dataclass
class TagStats:
    """Observed and shuffled tag-pair co-occurrence counts."""

    tags: list[str]
    observed: np.ndarray
    mean: np.ndarray
    sd: np.ndarray

    def z(self, a: str, b: str) -> float:
        pos = {t: i for i, t in enumerate(self.tags)}
        if a not in pos or b not in pos:
            return 0.0
        i, j = pos[a], pos[b]
        return float((self.observed[i, j] - self.mean[i, j]) / max(self.sd[i, j], SD_FLOOR))


def _pair_positions(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat positions (a, b), a < b, of every within-document pair of tag slots."""
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    pa, pb = [], []
    for m in np.unique(sizes):
        if m < 2:
            continue
        ia, ib = np.triu_indices(int(m), 1)
        docs = starts[sizes == m]
        pa.append((docs[:, None] + ia[None, :]).ravel())
        pb.append((docs[:, None] + ib[None, :]).ravel())
    if not pa:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(pa), np.concatenate(pb)


def _pair_counts(tag_ids: np.ndarray, pa: np.ndarray, pb: np.ndarray, n_tags: int) -> np.ndarray:
    """Symmetric co-occurrence counts of distinct tags over within-document slot pairs."""
    a, b = tag_ids[pa], tag_ids[pb]
    keep = a != b
    lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
    co = np.bincount(lo * n_tags + hi, minlength=n_tags * n_tags).reshape(n_tags, n_tags)
    co = co + co.T
    return co.astype(float)


def tag_stats(docs: list[Doc], *, seed: int, n_shuffles: int = 20) -> TagStats:
    """Build TagStats from the documents' tags with a seeded degree-preserving shuffle.

    A document's repeated tag is kept once; a shuffle that puts the same tag twice in one
    document simply produces no pair for those two slots.
    """
    uniq = [tuple(dict.fromkeys(d.tags)) for d in docs]
    tags = sorted({t for u in uniq for t in u})
    pos = {t: i for i, t in enumerate(tags)}
    tag_ids = np.array([pos[t] for u in uniq for t in u], dtype=np.int64)
    sizes = np.array([len(u) for u in uniq], dtype=np.int64)
    t = len(tags)
    if t == 0:
        z = np.zeros((0, 0))
        return TagStats(tags, z, z, z)
    pa, pb = _pair_positions(sizes)
    obs = _pair_counts(tag_ids, pa, pb, t)
    rng = np.random.default_rng(seed)
    acc = np.zeros((n_shuffles, t, t))
    for s in range(n_shuffles):
        acc[s] = _pair_counts(rng.permutation(tag_ids), pa, pb, t)
    return TagStats(tags, obs, acc.mean(axis=0), acc.std(axis=0))


@dataclass
class Corpus:
    """Everything the scoring engines need about the prior art."""

    docs: list[Doc]
    index: TextIndex
    tagstats: TagStats
    keys: list[str]
    disparity: np.ndarray
    cooccurrence: np.ndarray
    doc_counts: np.ndarray
    centroids: sparse.csr_matrix
    centroid_norms: np.ndarray
    frontier_rows: np.ndarray
    fingerprint: str


def corpus_fingerprint(docs: list[Doc]) -> str:
    """sha256 over the canonical JSON of the documents (order-sensitive)."""
    payload = [[d.ref, d.title, d.summary, d.year, d.domain, list(d.tags)] for d in docs]
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()


def corpus_build(
    docs: list[Doc], kb: KnowledgeBase, *, seed: int = 0, n_frontier: int | None = None
) -> Corpus:
    """Index the documents and derive domain geometry.

    Domain centroids are the mean TF-IDF (now) vectors of each domain's documents; disparity is
    1 - cosine between centroids (1 for a domain without documents). A document touches a domain
    if it is filed under it or carries one of its tags; ``cooccurrence[i, j]`` counts documents
    touching both. The frontier is the newest ``n_frontier`` documents (default n/20, 10..50).
    """
    if not docs:
        raise ValueError("the prior-art corpus is empty")
    index = TextIndex.build([d.text for d in docs], [d.year for d in docs])
    keys = kb.keys
    kpos = {k: i for i, k in enumerate(keys)}
    tag_dom = kb.tag_domain()
    n = len(docs)
    filed = np.array([kpos.get(d.domain, -1) for d in docs])
    rows, cols = np.nonzero(filed[None, :] == np.arange(len(keys))[:, None])
    ind = sparse.csr_matrix((np.ones(rows.size), (rows, cols)), shape=(len(keys), n))
    sizes = np.asarray(ind.sum(axis=1)).ravel()
    sizes[sizes == 0] = 1.0
    centroids = sparse.diags(1.0 / sizes) @ ind @ index.x_now.tocsr()
    gram = (centroids @ centroids.T).toarray()
    norms = np.sqrt(np.clip(np.diag(gram), 0.0, None))
    norms[norms == 0] = np.inf
    disparity = np.clip(1.0 - gram / np.outer(norms, norms), 0.0, 1.0)
    np.fill_diagonal(disparity, 0.0)
    touch = np.zeros((n, len(keys)), dtype=bool)
    for i, d in enumerate(docs):
        if d.domain in kpos:
            touch[i, kpos[d.domain]] = True
        for t in d.tags:
            if t in tag_dom:
                touch[i, kpos[tag_dom[t]]] = True
    tf = touch.astype(float)
    cooc = tf.T @ tf
    counts = np.diag(cooc).copy()
    np.fill_diagonal(cooc, 0.0)
    nf = n_frontier if n_frontier is not None else int(min(50, max(10, n // 20)))
    order = np.lexsort((np.arange(n), -index.years))
    return Corpus(
        docs=docs,
        index=index,
        tagstats=tag_stats(docs, seed=seed),
        keys=keys,
        disparity=disparity,
        cooccurrence=cooc,
        doc_counts=counts,
        centroids=centroids.tocsr(),
        centroid_norms=np.where(norms == np.inf, 1.0, norms),
        frontier_rows=np.sort(order[: min(nf, n)]),
        fingerprint=corpus_fingerprint(docs),
    )


def domain_affinity(corpus: Corpus, q: sparse.csr_matrix) -> np.ndarray:
    """Cosine of query rows to each domain centroid, shape (m, n_domains)."""
    return sparse_dot(q, corpus.centroids) / corpus.centroid_norms[None, :]
