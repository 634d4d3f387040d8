import json

import pytest
from django.core.management import CommandError, call_command


def test_novelty_json_is_deterministic(kb_loaded, capsys):
    call_command(
        "novelty",
        "--challenge",
        "AI emotional companions",
        "--domain",
        "social",
        "--count",
        "3",
        "--seed",
        "5",
        "--json",
    )
    a = capsys.readouterr().out
    call_command(
        "novelty",
        "--challenge",
        "AI emotional companions",
        "--domain",
        "social",
        "--count",
        "3",
        "--seed",
        "5",
        "--json",
    )
    assert capsys.readouterr().out == a
    assert all(c["domain"] == "social" for c in json.loads(a)["concepts"])


def test_seed_workflows_run(kb_loaded, capsys):
    call_command("novelty", "--challenge", "AI-powered mental health solutions", "--count", "2")
    assert "#1" in capsys.readouterr().out
    call_command("sac", "--harness", "science", "--amplification", "arts", "--count", "2")
    assert "SAC score" in capsys.readouterr().out
    call_command("sac", "--challenge", "Sustainable urban mobility")
    assert "mobility x environment" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "msg"),
    [
        (["novelty", "--challenge", "ok idea", "--domain", "astro"], "valid domains"),
        (["novelty", "--challenge", ""], "empty"),
        (["novelty", "--challenge", "ok idea", "--count", "0"], "count"),
        (["sac", "--harness", "arts", "--amplification", "arts"], "different"),
    ],
)
def test_bad_input_exits_nonzero(kb_loaded, args, msg):
    with pytest.raises(CommandError, match=msg):
        call_command(*args)


def test_promoted_invention_works_with_the_valuation_command(kb_loaded, user, capsys):
    from innovation import services

    run = services.generation_run_create(
        user=user, workflow="novelty", text="AI emotional companions", count=1
    )
    inv = services.invention_save(user=user, run=run, index=0)
    services.invention_promote(invention=inv, user=user)
    call_command("valuation", "--component", inv.key)
    assert inv.key in capsys.readouterr().out


def test_import_command(kb_loaded, tmp_path, capsys):
    from innovation.models import PriorArt

    good = tmp_path / "art.csv"
    good.write_text("ref,title,summary,year,domain,tags\nC-1,T,S s,2020,arts,poetry\n")
    call_command("innovation_load", "--import", str(good))
    assert PriorArt.objects.filter(ref="C-1").exists()
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"ref": "C-2"}\n')
    n = PriorArt.objects.count()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("innovation_load", "--import", str(bad))
    assert "row 1:" in capsys.readouterr().err
    assert PriorArt.objects.count() == n


def test_novelty_prints_the_reading_and_the_contradiction(kb_loaded, capsys):
    call_command(
        "novelty", "--challenge", "AI emotional companions", "--domain", "social", "--count", "2"
    )
    out = capsys.readouterr().out
    assert "Reading: Problem: loneliness" in out
    assert out.count("   Contradiction: ") == 2


def test_novelty_eval_subset_meets_goals(kb_loaded, capsys):
    call_command("novelty_eval", "--only", "E02,E03", "--check")
    out = capsys.readouterr().out
    assert "on-topic share          1.000" in out
    assert "E02 AI emotional companions" in out and "E03 Sustainable urban mobility" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [(["--only", "E99"], "unknown evaluation ids: E99"), (["--count", "0"], "count")],
)
def test_novelty_eval_bad_input_is_one_line(kb_loaded, argv, message):
    with pytest.raises(CommandError, match=message):
        call_command("novelty_eval", *argv)


def test_novelty_eval_json_for_runs_shorter_than_ten(kb_loaded, capsys):
    # The mechanisms goal is stated per run of ten, so --check does not apply it to shorter runs.
    call_command("novelty_eval", "--only", "E01", "--count", "1", "--check", "--json")
    res = json.loads(capsys.readouterr().out)
    assert res["concepts"] == 1 and res["violations"] == 0
