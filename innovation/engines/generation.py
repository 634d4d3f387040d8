"""Concept generation: morphological configurations, TRIZ principle application, templated text,
and MMR selection.

Nothing here is random except through the ``numpy.random.Generator`` passed in; the same seed
gives the same candidates in the same order. Text is filled from templates only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from innovation.engines.knowledge import Domain
from innovation.engines.triz import Contradiction, TrizData

ENGINE_VERSION = "generation/1.0.0"


ACRONYMS = {"nlp": "NLP", "ai": "AI", "b2b": "B2B", "ev": "EV", "maas": "MaaS"}


def label(tag: str) -> str:
    """Human label of a tag slug ('machine-learning' -> 'machine learning', 'nlp' -> 'NLP')."""
    return " ".join(ACRONYMS.get(w, w) for w in tag.split("-"))


@dataclass(frozen=True)
class Candidate:
    """One generated concept before scoring."""

    domain: str
    configuration: tuple[tuple[str, str], ...]  # (box parameter key, value tag)
    additions: tuple[tuple[str, str, str], ...]  # (domain key, box parameter key, value tag)
    principle: int
    contradiction: int  # index into the run's contradictions
    object: str
    user_group: str
    title: str
    description: str
    mechanism: str
    serves: str

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(v for _, v in self.configuration) + tuple(v for _, _, v in self.additions)

    @property
    def text(self) -> str:
        return f"{self.title}. {self.description} {self.mechanism}"


def principle_pool(
    contradictions: list[Contradiction], preferred: set[int]
) -> list[tuple[int, int]]:
    """(principle, contradiction index) pairs: contradictions whose improving parameter is in
    ``preferred`` first, then the rest; each principle once, in matrix-cell order."""
    order = sorted(
        range(len(contradictions)),
        key=lambda i: (contradictions[i].improving not in preferred, -contradictions[i].match, i),
    )
    seen: set[int] = set()
    pool = []
    for ci in order:
        for p in contradictions[ci].principles:
            if p not in seen:
                seen.add(p)
                pool.append((p, ci))
    return pool


def compose(
    *,
    domain: Domain,
    config: tuple[str, ...],
    additions: list[tuple[Domain, str, str]],
    principle_id: int,
    contradiction_index: int,
    contradiction: Contradiction,
    triz: TrizData,
    obj: str,
    group: str,
    channel: str,
) -> Candidate:
    """Write a concept from templates: title, description, mechanism, who it serves."""
    pr = triz.principle(principle_id)
    phrases = [p.phrase.format(v=label(v)) for p, v in zip(domain.box, config, strict=True)]
    add_phr = [
        f"{label(v)} from {d.name.lower()} ({next(p.name for p in d.box if p.key == pk)})"
        for d, pk, v in additions
    ]
    lead = label(additions[0][2]) if additions else label(config[0])
    title = f"{lead[:1].upper()}{lead[1:]} {obj} for {group} ({pr.name.lower()})"
    desc = (
        f"A {domain.name.lower()} {obj} for {group}, {', '.join(phrases[:-1])} and {phrases[-1]}."
    )
    if add_phr:
        desc += f" It borrows {' and '.join(add_phr)} to amplify the effect across domains."
    imp = triz.parameter(contradiction.improving).name.lower()
    wor = triz.parameter(contradiction.worsening).name.lower()
    mech = (
        f"TRIZ principle {pr.id} ({pr.name}): {pr.apply.format(object=obj)}. "
        f"This answers the contradiction of {contradiction.improve_text} against "
        f"{contradiction.worsen_text} (improving {imp} without worsening {wor})."
    )
    serves = f"{group[:1].upper()}{group[1:]}, reached through {channel}."
    return Candidate(
        domain=domain.key,
        configuration=tuple((p.key, v) for p, v in zip(domain.box, config, strict=True)),
        additions=tuple((d.key, pk, v) for d, pk, v in additions),
        principle=principle_id,
        contradiction=contradiction_index,
        object=obj,
        user_group=group,
        title=title,
        description=desc,
        mechanism=mech,
        serves=serves,
    )


def pick_additions(
    rng: np.random.Generator, domain: Domain, n: int, prefer: frozenset[str] = frozenset()
) -> list[tuple[Domain, str, str]]:
    """``n`` values from different box parameters of ``domain``, consistent with each other;
    a value in ``prefer`` (e.g. a tag named in the challenge) is taken with probability 0.7."""
    params = list(domain.box)

    def value(p) -> str:
        liked = [v for v in p.values if v in prefer]
        if liked and rng.random() < 0.7:
            return liked[int(rng.integers(len(liked)))]
        return p.values[int(rng.integers(len(p.values)))]

    for _ in range(20):
        chosen = rng.choice(len(params), size=min(n, len(params)), replace=False)
        vals = [(params[i].key, value(params[i])) for i in sorted(chosen)]
        if domain.consistent([v for _, v in vals]):
            return [(domain, k, v) for k, v in vals]
    return [(domain, params[0].key, params[0].values[0])]


def mmr_select(
    relevance: np.ndarray, similarity: np.ndarray, k: int, *, lam: float = 0.7, max_sim: float = 0.8
) -> list[int]:
    """Maximal marginal relevance (Carbonell and Goldstein 1998).

    Picks argmax lam * rel(i) - (1 - lam) * max_{j in S} sim(i, j); candidates whose similarity to
    an already selected one exceeds ``max_sim`` are never taken (no near-copies). Ties go to the
    lower index, so the selection is deterministic.
    """
    n = relevance.size
    selected: list[int] = []
    available = np.ones(n, dtype=bool)
    while len(selected) < k and available.any():
        red = similarity[:, selected].max(axis=1) if selected else np.zeros(n)
        score = lam * relevance - (1.0 - lam) * red
        score[~available] = -np.inf
        best = int(np.argmax(score))
        selected.append(best)
        available[best] = False
        available &= similarity[:, best] <= max_sim
    return selected
