import pytest

from innovation import services
from tests.conftest import make_role_user


# The innovation pipeline is the Innovation managers' (a Member gets 403 there, which
# tests/test_roles.py checks); these tests drive it as two managers who each own their work.
@pytest.fixture
def user(db):
    return make_role_user("alice", "Innovation manager")


@pytest.fixture
def other_user(db):
    return make_role_user("bob", "Innovation manager")


@pytest.fixture
def kb_loaded(db):
    services.reference_load()
