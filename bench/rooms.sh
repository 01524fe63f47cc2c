#!/usr/bin/env bash
# Live-room fan-out (docs/benchmarks.md): N guest subscribers in one room, integrator pushes
# at increasing rates, against one standalone instance with a 1 GB heap and then, in the
# same run, against the simple-broker baseline (im-baseline) with the same heap. The server
# runs on core 0 and the generator on core 1 (IM_BENCH_SERVER_CPUS, IM_BENCH_GENERATOR_CPUS;
# empty: not pinned). Reports deliveries/s, latency and losses per rate, the server's CPU and
# its CPU per delivery, and the generator's CPU.
# Usage: bench/rooms.sh [--subscribers 1000] [--rates 20,40,90,120] [--seconds 10] [--payload-bytes 128]
# (IM_BENCH_TARGETS="platform" or "baseline" runs one of them; IM_BENCH_PLATFORM_ARGS adds
# arguments to the platform's command line, e.g. "--im.stomp.room-batch-window=0")
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
PORT=${IM_BENCH_PORT:-18081}
DATA=$(mktemp -d)
PASSWORD=bench-admin-password
TARGETS=${IM_BENCH_TARGETS:-platform baseline}
SERVER_CPUS=${IM_BENCH_SERVER_CPUS-0}
GENERATOR_CPUS=${IM_BENCH_GENERATOR_CPUS-1}
# one socket per subscriber on each side
ulimit -n "$(ulimit -Hn)"

./mvnw -q -B -pl im-api,im-bench,im-baseline -am package -DskipTests
. bench/server.sh
for target in $TARGETS; do
  if [ "$target" = platform ]; then
    # shellcheck disable=SC2086
    start_server -Xms1g -Xmx1g -- --im.admin.password="$PASSWORD" \
      --im.api-keys.max-requests-per-second=100000 --im.push.max-payload-size=64KB \
      --server.tomcat.max-connections=60000 ${IM_BENCH_PLATFORM_ARGS:-}
  else
    start_baseline -Xms1g -Xmx1g -- --server.tomcat.max-connections=60000
  fi
  run_generator im.bench.RoomBenchmark --base "http://127.0.0.1:$PORT" \
    --admin-password "$PASSWORD" --target "$target" --server-pid "$SERVER" "$@"
  stop_server
done
