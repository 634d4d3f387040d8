import datetime as dt

from innovation.engines.planning import (
    go_to_market,
    ip_strategy,
    prototype_requirements,
    trl_assess,
)


def test_trl_is_highest_contiguous_level():
    out = trl_assess({1, 2, 3, 5})
    assert out["trl"] == 3
    assert out["skipped_ahead"] == [5]
    assert out["risks"][0] == {"level": 4, "item": out["risks"][0]["item"], "severity": "high"}
    assert trl_assess(set(range(1, 10)))["trl"] == 9
    assert trl_assess(set(range(1, 10)))["risks"] == []


def test_ip_rules():
    assert (
        ip_strategy(novelty=0.1, domain="health", trl=5, prior_art=[])["route"]
        == "open_publication"
    )
    assert ip_strategy(novelty=0.9, domain="arts", trl=5, prior_art=[])["route"] == "copyright"
    assert ip_strategy(novelty=0.9, domain="health", trl=4, prior_art=[])["route"] == "patent"
    assert ip_strategy(novelty=0.9, domain="health", trl=2, prior_art=[])["route"] == "trade_secret"
    assert ip_strategy(novelty=0.3, domain="energy", trl=5, prior_art=[])["route"] == "design"
    out = ip_strategy(novelty=0.3, domain="finance", trl=5, prior_art=[{"ref": "x"}])
    assert out["route"] == "trade_secret" and out["prior_art"] == [{"ref": "x"}]


def test_prototype_and_gtm():
    req = prototype_requirements(
        configuration=[{"parameter": "modality", "value": "voice-interface"}],
        additions=[{"parameter": "medium", "value": "generative-music"}],
        labels={"modality": "interaction modality"},
    )
    assert (
        req["requirements"][0]["requirement"]
        == "Provide voice interface as the interaction modality"
    )
    gtm = go_to_market(
        market={"p": 0.03, "q": 0.38, "adopters": 1000},
        segment="teens",
        start=dt.date(2026, 1, 1),
        years=5,
    )
    assert len(gtm["bass"]["forecast"]) == 5
    assert gtm["milestones"][0]["date"] == "2026-04-01"
    assert abs(gtm["bass"]["peak_year"] - 6.19) < 0.01
