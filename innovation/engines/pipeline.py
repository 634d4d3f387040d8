"""The two generation workflows: the novelty engine and the SAC (science-arts-commerce)
integration engine, plus scoring of free texts against the prior art.

Both are pure: they take the knowledge base, TRIZ data and the corpus model and return a plain,
JSON-ready dict whose floats are rounded to 6 decimals, so the same seed gives byte-identical JSON.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

from innovation.engines import convergence, generation, knowledge, market, novelty, triz
from innovation.engines import text_index as ti
from innovation.engines.corpus import Corpus, domain_affinity
from innovation.engines.knowledge import KnowledgeBase, parse_challenge
from innovation.engines.triz import ParameterSearch, TrizData, map_contradiction

ENGINE_VERSION = "pipeline/1.0.0"
VERSIONS = {
    m.__name__.rsplit(".", 1)[-1]: m.ENGINE_VERSION
    for m in (ti, novelty, generation, convergence, triz, market, knowledge)
} | {"pipeline": ENGINE_VERSION}
MAX_CHALLENGE = 1000
MAX_COUNT = 100
MMR_LAMBDA = 0.7


def _round(obj):
    if isinstance(obj, float | np.floating):
        v = round(float(obj), 6)
        return 0.0 if v == 0 else v
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_round(v) for v in obj]
    if isinstance(obj, np.integer):
        return int(obj)
    return obj


def inputs_hash(payload: dict) -> str:
    """sha256 of the canonical JSON of the inputs."""
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()
    return hashlib.sha256(raw).hexdigest()


def validate_challenge(text: str | None, *, required: bool = True) -> str:
    """Strip and check a challenge text; raise ValueError with a plain message."""
    text = (text or "").strip()
    if not text:
        if required:
            raise ValueError("challenge must not be empty")
        return ""
    if len(text) > MAX_CHALLENGE:
        raise ValueError(f"challenge is {len(text)} characters; the limit is {MAX_CHALLENGE}")
    if not ti.terms(text):
        raise ValueError("challenge has no meaningful words")
    return text


def validate_count(count: int) -> int:
    if not isinstance(count, int) or not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count must be between 1 and {MAX_COUNT}")
    return count


def validate_domain(kb: KnowledgeBase, key: str) -> str:
    if key not in kb.keys:
        raise ValueError(f"unknown domain {key!r}; valid domains: {', '.join(kb.keys)}")
    return key


def challenge_shares(kb: KnowledgeBase, corpus: Corpus, text: str) -> knowledge.ParsedChallenge:
    """Parse the challenge; fall back to cosine against domain centroids when no keyword hits."""
    aff = domain_affinity(corpus, corpus.index.query([text]))[0]
    total = aff.sum()
    fallback = (
        {k: float(a / total) for k, a in zip(corpus.keys, aff, strict=True) if a > 0}
        if total > 0
        else {k: 1.0 / len(corpus.keys) for k in corpus.keys}
    )
    return parse_challenge(kb, text, fallback_shares=fallback)


def _shares_of(kb: KnowledgeBase, tags: tuple[str, ...]) -> dict[str, float]:
    tag_dom = kb.tag_domain()
    counts: dict[str, float] = {}
    for t in tags:
        counts[tag_dom[t]] = counts.get(tag_dom[t], 0.0) + 1.0
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items()}


def _market_inputs(
    dom: knowledge.Domain, nov: float, rel: float, conv: float
) -> market.MarketInputs:
    m = dom.market
    trl = int(np.clip(round(m.get("base_trl", 5) + 1 - 2 * nov), 1, 9))
    pcs = float(np.clip(0.3 + 0.4 * rel + 0.2 * conv, 0.05, 0.95))
    return market.MarketInputs(
        adopters=float(m.get("adopters", 100000)),
        margin=float(m.get("margin", 50.0)),
        p=float(m.get("p", 0.03)),
        q=float(m.get("q", 0.38)),
        discount=float(m.get("discount", 0.10)),
        dev_cost=float(m.get("dev_cost", 500000.0)),
        launch_cost=float(m.get("launch_cost", 200000.0)),
        trl=trl,
        pcs=round(pcs, 6),
    )


def score_candidates(
    kb: KnowledgeBase,
    corpus: Corpus,
    cands: list[generation.Candidate],
    challenge: str,
    profile: str,
    target_shares: dict[str, float],
) -> tuple[list[dict], np.ndarray]:
    """Score every candidate; returns the score dicts and the candidates' pairwise cosines.

    relevance = 0.5 * cosine(concept, profile) + (profile = the challenge expanded with its
                matched tag labels, or the domains' descriptions and tags)
              + 0.5 * share overlap sum_k min(p_concept_k, p_target_k).
    """
    texts = [c.text for c in cands]
    q = corpus.index.query(texts)
    cq = corpus.index.query([challenge]) if challenge else None
    eq = corpus.index.query([profile]) if profile.strip() else None
    arts = novelty.prior_art(corpus, texts, q)
    imps = novelty.importance(corpus, q, cq)
    lex = ti.sparse_dot(q, eq).ravel() if eq is not None else np.zeros(len(cands))
    all_shares = [_shares_of(kb, c.tags) for c in cands]
    overlap = np.array(
        [sum(min(v, target_shares.get(k, 0.0)) for k, v in sh.items()) for sh in all_shares]
    )
    rel = np.clip(0.5 * lex + 0.5 * overlap, 0.0, 1.0)
    rel_norm = rel
    scores = []
    for i, c in enumerate(cands):
        shares = all_shares[i]
        conv = convergence.convergence_score(shares, corpus.disparity, corpus.keys)
        aty = novelty.atypicality(corpus, c.tags)
        mk = market.market_estimate(
            _market_inputs(kb.domain(c.domain), arts[i]["novelty"], rel_norm[i], conv["score"]),
            relevance=float(rel_norm[i]),
        )
        scores.append(
            {
                "novelty": arts[i]["novelty"],
                "duplicate": arts[i]["duplicate"],
                "prior_art": arts[i]["matches"],
                "breakthrough_potential": imps[i]["potential"],
                "importance": imps[i],
                "atypicality": aty,
                "convergence": conv,
                "market_impact": mk["score"],
                "market": mk,
                "relevance": float(rel[i]),
                "relevance_norm": float(rel_norm[i]),
            }
        )
    sim = ti.sparse_dot(q, q)
    return scores, sim


def _composite(s: dict) -> float:
    return (
        0.3 * s["novelty"]
        + 0.25 * s["breakthrough_potential"]
        + 0.15 * s["convergence"]["score"]
        + 0.15 * s["market_impact"]
        + 0.15 * s["relevance_norm"]
    )


def _concept_dict(c: generation.Candidate, s: dict, kb: KnowledgeBase, triz_data: TrizData) -> dict:
    return {
        "title": c.title,
        "description": c.description,
        "mechanism": c.mechanism,
        "serves": c.serves,
        "domain": c.domain,
        "object": c.object,
        "user_group": c.user_group,
        "configuration": [{"parameter": k, "value": v} for k, v in c.configuration],
        "additions": [{"domain": d, "parameter": k, "value": v} for d, k, v in c.additions],
        "principle": {"id": c.principle, "name": triz_data.principle(c.principle).name},
        "tags": list(c.tags),
        "domain_shares": s["convergence"]["shares"],
        "scores": {
            "novelty": s["novelty"],
            "breakthrough_potential": s["breakthrough_potential"],
            "atypicality": s["atypicality"]["score"],
            "convergence": s["convergence"]["score"],
            "market_impact": s["market_impact"],
            "relevance": s["relevance"],
        },
        "duplicate": s["duplicate"],
        "breakdown": {
            "importance": s["importance"],
            "atypicality": s["atypicality"],
            "convergence": s["convergence"],
            "market": s["market"],
        },
        "prior_art": s["prior_art"],
    }


def _contradictions(
    search: ParameterSearch, dom: knowledge.Domain, challenge: str
) -> tuple[list[triz.Contradiction], list[tuple[int, float]]]:
    found = [map_contradiction(search, a, b) for a, b in dom.contradictions]
    params = search.search(challenge, 3) if challenge else []
    return found, params


def run_novelty(
    kb: KnowledgeBase,
    triz_data: TrizData,
    search: ParameterSearch,
    corpus: Corpus,
    *,
    challenge: str,
    domain: str | None = None,
    count: int = 10,
    seed: int = 0,
) -> dict:
    """Generate ``count`` concepts for a challenge (see module and issue for the four steps)."""
    challenge = validate_challenge(challenge)
    count = validate_count(count)
    if domain:
        validate_domain(kb, domain)
    parsed = challenge_shares(kb, corpus, challenge)
    aff = domain_affinity(corpus, corpus.index.query([challenge]))[0]
    kpos = {k: i for i, k in enumerate(kb.keys)}
    ranked = sorted(parsed.shares.items(), key=lambda kv: (-kv[1], -aff[kpos[kv[0]]], kpos[kv[0]]))
    primary = domain or ranked[0][0]
    dom = kb.domain(primary)
    others = [k for k, _ in ranked if k != primary]
    far = sorted(
        (k for k in kb.keys if k != primary and k not in others),
        key=lambda k: (-corpus.disparity[kpos[primary], kpos[k]], kpos[k]),
    )
    secondaries = (others + far)[:3]
    weights = np.array([parsed.shares.get(k, 0.0) + 0.1 for k in secondaries])
    weights = weights / weights.sum()

    contras, ch_params = _contradictions(search, dom, challenge)
    pool = generation.principle_pool(contras, {p for p, _ in ch_params})
    rng = np.random.default_rng(seed)
    configs = dom.configurations()
    wanted = frozenset(parsed.tags)
    rank = np.argsort(rng.permutation(len(configs)))
    perm = sorted(range(len(configs)), key=lambda i: (-len(wanted & set(configs[i])), rank[i]))
    n_pool = min(max(4 * count, 24), len(configs) * len(pool) * len(secondaries))
    cands: list[generation.Candidate] = []
    seen: set = set()
    attempts = 0
    while len(cands) < n_pool and attempts < n_pool * 5:
        config = configs[perm[attempts % len(configs)]]
        attempts += 1
        sec = kb.domain(secondaries[int(rng.choice(len(secondaries), p=weights))])
        adds = generation.pick_additions(rng, sec, 1, wanted)
        pid, ci = pool[int(rng.integers(len(pool)))]
        key = (config, tuple((d.key, v) for d, _, v in adds), pid)
        if key in seen:
            continue
        seen.add(key)
        group = (
            parsed.user_groups[int(rng.integers(len(parsed.user_groups)))]
            if parsed.user_groups
            else dom.user_groups[int(rng.integers(len(dom.user_groups)))]
        )
        cands.append(
            generation.compose(
                domain=dom,
                config=config,
                additions=adds,
                principle_id=pid,
                contradiction_index=ci,
                contradiction=contras[ci],
                triz=triz_data,
                obj=parsed.object or dom.objects[int(rng.integers(len(dom.objects)))],
                group=group,
                channel=dom.market.get("channel", "direct channels"),
            )
        )
    profile = challenge + " " + " ".join(generation.label(t) for t in parsed.tags)
    scores, sim = score_candidates(kb, corpus, cands, challenge, profile, parsed.shares)
    rel = np.array([_composite(s) for s in scores])
    picked = generation.mmr_select(rel, sim, count, lam=MMR_LAMBDA)
    inputs = {
        "workflow": "novelty",
        "challenge": challenge,
        "domain": domain or "",
        "count": count,
        "seed": seed,
        "corpus": corpus.fingerprint,
    }
    concepts = []
    for rank, i in enumerate(picked, 1):
        d = _concept_dict(cands[i], scores[i], kb, triz_data)
        d["rank"] = rank
        d["composite"] = float(rel[i])
        concepts.append(d)
    return _round(
        {
            "workflow": "novelty",
            "inputs": inputs,
            "inputs_hash": inputs_hash(inputs),
            "seed": seed,
            "engine_versions": VERSIONS,
            "challenge": {
                "text": challenge,
                "tags": list(parsed.tags),
                "domain_shares": parsed.shares,
                "object": parsed.object,
                "user_groups": list(parsed.user_groups),
                "primary_domain": primary,
                "secondary_domains": secondaries,
                "parameters": [
                    {"id": p, "name": triz_data.parameter(p).name, "score": s} for p, s in ch_params
                ],
                "contradictions": [c.as_dict(triz_data) for c in contras],
            },
            "candidates_considered": len(cands),
            "concepts": concepts,
        }
    )
