import pytest

from domains.commerce.selectors import snapshot_clear
from domains.commerce.services import catalogue_load_default


@pytest.fixture(autouse=True)
def _fresh_snapshots(settings):
    # Every test sees its own data: no snapshot survives from an earlier test's database.
    settings.COMMERCE_STATS_MAX_AGE = 0
    settings.COMMERCE_CATALOGUE_CHECK_SECONDS = 0
    snapshot_clear()
    yield
    snapshot_clear()


@pytest.fixture
def catalogue(db):
    report = catalogue_load_default()
    assert not report.errors
    return report
