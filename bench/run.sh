#!/usr/bin/env bash
# Pastoral benchmarks: demo build time and memory, start-up to the sign-in page, roster API latency.
# For SQLite and PostgreSQL (a throwaway server on 127.0.0.1:55433 under /tmp/pgbench), at school size
# (1 school x 1,500 pupils) and trust size (20 x 1,500 = 30,000 pupils). Then, on PostgreSQL, concurrent audited writes
# (case postgres-audit-writes: 50 clients over 20 schools, audited against auditing off, about 30 s). Writes bench/results/latest.md.
#
#   bench/run.sh            full run: 300 measured requests per endpoint per case (also refreshes bench/README.md figures)
#   bench/run.sh --quick    60 measured requests per case; writes latest.md only
#   --only CASE             only cases whose name (sqlite-school, sqlite-trust, postgres-school, postgres-trust)
#                           contains CASE, e.g. --only sqlite or --only trust (--only audit: the audited writes alone);
#                           writes bench/results/partial.md; --only pdf: 100 one-page PDFs through the renderer
#                           (case sqlite-pdf, Chromium's memory reported)
#                           writes bench/results/partial.md; --only mail: 1,000 notifications (half e-mail) through two
#                           instances to a real SMTP server (case postgres-mail); --only plans: plan page with 50
#                           versions, comparison and passport PDF over HTTP on a 1 x 1,500 SQLite demo (case
#                           sqlite-plans; a full run also rewrites bench/results/plans.md); --only attendance:
#                           whole-year demos (SQLite and PostgreSQL 1 x 1,500, PostgreSQL 20 x 1,500), a school's and the
#                           trust's figures against a hand-written GROUP BY (a full run also rewrites bench/results/attendance.md);
#                           --only registration: 2,500 registers started evenly over 80 s through two instances
#                           (bench/results/registration.md); --only behaviour-log: logging an incident through the API
#                           against a one-INSERT baseline, 50 clients, SQLite and PostgreSQL (bench/results/behaviour-log.md;
#                           BEHAVIOUR_REQUESTS to change the count);
#                           --only patterns: the behaviour patterns page over HTTP on 1 x 1,500 demos with a year of
#                           incidents, SQLite and PostgreSQL, as a head of year and the head (bench/results/patterns.md)
#                           --only safeguarding: the DSL dashboard and a 500-entry chronology over HTTP with five years
#                           of concerns, SQLite and PostgreSQL (bench/results/safeguarding.md)
#                           --only impact: the impact tracker's full report for a whole school-year, in-process and the
#                           overview page over HTTP, SQLite and PostgreSQL (bench/results/impact.md)
#                           --only impact-placebo: not a timing; random groups where nothing works through the tracker,
#                           its bias and interval coverage on two demos (bench/results/impact-placebo.md)
#                           --only family-reports: 150 half-termly reports to families drafted and printed to PDF
#                           against 150 trivial PDFs, SQLite (bench/results/family-reports.md)
#
# All traffic is to 127.0.0.1, sequential and bounded. Needs: .NET 10 SDK, PostgreSQL 15 server binaries (PGBIN),
# psql, /usr/bin/time (installed with apt-get if missing). Run as root (initdb is run as the postgres user via
# runuser) or as an ordinary user (initdb is run as you).
set -euo pipefail

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }

QUICK=0
ONLY=
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --only) [ $# -ge 2 ] || { usage >&2; exit 2; }; ONLY=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
RESULTS=$BENCH/results
WORK=$RESULTS/tmp                       # git-ignored: databases, logs, raw JSON of the last run
APP_DLL=$REPO/src/Pastoral/bin/Release/net10.0/pastoral.dll
BENCH_DLL=$BENCH/Pastoral.Bench/bin/Release/net10.0/Pastoral.Bench.dll
APP_PORT=${BENCH_APP_PORT:-55080}
PG_PORT=55433
PG_ROOT=/tmp/pgbench
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
STARTS=3
if [ "$QUICK" = 1 ]; then REQUESTS=60; WARMUP=20; MODE=quick; else REQUESTS=300; WARMUP=50; MODE=full; fi
# name schools pupils-per-school
SIZES=("school 1 1500" "trust 20 1500")

log() { printf '\n== %s\n' "$*"; }
die() { echo "run.sh: $*" >&2; exit 1; }

# --- prerequisites -------------------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  log "Installing GNU time (for peak memory)"
  sudo=(); if [ "$(id -u)" != 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get install -y -q time || { "${sudo[@]}" apt-get update -q && "${sudo[@]}" apt-get install -y -q time; }
fi
command -v dotnet >/dev/null || die "dotnet (the .NET 10 SDK) is not on PATH."
[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] || die "no PostgreSQL server binaries in $PGBIN (set PGBIN)."
PSQL=$(command -v psql || echo "$PGBIN/psql")
[ -x "$PSQL" ] || die "psql not found."
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pg() { "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
port_in_use "$APP_PORT" && die "port $APP_PORT is in use (set BENCH_APP_PORT to another)."

if [ "$(id -u)" = 0 ]; then AS_PG=(runuser -u postgres --); PG_OWNER=(-o postgres -g postgres); else AS_PG=(); PG_OWNER=(); fi

# --- clean-up on any exit ------------------------------------------------------------------------
PG_STARTED=0
cleanup() {
  local rc=$?
  # A server the measuring tool started and could not stop (e.g. the tool was killed): its pid is in this file.
  if [ -f "$WORK/server.pid" ]; then
    local pid; pid=$(cat "$WORK/server.pid")
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; fi
    rm -f "$WORK/server.pid"
  fi
  if [ "$PG_STARTED" = 1 ]; then
    log "Stopping the throwaway PostgreSQL"
    "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w stop >/dev/null || true
    cp "$PG_ROOT/server.log" "$WORK/postgres-server.log" 2>/dev/null || true
    rm -rf "$PG_ROOT"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build once ----------------------------------------------------------------------------------
log "Building (Release)"
dotnet build "$REPO/src/Pastoral/Pastoral.csproj" -c Release --nologo -v q -clp:ErrorsOnly
dotnet build "$BENCH/Pastoral.Bench/Pastoral.Bench.csproj" -c Release --nologo -v q -clp:ErrorsOnly
[ -f "$APP_DLL" ] && [ -f "$BENCH_DLL" ] || die "build outputs missing."

rm -rf "$WORK"
mkdir -p "$WORK"

# --- which cases ---------------------------------------------------------------------------------
SELECTED=()
for provider in sqlite postgres; do
  for size in "${SIZES[@]}"; do
    read -r name schools per_school <<<"$size"
    [[ "$provider-$name" == *"$ONLY"* ]] && SELECTED+=("$provider $name $schools $per_school")
  done
done
AUDIT_CASE=postgres-audit-writes
RUN_AUDIT=0
[[ "$AUDIT_CASE" == *"$ONLY"* ]] && RUN_AUDIT=1
PDF_CASE=sqlite-pdf
RUN_PDF=0
[[ "$PDF_CASE" == *"$ONLY"* ]] && RUN_PDF=1
MAIL_CASE=postgres-mail
RUN_MAIL=0
[[ "$MAIL_CASE" == *"$ONLY"* ]] && RUN_MAIL=1
PLANS_CASE=sqlite-plans
RUN_PLANS=0
[[ "$PLANS_CASE" == *"$ONLY"* ]] && RUN_PLANS=1
ATTENDANCE_CASE=attendance
RUN_ATTENDANCE=0
[[ "$ATTENDANCE_CASE" == *"$ONLY"* ]] && RUN_ATTENDANCE=1
REGISTRATION_CASE=registration
RUN_REGISTRATION=0
[[ "$REGISTRATION_CASE" == *"$ONLY"* ]] && RUN_REGISTRATION=1
BEHAVIOUR_CASE=behaviour-log
RUN_BEHAVIOUR=0
[[ "$BEHAVIOUR_CASE" == *"$ONLY"* ]] && RUN_BEHAVIOUR=1
PATTERNS_CASE=patterns
RUN_PATTERNS=0
[[ "$PATTERNS_CASE" == *"$ONLY"* ]] && RUN_PATTERNS=1
SAFEGUARDING_CASE=safeguarding
RUN_SAFEGUARDING=0
[[ "$SAFEGUARDING_CASE" == *"$ONLY"* ]] && RUN_SAFEGUARDING=1
IMPACT_CASE=impact
RUN_IMPACT=0
[[ "$IMPACT_CASE" == *"$ONLY"* ]] && RUN_IMPACT=1
PLACEBO_CASE=impact-placebo
RUN_PLACEBO=0
[[ "$PLACEBO_CASE" == *"$ONLY"* ]] && RUN_PLACEBO=1
FAMILY_CASE=family-reports
RUN_FAMILY=0
[[ "$FAMILY_CASE" == *"$ONLY"* ]] && RUN_FAMILY=1
[ ${#SELECTED[@]} -gt 0 ] || [ "$RUN_SAFEGUARDING" = 1 ] || [ "$RUN_BEHAVIOUR" = 1 ] || [ "$RUN_AUDIT" = 1 ] || [ "$RUN_MAIL" = 1 ] || [ "$RUN_PDF" = 1 ] || [ "$RUN_PLANS" = 1 ] || [ "$RUN_ATTENDANCE" = 1 ] || [ "$RUN_REGISTRATION" = 1 ] || [ "$RUN_PATTERNS" = 1 ] || [ "$RUN_IMPACT" = 1 ] || [ "$RUN_PLACEBO" = 1 ] || [ "$RUN_FAMILY" = 1 ] || die "no case matches --only '$ONLY'."
NEED_PG=$RUN_AUDIT
[ "$RUN_MAIL" = 1 ] && NEED_PG=1
[ "$RUN_ATTENDANCE" = 1 ] && NEED_PG=1
[ "$RUN_REGISTRATION" = 1 ] && NEED_PG=1
[ "$RUN_BEHAVIOUR" = 1 ] && NEED_PG=1
[ "$RUN_PATTERNS" = 1 ] && NEED_PG=1
[ "$RUN_SAFEGUARDING" = 1 ] && NEED_PG=1
[ "$RUN_IMPACT" = 1 ] && NEED_PG=1
for c in "${SELECTED[@]}"; do [[ "$c" == postgres* ]] && NEED_PG=1; done

# --- throwaway PostgreSQL ------------------------------------------------------------------------
PG_VERSION=
if [ "$NEED_PG" = 1 ]; then
  log "Starting a throwaway PostgreSQL on 127.0.0.1:$PG_PORT ($PG_ROOT)"
  port_in_use "$PG_PORT" && die "port $PG_PORT is in use: is an earlier run's PostgreSQL still up? ($PGBIN/pg_ctl -D $PG_ROOT/data stop)"
  rm -rf "$PG_ROOT"
  install -d "${PG_OWNER[@]}" "$PG_ROOT"
  "${AS_PG[@]}" "$PGBIN/initdb" -D "$PG_ROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log"
  PG_STARTED=1
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_ROOT" start >/dev/null
  for size in "${SIZES[@]}"; do
    read -r name _ _ <<<"$size"
    pg -d postgres -c "CREATE DATABASE pastoral_$name"
  done
  pg -d postgres -c "CREATE DATABASE pastoral_audit"
  pg -d postgres -c "CREATE DATABASE pastoral_mail"
  PG_VERSION=$("$PGBIN/postgres" --version | awk '{print $3}')
fi

# --- one case: demo, token, start-up, latency ----------------------------------------------------
CASES=()
run_case() {
  local provider=$1 name=$2 schools=$3 per_school=$4
  local id="$provider-$name" data="$WORK/$provider-$name" db=()
  local pupils=$((schools * per_school))
  if [ "$provider" = postgres ]; then
    db=(--database postgres --connection "Host=127.0.0.1;Port=$PG_PORT;Database=pastoral_$name;Username=postgres")
  fi
  mkdir -p "$data"

  log "$id: demo --schools $schools --pupils-per-school $per_school ($pupils pupils)"
  /usr/bin/time -v -o "$WORK/$id-demo.time" \
    dotnet "$APP_DLL" demo --schools "$schools" --pupils-per-school "$per_school" --data "$data" "${db[@]}" \
    >"$WORK/$id-demo.log" 2>&1 || { tail -20 "$WORK/$id-demo.log" >&2; die "$id: demo failed."; }
  local wall peak_kb
  # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:41.27" -> seconds
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$WORK/$id-demo.time")
  peak_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/$id-demo.time")
  [ -n "$wall" ] && [ -n "$peak_kb" ] || die "$id: could not read /usr/bin/time output."
  grep -E '^Took ' "$WORK/$id-demo.log" || true
  echo "wall ${wall} s, max RSS $((peak_kb / 1024)) MB"
  if [ "$provider" = postgres ]; then
    # Model an established database: fresh planner statistics, as autovacuum would give it shortly after an import.
    pg -d "pastoral_$name" -c "VACUUM ANALYZE"
  fi

  local token
  token=$(dotnet "$APP_DLL" users token admin@demo.pastoral.test --name bench --data "$data" "${db[@]}" | tail -n 1)
  [[ "$token" == pst_* ]] || die "$id: could not create an API token (got '$token')."

  log "$id: start-up x$STARTS, then $REQUESTS roster + $REQUESTS /healthz requests after $WARMUP warm-up pairs"
  dotnet "$BENCH_DLL" measure --dll "$APP_DLL" --repo "$REPO" --port "$APP_PORT" --data "$data" "${db[@]}" \
    --token "$token" --requests "$REQUESTS" --warmup "$WARMUP" --starts "$STARTS" \
    --out "$WORK/$id.json" --log "$WORK/$id-serve.log" --pidfile "$WORK/server.pid" \
    --provider "$([ "$provider" = postgres ] && echo PostgreSQL || echo SQLite)" --size "$name" --pupils "$pupils" \
    --demo-seconds "$wall" --demo-peak-kb "$peak_kb"
  CASES+=("$WORK/$id.json")
}

for c in "${SELECTED[@]}"; do
  # shellcheck disable=SC2086 # "provider name schools per-school"
  run_case $c
done

# --- concurrent audited writes (PostgreSQL) ------------------------------------------------------
if [ "$RUN_AUDIT" = 1 ]; then
  log "$AUDIT_CASE: 50 clients over 20 schools, 2 rounds of 5 s audited and 5 s with auditing off"
  mkdir -p "$WORK/$AUDIT_CASE"
  dotnet "$BENCH_DLL" audit-writes --connection "Host=127.0.0.1;Port=$PG_PORT;Database=pastoral_audit;Username=postgres" \
    --data "$WORK/$AUDIT_CASE" --schools 20 --pupils-per-school 100 --clients 50 --seconds 5 --rounds 2 \
    --out "$WORK/$AUDIT_CASE.json" --markdown "$WORK/$AUDIT_CASE.md"
fi

# --- PDF documents (the renderer: Razor view -> Chromium -> PDF) ------------------------------------
if [ "$RUN_PDF" = 1 ]; then
  log "$PDF_CASE: 100 one-page pupil summaries through the renderer"
  command -v /usr/bin/chromium >/dev/null || die "Debian's chromium is needed for the PDF case (apt-get install chromium)."
  rm -rf "$WORK/$PDF_CASE"
  dotnet "$BENCH_DLL" pdf --repo "$REPO" --data "$WORK/$PDF_CASE" --documents 100 --callers 4 --markdown "$WORK/$PDF_CASE.md"
fi

# --- notifications and e-mail through two instances (PostgreSQL) --------------------------------
if [ "$RUN_MAIL" = 1 ]; then
  log "$MAIL_CASE: 1,000 notifications (half e-mail), two instances, a real SMTP server in-process"
  mkdir -p "$WORK/$MAIL_CASE"
  dotnet "$BENCH_DLL" mail --connection "Host=127.0.0.1;Port=$PG_PORT;Database=pastoral_mail;Username=postgres" \
    --data "$WORK/$MAIL_CASE" --notices 1000 --markdown "$WORK/$MAIL_CASE.md"
fi

# --- plans: page with 50 versions, comparison, passport PDF (HTTP, SQLite, school size) -----------------
if [ "$RUN_PLANS" = 1 ]; then
  log "$PLANS_CASE: 1 x 1,500 demo, a passport plan saved to 50 versions, then page, comparison and PDF"
  command -v /usr/bin/chromium >/dev/null || die "Debian's chromium is needed for the plans case (apt-get install chromium)."
  if [ "$QUICK" = 1 ]; then PLAN_REQUESTS=20; PLAN_PDFS=5; PLAN_WARMUP=3; else PLAN_REQUESTS=100; PLAN_PDFS=25; PLAN_WARMUP=10; fi
  rm -rf "$WORK/$PLANS_CASE"
  dotnet "$BENCH_DLL" plans --dll "$APP_DLL" --repo "$REPO" --port "$APP_PORT" --data "$WORK/$PLANS_CASE" \
    --requests "$PLAN_REQUESTS" --pdfs "$PLAN_PDFS" --warmup "$PLAN_WARMUP" \
    --log "$WORK/$PLANS_CASE-serve.log" --pidfile "$WORK/server.pid" --markdown "$WORK/$PLANS_CASE.md"
  if [ "$QUICK" = 0 ]; then cp "$WORK/$PLANS_CASE.md" "$RESULTS/plans.md"; fi
fi

# --- attendance: a school's and a trust's figures against a hand-written GROUP BY (SQLite and PostgreSQL) -----
if [ "$RUN_ATTENDANCE" = 1 ]; then
  log "$ATTENDANCE_CASE: whole-year demos (SQLite 1 x 1,500; PostgreSQL 1 x 1,500 and 20 x 1,500), figures against the baseline"
  if [ "$QUICK" = 1 ]; then ATT_RUNS=5; else ATT_RUNS=20; fi
  dotnet "$BENCH_DLL" attendance --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres" --data "$WORK/$ATTENDANCE_CASE" \
    --runs "$ATT_RUNS" --markdown "$WORK/$ATTENDANCE_CASE.md"
  if [ "$QUICK" = 0 ]; then cp "$WORK/$ATTENDANCE_CASE.md" "$RESULTS/attendance.md"; fi
fi

# --- morning registration: registers saved concurrently through two instances (PostgreSQL, trust size) ---
if [ "$RUN_REGISTRATION" = 1 ]; then
  log "$REGISTRATION_CASE: 20 x 1,500 demo, 2,500 registers saved by 40 clients through two instances"
  dotnet "$BENCH_DLL" registration --dll "$APP_DLL" --repo "$REPO" --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres" \
    --data "$WORK/$REGISTRATION_CASE" --registers 2500 --clients 40 --spread 80 --markdown "$WORK/$REGISTRATION_CASE.md"
  if [ "$QUICK" = 0 ]; then cp "$WORK/$REGISTRATION_CASE.md" "$RESULTS/registration.md"; fi
fi

# --- logging an incident: the full API path against a one-INSERT baseline (SQLite and PostgreSQL) ---------------
if [ "$RUN_BEHAVIOUR" = 1 ]; then
  if [ "$QUICK" = 1 ]; then BEH_REQUESTS=${BEHAVIOUR_REQUESTS:-400}; BEH_WARMUP=50; else BEH_REQUESTS=${BEHAVIOUR_REQUESTS:-2000}; BEH_WARMUP=200; fi
  log "$BEHAVIOUR_CASE: 1 x 600 demos, 50 clients, $BEH_REQUESTS incidents through the API and $BEH_REQUESTS baseline INSERTs per provider"
  dotnet "$BENCH_DLL" behaviour-log --dll "$APP_DLL" --repo "$REPO" --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres" \
    --data "$WORK/$BEHAVIOUR_CASE" --requests "$BEH_REQUESTS" --warmup "$BEH_WARMUP" --clients 50 --markdown "$WORK/$BEHAVIOUR_CASE.md"
  cp "$WORK/$BEHAVIOUR_CASE.md" "$RESULTS/behaviour-log.md"
fi

# --- behaviour patterns: the page over HTTP with a year of incidents (SQLite and PostgreSQL, school size) -----
if [ "$RUN_PATTERNS" = 1 ]; then
  log "$PATTERNS_CASE: 1 x 1,500 demos with a year of incidents, the patterns page as a head of year and the head"
  if [ "$QUICK" = 1 ]; then PAT_RUNS=10; else PAT_RUNS=50; fi
  dotnet "$BENCH_DLL" patterns --dll "$APP_DLL" --repo "$REPO" --data "$WORK/$PATTERNS_CASE" \
    --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=pastoral_patterns" \
    --runs "$PAT_RUNS" --pidfile "$WORK/server.pid" --markdown "$WORK/$PATTERNS_CASE.md"
  cp "$WORK/$PATTERNS_CASE.md" "$RESULTS/patterns.md"
fi

# --- safeguarding: the DSL dashboard and a 500-entry chronology with five years of concerns (SQLite and PostgreSQL) -----
if [ "$RUN_SAFEGUARDING" = 1 ]; then
  log "$SAFEGUARDING_CASE: 1 x 1,500 demos with five years of concerns, the DSL dashboard and a 500-entry chronology as the DSL"
  if [ "$QUICK" = 1 ]; then SG_RUNS=10; else SG_RUNS=50; fi
  dotnet "$BENCH_DLL" safeguarding --dll "$APP_DLL" --repo "$REPO" --data "$WORK/$SAFEGUARDING_CASE" \
    --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=pastoral_safeguarding" \
    --runs "$SG_RUNS" --pidfile "$WORK/server.pid" --markdown "$WORK/$SAFEGUARDING_CASE.md"
  cp "$WORK/$SAFEGUARDING_CASE.md" "$RESULTS/safeguarding.md"
fi

# --- impact tracker: the full report for every provision of a school-year (SQLite and PostgreSQL) -----
if [ "$RUN_IMPACT" = 1 ]; then
  log "$IMPACT_CASE: 1 x 1,500 demos with a whole year of attendance and provision, the full impact report in-process and over HTTP"
  if [ "$QUICK" = 1 ]; then IMP_RUNS=5; else IMP_RUNS=20; fi
  dotnet "$BENCH_DLL" impact --dll "$APP_DLL" --repo "$REPO" --data "$WORK/$IMPACT_CASE" \
    --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=pastoral_impact" \
    --runs "$IMP_RUNS" --pidfile "$WORK/server.pid" --markdown "$WORK/$IMPACT_CASE.md"
  cp "$WORK/$IMPACT_CASE.md" "$RESULTS/impact.md"
fi

# --- impact tracker, not a timing: random groups where nothing works (bias and interval coverage), two SQLite demos ----------
if [ "$RUN_PLACEBO" = 1 ]; then
  log "$PLACEBO_CASE: random groups with a made-up provision that does nothing, through the impact tracker, on two demos"
  if [ "$QUICK" = 1 ]; then PLACEBO_GROUPS=100; else PLACEBO_GROUPS=400; fi
  dotnet "$BENCH_DLL" impact-placebo --dll "$APP_DLL" --repo "$REPO" --data "$WORK/$PLACEBO_CASE" \
    --groups "$PLACEBO_GROUPS" --markdown "$WORK/$PLACEBO_CASE.md"
  cp "$WORK/$PLACEBO_CASE.md" "$RESULTS/impact-placebo.md"
fi

# --- half-termly reports to families: 150 drafted and printed, against 150 trivial PDFs (SQLite) ------------------------
if [ "$RUN_FAMILY" = 1 ]; then
  log "$FAMILY_CASE: 150 half-termly reports drafted from the data and printed through the shared renderer"
  dotnet "$BENCH_DLL" family-reports --repo "$REPO" --data "$WORK/$FAMILY_CASE" --markdown "$WORK/$FAMILY_CASE.md"
  cp "$WORK/$FAMILY_CASE.md" "$RESULTS/family-reports.md"
fi

# --- report --------------------------------------------------------------------------------------
out=$RESULTS/latest.md
readme=()
if [ -n "$ONLY" ]; then out=$RESULTS/partial.md; elif [ "$MODE" = full ]; then readme=(--readme "$BENCH/README.md"); fi
log "Writing $out"
commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$REPO" status --porcelain -- src 2>/dev/null)" ]; then commit="$commit + uncommitted changes in src/"; fi
pgv=()
if [ -n "$PG_VERSION" ]; then pgv=(--postgres "$PG_VERSION"); fi
if [ ${#CASES[@]} -gt 0 ]; then
  dotnet "$BENCH_DLL" report --out "$out" --mode "$MODE" --commit "$commit" --nproc "$(nproc)" \
    "${pgv[@]}" "${readme[@]}" "${CASES[@]}"
  echo
  sed -n '/^| Provider | Size | Pupils/,/^$/p' "$out"
else
  printf '# Pastoral benchmark results\n\nMeasured by `bench/run.sh --only %s` at commit `%s`.\n\nMachine: %s, nproc %s, PostgreSQL %s (throwaway local server, default settings).\n' \
    "$ONLY" "$commit" "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)" "$(nproc)" "$PG_VERSION" >"$out"
fi
if [ "$RUN_AUDIT" = 1 ]; then
  cat "$WORK/$AUDIT_CASE.md" >>"$out"
  tail -n 2 "$WORK/$AUDIT_CASE.md"
fi
if [ "$RUN_PDF" = 1 ]; then cat "$WORK/$PDF_CASE.md" >>"$out"; fi
if [ "$RUN_PLANS" = 1 ]; then printf '\n' >>"$out"; sed 's/^# /## /' "$WORK/$PLANS_CASE.md" >>"$out"; fi
if [ "$RUN_PATTERNS" = 1 ]; then printf '\n' >>"$out"; sed 's/^# /## /' "$WORK/$PATTERNS_CASE.md" >>"$out"; fi
if [ "$RUN_IMPACT" = 1 ]; then printf '\n' >>"$out"; sed 's/^# /## /' "$WORK/$IMPACT_CASE.md" >>"$out"; fi
if [ "$RUN_PLACEBO" = 1 ]; then printf '\n' >>"$out"; sed 's/^# /## /' "$WORK/$PLACEBO_CASE.md" >>"$out"; fi
if [ "$RUN_MAIL" = 1 ]; then
  cat "$WORK/$MAIL_CASE.md" >>"$out"
fi
if [ "$RUN_BEHAVIOUR" = 1 ]; then printf '\n' >>"$out"; sed 's/^# /## /' "$WORK/$BEHAVIOUR_CASE.md" >>"$out"; fi
