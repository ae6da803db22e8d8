#!/usr/bin/env bash
# Throughput under gunicorn (2 workers, production settings) on the benchmark database:
# wrk, signed in as a viewer, 20 connections for 30 seconds on the dashboard and on the
# appointments list. Run `make bench` first (it creates and fills the database).
#
#   bash bench/load.sh                 # DATABASE_URL, or postgres://…/sco_bench
#   DURATION=60s CONNECTIONS=40 bash bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sco_bench}"
export DEBUG=False SECURE_SSL_REDIRECT=False ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY="${SECRET_KEY:-bench-only-secret-key-not-used-anywhere-else-0123456789}"
PORT="${PORT:-8099}"
DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-20}"
OUT=bench-results/load.txt
PY=.venv/bin/python
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk"; exit 1; }
mkdir -p bench-results

$PY manage.py collectstatic --no-input -v 0
# A session of the benchmark's viewer, as signing in would make it.
SESSION=$($PY manage.py shell -v 0 -c '
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore
from core.roles import ensure_roles
ensure_roles()
user, _ = User.objects.get_or_create(username="bench-viewer")
user.groups.set([Group.objects.get(name="viewer")])
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "core.backends.PermissionBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)')

.venv/bin/gunicorn config.wsgi --bind "127.0.0.1:$PORT" --workers 2 --timeout 120 --log-level warning &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null; wait "$GUNICORN" 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

{
  echo "gunicorn 2 workers, DEBUG=False; wrk -t2 -c$CONNECTIONS -d$DURATION, signed in as a viewer"
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
  for path in / /staffing/appointments/; do
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sessionid=$SESSION" "http://127.0.0.1:$PORT$path")
    [ "$status" = 200 ] || { echo "$path answered $status, not 200: stopping"; exit 1; }
    echo
    echo "== $path"
    # wrk gives up on a response after 2 s by default and counts a socket timeout: with 20
    # connections queued on 2 workers a request waits for about ten others, so allow 10 s.
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/wrk_status.lua \
      -H "Cookie: sessionid=$SESSION" "http://127.0.0.1:$PORT$path"
  done
} | tee "$OUT"
echo "Written to $OUT"
