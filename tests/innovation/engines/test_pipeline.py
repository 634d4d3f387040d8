import itertools
import json

import numpy as np
import pytest

from innovation.engines.pipeline import run_novelty
from innovation.engines.sac import run_sac


@pytest.fixture(scope="module")
def run(kb, triz_data, search, corpus):
    def _run(**kw):
        return run_novelty(kb, triz_data, search, corpus, **kw)

    return _run


@pytest.fixture(scope="module")
def mental(run):
    return run(challenge="AI-powered mental health solutions", count=6, seed=7)


def _scores_in_unit_interval(concept):
    for v in concept["scores"].values():
        assert 0.0 <= v <= 1.0
    assert 0.0 <= concept["breakdown"]["market"]["ecv_score"] <= 1.0


def test_novelty_workflow_output(mental, kb):
    assert len(mental["concepts"]) == 6
    assert mental["challenge"]["primary_domain"] == "health"
    assert mental["inputs_hash"] and mental["engine_versions"]["novelty"]
    for c in mental["concepts"]:
        _scores_in_unit_interval(c)
        assert c["title"] and c["description"] and c["mechanism"] and c["serves"]
        dom = kb.domain(c["domain"])
        values = [x["value"] for x in c["configuration"]]
        assert dom.consistent(values)
        assert c["prior_art"] and 0 <= c["prior_art"][0]["similarity"] <= 1
        assert c["breakdown"]["atypicality"]["quadrant"]


def test_same_seed_same_bytes_other_seed_other_set(run, mental):
    again = run(challenge="AI-powered mental health solutions", count=6, seed=7)
    assert json.dumps(again, sort_keys=True) == json.dumps(mental, sort_keys=True)
    other = run(challenge="AI-powered mental health solutions", count=6, seed=8)
    assert {c["title"] for c in other["concepts"]} != {c["title"] for c in mental["concepts"]}


def test_no_near_copies_selected(kb, corpus, mental):
    q = corpus.index.query(
        [f"{c['title']}. {c['description']} {c['mechanism']}" for c in mental["concepts"]]
    )
    sim = (q @ q.T).toarray()
    for i, j in itertools.combinations(range(sim.shape[0]), 2):
        assert sim[i, j] <= 0.8 + 1e-9


def test_domain_override(run):
    out = run(challenge="AI emotional companions", domain="social", count=3, seed=1)
    assert all(c["domain"] == "social" for c in out["concepts"])
    assert out["challenge"]["object"] == "companion"


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"challenge": ""}, "empty"),
        ({"challenge": "x" * 100_000}, "limit"),
        ({"challenge": "the and of"}, "meaningful"),
        ({"challenge": "ok challenge", "domain": "astrology"}, "valid domains: science"),
        ({"challenge": "ok challenge", "count": 0}, "count"),
        ({"challenge": "ok challenge", "count": 10_000}, "count"),
    ],
)
def test_bad_input(run, kw, message):
    with pytest.raises(ValueError, match=message):
        run(**kw)


def test_sac_harness_then_amplification(kb, triz_data, search, corpus):
    out = run_sac(kb, triz_data, search, corpus, harness="science", amplification="arts", count=5)
    assert out["opportunities"]
    scores = [o["sac_score"] for o in out["opportunities"]]
    assert scores[0] == max(scores)
    for o in out["opportunities"]:
        sh = o["domain_shares"]
        ranked = sorted(sh, key=lambda k: -sh[k])
        assert ranked[:2] == ["science", "arts"] and sh["science"] > sh["arts"]
        _scores_in_unit_interval(o)


def test_sac_any_pair_and_errors(kb, triz_data, search, corpus):
    out = run_sac(
        kb, triz_data, search, corpus, harness="commerce", amplification="energy", count=2
    )
    assert out["opportunities"][0]["harness"] == "commerce"
    with pytest.raises(ValueError, match="different"):
        run_sac(kb, triz_data, search, corpus, harness="arts", amplification="arts")
    with pytest.raises(ValueError, match="valid domains"):
        run_sac(kb, triz_data, search, corpus, harness="arts", amplification="x")
    with pytest.raises(ValueError, match="empty"):
        run_sac(kb, triz_data, search, corpus)


def test_sac_challenge_only_finds_domain_pairs(kb, triz_data, search, corpus):
    out = run_sac(kb, triz_data, search, corpus, challenge="Sustainable urban mobility")
    best = out["pairs"]["pairs"][0]
    assert {best["harness"], best["amplification"]} == {"mobility", "environment"}
    heat = np.array(out["pairs"]["heat"])
    assert heat.shape == (len(kb.keys), len(kb.keys))
    assert np.allclose(heat, heat.T)
    assert out["opportunities"] == []
