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
. bench/server.sh
start_server -Xmx1g -- --im.admin.password="$PASSWORD" \
  --im.api-keys.max-requests-per-second=100000 --im.push.max-payload-size=64KB
run_measured "$JAVA_HOME/bin/java" -cp im-bench/target/classes im.bench.RoomBenchmark --base "http://127.0.0.1:$PORT" \
  --admin-password "$PASSWORD" "$@"
