"""Growth and risk measures."""

from datetime import date, timedelta

import numpy as np
import pytest

from valuation.engines import risk


def test_cagr_and_changes():
    assert risk.cagr(100, 121, 2) == pytest.approx(0.1)
    assert risk.cagr(0, 121, 2) is None
    start = date(2024, 1, 1)
    hist = [(start + timedelta(days=i), 100 + i) for i in range(400)]
    ch = risk.changes(hist, start + timedelta(days=399))
    assert ch["day"] == pytest.approx(499 / 498 - 1)
    assert ch["month"] == pytest.approx(499 / 469 - 1)
    assert ch["year"] == pytest.approx(499 / 134 - 1)


def test_max_drawdown():
    assert risk.max_drawdown([100, 120, 90, 130, 65]) == pytest.approx(-0.5)
    assert risk.max_drawdown([1, 2, 3]) == 0.0


def test_var_es_convention():
    r = np.linspace(-0.10, 0.09, 20)  # -0.10, -0.09, ..., 0.09
    out = risk.var_es(r, 0.95)
    q = np.quantile(r, 0.05)
    assert out["var"] == pytest.approx(-q)
    assert out["es"] == pytest.approx(0.10)  # only -0.10 lies at or below the 5% quantile
    assert out["es"] >= out["var"]
    assert risk.var_es([0.1], 0.95)["var"] is None


def test_hhi_and_runway():
    assert risk.hhi([1, 1, 1, 1]) == pytest.approx(0.25)
    assert risk.hhi([5, 0, 0]) == pytest.approx(1.0)
    assert risk.hhi([0, 0]) is None
    assert risk.runway_months(12000, 3000, 1000) == pytest.approx(6)
    assert risk.runway_months(12000, 1000, 3000) is None
