"""Property test (hypothesis): random moods and budgets never yield an out-of-budget item."""

from decimal import Decimal

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from domains.commerce.engines.affect import mood_target  # noqa: E402
from domains.commerce.engines.catalogue import (  # noqa: E402
    ProductRecord,
    UserHistory,
    build_catalogue,
    build_interaction_stats,
)
from domains.commerce.engines.ranking import RankRequest, rank  # noqa: E402

CATALOGUE = build_catalogue(
    [
        ProductRecord(i, f"p{i}", f"c{i % 11}", 50 + (i * 7919) % 25000,
                      ((i * 37) % 200) / 100 - 1, ((i * 53) % 200) / 100 - 1, f"product {i}")
        for i in range(1, 500)
    ]
)  # fmt: skip
STATS = build_interaction_stats(CATALOGUE, [1, 2, 3], [5, 6, 7], ["save", "purchase", "click"])
unit = st.floats(min_value=-1, max_value=1, allow_nan=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    v=unit,
    a=unit,
    strategy=st.sampled_from(["regulate", "congruent"]),
    lo=st.integers(min_value=0, max_value=30000),
    width=st.integers(min_value=0, max_value=30000),
    limit=st.integers(min_value=1, max_value=100),
    diversity=st.floats(min_value=0, max_value=1, allow_nan=False),
    guard=st.sampled_from([None, 0.5]),
)
def test_never_out_of_budget(v, a, strategy, lo, width, limit, diversity, guard):
    hi = lo + width
    req = RankRequest(mood_target(v, a, strategy), lo, hi, limit, diversity, guard_fraction=guard)
    result = rank(CATALOGUE, STATS, UserHistory(), req)
    for item in result.items:
        assert lo <= CATALOGUE.price_cents[item.row] <= hi
        assert Decimal(int(CATALOGUE.price_cents[item.row])) <= Decimal(hi)
    assert len(result.items) <= limit
