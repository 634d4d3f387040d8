import numpy as np
import pytest

from innovation.engines.convergence import (
    convergence_score,
    disparity_matrix,
    pair_opportunities,
    rao_stirling,
)

KEYS = ["science", "arts", "commerce"]
FAR = np.ones((3, 3)) - np.eye(3)


def test_single_domain_is_zero():
    assert convergence_score({"science": 1.0}, FAR, KEYS)["score"] == 0.0


def test_even_split_over_maximally_distant_domains_is_one():
    assert convergence_score({"science": 0.5, "arts": 0.5}, FAR, KEYS)["score"] == pytest.approx(1)
    even3 = dict.fromkeys(KEYS, 1 / 3)
    out = convergence_score(even3, FAR, KEYS)
    assert out["score"] == pytest.approx(1.0)
    assert out["balance"] == pytest.approx(1.0)
    assert out["variety"] == 3


def test_rao_stirling_by_hand():
    d = np.array([[0, 0.5, 1.0], [0.5, 0, 0.2], [1.0, 0.2, 0]])
    p = np.array([0.5, 0.3, 0.2])
    hand = 2 * (0.5 * 0.3 * 0.5 + 0.5 * 0.2 * 1.0 + 0.3 * 0.2 * 0.2)
    assert rao_stirling(p, d) == pytest.approx(hand)
    out = convergence_score(dict(zip(KEYS, p, strict=True)), d, KEYS)
    assert out["score"] == pytest.approx(hand / (1 - 1 / 3))


def test_disparity_matrix():
    d = disparity_matrix(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]))
    assert d[0, 1] == pytest.approx(1.0) and d[0, 2] == pytest.approx(0.0)
    assert np.all(np.diag(d) == 0)


def test_pair_opportunities_prefers_rare_distant_relevant_pairs():
    cooc = np.array([[0, 10, 0], [10, 0, 0], [0, 0, 0]], dtype=float)
    out = pair_opportunities(
        keys=KEYS,
        disparity=FAR,
        cooccurrence=cooc,
        doc_counts=np.array([10, 10, 10]),
        challenge_shares={"science": 0.6, "commerce": 0.4},
    )
    best = out["pairs"][0]
    assert (best["harness"], best["amplification"]) == ("science", "commerce")
    sa = next(p for p in out["pairs"] if {p["harness"], p["amplification"]} == {"science", "arts"})
    assert sa["rarity"] == 0.0
    assert len(out["heat"]) == 3
