"""Knowledge base: domains (tag lexicons, morphological boxes with exclusions, contradictions,
market defaults) as frozen dataclasses, and challenge parsing against the lexicons.

A tag belongs to exactly one domain. Keyword matching is on lower-cased word boundaries; a plural
'-s' of a keyword also matches.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

ENGINE_VERSION = "knowledge/1.0.0"


@dataclass(frozen=True)
class BoxParameter:
    """A morphological-box parameter; ``phrase`` has a ``{v}`` slot for the chosen value."""

    key: str
    name: str
    phrase: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Domain:
    """One knowledge domain."""

    key: str
    name: str
    description: str
    lexicon: dict[str, tuple[str, ...]]
    objects: tuple[str, ...]
    user_groups: tuple[str, ...]
    box: tuple[BoxParameter, ...]
    exclusions: frozenset[frozenset[str]]
    contradictions: tuple[tuple[str, str], ...]
    market: dict = field(default_factory=dict)

    def consistent(self, values: tuple[str, ...] | list[str]) -> bool:
        """True when no pair of ``values`` is a cross-consistency exclusion."""
        return not any(
            frozenset(pair) in self.exclusions for pair in itertools.combinations(values, 2)
        )

    def configurations(self) -> list[tuple[str, ...]]:
        """All consistent configurations of the box (one value per parameter), in box order."""
        combos = itertools.product(*(p.values for p in self.box))
        return [c for c in combos if self.consistent(c)]


@dataclass(frozen=True)
class KnowledgeBase:
    """All domains, in a fixed order, with tag -> domain lookup."""

    domains: tuple[Domain, ...]

    @property
    def keys(self) -> list[str]:
        return [d.key for d in self.domains]

    def domain(self, key: str) -> Domain:
        for d in self.domains:
            if d.key == key:
                return d
        raise KeyError(key)

    def tag_domain(self) -> dict[str, str]:
        return {t: d.key for d in self.domains for t in d.lexicon}


def domain_from_dict(d: dict) -> Domain:
    """Build a Domain from the domains.json structure; validates tags and exclusions."""
    lex = {t: tuple(k.lower() for k in kws) for t, kws in d["lexicon"].items()}
    box = tuple(
        BoxParameter(p["key"], p["name"], p["phrase"], tuple(p["values"]))
        for p in d["box"]["parameters"]
    )
    for p in box:
        for v in p.values:
            if v not in lex:
                raise ValueError(f"{d['key']}: box value {v!r} is not a lexicon tag")
    excl = frozenset(frozenset(pair) for pair in d["box"].get("exclusions", []))
    for pair in excl:
        if len(pair) != 2 or not pair <= set(lex):
            raise ValueError(f"{d['key']}: exclusion {sorted(pair)} must name two lexicon tags")
    return Domain(
        key=d["key"],
        name=d["name"],
        description=d["description"],
        lexicon=lex,
        objects=tuple(d["objects"]),
        user_groups=tuple(d["user_groups"]),
        box=box,
        exclusions=excl,
        contradictions=tuple((c["improve"], c["worsen"]) for c in d["contradictions"]),
        market=dict(d.get("market", {})),
    )


def knowledge_from_dicts(domains: list[dict]) -> KnowledgeBase:
    """Build the knowledge base; a tag may belong to one domain only."""
    built = tuple(domain_from_dict(d) for d in domains)
    seen: dict[str, str] = {}
    for d in built:
        for t in d.lexicon:
            if t in seen:
                raise ValueError(f"tag {t!r} is in both {seen[t]} and {d.key}")
            seen[t] = d.key
    return KnowledgeBase(built)


@functools.lru_cache(maxsize=4096)
def _pattern(keyword: str) -> re.Pattern:
    return re.compile(r"(?<![\w])" + re.escape(keyword) + r"(?:s|es)?(?![\w])")


@dataclass(frozen=True)
class ParsedChallenge:
    """What the lexicons found in a challenge text."""

    text: str
    tags: tuple[str, ...]
    shares: dict[str, float]
    object: str
    user_groups: tuple[str, ...]
    matched: dict[str, list[str]]


GENERIC_OBJECTS = ("solution", "system", "service", "platform", "product", "tool", "device", "app")


def parse_challenge(
    kb: KnowledgeBase, text: str, *, fallback_shares: dict[str, float]
) -> ParsedChallenge:
    """Match lexicon keywords, objects and user groups in ``text``.

    Domain shares are the matched tag counts per domain, normalised; when nothing matches, the
    caller's ``fallback_shares`` (e.g. cosine to domain profiles) are used.
    """
    low = text.lower()
    tags: list[str] = []
    matched: dict[str, list[str]] = {}
    for d in kb.domains:
        for tag, kws in d.lexicon.items():
            hits = [k for k in kws if _pattern(k).search(low)]
            if hits:
                tags.append(tag)
                matched[tag] = hits
    counts: dict[str, float] = {}
    tag_dom = kb.tag_domain()
    for t in tags:
        counts[tag_dom[t]] = counts.get(tag_dom[t], 0.0) + 1.0
    total = sum(counts.values())
    shares = {k: v / total for k, v in counts.items()} if total else dict(fallback_shares)
    objects = [o for d in kb.domains for o in d.objects] + list(GENERIC_OBJECTS)
    obj = next((o for o in dict.fromkeys(objects) if _pattern(o).search(low)), "")
    groups = tuple(g for d in kb.domains for g in d.user_groups if _pattern(g.lower()).search(low))
    return ParsedChallenge(text, tuple(tags), shares, obj, groups, matched)
