"""Drafting candidate concepts for the novelty and SAC workflows from the writing data.

Every draft is a consistent configuration of the domain's box, a user group compatible with it
(cross-consistency matrix), one worked TRIZ instantiation of a principle the contradiction matrix
recommends, and at most one borrowed value that has a stated function in the target domain.
"""

from __future__ import annotations

import numpy as np

from innovation.engines import concepts
from innovation.engines.concepts import Draft
from innovation.engines.knowledge import Domain, KnowledgeBase
from innovation.engines.morphology import Borrowing, DomainWriting, Writing
from innovation.engines.triz import Contradiction, TrizData
from innovation.engines.understanding import Understanding

ENGINE_VERSION = "drafting/1.0.0"
#: Drafts walk the configurations in order (most challenge tags first, then a seeded order), up
#: to the best-matching half of them but at least this many, so consecutive drafts differ.
MIN_HEAD = 24


def _param_of(kb: KnowledgeBase) -> dict[str, str]:
    return {v: p.key for d in kb.domains for p in d.box for v in p.values}


def _head(configs: list) -> int:
    return max(1, min(len(configs), max(MIN_HEAD, len(configs) // 2)))


def _slots(rng, dw: DomainWriting, insts, configs, groups, n_pool: int):
    """(attempt, instantiation, contradiction index, configuration, group) in drafting order:
    instantiations and the leading configurations cycle, so consecutive drafts differ; the group
    is a seeded pick among those the matrix allows with the configuration."""
    head = _head(configs)
    for attempt in range(n_pool * 5):
        inst, ci = insts[attempt % len(insts)]
        config = configs[attempt % head]
        ok = [g for g in groups if dw.compatible((*config, f"group:{g}"))]
        if ok:
            yield attempt, inst, ci, config, ok[int(rng.integers(len(ok)))]


def _write(kb, dom, dw, contras, triz, und, obj, inst, ci, config, group, borrowing, sac=None):
    return concepts.write(
        dom=dom,
        dw=dw,
        config=config,
        group=group,
        inst=inst,
        contradiction_index=ci,
        contradiction=contras[ci],
        triz=triz,
        und=und,
        borrowing=borrowing,
        source_name=kb.domain(borrowing.source).name if borrowing else "",
        ai="machine-learning" in und.tags,
        channel=dom.market.get("channel", "direct channels"),
        obj=obj,
        borrowed_param=_param_of(kb).get(borrowing.value, "") if borrowing else "",
        sac=sac,
    )


def _pool_size(count: int, n_inst: int) -> int:
    return max(4 * count, 4 * n_inst)


def novelty_drafts(
    *,
    rng: np.random.Generator,
    kb: KnowledgeBase,
    dom: Domain,
    dw: DomainWriting,
    und: Understanding,
    pool: list[tuple[int, int]],
    contras: list[Contradiction],
    triz: TrizData,
    secondaries: list[str],
    count: int,
    obj: str,
) -> list[Draft]:
    """Candidate concepts for the novelty workflow, in a seeded order."""
    insts = concepts.instantiation_pool(dw, pool)
    if not insts:
        return []
    insts = [insts[i] for i in rng.permutation(len(insts))]
    configs = concepts.ordered_configs(rng, dom.configurations(), und.wanted)
    groups = list(und.people) or list(dom.user_groups)
    # Every stated borrowing of the domain, those the challenge names or its secondary domains
    # offer first; drafts cycle through them with a plain draft in between, so each borrowing
    # appears on several drafts and half the drafts borrow nothing.
    borrows = sorted(
        dw.borrowings,
        key=lambda b: (
            b.value not in und.tags,
            secondaries.index(b.source) if b.source in secondaries else len(secondaries),
        ),
    )
    offset = int(rng.integers(2 * len(borrows))) if borrows else 0
    n_pool = _pool_size(count, len(insts))
    drafts: list[Draft] = []
    seen: set = set()
    for attempt, inst, ci, config, group in _slots(rng, dw, insts, configs, groups, n_pool):
        if len(drafts) >= n_pool:
            break
        borrowing: Borrowing | None = None
        if borrows and (attempt + offset) % 2 == 0:
            borrowing = borrows[((attempt + offset) // 2) % len(borrows)]
        key = (config, group, inst.id, borrowing.value if borrowing else "")
        if key in seen:
            continue
        seen.add(key)
        drafts.append(
            _write(kb, dom, dw, contras, triz, und, obj, inst, ci, config, group, borrowing)
        )
    return drafts


def _commercial_values(kb: KnowledgeBase, config: tuple[str, ...], harness: Domain) -> list[str]:
    """The commercial models on offer: the harness' own revenue value when the harness is
    commerce, else every value of commerce's revenue parameter."""
    if "commerce" not in kb.keys:
        return []
    com = kb.domain("commerce")
    revenue = next((p for p in com.box if p.key == "revenue"), com.box[0])
    if harness.key == "commerce":
        return [v for v in config if v in revenue.values]
    return list(revenue.values)


def sac_drafts(
    *,
    rng: np.random.Generator,
    kb: KnowledgeBase,
    writing: Writing,
    harness: Domain,
    amplification: Domain,
    und: Understanding,
    pool: list[tuple[int, int]],
    contras: list[Contradiction],
    triz: TrizData,
    count: int,
    obj: str,
) -> list[Draft]:
    """Candidate SAC opportunities: a harness capability, an amplification practice with a stated
    function in the harness domain, and a commercial model, in a seeded order."""
    hw, aw = writing.domain(harness.key), writing.domain(amplification.key)
    practices = [b for b in hw.borrowings if b.source == amplification.key]
    insts = concepts.instantiation_pool(hw, pool)
    if not practices or not insts:
        return []
    insts = [insts[i] for i in rng.permutation(len(insts))]
    configs = concepts.ordered_configs(rng, harness.configurations(), und.wanted)
    groups = list(und.people) or list(harness.user_groups)
    com_how = writing.domain("commerce").how if "commerce" in writing.domains else {}
    ai = "machine-learning" in und.tags
    n_pool = _pool_size(count, len(insts))
    drafts: list[Draft] = []
    seen: set = set()
    for _, inst, ci, config, group in _slots(rng, hw, insts, configs, groups, n_pool):
        if len(drafts) >= n_pool:
            break
        models = _commercial_values(kb, config, harness)
        if not models:
            continue
        practice = practices[int(rng.integers(len(practices)))]
        model = models[int(rng.integers(len(models)))]
        key = (config, group, inst.id, practice.value, model)
        if key in seen:
            continue
        seen.add(key)
        form_value = next(v for p, v in zip(harness.box, config, strict=True) if p.key == hw.form)
        what = hw.what[form_value]
        if ai and not what.startswith("AI "):
            what = f"AI {what}"
        plabel = concepts.label(practice.value)
        why = (
            f"Together they beat each alone: on its own the {what} {hw.alone}, and "
            f"{plabel} on its own {aw.alone}; combined, {plabel} is there "
            f"{practice.function}, and the offer {com_how.get(model, 'is sold')}."
        )
        sac = {
            "capability": f"{what} ({harness.name.lower()})",
            "practice": f"{plabel} ({amplification.name.lower()})",
            "practice_label": plabel,
            "practice_function": practice.function,
            "commercial_model": concepts.label(model),
            "why_together": why,
        }
        drafts.append(
            _write(kb, harness, hw, contras, triz, und, obj, inst, ci, config, group, practice, sac)
        )
    return drafts
