#!/usr/bin/env bash
# Authenticated connections (docs/benchmarks.md): how fast one standalone instance on one core
# takes them (WebSocket handshake, CONNECT with a token, four SUBSCRIBEs with receipts), its CPU
# per connection, and a reconnect storm (every connection reset at once, all coming back
# together). The server runs on core 0, the generator on core 1 (IM_BENCH_SERVER_CPUS,
# IM_BENCH_GENERATOR_CPUS; empty: not pinned).
# Usage: bench/connect.sh [--users 400] [--connections 19000] [--concurrency 200] [--warmup 5000]
#   [--warmup-rounds 4]
# (IM_BENCH_PLATFORM_ARGS adds arguments to the platform's command line)
# (the machine's open-file limit, 20,000 per process here, caps --connections below it)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
PORT=${IM_BENCH_PORT:-18083}
DATA=$(mktemp -d)
SERVER_CPUS=${IM_BENCH_SERVER_CPUS-0}
GENERATOR_CPUS=${IM_BENCH_GENERATOR_CPUS-1}
ulimit -n "$(ulimit -Hn)"

./mvnw -q -B -pl im-api,im-bench -am package -DskipTests
. bench/server.sh
# connections share a few hundred users (registering one costs a password hash): each may
# hold many connections here
# shellcheck disable=SC2086
start_server -Xms1g -Xmx1g -- --im.admin.password=bench-admin-password --im.presence.max-devices=1000 \
  --im.auth.login-max-failures-per-address=100000 --im.auth.max-registrations-per-address=1000000 \
  ${IM_BENCH_PLATFORM_ARGS:-}
run_generator im.bench.ConnectBenchmark --base "http://127.0.0.1:$PORT" --server-pid "$SERVER" "$@"
stop_server
