"""The shipped systemd units restart web, worker and beat, and the README deploys with them."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNITS = {
    "harmonyhub-web.service": "gunicorn -c harmonyhub_site/gunicorn.conf.py",
    "harmonyhub-worker.service": "celery -A harmonyhub_site worker",
    "harmonyhub-beat.service": "celery -A harmonyhub_site beat",
}


@pytest.mark.parametrize(("unit", "command"), UNITS.items())
def test_unit_restarts_always_and_runs_the_documented_command(unit, command):
    text = (ROOT / "deploy" / "systemd" / unit).read_text()
    lines = [line.strip() for line in text.splitlines()]
    assert "Restart=always" in lines
    exec_start = next(line for line in lines if line.startswith("ExecStart="))
    assert command in exec_start
    assert f"deploy/systemd/{unit}" in (ROOT / "README.md").read_text()


def test_visibility_timeout_is_ten_minutes_above_the_hard_time_limit():
    """A lost worker's task must come back within 10 minutes, never while it still runs."""
    import re

    from django.conf import settings

    source = (ROOT / "harmonyhub_site" / "settings" / "base.py").read_text()
    found = re.search(r'"CELERY_VISIBILITY_TIMEOUT", default=(\d+)', source)
    assert found and int(found.group(1)) == 600
    assert settings.CELERY_TASK_TIME_LIMIT < 600
