"""Start a Celery worker for the fault tests: the project's app and settings, the fault tasks,
and a short Redis visibility timeout with a 1 s unacked sweep so a killed worker's message comes
back within seconds instead of the production hour."""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonyhub_site.settings.base")

from harmonyhub_site.celery import app  # noqa: E402
from tests.hardening import fault_tasks  # noqa: E402, F401 - registers the tasks

app.conf.broker_transport_options = {
    **(app.conf.broker_transport_options or {}),
    "visibility_timeout": int(os.environ.get("FAULT_VISIBILITY_TIMEOUT", "6")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

if __name__ == "__main__":
    app.worker_main(["worker", *sys.argv[1:]])
