#!/usr/bin/env bash
# Idle connections (docs/benchmarks.md): one standalone instance with a 1 GB heap and then,
# in the same run, the simple-broker baseline (im-baseline) with the same heap; guest
# connections, each subscribed to one room topic, opened in steps; after each step the
# server's heap after a full GC and its resident memory. The server runs on core 0, the
# generator on core 1 (IM_BENCH_SERVER_CPUS, IM_BENCH_GENERATOR_CPUS; empty: not pinned).
# Usage: bench/idle.sh [--steps 5000,10000,19000]
# (IM_BENCH_TARGETS="platform" or "baseline" runs one of them)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
PORT=${IM_BENCH_PORT:-18082}
DATA=$(mktemp -d)
PASSWORD=bench-admin-password
TARGETS=${IM_BENCH_TARGETS:-platform baseline}
SERVER_CPUS=${IM_BENCH_SERVER_CPUS-0}
GENERATOR_CPUS=${IM_BENCH_GENERATOR_CPUS-1}
# one socket per connection on each side: as many as the hard limit allows (20,000 on the
# machines this was measured on, which caps a run at about 19,000 connections)
ulimit -n "$(ulimit -Hn)"

./mvnw -q -B -pl im-api,im-bench,im-baseline -am package -DskipTests
. bench/server.sh
for target in $TARGETS; do
  if [ "$target" = platform ]; then
    start_server -Xmx1g -- --im.admin.password="$PASSWORD" --server.tomcat.max-connections=60000
  else
    start_baseline -Xmx1g -- --server.tomcat.max-connections=60000
  fi
  GENERATOR_JVM=(-Xmx4g)
  run_generator im.bench.IdleBenchmark --base "http://127.0.0.1:$PORT" \
    --server-pid "$SERVER" --admin-password "$PASSWORD" --target "$target" "$@"
  stop_server
done
