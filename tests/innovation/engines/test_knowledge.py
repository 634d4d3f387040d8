import itertools

import pytest

from innovation.data import load_domains, load_prior_art
from innovation.engines.knowledge import domain_from_dict, knowledge_from_dicts, parse_challenge

REQUIRED = {
    "science",
    "arts",
    "commerce",
    "social",
    "health",
    "finance",
    "mobility",
    "energy",
    "education",
    "environment",
}


def test_ten_domains_with_lexicon_and_box(kb):
    assert set(kb.keys) >= REQUIRED
    for d in kb.domains:
        assert len(d.lexicon) >= 8
        assert len(d.box) >= 3
        assert d.exclusions
        assert d.contradictions
        assert d.configurations()


def test_configurations_never_contain_an_excluded_pair(kb):
    for d in kb.domains:
        for config in d.configurations():
            for pair in itertools.combinations(config, 2):
                assert frozenset(pair) not in d.exclusions
        full = 1
        for p in d.box:
            full *= len(p.values)
        assert len(d.configurations()) < full


def test_bad_domain_data_is_rejected():
    raw = load_domains()["domains"][0]
    bad = {**raw, "box": {**raw["box"], "exclusions": [["nope", "machine-learning"]]}}
    with pytest.raises(ValueError, match="exclusion"):
        domain_from_dict(bad)
    twice = [raw, {**raw, "key": "copy"}]
    with pytest.raises(ValueError, match="both"):
        knowledge_from_dicts(twice)


def test_parse_challenge(kb):
    p = parse_challenge(kb, "AI emotional companions", fallback_shares={})
    assert p.shares["social"] == pytest.approx(2 / 3)
    assert p.object == "companion"
    assert "machine-learning" in p.tags
    none = parse_challenge(kb, "qwerty", fallback_shares={"arts": 1.0})
    assert none.shares == {"arts": 1.0}


def test_prior_art_corpus_is_valid(kb):
    meta, rows = load_prior_art()
    assert meta["version"] and meta["source"]
    assert len(rows) >= 300
    tag_dom = kb.tag_domain()
    for r in rows:
        assert r["domain"] in kb.keys
        assert 1900 < r["year"] <= 2026
        assert r["tags"] and all(t in tag_dom for t in r["tags"])
    assert {r["domain"] for r in rows} >= REQUIRED
    assert len({r["ref"] for r in rows}) == len(rows)
