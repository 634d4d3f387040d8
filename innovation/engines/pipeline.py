"""The two generation workflows: the novelty engine and the SAC (science-arts-commerce)
integration engine, plus scoring of free texts against the prior art.

Both are pure: they take the knowledge base, TRIZ data and the corpus model and return a plain,
JSON-ready dict whose floats are rounded to 6 decimals, so the same seed gives byte-identical JSON.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

from innovation.engines import (
    concepts,
    convergence,
    drafting,
    generation,
    knowledge,
    market,
    morphology,
    novelty,
    triz,
    understanding,
)
from innovation.engines import text_index as ti
from innovation.engines.corpus import Corpus, domain_affinity
from innovation.engines.knowledge import KnowledgeBase, parse_challenge
from innovation.engines.morphology import Writing, writing_from_dicts
from innovation.engines.triz import ParameterSearch, TrizData, map_contradiction

ENGINE_VERSION = "pipeline/2.0.0"
VERSIONS = {
    m.__name__.rsplit(".", 1)[-1]: m.ENGINE_VERSION
    for m in (
        ti,
        novelty,
        generation,
        convergence,
        triz,
        market,
        knowledge,
        morphology,
        understanding,
        concepts,
        drafting,
    )
} | {"pipeline": ENGINE_VERSION}
MAX_CHALLENGE = 1000
MAX_COUNT = 100
MMR_LAMBDA = 0.7


_WRITING: dict[int, tuple[KnowledgeBase, Writing]] = {}


def default_writing(kb: KnowledgeBase) -> Writing:
    """The shipped writing data (thesaurus, cross-consistency matrix, TRIZ instantiations)
    validated against ``kb``; built once per knowledge base object."""
    hit = _WRITING.get(id(kb))
    if hit is not None and hit[0] is kb:
        return hit[1]
    from innovation.data import load_instantiations, load_morphology, load_thesaurus

    w = writing_from_dicts(kb, load_morphology(), load_instantiations(), load_thesaurus())
    _WRITING[id(kb)] = (kb, w)
    return w


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
    fit: np.ndarray | None = None,
) -> tuple[list[dict], np.ndarray]:
    """Score every candidate; returns the score dicts and the candidates' pairwise cosines.

    relevance = 0.5 * cosine(concept, profile) + (profile = the challenge expanded with its
                matched tag labels, or the domains' descriptions and tags)
              + 0.5 * fit, the share of the challenge's facets (problem, named tags, people,
                setting) the concept addresses, when a challenge was read; without a challenge
                the share overlap sum_k min(p_concept_k, p_target_k) takes its place.
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
    second = fit if fit is not None else overlap
    rel = np.clip(0.5 * lex + 0.5 * second, 0.0, 1.0)
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
                "relevance_parts": {
                    "lexical": float(lex[i]),
                    "fit": float(fit[i]) if fit is not None else None,
                    "share_overlap": float(overlap[i]),
                },
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


def _concept_dict_v2(c: concepts.Draft, s: dict, kb: KnowledgeBase, triz_data: TrizData) -> dict:
    """The concept dict of :func:`_concept_dict` plus the issue-17 fields (all additive)."""
    d = _concept_dict(c, s, kb, triz_data)
    d["contradiction"] = c.contradiction_text
    d["mechanism_id"] = c.instantiation
    d["borrowing"] = c.borrowing
    d["what"] = c.what
    d["breakdown"]["relevance"] = {**s["relevance_parts"], **s.get("fit_detail", {})}
    if c.sac is not None:
        d["sac"] = {k: v for k, v in c.sac.items() if k != "practice_label"}
    return d


def attach_fits(scores: list[dict], fits: list[dict]) -> None:
    """Keep each candidate's fit explanation next to its scores (shown under relevance)."""
    for s, f in zip(scores, fits, strict=True):
        s["fit_detail"] = {
            "addressed": f["addressed"],
            "missed": f["missed"],
            "floor": concepts.FIT_FLOOR,
        }


def cooccurring(corpus: Corpus) -> dict[str, set[str]]:
    """Tag -> the tags it shares at least one prior-art document with (shipped corpus)."""
    ts = corpus.tagstats
    out: dict[str, set[str]] = {}
    for i, j in zip(*np.nonzero(ts.observed >= 1), strict=True):
        out.setdefault(ts.tags[i], set()).add(ts.tags[j])
    return out


def finish_drafts(drafts: list[concepts.Draft], scores: list[dict]) -> list[concepts.Draft]:
    """Add the why-new sentence. The precedent is the most similar of the top prior-art matches
    that shares a tag with the draft (a document about something else is no precedent); when
    none does, the sentence says nothing on file comes close and names the best match."""
    out = []
    for d, s in zip(drafts, scores, strict=True):
        tags = set(d.tags)
        near = next((m for m in s["prior_art"] if tags & set(m.get("tags", ()))), None)
        top = near or (s["prior_art"][0] if s["prior_art"] else None)
        doc_tags = tuple(top["tags"]) if top else ()
        out.append(concepts.with_why_new(d, concepts.why_new(d, top, doc_tags, near is not None)))
    return out


def shortfall(requested: int, delivered: int, considered: int, eligible: int, problem: str) -> dict:
    """Why a run returned fewer concepts than asked (``None`` when it did not)."""
    if delivered >= requested:
        return None
    if considered == 0:
        reason = "no consistent configuration with a worked mechanism exists for this domain"
    elif eligible < requested:
        reason = (
            f"only {eligible} of {considered} candidates address the problem ({problem}) and at "
            f"least half of what the challenge names; the others would be off-topic filler"
        )
    else:
        reason = (
            "the remaining on-topic candidates repeat a mechanism, a sentence or are near-copies "
            "of concepts already chosen"
        )
    return {"requested": requested, "delivered": delivered, "reason": reason}


def _contradictions(
    search: ParameterSearch, dom: knowledge.Domain, challenge: str
) -> tuple[list[triz.Contradiction], list[tuple[int, float]]]:
    found = [map_contradiction(search, a, b) for a, b in dom.contradictions]
    params = search.search(challenge, 3) if challenge else []
    return found, params


def read_challenge(
    kb: KnowledgeBase,
    triz_data: TrizData,
    writing: Writing,
    text: str,
    parsed: knowledge.ParsedChallenge | None,
    ch_params: list[tuple[int, float]],
    default_problem: str,
) -> understanding.Understanding:
    """The engine's reading of the challenge (problem, people, setting, constraints)."""
    und = understanding.understand(
        kb,
        writing.thesaurus,
        text,
        lexicon_tags=parsed.tags if parsed else (),
        lexicon_groups=parsed.user_groups if parsed else (),
        parameters=tuple((p, triz_data.parameter(p).name, sc) for p, sc in ch_params),
    )
    return und.with_default_problem(default_problem)


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
    writing: Writing | None = None,
) -> dict:
    """Generate up to ``count`` concepts for a challenge.

    1. Read the challenge (lexicons, thesaurus, TRIZ parameter search): problem, people,
       setting, constraints; pick the primary domain and up to three secondary ones.
    2. Draft candidates: consistent configurations x compatible user groups x worked TRIZ
       instantiations of the matrix's principles x borrowings with a stated function.
    3. Score every candidate (novelty, breakthrough potential, atypicality, convergence,
       market, relevance) and add the sentence on what is new against the closest prior art.
    4. Keep candidates above the relevance floor (the problem and at least half of the
       challenge's facets addressed) and select by MMR without repeated mechanisms or sentences;
       a shorter list comes with ``shortfall`` saying why.
    """
    challenge = validate_challenge(challenge)
    count = validate_count(count)
    if domain:
        validate_domain(kb, domain)
    writing = writing or default_writing(kb)
    parsed = challenge_shares(kb, corpus, challenge)
    aff = domain_affinity(corpus, corpus.index.query([challenge]))[0]
    kpos = {k: i for i, k in enumerate(kb.keys)}
    ranked = sorted(parsed.shares.items(), key=lambda kv: (-kv[1], -aff[kpos[kv[0]]], kpos[kv[0]]))
    primary = domain or ranked[0][0]
    if primary not in writing.domains:
        raise ValueError(f"domain {primary!r} has no writing data in morphology.json")
    dom, dw = kb.domain(primary), writing.domain(primary)
    others = [k for k, _ in ranked if k != primary]
    far = sorted(
        (k for k in kb.keys if k != primary and k not in others),
        key=lambda k: (-corpus.disparity[kpos[primary], kpos[k]], kpos[k]),
    )
    secondaries = (others + far)[:3]

    contras, ch_params = _contradictions(search, dom, challenge)
    pool = generation.principle_pool(contras, {p for p, _ in ch_params})
    und = read_challenge(kb, triz_data, writing, challenge, parsed, ch_params, dw.problem)
    rng = np.random.default_rng(seed)
    cands = drafting.novelty_drafts(
        rng=rng,
        kb=kb,
        dom=dom,
        dw=dw,
        und=und,
        pool=pool,
        contras=contras,
        triz=triz_data,
        secondaries=secondaries,
        count=count,
        obj=parsed.object,
    )
    profile = challenge + " " + " ".join(generation.label(t) for t in und.tags)
    related = understanding.related_tags(und, writing.thesaurus, cooccurring(corpus))
    fits = [understanding.fit(und, c.text, c.tags, c.user_group, related) for c in cands]
    fit_arr = np.array([f["score"] for f in fits])
    picked: list[int] = []
    eligible = np.array([f["score"] >= concepts.FIT_FLOOR and f["problem_addressed"] for f in fits])
    if cands:
        scores, sim = score_candidates(
            kb, corpus, cands, challenge, profile, parsed.shares, fit=fit_arr
        )
        attach_fits(scores, fits)
        cands = finish_drafts(cands, scores)
        rel = np.array([_composite(s) for s in scores])
        picked = concepts.select(cands, rel, sim, eligible, count, lam=MMR_LAMBDA)
    inputs = {
        "workflow": "novelty",
        "challenge": challenge,
        "domain": domain or "",
        "count": count,
        "seed": seed,
        "corpus": corpus.fingerprint,
        "writing": writing.fingerprint,
    }
    out_concepts = []
    for rank, i in enumerate(picked, 1):
        d = _concept_dict_v2(cands[i], scores[i], kb, triz_data)
        d["rank"] = rank
        d["composite"] = float(rel[i])
        out_concepts.append(d)
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
                "understanding": und.as_dict(),
            },
            "candidates_considered": len(cands),
            "candidates_on_topic": int(eligible.sum()) if len(cands) else 0,
            "concepts": out_concepts,
            "shortfall": shortfall(
                count, len(out_concepts), len(cands), int(eligible.sum()), und.problem
            ),
        }
    )
