# Shared by the single-instance benchmark scripts (source it): starts the platform's jar with
# the given JVM options and arguments as $SERVER, stops it and removes $DATA on exit, waits
# for readiness; run_measured runs a command and prints the server's CPU over it.
# Expects PORT and DATA to be set.

start_server() {
  local jvm=()
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  "$JAVA_HOME/bin/java" "${jvm[@]}" -jar im-api/target/im-api-0.1.0-SNAPSHOT.jar \
    --server.port="$PORT" --im.data-dir="$DATA" "$@" > "$DATA/server.log" 2>&1 &
  SERVER=$!
  trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
  for _ in $(seq 1 60); do
    curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && return 0
    sleep 1
  done
  echo "The server did not get ready; its log is in $DATA/server.log" >&2
  return 1
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
