"""Evaluation of generated concepts against the shipped evaluation set (issue 17).

For each challenge the engine is run once with a fixed seed and count; the figures are:

* on-topic share: concepts whose title or description touches at least one of the challenge's
  required terms (lower-cased word-boundary match, optional plural -s/-es), over all concepts;
* cross-consistency violations: element pairs of a concept (box values and ``group:<whom>``)
  that are incompatible cells of the domain's matrix, plus borrowed values without a stated
  function in the target domain;
* near-duplicate pairs: concept pairs of one run whose TF-IDF cosine exceeds 0.8 (scikit-learn
  ``TfidfVectorizer``, English stop words, sublinear TF, fitted on that run's texts only, so the
  measure does not share the engine's own index);
* distinct mechanisms: distinct TRIZ principles applied among a run's concepts;
* repeated sentences: sentences (of titles, descriptions and mechanisms) that occur in more than
  one concept of a run;
* time per run in seconds (wall clock, ``time.perf_counter``).
"""

from __future__ import annotations

import itertools
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer

from innovation.engines.knowledge import _pattern
from innovation.engines.morphology import Writing

ENGINE_VERSION = "evaluation/1.0.0"
NEAR_DUPLICATE = 0.8
GOALS = {
    "on_topic_share": ">= 0.90",
    "violations": "0",
    "near_duplicate_pairs": "0",
    "distinct_mechanisms_min": ">= 7 per run of 10",
    "repeated_sentences": "0",
}


@dataclass(frozen=True)
class EvalChallenge:
    """One challenge of the evaluation set with the terms an on-topic concept must touch."""

    id: str
    text: str
    domain: str
    terms: tuple[str, ...]


def eval_set_from_dict(data: dict) -> list[EvalChallenge]:
    out = [
        EvalChallenge(c["id"], c["text"], c.get("domain", ""), tuple(t.lower() for t in c["terms"]))
        for c in data["challenges"]
    ]
    if len({c.id for c in out}) != len(out):
        raise ValueError("evaluation challenge ids must be unique")
    return out


def touches(text: str, terms: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(_pattern(t).search(low) for t in terms)


_SENT = re.compile(r"(?<=[.!?])\s+")


def sentences(concept: dict) -> list[str]:
    parts = [concept.get("title", ""), concept.get("description", ""), concept.get("mechanism", "")]
    out = []
    for p in parts:
        out += [s.strip() for s in _SENT.split(p) if len(s.strip()) > 3]
    return out


def concept_violations(concept: dict, writing: Writing) -> list[str]:
    """Cross-consistency violations of one concept (plain-text reasons)."""
    dw = writing.domain(concept["domain"])
    elements = [x["value"] for x in concept.get("configuration", [])]
    if concept.get("user_group"):
        elements.append(f"group:{concept['user_group']}")
    out = [f"{c['a']} x {c['b']}: {c['why']}" for c in dw.conflicts(elements)]
    for add in concept.get("additions", []):
        if dw.borrowing(add["domain"], add["value"]) is None:
            out.append(f"{add['value']} borrowed from {add['domain']} without a stated function")
    return out


def run_figures(concepts: list[dict], terms: tuple[str, ...], writing: Writing) -> dict:
    """Figures of one run (see the module docstring)."""
    on_topic = [touches(f"{c['title']}. {c['description']}", terms) for c in concepts]
    violations = [v for c in concepts for v in concept_violations(c, writing)]
    texts = [f"{c['title']}. {c['description']} {c.get('mechanism', '')}" for c in concepts]
    pairs = []
    if len(texts) > 1:
        vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        m = vec.fit_transform(texts)
        sim = (m @ m.T).toarray()
        pairs = [
            (i, j, float(sim[i, j]))
            for i, j in itertools.combinations(range(len(texts)), 2)
            if sim[i, j] > NEAR_DUPLICATE
        ]
    seen: dict[str, set[int]] = {}
    for i, c in enumerate(concepts):
        for s in sentences(c):
            seen.setdefault(s, set()).add(i)
    repeated = sorted(s for s, ix in seen.items() if len(ix) > 1)
    return {
        "concepts": len(concepts),
        "on_topic": int(sum(on_topic)),
        "off_topic_titles": [
            c["title"] for c, ok in zip(concepts, on_topic, strict=True) if not ok
        ],
        "violations": violations,
        "near_duplicate_pairs": pairs,
        "distinct_mechanisms": len({c["principle"]["id"] for c in concepts}),
        "repeated_sentences": repeated,
    }


def evaluate(
    run: Callable[..., dict],
    challenges: list[EvalChallenge],
    writing: Writing,
    *,
    count: int = 10,
    seed: int = 0,
) -> dict:
    """Run ``run(challenge=, domain=, count=, seed=)`` on every challenge and sum the figures."""
    runs = []
    for ch in challenges:
        t0 = time.perf_counter()
        res = run(challenge=ch.text, domain=ch.domain or None, count=count, seed=seed)
        elapsed = time.perf_counter() - t0
        figs = run_figures(res["concepts"], ch.terms, writing)
        figs.update({"id": ch.id, "challenge": ch.text, "seconds": elapsed})
        figs["shortfall"] = res.get("shortfall")
        runs.append(figs)
    total = sum(r["concepts"] for r in runs)
    full = [r for r in runs if r["concepts"] >= count]
    mech = [r["distinct_mechanisms"] for r in full] or [0]
    secs = [r["seconds"] for r in runs]
    return {
        "challenges": len(runs),
        "count": count,
        "seed": seed,
        "concepts": total,
        "on_topic_share": (sum(r["on_topic"] for r in runs) / total) if total else 0.0,
        "violations": sum(len(r["violations"]) for r in runs),
        "near_duplicate_pairs": sum(len(r["near_duplicate_pairs"]) for r in runs),
        "distinct_mechanisms_min": min(mech),
        "distinct_mechanisms_mean": statistics.fmean(mech),
        "repeated_sentences": sum(len(r["repeated_sentences"]) for r in runs),
        "short_runs": sum(1 for r in runs if r["concepts"] < count),
        "seconds_mean": statistics.fmean(secs) if secs else 0.0,
        "seconds_max": max(secs) if secs else 0.0,
        "runs": runs,
        "goals": GOALS,
    }


def report_lines(summary: dict) -> list[str]:
    """Plain-text report of an evaluation summary."""
    s = summary
    lines = [
        f"challenges {s['challenges']}, count {s['count']}, seed {s['seed']}, "
        f"concepts {s['concepts']} ({s['short_runs']} runs returned fewer than {s['count']})",
        f"on-topic share          {s['on_topic_share']:.3f}   (goal {GOALS['on_topic_share']})",
        f"cross-consistency viol. {s['violations']}       (goal {GOALS['violations']})",
        f"near-duplicate pairs    {s['near_duplicate_pairs']}       (goal 0, cosine > 0.8)",
        f"distinct mechanisms     min {s['distinct_mechanisms_min']}, mean "
        f"{s['distinct_mechanisms_mean']:.1f} per full run (goal >= 7 of 10)",
        f"repeated sentences      {s['repeated_sentences']}       (goal 0)",
        f"time per run            mean {s['seconds_mean']:.3f} s, max {s['seconds_max']:.3f} s",
    ]
    for r in s["runs"]:
        flags = []
        if r["concepts"] - r["on_topic"]:
            flags.append(f"{r['concepts'] - r['on_topic']} off-topic")
        if r["violations"]:
            flags.append(f"{len(r['violations'])} violations")
        if r["near_duplicate_pairs"]:
            flags.append(f"{len(r['near_duplicate_pairs'])} near-duplicates")
        if r["repeated_sentences"]:
            flags.append(f"{len(r['repeated_sentences'])} repeated sentences")
        lines.append(
            f"  {r['id']} {r['challenge'][:48]:<48} {r['concepts']:>2} concepts, "
            f"{r['distinct_mechanisms']} mechanisms, {r['seconds']:.3f} s"
            + (f"  [{'; '.join(flags)}]" if flags else "")
        )
    return lines


def goals_missed(res: dict) -> list[str]:
    """The goals a summary misses, as plain phrases (empty when all are met)."""
    out = []
    if res["on_topic_share"] < 0.9:
        out.append(f"on-topic share {res['on_topic_share']:.3f} < 0.90")
    if res["violations"]:
        out.append(f"{res['violations']} cross-consistency violations")
    if res["near_duplicate_pairs"]:
        out.append(f"{res['near_duplicate_pairs']} near-duplicate pairs")
    if res["count"] >= 10 and res["distinct_mechanisms_min"] < 7:
        out.append(f"only {res['distinct_mechanisms_min']} distinct mechanisms in a run")
    if res["repeated_sentences"]:
        out.append(f"{res['repeated_sentences']} repeated sentences")
    return out
