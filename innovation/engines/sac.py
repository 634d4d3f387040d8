"""SAC integration engine: convergence opportunities where mechanisms of a harness domain are
amplified through an amplification domain, and (challenge only) which domain pairs converge most.

Each opportunity takes a full consistent configuration of the harness box plus two values from
different parameters of the amplification box, so the harness always holds the largest domain
share and the amplification the second; this is re-checked on the output. Ranking:
rank = convergence x relevance x market impact, then MMR (lambda 0.7) against near-copies.
"""

from __future__ import annotations

import numpy as np

from innovation.engines import convergence, generation
from innovation.engines.corpus import Corpus
from innovation.engines.knowledge import KnowledgeBase
from innovation.engines.pipeline import (
    MMR_LAMBDA,
    VERSIONS,
    _concept_dict,
    _contradictions,
    _round,
    challenge_shares,
    inputs_hash,
    score_candidates,
    validate_challenge,
    validate_count,
    validate_domain,
)
from innovation.engines.triz import ParameterSearch, TrizData

ENGINE_VERSION = "sac/1.0.0"


def run_sac(
    kb: KnowledgeBase,
    triz_data: TrizData,
    search: ParameterSearch,
    corpus: Corpus,
    *,
    harness: str | None = None,
    amplification: str | None = None,
    challenge: str | None = None,
    count: int = 10,
    seed: int = 0,
) -> dict:
    """Opportunities for (harness, amplification), or the domain-pair map for a challenge."""
    text = validate_challenge(challenge, required=not (harness or amplification))
    count = validate_count(count)
    if bool(harness) != bool(amplification):
        raise ValueError("give both --harness and --amplification, or only --challenge")
    parsed = challenge_shares(kb, corpus, text) if text else None
    inputs = {
        "workflow": "sac",
        "harness": harness or "",
        "amplification": amplification or "",
        "challenge": text,
        "count": count,
        "seed": seed,
        "corpus": corpus.fingerprint,
    }
    base = {
        "workflow": "sac",
        "inputs": inputs,
        "inputs_hash": inputs_hash(inputs),
        "seed": seed,
        "engine_versions": VERSIONS | {"sac": ENGINE_VERSION},
        "challenge": (
            {"text": text, "tags": list(parsed.tags), "domain_shares": parsed.shares}
            if parsed
            else None
        ),
    }
    pairs = convergence.pair_opportunities(
        keys=corpus.keys,
        disparity=corpus.disparity,
        cooccurrence=corpus.cooccurrence,
        doc_counts=corpus.doc_counts,
        challenge_shares=parsed.shares if parsed else {},
    )
    base["pairs"] = pairs
    if not harness:
        base["opportunities"] = []
        return _round(base)
    validate_domain(kb, harness)
    validate_domain(kb, amplification)
    if harness == amplification:
        raise ValueError("harness and amplification must be different domains")
    h, a = kb.domain(harness), kb.domain(amplification)
    contras, ch_params = _contradictions(search, h, text)
    pool = generation.principle_pool(contras, {p for p, _ in ch_params})
    rng = np.random.default_rng(seed)
    configs = h.configurations()
    perm = rng.permutation(len(configs))
    wanted = frozenset(parsed.tags) if parsed else frozenset()
    n_pool = min(max(4 * count, 24), len(configs) * len(pool))
    cands, seen, attempts = [], set(), 0
    while len(cands) < n_pool and attempts < n_pool * 5:
        config = configs[perm[attempts % len(configs)]]
        attempts += 1
        adds = generation.pick_additions(rng, a, 2, wanted)
        pid, ci = pool[int(rng.integers(len(pool)))]
        key = (config, tuple(v for _, _, v in adds), pid)
        if key in seen:
            continue
        seen.add(key)
        cands.append(
            generation.compose(
                domain=h,
                config=config,
                additions=adds,
                principle_id=pid,
                contradiction_index=ci,
                contradiction=contras[ci],
                triz=triz_data,
                obj=(
                    parsed.object
                    if parsed and parsed.object
                    else h.objects[int(rng.integers(len(h.objects)))]
                ),
                group=h.user_groups[int(rng.integers(len(h.user_groups)))],
                channel=h.market.get("channel", "partners"),
            )
        )
    target = parsed.shares if parsed else {harness: 0.6, amplification: 0.4}
    if parsed:
        profile = text + " " + " ".join(generation.label(t) for t in parsed.tags)
    else:
        profile = " ".join(
            [h.description, a.description] + [generation.label(t) for t in (*h.lexicon, *a.lexicon)]
        )
    scores, sim = score_candidates(kb, corpus, cands, text, profile, target)
    keep = []
    for i, s in enumerate(scores):
        sh = s["convergence"]["shares"]
        order = sorted(sh, key=lambda k: -sh[k])
        if order[:2] == [harness, amplification] and sh[harness] > sh[amplification]:
            keep.append(i)
    rank = np.zeros(len(cands))
    for i in keep:
        s = scores[i]
        rank[i] = s["convergence"]["score"] * s["relevance"] * s["market_impact"]
    top = rank.max() if rank.max() > 0 else 1.0
    picked = generation.mmr_select(rank / top, sim, count, lam=MMR_LAMBDA)
    picked = [i for i in picked if i in set(keep)]
    opps = []
    for n, i in enumerate(picked, 1):
        d = _concept_dict(cands[i], scores[i], kb, triz_data)
        d["rank"] = n
        d["sac_score"] = float(rank[i])
        d["harness"] = harness
        d["amplification"] = amplification
        opps.append(d)
    base["opportunities"] = opps
    base["candidates_considered"] = len(cands)
    return _round(base)
