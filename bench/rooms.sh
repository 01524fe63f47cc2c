#!/usr/bin/env bash
# Live-room fan-out (docs/benchmarks.md): one standalone instance with a 1 GB heap, N guest
# subscribers in one room, integrator pushes at increasing rates. Reports deliveries/s,
# latency and losses per rate, the generator's CPU and the server's.
# Usage: bench/rooms.sh [--subscribers 1000] [--rates 10,50,100] [--seconds 20] [--payload-bytes 100]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
PORT=${IM_BENCH_PORT:-18081}
DATA=$(mktemp -d)
PASSWORD=bench-admin-password

./mvnw -q -B -pl im-api,im-bench -am package -DskipTests
"$JAVA_HOME/bin/java" -Xmx1g -jar im-api/target/im-api-0.1.0-SNAPSHOT.jar \
  --server.port="$PORT" --im.data-dir="$DATA" --im.admin.password="$PASSWORD" \
  --im.api-keys.max-requests-per-second=100000 --im.push.max-payload-size=64KB \
  > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break
  sleep 1
done

server_cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
TICKS=$(getconf CLK_TCK)
BEFORE=$(server_cpu)
START=$(date +%s.%N)
"$JAVA_HOME/bin/java" -cp im-bench/target/classes im.bench.RoomBenchmark --base "http://127.0.0.1:$PORT" \
  --admin-password "$PASSWORD" "$@"
END=$(date +%s.%N)
AFTER=$(server_cpu)
awk -v b="$BEFORE" -v a="$AFTER" -v t="$TICKS" -v s="$START" -v e="$END" \
  'BEGIN { printf "  server CPU (whole run, set-up included): %.1f s over %.1f s\n", (a - b) / t, e - s }'
