"""SAC integration engine: convergence opportunities where mechanisms of a harness domain are
amplified through an amplification domain, and (challenge only) which domain pairs converge most.

Each opportunity takes a full consistent configuration of the harness box (the capability), one
practice of the amplification domain with a stated function in the harness domain (the borrowing
table of ``data/morphology.json``) and a commercial model, so the harness always holds the largest
domain share and the amplification the second; this is re-checked on the output. Ranking:
rank = convergence x relevance x market impact, then MMR (lambda 0.7) without near-copies,
repeated mechanisms or repeated sentences.
"""

from __future__ import annotations

import numpy as np

from innovation.engines import concepts, convergence, drafting, generation, understanding
from innovation.engines.corpus import Corpus
from innovation.engines.knowledge import KnowledgeBase
from innovation.engines.morphology import Writing
from innovation.engines.pipeline import (
    MMR_LAMBDA,
    VERSIONS,
    _concept_dict_v2,
    _contradictions,
    _round,
    attach_fits,
    challenge_shares,
    cooccurring,
    default_writing,
    finish_drafts,
    inputs_hash,
    read_challenge,
    score_candidates,
    shortfall,
    validate_challenge,
    validate_count,
    validate_domain,
)
from innovation.engines.triz import ParameterSearch, TrizData

ENGINE_VERSION = "sac/2.0.0"


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
    writing: Writing | None = None,
) -> dict:
    """Opportunities for (harness, amplification), or the domain-pair map for a challenge.

    An opportunity names the harness capability (a consistent configuration of its box), one
    practice of the amplification domain that has a stated function in the harness domain, and
    a commercial model (commerce's revenue parameter), and says why together they beat each
    alone. Without a challenge the relevance is the share overlap with a 0.6/0.4 split.
    """
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
    writing = writing or default_writing(kb)
    for key in (harness, amplification):
        if key not in writing.domains:
            raise ValueError(f"domain {key!r} has no writing data in morphology.json")
    h, a = kb.domain(harness), kb.domain(amplification)
    hw = writing.domain(harness)
    contras, ch_params = _contradictions(search, h, text)
    pool = generation.principle_pool(contras, {p for p, _ in ch_params})
    und = read_challenge(kb, triz_data, writing, text, parsed, ch_params, hw.problem)
    if parsed:
        base["challenge"]["understanding"] = und.as_dict()
    rng = np.random.default_rng(seed)
    cands = drafting.sac_drafts(
        rng=rng,
        kb=kb,
        writing=writing,
        harness=h,
        amplification=a,
        und=und,
        pool=pool,
        contras=contras,
        triz=triz_data,
        count=count,
        obj=parsed.object if parsed and parsed.object else "",
    )
    base["inputs"]["writing"] = writing.fingerprint
    base["inputs_hash"] = inputs_hash(base["inputs"])
    if not cands:
        base["opportunities"] = []
        base["candidates_considered"] = 0
        base["shortfall"] = {
            "requested": count,
            "delivered": 0,
            "reason": (
                f"no practice of {a.name.lower()} has a stated function in {h.name.lower()} "
                f"(innovation/data/morphology.json), so nothing would be more than a juxtaposition"
            ),
        }
        return _round(base)
    target = parsed.shares if parsed else {harness: 0.6, amplification: 0.4}
    if parsed:
        profile = text + " " + " ".join(generation.label(t) for t in und.tags)
    else:
        profile = " ".join(
            [h.description, a.description] + [generation.label(t) for t in (*h.lexicon, *a.lexicon)]
        )
    fits = None
    if parsed:
        related = understanding.related_tags(und, writing.thesaurus, cooccurring(corpus))
        fits = [understanding.fit(und, c.text, c.tags, c.user_group, related) for c in cands]
    fit_arr = np.array([f["score"] for f in fits]) if fits else None
    scores, sim = score_candidates(kb, corpus, cands, text, profile, target, fit=fit_arr)
    if fits:
        attach_fits(scores, fits)
    cands = finish_drafts(cands, scores)
    keep = np.zeros(len(cands), dtype=bool)
    for i, s in enumerate(scores):
        sh = s["convergence"]["shares"]
        order = sorted(sh, key=lambda k: -sh[k])
        keep[i] = order[:2] == [harness, amplification] and sh[harness] > sh[amplification]
        if fits:
            keep[i] &= fits[i]["score"] >= concepts.FIT_FLOOR and fits[i]["problem_addressed"]
    rank = np.zeros(len(cands))
    for i in np.flatnonzero(keep):
        s = scores[i]
        rank[i] = s["convergence"]["score"] * s["relevance"] * s["market_impact"]
    top = rank.max() if rank.max() > 0 else 1.0
    picked = concepts.select(cands, rank / top, sim, keep, count, lam=MMR_LAMBDA, borrow_once=False)
    opps = []
    for n, i in enumerate(picked, 1):
        d = _concept_dict_v2(cands[i], scores[i], kb, triz_data)
        d["rank"] = n
        d["sac_score"] = float(rank[i])
        d["harness"] = harness
        d["amplification"] = amplification
        opps.append(d)
    base["opportunities"] = opps
    base["candidates_considered"] = len(cands)
    base["shortfall"] = shortfall(count, len(opps), len(cands), int(keep.sum()), und.problem)
    return _round(base)
