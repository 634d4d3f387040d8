"""The `valuation` management command."""

import json

import pytest
from django.core.management import CommandError, call_command

from tests.valuation.factories import ComponentFactory, MultiplesFactory, seed_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def comp():
    MultiplesFactory()
    c = ComponentFactory(name="FinanceAdvisor_Platform")
    seed_ledger(c)
    return c


@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_analyze_formats_identical_on_rerun(comp, tmp_path, fmt):
    out1, out2 = tmp_path / "a", tmp_path / "b"
    call_command("valuation", "--analyze", "--format", fmt, "--output", str(out1), "--seed", "4")
    call_command("valuation", "--analyze", "--format", fmt, "--output", str(out2), "--seed", "4")
    assert out1.read_text() == out2.read_text() or fmt == "json" and _same_json(out1, out2)
    assert "FinanceAdvisor_Platform" in out1.read_text()


def _same_json(a, b):
    ja, jb = json.loads(a.read_text()), json.loads(b.read_text())
    ja.pop("open_alerts"), jb.pop("open_alerts")
    return ja == jb


def test_component_report_and_unknown_name(comp, capsys):
    call_command("valuation", "--component", "FinanceAdvisor_Platform", "--as-of", "2025-01-31")
    alone = capsys.readouterr().out
    assert "FinanceAdvisor_Platform" in alone
    call_command(
        "valuation", "--analyze", "--component", "FinanceAdvisor_Platform", "--as-of", "2025-01-31"
    )
    combined = capsys.readouterr().out
    assert combined.splitlines()[0] == alone.splitlines()[0]
    assert "FinanceAdvisor_Platform" in combined
    with pytest.raises(CommandError, match="closest: FinanceAdvisor_Platform"):
        call_command("valuation", "--component", "FinanceAdvisr")


@pytest.mark.parametrize(
    "args",
    [
        ["--analyze", "--as-of", "2025-02-30"],
        ["--analyze", "--seed", "-1"],
        ["--analyze", "--output", "/nonexistent/dir/x.txt"],
        [],
    ],
)
def test_bad_arguments_exit_nonzero(comp, args):
    with pytest.raises(CommandError):
        call_command("valuation", *args)
