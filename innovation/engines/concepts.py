"""Writing coherent concepts: morphological configurations checked against the cross-consistency
matrix, one worked TRIZ instantiation each, an optional borrowing with a stated function, and
readable text ("<what> for <whom> that <does what>", a 2-3 sentence description, the
contradiction in plain words).

Text is filled from the shipped writing data only; randomness comes from the caller's
``numpy.random.Generator``, so the same seed gives the same drafts in the same order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from innovation.engines.generation import label
from innovation.engines.knowledge import Domain
from innovation.engines.morphology import Borrowing, DomainWriting, Instantiation
from innovation.engines.triz import Contradiction, TrizData
from innovation.engines.understanding import Understanding

ENGINE_VERSION = "concepts/1.0.0"
#: Minimum share of the challenge's facets a concept must address (and the problem itself).
FIT_FLOOR = 0.5


@dataclass(frozen=True)
class Draft:
    """One generated concept before scoring (same fields as ``generation.Candidate`` plus the
    worked instantiation, the borrowing, the plain contradiction and the SAC parts)."""

    domain: str
    configuration: tuple[tuple[str, str], ...]
    additions: tuple[tuple[str, str, str], ...]
    principle: int
    contradiction: int
    object: str
    user_group: str
    title: str
    description: str
    mechanism: str
    serves: str
    instantiation: str
    contradiction_text: str
    borrowing: dict | None
    what: str
    does: str
    sac: dict | None = None

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(v for _, v in self.configuration) + tuple(v for _, _, v in self.additions)

    @property
    def text(self) -> str:
        return f"{self.title}. {self.description} {self.mechanism}"

    @property
    def elements(self) -> tuple[str, ...]:
        return tuple(v for _, v in self.configuration) + (f"group:{self.user_group}",)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _low(s: str) -> str:
    head = s.split()[0] if s.split() else ""
    return s if len(head) > 1 and head.isupper() else s[:1].lower() + s[1:]


def article(noun: str) -> str:
    """'a' or 'an' for a noun phrase (acronyms read by letter: 'an AI ...')."""
    head = noun.split()[0] if noun else ""
    if head.isupper() and head[:1] in "AEFHILMNORSX":
        return "an"
    return "an" if head[:1].lower() in "aeiou" else "a"


def join_and(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def write(
    *,
    dom: Domain,
    dw: DomainWriting,
    config: tuple[str, ...],
    group: str,
    inst: Instantiation,
    contradiction_index: int,
    contradiction: Contradiction,
    triz: TrizData,
    und: Understanding,
    borrowing: Borrowing | None,
    source_name: str,
    ai: bool,
    channel: str,
    obj: str,
    borrowed_param: str = "",
    sac: dict | None = None,
) -> Draft:
    """Compose one concept's title, first two description sentences, mechanism and audience.

    The third description sentence (why it is new against the closest prior art) needs the
    prior-art scores and is added by :func:`with_why_new`.
    """
    form_value = next(v for p, v in zip(dom.box, config, strict=True) if p.key == dw.form)
    what = dw.what[form_value]
    if ai and not what.startswith("AI "):
        what = f"AI {what}"
    setting = f" {und.setting}" if und.setting and und.setting not in group else ""
    does = inst.does.format(problem=und.problem)
    title = f"{_cap(what)} for {group}{setting} that {does}"
    if sac:
        title = f"{_cap(what)} with {sac['practice_label']} for {group}{setting} that {does}"
    hows = [dw.how[v] for p, v in zip(dom.box, config, strict=True) if p.key != dw.form]
    s1 = f"{_cap(article(what))} {what} that {join_and(hows)}."
    s2 = inst.how.format(problem=und.problem, whom=group)
    if borrowing is not None and not sac:
        # One sentence with the mechanism, so the borrowing reads as part of how it works.
        src, lab = source_name.lower(), label(borrowing.value)
        s2 = f"{s2.rstrip('.')}; it borrows {lab} from {src} {borrowing.function}."
    plain = dw.contradictions[contradiction_index]
    pr = triz.principle(inst.principle)
    mech = (
        f"The {what} resolves the contradiction that {_low(plain).rstrip('.')} through TRIZ "
        f"principle {pr.id}, {pr.name.lower()}."
    )
    if sac:
        mech += f" {sac['why_together']}"
    additions = ()
    if borrowing is not None:
        additions = ((borrowing.source, borrowed_param, borrowing.value),)
    return Draft(
        domain=dom.key,
        configuration=tuple((p.key, v) for p, v in zip(dom.box, config, strict=True)),
        additions=additions,
        principle=inst.principle,
        contradiction=contradiction_index,
        object=obj or what,
        user_group=group,
        title=title,
        description=f"{s1} {s2}",
        mechanism=mech,
        serves=f"{_cap(group)}{setting}, reached through {channel}.",
        instantiation=inst.id,
        contradiction_text=plain,
        borrowing=(
            {"domain": borrowing.source, "value": borrowing.value, "function": borrowing.function}
            if borrowing
            else None
        ),
        what=what,
        does=does,
        sac=sac,
    )


def why_new(
    draft: Draft, match: dict | None, doc_tags: tuple[str, ...], precedent: bool = True
) -> str:
    """The sentence saying what is new against the closest prior-art document."""
    if match is None:
        return "No document in the prior-art corpus shares its wording; nothing on file is close."
    ref = f"{match['title']} ({match['year']})"
    if not precedent:
        words = match.get("shared_terms") or []
        shared = f"only the words {join_and(words[:3])}" if words else "almost no words"
        return (
            f"Nothing on file comes close: the best match, {ref}, shares {shared} with it "
            f"(cosine {match['similarity']:.3f})."
        )
    new = [label(t) for t in dict.fromkeys(draft.tags) if t not in doc_tags]
    if new:
        return f"Unlike the closest prior art, {ref}, it adds {join_and(new[:3])} to that idea."
    return (
        f"It uses the same parts as the closest prior art, {ref}, and is new in how it "
        f"{_low(draft.does)}."
    )


def with_why_new(draft: Draft, sentence: str) -> Draft:
    return Draft(**{**draft.__dict__, "description": f"{draft.description} {sentence}"})


def sentences(draft: Draft) -> set[str]:
    """The concept's sentences (title, description, mechanism) for the no-repeat rule."""
    out = {draft.title.strip()}
    for part in (draft.description, draft.mechanism):
        out |= {s.strip() for s in re.split(r"(?<=[.!?])\s+", part) if len(s.strip()) > 3}
    return out


def ordered_configs(
    rng: np.random.Generator, configs: list[tuple[str, ...]], wanted: frozenset[str]
) -> list[tuple[str, ...]]:
    """Configurations with the most challenge tags first, ties in a seeded random order."""
    rank = np.argsort(rng.permutation(len(configs)))
    order = sorted(range(len(configs)), key=lambda i: (-len(wanted & set(configs[i])), rank[i]))
    return [configs[i] for i in order]


def instantiation_pool(
    dw: DomainWriting, pool: list[tuple[int, int]]
) -> list[tuple[Instantiation, int]]:
    """Worked instantiations of the recommended principles, each with its contradiction index,
    in the pool's order (principles without a worked example for the domain are not used)."""
    out = []
    for pid, ci in pool:
        out += [(inst, ci) for inst in dw.instantiations if inst.principle == pid]
    return out


def select(
    drafts: list[Draft],
    relevance: np.ndarray,
    similarity: np.ndarray,
    eligible: np.ndarray,
    k: int,
    *,
    lam: float,
    max_sim: float = 0.8,
    borrow_once: bool = True,
) -> list[int]:
    """MMR (Carbonell and Goldstein 1998) over eligible drafts with three extra rules: each
    worked instantiation and (unless ``borrow_once`` is false, as for SAC, where the practice is
    the point) each borrowed value at most once, no sentence shared with an already
    selected concept, and no near-copy (cosine above ``max_sim``). Ties go to the lower index
    (deterministic)."""
    n = len(drafts)
    selected: list[int] = []
    available = eligible.copy()
    used_inst: set[str] = set()
    used_borrow: set[str] = set()
    used_sent: set[str] = set()
    sents = [sentences(d) for d in drafts]
    while len(selected) < k and available.any():
        red = similarity[:, selected].max(axis=1) if selected else np.zeros(n)
        score = lam * relevance - (1.0 - lam) * red
        score[~available] = -np.inf
        best = int(np.argmax(score))
        available[best] = False
        b = drafts[best].borrowing["value"] if drafts[best].borrowing and borrow_once else None
        if drafts[best].instantiation in used_inst or b in used_borrow or sents[best] & used_sent:
            continue
        selected.append(best)
        used_inst.add(drafts[best].instantiation)
        if b:
            used_borrow.add(b)
        used_sent |= sents[best]
        available &= similarity[:, best] <= max_sim
    return selected
