# Shared by the single-instance benchmark scripts (source it). start_server starts a jar
# (the platform's, or JAR=... such as the simple-broker baseline) with the given JVM
# options and arguments as $SERVER and waits until it answers READY (a path);
# stop_server stops it; on exit both it and $DATA go. run_measured runs a command and
# prints the server's CPU over it.
# Expects PORT and DATA to be set. SERVER_CPUS (e.g. 0) pins the server to those cores and
# GENERATOR_CPUS (e.g. 1) the generator (run_generator) to those: on two cores the two must
# not compete, or the server's limit cannot be told from the generator's. Empty: not pinned.

PLATFORM_JAR=im-api/target/im-api-0.1.0-SNAPSHOT.jar
BASELINE_JAR=im-baseline/target/im-baseline-0.1.0-SNAPSHOT.jar

start_server() {
  # IM_BENCH_SERVER_JVM: JVM options for the server, before those the script gives
  local jvm=(${IM_BENCH_SERVER_JVM:-})
  local jar=${JAR:-$PLATFORM_JAR} ready=${READY:-/actuator/health/readiness}
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "Something already answers on port $PORT: stop it first (IM_BENCH_PORT picks another port)" >&2
    return 1
  fi
  local pin=()
  [ -n "${SERVER_CPUS:-}" ] && pin=(taskset -c "$SERVER_CPUS")
  # taskset execs java: $! is the server's pid
  "${pin[@]}" "$JAVA_HOME/bin/java" "${jvm[@]}" -jar "$jar" \
    --server.port="$PORT" --im.data-dir="$DATA" "$@" > "$DATA/server.log" 2>&1 &
  SERVER=$!
  # every step may fail (the server is already gone): under set -e a failing one would fail the run
  # ON_EXIT: what a script adds to the clean-up (a command line)
  trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"; eval "${ON_EXIT:-}"' EXIT
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$PORT$ready" >/dev/null && return 0
    sleep 1
  done
  echo "The server did not get ready; its log is in $DATA/server.log" >&2
  return 1
}

# the same load against the baseline, in the same run
start_baseline() {
  JAR=$BASELINE_JAR READY=/ready start_server "$@"
}

stop_server() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
}

run_measured() {
  local ticks before after start end
  ticks=$(getconf CLK_TCK)
  before=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  after=$(awk '{print $14 + $15}' "/proc/$SERVER/stat")
  awk -v b="$before" -v a="$after" -v t="$ticks" -v s="$start" -v e="$end" \
    'BEGIN { printf "  server CPU (whole run, set-up included): %.1f s over %.1f s\n", (a - b) / t, e - s }'
}

# runs a command on the cores given first (none: anywhere)
pinned() {
  local cpus=$1
  shift
  if [ -n "$cpus" ]; then
    taskset -c "$cpus" "$@"
  else
    "$@"
  fi
}

# pins the local PostgreSQL (its postmaster, so every backend it starts from now on, and the
# processes it runs now) to the cores given, until the script exits; needs to read its data
# directory (a superuser, root)
pin_postgres() {
  local cpus=$1 dir postmaster
  shift
  if ! dir=$(psql "$@" -Atc 'SHOW data_directory' 2>/dev/null) || ! postmaster=$(head -1 "$dir/postmaster.pid" 2>/dev/null); then
    echo "Could not find PostgreSQL's processes to pin them (not a superuser?): PostgreSQL runs on any core" >&2
    return 0
  fi
  POSTGRES_PIDS="$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
  local all
  all=0-$(($(nproc) - 1))
  for pid in $POSTGRES_PIDS; do taskset -p -c "$cpus" "$pid" >/dev/null 2>&1 || true; done
  ON_EXIT="for pid in \$(pgrep -P $postmaster) $postmaster; do taskset -p -c $all \$pid >/dev/null 2>&1 || true; done"
}

# runs the load generator (a java main class of im-bench) on GENERATOR_CPUS, with the JVM
# options a script sets in GENERATOR_JVM, then IM_BENCH_GENERATOR_JVM's (e.g. -Xlog:gc)
run_generator() {
  local extra=(${IM_BENCH_GENERATOR_JVM:-})
  pinned "${GENERATOR_CPUS:-}" "$JAVA_HOME/bin/java" "${GENERATOR_JVM[@]}" "${extra[@]}" -cp im-bench/target/classes "$@"
}
GENERATOR_JVM=()
