"""compose_music_message: success, and one plain error line with nothing stored."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from domains.arts.models import MusicMessage

pytestmark = pytest.mark.django_db


def test_command_composes(user):
    out = StringIO()
    call_command(
        "compose_music_message",
        user.username,
        "joy",
        "birthday",
        "--duration",
        "10",
        "--seed",
        "4",
        "--json",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["emotion"] == "joy" and MusicMessage.objects.count() == 1


@pytest.mark.parametrize(
    "argv",
    [["joy", "condolence"], ["blorptastic"], ["joy", "--duration", "999"]],
)
def test_command_errors(user, argv):
    with pytest.raises(CommandError):
        call_command("compose_music_message", user.username, *argv, stdout=StringIO())
    assert not MusicMessage.objects.exists()


def test_command_unknown_user(db):
    with pytest.raises(CommandError, match="No active user"):
        call_command("compose_music_message", "ghost", "joy", stdout=StringIO())
