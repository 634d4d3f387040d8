import pytest

from innovation import services


@pytest.fixture
def kb_loaded(db):
    services.reference_load()
