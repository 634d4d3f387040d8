"""Known answers for product metrics (no database)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from operations.engines import product


def test_nps_known_answer_and_empty():
    scores = [10, 10, 10, 9, 9, 9, 9, 8, 8, 7, 7, 6, 6, 5, 4, 3, 10, 9, 2, 0]
    assert product.nps(scores) == pytest.approx(10.0)
    assert product.nps([]) is None
    with pytest.raises(ValueError):
        product.nps([11])


def test_csat_share_of_4_and_5():
    assert product.csat([5, 4, 3, 2, 1]) == pytest.approx(40.0)
    assert product.csat([]) is None
    assert product.csat_mean([5, 4]) == 4.5


def test_dau_wau_mau_and_stickiness():
    day = date(2025, 3, 31)
    activity = [(1, day), (2, day - timedelta(days=3)), (3, day - timedelta(days=20)), (4, day)]
    activity += [(5, day - timedelta(days=40))]
    got = product.engagement(activity, day)
    assert (got["dau"], got["wau"], got["mau"]) == (2, 3, 4)
    assert got["stickiness"] == 50.0
    assert product.engagement([], day)["stickiness"] is None


def test_median_session():
    t = datetime(2025, 1, 1, tzinfo=UTC)
    events = [("a", t), ("a", t + timedelta(minutes=10)), ("b", t), ("b", t + timedelta(minutes=2))]
    events += [("c", t)]
    assert product.median_session_seconds(events) == 120.0


def test_monthly_retention_cohorts():
    jan, feb, mar = date(2025, 1, 5), date(2025, 2, 5), date(2025, 3, 5)
    activity = [(1, jan), (2, jan), (3, jan), (4, jan), (1, feb), (2, feb), (1, mar), (5, feb)]
    cohorts = product.retention_cohorts(activity, "month")
    assert cohorts[0] == {"cohort": "2025-01", "size": 4, "retention": [100.0, 50.0, 25.0]}
    assert cohorts[1]["cohort"] == "2025-02" and cohorts[1]["retention"] == [100.0, 0.0]
    assert product.average_retention(cohorts, 1) == pytest.approx((4 * 50 + 1 * 0) / 5)
    assert product.retention_cohorts([(1, jan), (1, date(2026, 1, 1))], "year")[0]["retention"] == [
        100.0,
        100.0,
    ]
