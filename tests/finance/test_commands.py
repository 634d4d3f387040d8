import io

import pytest
from django.core.management import CommandError, call_command

from domains.finance.models import MarketDrawdown, RiskAssessment

pytestmark = pytest.mark.django_db


def test_record_drawdown_and_bad_input():
    call_command("finance_record_drawdown", stocks=0.3, stdout=io.StringIO())
    assert MarketDrawdown.objects.count() == 1
    with pytest.raises(CommandError, match="stocks_drawdown"):
        call_command("finance_record_drawdown", stocks=3)
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("finance_record_drawdown", stocks=0.1, date="yesterday")
    assert MarketDrawdown.objects.count() == 1


def test_seed_demo_idempotent(django_user_model):
    from domains.finance.demo import seed_demo

    django_user_model.objects.create_user("demo", password="x")
    out = io.StringIO()
    seed_demo(stdout=out)
    seed_demo(stdout=out)
    assert RiskAssessment.objects.count() == 2 and "already present" in out.getvalue()
