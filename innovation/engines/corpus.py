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
from innovation.engines.text_index import TextIndex

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


def _pair_counts(doc_ids: np.ndarray, tag_ids: np.ndarray, n_docs: int, n_tags: int) -> np.ndarray:
    b = sparse.csr_matrix((np.ones(doc_ids.size), (doc_ids, tag_ids)), shape=(n_docs, n_tags))
    b.data[:] = 1.0  # a tag repeated within one document counts once
    co = (b.T @ b).toarray()
    np.fill_diagonal(co, 0.0)
    return co


def tag_stats(docs: list[Doc], *, seed: int, n_shuffles: int = 20) -> TagStats:
    """Build TagStats from the documents' tags with a seeded degree-preserving shuffle."""
    tags = sorted({t for d in docs for t in d.tags})
    pos = {t: i for i, t in enumerate(tags)}
    doc_ids = np.array([i for i, d in enumerate(docs) for _ in d.tags], dtype=np.int64)
    tag_ids = np.array([pos[t] for d in docs for t in d.tags], dtype=np.int64)
    n, t = len(docs), len(tags)
    if t == 0:
        z = np.zeros((0, 0))
        return TagStats(tags, z, z, z)
    obs = _pair_counts(doc_ids, tag_ids, n, t)
    rng = np.random.default_rng(seed)
    acc = np.zeros((n_shuffles, t, t))
    for s in range(n_shuffles):
        acc[s] = _pair_counts(doc_ids, rng.permutation(tag_ids), n, t)
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
        frontier_rows=np.sort(order[: min(nf, n)]),
        fingerprint=corpus_fingerprint(docs),
    )


def domain_affinity(corpus: Corpus, q: sparse.csr_matrix) -> np.ndarray:
    """Cosine of query rows to each domain centroid, shape (m, n_domains)."""
    c = corpus.centroids
    norms = np.sqrt(np.asarray(c.multiply(c).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return (q @ c.T).toarray() / norms[None, :]
