#!/usr/bin/env bash
# Runs every test: unit, integration against SQLite AND PostgreSQL, and real-browser tests in Chromium.
# On a fresh Debian machine it installs what the tests need (Chromium, PostgreSQL) first, and nothing else.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter Browser]
#        scripts/test.sh --which-postgres   prints the PostgreSQL binaries it would use, and exits
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# The newest installed PostgreSQL's binaries (Debian keeps each major version in /usr/lib/postgresql/<version>/bin:
# 15 on Debian 12, 17 on Debian 13). Any version the tests support will do; the newest is the likeliest to be complete.
find_pgbin() {
  local lib=${PASTORAL_PG_LIB:-/usr/lib/postgresql} dir
  for dir in $(ls -d "$lib"/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

if [ "${1:-}" = "--which-postgres" ]; then
  find_pgbin || { echo "none installed: would install the 'postgresql' package" >&2; exit 1; }
  exit 0
fi

# Only what the tests use: Chromium for the browser tests and the PDF renderer, poppler-utils (pdftotext, pdfinfo) to read
# the PDFs back, PostgreSQL for the PostgreSQL half of the data tests.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
find_pgbin >/dev/null || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Each test app watches its files (configuration, views, static files) through inotify, and a run keeps several apps alive at
# once: raise Debian's default of 128 inotify instances per user where this is allowed (root), so a busy machine does not run out.
if [ -w /proc/sys/fs/inotify/max_user_instances ] && [ "$(cat /proc/sys/fs/inotify/max_user_instances)" -lt 1024 ]; then
  echo 1024 2>/dev/null >/proc/sys/fs/inotify/max_user_instances || true
fi

# A throwaway PostgreSQL for this run only, on its own port and socket folder. Installing Debian's package also starts a
# default server on 5432 (/var/run/postgresql): nothing here uses or touches it, and PG* variables are ignored.
# initdb refuses to run as root, so it runs as 'postgres'.
unset PGHOST PGPORT PGDATA PGUSER PGDATABASE PGPASSWORD PGSERVICE
PGBIN=$(find_pgbin) || { echo "No PostgreSQL binaries under ${PASTORAL_PG_LIB:-/usr/lib/postgresql}/*/bin" >&2; exit 1; }
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
# On failure, the failing tests' names and the first lines of their messages once more, near the end, where a reader of
# the log's tail finds them (python3 only reads the TRX; without it this is skipped).
if [ $status -ne 0 ] && command -v python3 >/dev/null 2>&1; then
  for f in "$results"/*.trx; do
    [ -e "$f" ] && python3 - "$f" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") not in ("Failed", "Error", "Timeout"):
        continue
    print("FAILED:", r.get("testName"))
    for tag, keep in (("Message", 15), ("StackTrace", 8)):
        e = r.find(".//t:" + tag, ns)
        for line in ((e.text or "") if e is not None else "").splitlines()[:keep]:
            print("   ", line[:300])
PY
  done
fi
# The plain closing line CI reads: counted from the TRX files' <Counters> elements, not from the console.
for f in "$results"/*.trx; do [ -e "$f" ] && grep -o '<Counters [^>]*>' "$f" || true; done | awk '
  function attr(name,   m) { return match($0, name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 2, RLENGTH - length(name) - 3) + 0 : 0 }
  { passed += attr("passed"); failed += attr("failed") + attr("error") + attr("timeout"); skipped += attr("notExecuted") }
  END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }'
exit $status
