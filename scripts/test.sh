#!/usr/bin/env bash
# Runs every test: unit, integration against SQLite AND PostgreSQL, and real-browser tests in Chromium.
# On a fresh Debian machine it installs what the tests need (Chromium, PostgreSQL) first.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter Browser]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# A throwaway PostgreSQL for this run only. initdb refuses to run as root, so it runs as 'postgres'.
PGBIN=/usr/lib/postgresql/15/bin
PGROOT=$(mktemp -d /tmp/pastoral-pg.XXXXXX)
PGPORT=${PASTORAL_TEST_PGPORT:-55432}
while (echo >/dev/tcp/127.0.0.1/$PGPORT) 2>/dev/null; do PGPORT=$((PGPORT + 1)); done
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGROOT"
stop_pg() { as_pg $PGBIN/pg_ctl -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$PGROOT"; }
trap stop_pg EXIT
as_pg $PGBIN/initdb -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg $PGBIN/pg_ctl -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
export PASTORAL_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Maximum Pool Size=20"
echo "PostgreSQL $($PGBIN/postgres --version | awk '{print $3}') on port $PGPORT"

results="$root/TestResults"
rm -rf "$results"
set +e
dotnet test "$root/Pastoral.slnx" --logger "trx;LogFilePrefix=pastoral" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?
set -e
# The plain closing line CI reads: counted from the TRX files' <Counters> elements, not from the console.
for f in "$results"/*.trx; do [ -e "$f" ] && grep -o '<Counters [^>]*>' "$f" || true; done | awk '
  function attr(name,   m) { return match($0, name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3) + 0 : 0 }
  { passed += attr("passed"); failed += attr("failed") + attr("error") + attr("timeout"); skipped += attr("notExecuted") }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }'
exit $status
