#!/usr/bin/env bash
# Serve HarmonyHub on 127.0.0.1:8000 with a Celery worker and beat; Ctrl-C stops all three.
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HARMONYHUB_HOST:-127.0.0.1}
PORT=${HARMONYHUB_PORT:-8000}
mkdir -p var/log
pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping HarmonyHub..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  wait 2>/dev/null
  exit 0
}
trap stop INT TERM EXIT

"$PY" -m celery -A harmonyhub_site worker --loglevel=INFO --concurrency=2 \
  >var/log/celery-worker.log 2>&1 &
pids+=($!)
"$PY" -m celery -A harmonyhub_site beat --loglevel=INFO \
  --pidfile=var/celerybeat.pid >var/log/celery-beat.log 2>&1 &
pids+=($!)

echo
echo "  HarmonyHub is starting at http://$HOST:$PORT/"
echo "  API docs: http://$HOST:$PORT/api/docs/   Admin: http://$HOST:$PORT/admin/"
if [ -f var/demo-credentials.txt ]; then
  echo "  Demo accounts (username password):"
  sed 's/^/    /' var/demo-credentials.txt
else
  echo "  Demo accounts (one per role): admin, demo, finance, innovation, operator; passwords from"
  echo "  HARMONYHUB_ADMIN_PASSWORD, _DEMO_, _FINANCE_, _INNOVATION_ and _OPERATOR_PASSWORD"
fi
echo "  Celery worker and beat log to var/log/. Press Ctrl-C to stop everything."
echo
"$PY" manage.py runserver "$HOST:$PORT" &
pids+=($!)
wait -n "${pids[@]}"
stop
