"""Writing data for coherent concepts: per-domain morphological fields with a cross-consistency
matrix (Zwicky 1969; Ritchey 1998), cross-domain borrowings with a stated function, worked TRIZ
instantiations per principle and domain, and plain-word contradictions.

A concept's *elements* are its box values (lexicon tags) and ``group:<user group>``. An element
pair is inconsistent when it is an incompatible cell of the domain's matrix or an exclusion of
``domains.json``; every other pair is compatible (Ritchey's "x" cells are the listed ones).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass

from innovation.engines.knowledge import KnowledgeBase

ENGINE_VERSION = "morphology/1.0.0"


@dataclass(frozen=True)
class Instantiation:
    """A TRIZ principle worked out for one domain: a title clause and a mechanism sentence."""

    id: str
    domain: str
    principle: int
    does: str
    how: str


@dataclass(frozen=True)
class Borrowing:
    """A value of another domain and the function it serves in the target domain."""

    source: str
    value: str
    function: str


@dataclass(frozen=True)
class DomainWriting:
    """Everything needed to write coherent concepts for one domain."""

    key: str
    form: str
    what: dict[str, str]
    how: dict[str, str]
    cells: dict[frozenset[str], str]
    borrowings: tuple[Borrowing, ...]
    contradictions: tuple[str, ...]
    problem: str
    alone: str
    instantiations: tuple[Instantiation, ...]

    def conflicts(self, elements: list[str] | tuple[str, ...]) -> list[dict]:
        """Every incompatible pair among ``elements`` with the matrix's reason."""
        out = []
        for a, b in itertools.combinations(dict.fromkeys(elements), 2):
            why = self.cells.get(frozenset((a, b)))
            if why:
                out.append({"a": a, "b": b, "why": why})
        return out

    def compatible(self, elements: list[str] | tuple[str, ...]) -> bool:
        return not self.conflicts(elements)

    def borrowing(self, source: str, value: str) -> Borrowing | None:
        for b in self.borrowings:
            if b.source == source and b.value == value:
                return b
        return None


@dataclass(frozen=True)
class Writing:
    """Writing data for every domain plus the thesaurus (a plain dict, read by understanding)."""

    domains: dict[str, DomainWriting]
    thesaurus: dict
    fingerprint: str

    def domain(self, key: str) -> DomainWriting:
        return self.domains[key]


def _cells(d: dict, kb_domain, groups: set[str]) -> dict[frozenset[str], str]:
    """The incompatible cells; ``only`` lists the user groups a value suits (all other known
    groups become incompatible cells)."""
    cells: dict[frozenset[str], str] = {}
    for pair in kb_domain.exclusions:
        cells[pair] = "excluded in the domain's morphological box (domains.json)"
    for c in d.get("incompatible", []):
        a = c["a"] if isinstance(c["a"], list) else [c["a"]]
        if "only" in c:
            unknown = set(c["only"]) - groups
            if unknown:
                raise ValueError(f"{kb_domain.key}: 'only' names unknown groups {sorted(unknown)}")
            b = sorted(groups - set(c["only"]))
        else:
            b = c["b"] if isinstance(c["b"], list) else [c["b"]]
        for x, y in itertools.product(a, b):
            cells[frozenset((x, y))] = c["why"]
    return cells


def writing_from_dicts(
    kb: KnowledgeBase, morphology: dict, instantiations: dict, thesaurus: dict
) -> Writing:
    """Build and validate the writing data against the knowledge base.

    Raises ValueError naming the first problem: an unknown domain, tag, form parameter or
    principle, a form value without a noun, a box value without a clause, a borrowing of a tag
    that is not the source domain's, or a contradiction list that does not match domains.json.
    """
    tag_dom = kb.tag_domain()
    insts: dict[str, list[Instantiation]] = {}
    counter: dict[tuple[str, int], int] = {}
    for row in instantiations["instantiations"]:
        key = (row["domain"], int(row["principle"]))
        if row["domain"] not in kb.keys:
            raise ValueError(f"instantiation for unknown domain {row['domain']!r}")
        if not 1 <= key[1] <= 40:
            raise ValueError(f"instantiation with principle {key[1]} outside 1..40")
        if "{problem}" not in row["does"]:
            raise ValueError(f"instantiation {key} does not name the problem in 'does'")
        counter[key] = counter.get(key, 0) + 1
        iid = f"{key[0]}-{key[1]}-{counter[key]}"
        insts.setdefault(row["domain"], []).append(
            Instantiation(iid, row["domain"], key[1], row["does"], row["how"])
        )
    out: dict[str, DomainWriting] = {}
    for key in kb.keys:
        if key not in morphology["domains"]:
            raise ValueError(f"morphology has no entry for domain {key!r}")
        d, kd = morphology["domains"][key], kb.domain(key)
        params = {p.key: p for p in kd.box}
        if d["form"] not in params:
            raise ValueError(f"{key}: form parameter {d['form']!r} is not a box parameter")
        for v in params[d["form"]].values:
            if v not in d["what"]:
                raise ValueError(f"{key}: form value {v!r} has no noun")
        for p in kd.box:
            if p.key == d["form"]:
                continue
            for v in p.values:
                if v not in d["how"]:
                    raise ValueError(f"{key}: box value {v!r} has no clause")
        groups = {f"group:{g}" for dom in kb.domains for g in dom.user_groups}
        groups |= {f"group:{p['group']}" for p in thesaurus.get("people", [])}
        cells = _cells(d, kd, groups)
        for pair in cells:
            for x in pair:
                if x not in tag_dom and x not in groups:
                    raise ValueError(f"{key}: matrix cell names unknown element {x!r}")
        borrows = []
        for b in d.get("borrow", []):
            if tag_dom.get(b["value"]) != b["from"] or b["from"] == key:
                raise ValueError(f"{key}: borrowing {b['value']!r} is not a tag of {b['from']!r}")
            borrows.append(Borrowing(b["from"], b["value"], b["function"]))
        if len(d["contradictions"]) != len(kd.contradictions):
            raise ValueError(
                f"{key}: {len(d['contradictions'])} plain contradictions for "
                f"{len(kd.contradictions)} in domains.json"
            )
        out[key] = DomainWriting(
            key=key,
            form=d["form"],
            what=dict(d["what"]),
            how=dict(d["how"]),
            cells=cells,
            borrowings=tuple(borrows),
            contradictions=tuple(d["contradictions"]),
            problem=d["problem"],
            alone=d.get("alone", ""),
            instantiations=tuple(insts.get(key, [])),
        )
    raw = json.dumps([morphology, instantiations, thesaurus], sort_keys=True).encode()
    return Writing(out, thesaurus, hashlib.sha256(raw).hexdigest()[:16])
