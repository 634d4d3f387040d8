"""Reading a challenge before generating: the problem, the people affected, the setting and the
constraints, from the shipped thesaurus (``data/thesaurus.json``), the domain lexicons and the
TRIZ parameter search.

Matching is on lower-cased word boundaries with an optional plural ending, like the lexicons.
The problem is, in order: wordings that name a problem directly (``problem_terms``, in the order
they appear in the text), then the problems of the matched tags in the thesaurus' priority order;
at most two are joined. When nothing names a problem, a short challenge (up to eight content
words) is itself the problem; a longer one falls back to the domain's default problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from innovation.engines import text_index as ti
from innovation.engines.knowledge import KnowledgeBase, _pattern

ENGINE_VERSION = "understanding/1.0.0"
MAX_PROBLEMS = 2
SHORT_CHALLENGE_WORDS = 8


@dataclass(frozen=True)
class Facet:
    """Something the challenge names that a concept should address; ``keys`` show it does."""

    kind: str
    label: str
    keys: tuple[str, ...]
    tag: str = ""


@dataclass(frozen=True)
class Understanding:
    """What the engine read in a challenge."""

    text: str
    problem: str
    problem_source: str
    problem_tags: tuple[str, ...]
    people: tuple[str, ...]
    setting: str
    constraints: tuple[tuple[str, str], ...]
    tags: tuple[str, ...]
    wanted: frozenset[str]
    parameters: tuple[tuple[int, str, float], ...]
    facets: tuple[Facet, ...]

    def with_default_problem(self, phrase: str) -> Understanding:
        """The same reading with the domain's default problem when none was found."""
        if self.problem:
            return self
        return Understanding(
            self.text,
            phrase,
            "domain default",
            self.problem_tags,
            self.people,
            self.setting,
            self.constraints,
            self.tags,
            self.wanted,
            self.parameters,
            self.facets,
        )

    def summary(self) -> str:
        parts = [f"Problem: {self.problem or 'not named'} ({self.problem_source})"]
        parts.append("people: " + (", ".join(self.people) or "not named"))
        parts.append("setting: " + (self.setting or "not named"))
        parts.append("constraints: " + (", ".join(p for _, p in self.constraints) or "none stated"))
        return "; ".join(parts) + "."

    def as_dict(self) -> dict:
        return {
            "summary": self.summary(),
            "problem": self.problem,
            "problem_source": self.problem_source,
            "problem_tags": list(self.problem_tags),
            "people": list(self.people),
            "setting": self.setting,
            "constraints": [{"key": k, "phrase": p} for k, p in self.constraints],
            "tags": list(self.tags),
            "parameters": [{"id": i, "name": n, "score": s} for i, n, s in self.parameters],
            "facets": [{"kind": f.kind, "label": f.label} for f in self.facets],
        }


def _first(low: str, terms) -> int:
    """Position of the earliest match of any term in ``low``, or -1."""
    best = -1
    for t in terms:
        m = _pattern(t.lower()).search(low)
        if m and (best < 0 or m.start() < best):
            best = m.start()
    return best


def _spans(low: str, terms) -> list[tuple[int, int]]:
    return [m.span() for t in terms for m in _pattern(t.lower()).finditer(low)]


def _inside(span: tuple[int, int], claimed: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in claimed)


def understand(
    kb: KnowledgeBase,
    thesaurus: dict,
    text: str,
    *,
    lexicon_tags: tuple[str, ...],
    lexicon_groups: tuple[str, ...] = (),
    parameters: tuple[tuple[int, str, float], ...] = (),
) -> Understanding:
    """Read ``text`` (see the module docstring). ``lexicon_tags``/``lexicon_groups`` are what
    :func:`knowledge.parse_challenge` matched; ``parameters`` are the TRIZ parameter matches."""
    low = text.lower()
    order = {t: i for i, t in enumerate(kb.tag_domain())}
    syn = thesaurus.get("synonyms", {})
    tags = list(lexicon_tags)
    for tag, kws in syn.items():
        if tag in order and tag not in tags and _first(low, kws) >= 0:
            tags.append(tag)
    tags.sort(key=lambda t: order[t])

    found: list[tuple[int, str, tuple[str, ...]]] = []
    claimed: list[tuple[int, int]] = []
    for row in thesaurus.get("problem_terms", []):
        pos = _first(low, row["terms"])
        if pos >= 0:
            found.append((pos, row["phrase"], tuple(row.get("tags", ()))))
            claimed += _spans(low, row["terms"])
    found.sort(key=lambda r: r[0])
    phrases = [p for _, p, _ in found]
    ptags = [t for _, _, ts in found for t in ts]
    probs = thesaurus.get("problems", {})
    lexicon = {t: kws for d in kb.domains for t, kws in d.lexicon.items()}
    for tag in thesaurus.get("priority", []):
        if tag in tags and tag in probs and probs[tag] not in phrases:
            spans = _spans(low, (*lexicon.get(tag, ()), *syn.get(tag, ())))
            # A word already read as part of another problem ('walking' in 'walking routes')
            # does not name a second one.
            if spans and all(_inside(sp, claimed) for sp in spans):
                continue
            phrases.append(probs[tag])
            ptags.append(tag)
            claimed += spans
    phrases = list(dict.fromkeys(phrases))[:MAX_PROBLEMS]
    content = ti.terms(text)
    if phrases:
        problem, source = " and ".join(phrases), "thesaurus"
    elif len(content) <= SHORT_CHALLENGE_WORDS:
        problem, source = text.strip().rstrip(".!?").lower(), "challenge text"
    else:
        problem, source = "", "none"

    people = list(lexicon_groups)
    hits = []
    for row in thesaurus.get("people", []):
        pos = _first(low, row["terms"])
        if pos >= 0:
            hits.append((pos, row["group"]))
    people += [g for _, g in sorted(hits)]
    people = list(dict.fromkeys(people))
    settings = sorted(
        (p, row["phrase"])
        for row in thesaurus.get("settings", [])
        if (p := _first(low, row["terms"])) >= 0
    )
    setting = settings[0][1] if settings else ""
    constraints, wanted = [], set(tags)
    for row in thesaurus.get("constraints", []):
        if _first(low, row["terms"]) >= 0:
            constraints.append((row["key"], row["phrase"]))
            wanted |= set(row.get("tags", ()))

    lex = {t: kws for d in kb.domains for t, kws in d.lexicon.items()}
    facets = []
    if problem and source != "challenge text":
        keys = [problem] + [k for t in ptags for k in lex.get(t, ())]
        facets.append(Facet("problem", problem, tuple(dict.fromkeys(keys))))
    for t in tags:
        if t in ptags:
            continue
        keys = (t.replace("-", " "), *lex.get(t, ()), *syn.get(t, ()))
        facets.append(Facet("tag", t.replace("-", " "), tuple(dict.fromkeys(keys)), tag=t))
    if people:
        facets.append(Facet("people", ", ".join(people), tuple(people)))
    if setting:
        facets.append(Facet("setting", setting, (setting,)))
    if not facets:
        facets = [Facet("word", w, (w,)) for w in dict.fromkeys(content)][:6]
    return Understanding(
        text=text,
        problem=problem,
        problem_source=source,
        problem_tags=tuple(dict.fromkeys(ptags)),
        people=tuple(people),
        setting=setting,
        constraints=tuple(constraints),
        tags=tuple(tags),
        wanted=frozenset(wanted),
        parameters=tuple(parameters),
        facets=tuple(facets),
    )


def related_tags(und: Understanding, thesaurus: dict, cooccurring: dict[str, set[str]]) -> set:
    """Tags that count as working on the challenge's problem: the problem tags, the thesaurus'
    related tags and the tags that co-occur with a problem tag in the prior-art corpus."""
    out = set(und.problem_tags)
    rel = thesaurus.get("related", {})
    for t in und.problem_tags:
        out |= set(rel.get(t, ())) | cooccurring.get(t, set())
    return out


def fit(
    und: Understanding,
    text: str,
    tags: tuple[str, ...],
    whom: str,
    related: set[str] | None = None,
) -> dict:
    """Share of the challenge's facets a concept addresses, with the addressed and missed ones.

    A tag facet counts when the concept carries the tag or its text uses one of the tag's
    keywords; people count when the concept serves one of them; the setting counts when the text
    uses it. The problem counts when the text names it (or one of its tags' keywords) and, when
    ``related`` is given, the concept also carries one of those tags: naming a problem in a
    sentence is not the same as working on it.
    """
    low = text.lower()
    done, missed = [], []
    for f in und.facets:
        if f.kind == "people":
            ok = whom in und.people
        elif f.kind == "tag" and f.tag in tags:
            ok = True
        elif f.kind == "problem":
            named = any(_pattern(k.lower()).search(low) for k in f.keys)
            ok = named and (related is None or bool(related & set(tags)))
        else:
            ok = any(_pattern(k.lower()).search(low) for k in f.keys)
        (done if ok else missed).append(f"{f.kind}: {f.label}")
    total = len(und.facets)
    problem_ok = not any(f.kind == "problem" for f in und.facets) or any(
        d.startswith("problem:") for d in done
    )
    return {
        "score": len(done) / total if total else 0.0,
        "problem_addressed": problem_ok,
        "addressed": done,
        "missed": missed,
    }
