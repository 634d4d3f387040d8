import pytest
from django.core.management import CommandError, call_command

from domains.commerce.models import Product

pytestmark = pytest.mark.django_db


def test_load_catalogue_is_idempotent(capsys):
    call_command("commerce_load_catalogue")
    n = Product.objects.count()
    call_command("commerce_load_catalogue")
    assert Product.objects.count() == n >= 400
    assert f"{n} unchanged" in capsys.readouterr().out


def test_bad_file_exits_with_one_line_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("sku,name,category,price,currency,valence,arousal\nA,a,c,abc,EUR,0,0\n")
    with pytest.raises(CommandError, match="row 2 price"):
        call_command("commerce_load_catalogue", file=str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("commerce_load_catalogue", file=str(tmp_path / "missing.csv"))
    assert Product.objects.count() == 0


def test_seed_demo_runs_twice(django_user_model):
    import io

    from domains.commerce.demo import seed_demo

    django_user_model.objects.create_user("demo", password="x")
    out = io.StringIO()
    seed_demo(stdout=out)
    seed_demo(stdout=out)
    assert "10 recommendations" in out.getvalue()
