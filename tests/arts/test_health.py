"""The arts health check and metric are registered with operations and work."""

import pytest

from domains.arts.health import composer_smoke, messages_last_24h
from operations.registry import checks_for

from .factories import make_message


def test_composer_smoke_is_registered_and_ok():
    assert "arts.composer" in {c.name for c in checks_for("full")}
    status, detail = composer_smoke()
    assert status in ("ok", "warning") and "composed" in detail


@pytest.mark.django_db
def test_messages_metric(user):
    make_message(user)
    assert messages_last_24h() == 1.0
