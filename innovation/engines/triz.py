"""TRIZ engine: contradiction-matrix parsing and validation, parameter search, principle lookup.

The matrix is indexed (improving parameter, worsening parameter), both 1..39; a cell lists 1-4
distinct inventive principles in 1..40. Parameter search ranks the 39 parameters by TF-IDF cosine
(scikit-learn, word 1-2-grams, sublinear TF) between free text and each parameter's name and
keyword description. Improving == worsening is a physical contradiction: the separation principles
apply instead of the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ENGINE_VERSION = "triz/1.0.0"
N_PARAMETERS = 39
N_PRINCIPLES = 40
#: Used when a side of a contradiction shares no word with any parameter description:
#: adaptability (35) improved at the cost of device complexity (36), the most generic pairing.
DEFAULT_IMPROVING = 35
DEFAULT_WORSENING = 36


@dataclass(frozen=True)
class Parameter:
    """One of the 39 engineering parameters."""

    id: int
    name: str
    description: str


@dataclass(frozen=True)
class Principle:
    """One of the 40 inventive principles; ``apply`` is a template with an ``{object}`` slot."""

    id: int
    name: str
    description: str
    apply: str


@dataclass(frozen=True)
class Separation:
    """A separation principle for physical contradictions with its usual inventive principles."""

    key: str
    name: str
    rule: str
    principles: tuple[int, ...]


@dataclass(frozen=True)
class TrizData:
    """Parameters, principles, separation principles and the validated matrix."""

    parameters: tuple[Parameter, ...]
    principles: tuple[Principle, ...]
    separations: tuple[Separation, ...]
    matrix: dict[tuple[int, int], tuple[int, ...]]

    def principle(self, pid: int) -> Principle:
        return self.principles[pid - 1]

    def parameter(self, pid: int) -> Parameter:
        return self.parameters[pid - 1]


def parse_matrix(text: str) -> dict[tuple[int, int], tuple[int, ...]]:
    """Parse the ';'/','-separated 39x39 matrix; raise ValueError naming the first bad cell."""
    rows = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if len(rows) != N_PARAMETERS:
        raise ValueError(f"matrix has {len(rows)} rows, expected {N_PARAMETERS}")
    out: dict[tuple[int, int], tuple[int, ...]] = {}
    for i, row in enumerate(rows, 1):
        cells = row.split(";")
        if len(cells) != N_PARAMETERS:
            raise ValueError(f"row {i} has {len(cells)} cells, expected {N_PARAMETERS}")
        for j, cell in enumerate(cells, 1):
            cell = cell.strip()
            if not cell:
                continue
            if i == j:
                raise ValueError(f"cell ({i},{j}) on the diagonal must be empty")
            try:
                ps = tuple(int(x) for x in cell.split(","))
            except ValueError as exc:
                raise ValueError(f"cell ({i},{j}) does not parse: {cell!r}") from exc
            if not 1 <= len(ps) <= 4 or len(set(ps)) != len(ps):
                raise ValueError(f"cell ({i},{j}) must list 1-4 distinct principles: {cell!r}")
            if any(not 1 <= p <= N_PRINCIPLES for p in ps):
                raise ValueError(f"cell ({i},{j}) has a principle outside 1..40: {cell!r}")
            out[(i, j)] = ps
    return out


def triz_from_dicts(data: dict, matrix_text: str) -> TrizData:
    """Build TrizData from the triz.json structure and the matrix CSV text."""
    params = tuple(Parameter(p["id"], p["name"], p["description"]) for p in data["parameters"])
    prins = tuple(
        Principle(p["id"], p["name"], p["description"], p["apply"]) for p in data["principles"]
    )
    seps = tuple(
        Separation(s["key"], s["name"], s["rule"], tuple(s["principles"]))
        for s in data["separations"]
    )
    if [p.id for p in params] != list(range(1, N_PARAMETERS + 1)):
        raise ValueError("parameters must be numbered 1..39 in order")
    if [p.id for p in prins] != list(range(1, N_PRINCIPLES + 1)):
        raise ValueError("principles must be numbered 1..40 in order")
    return TrizData(params, prins, seps, parse_matrix(matrix_text))


class ParameterSearch:
    """TF-IDF search over parameter names + descriptions."""

    def __init__(self, triz: TrizData):
        self.triz = triz
        docs = [f"{p.name}. {p.name}. {p.description}" for p in triz.parameters]
        self.vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
        self.mat = self.vec.fit_transform(docs)

    def search(self, text: str, k: int = 3) -> list[tuple[int, float]]:
        """Top-k (parameter id, cosine) for ``text``; ties broken by lower id."""
        scores = (self.mat @ self.vec.transform([text]).T).toarray().ravel()
        order = np.lexsort((np.arange(scores.size), -scores))[:k]
        return [(int(i) + 1, float(scores[i])) for i in order]


@dataclass(frozen=True)
class Contradiction:
    """A contradiction mapped onto TRIZ parameters, with its recommended principles."""

    improve_text: str
    worsen_text: str
    improving: int
    worsening: int
    principles: tuple[int, ...]
    kind: str
    separation: str | None
    match: float

    def as_dict(self, triz: TrizData) -> dict:
        return {
            "improve": self.improve_text,
            "worsen": self.worsen_text,
            "improving": {"id": self.improving, "name": triz.parameter(self.improving).name},
            "worsening": {"id": self.worsening, "name": triz.parameter(self.worsening).name},
            "principles": [{"id": p, "name": triz.principle(p).name} for p in self.principles],
            "kind": self.kind,
            "separation": self.separation,
            "match": round(self.match, 6),
        }


def principles_for(
    triz: TrizData, improving: int, worsening: int
) -> tuple[tuple[int, ...], str | None]:
    """Principles for a pair: the matrix cell, or for a physical contradiction (i == j) or an
    empty cell the principles of the best-suited separation principle (time by default)."""
    if improving != worsening:
        cell = triz.matrix.get((improving, worsening))
        if cell:
            return cell, None
    sep = triz.separations[0]
    return sep.principles[:4], sep.key


def map_contradiction(search: ParameterSearch, improve: str, worsen: str) -> Contradiction:
    """Map the two sides of a contradiction onto parameters and look up the principles."""
    (i, si), *_ = search.search(improve, 1)
    (j, sj), *_ = search.search(worsen, 1)
    if si == 0.0:
        i = DEFAULT_IMPROVING
    if sj == 0.0:
        j = DEFAULT_WORSENING
    principles, sep = principles_for(search.triz, i, j)
    kind = "physical" if i == j else "technical"
    return Contradiction(improve, worsen, i, j, principles, kind, sep, (si + sj) / 2)
