#!/usr/bin/env bash
# Live-room fan-out (docs/benchmarks.md): N guest subscribers in one room, integrator pushes
# at increasing rates, against one standalone instance with a 1 GB heap and then, in the
# same run, against the simple-broker baseline (im-baseline) with the same heap. Reports
# deliveries/s, latency and losses per rate, the generator's CPU and the server's.
# Usage: bench/rooms.sh [--subscribers 1000] [--rates 10,50,100] [--seconds 20] [--payload-bytes 100]
# (IM_BENCH_TARGETS="platform" or "baseline" runs one of them)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
PORT=${IM_BENCH_PORT:-18081}
DATA=$(mktemp -d)
PASSWORD=bench-admin-password
TARGETS=${IM_BENCH_TARGETS:-platform baseline}

./mvnw -q -B -pl im-api,im-bench,im-baseline -am package -DskipTests
. bench/server.sh
for target in $TARGETS; do
  if [ "$target" = platform ]; then
    start_server -Xmx1g -- --im.admin.password="$PASSWORD" \
      --im.api-keys.max-requests-per-second=100000 --im.push.max-payload-size=64KB
  else
    start_baseline -Xmx1g
  fi
  run_measured "$JAVA_HOME/bin/java" -cp im-bench/target/classes im.bench.RoomBenchmark --base "http://127.0.0.1:$PORT" \
    --admin-password "$PASSWORD" --target "$target" --server-pid "$SERVER" "$@"
  stop_server
done
