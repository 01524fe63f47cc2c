#!/usr/bin/env bash
# Persisted one-to-one chat through STOMP against PostgreSQL (docs/benchmarks.md).
# Needs a PostgreSQL that the current user reaches as IM_BENCH_DB_USER (default postgres) at
# IM_BENCH_DB_HOST:IM_BENCH_DB_PORT (default 127.0.0.1:5432), and psql. Creates and drops the
# database im_bench. The server and PostgreSQL run on core 0, the generator on core 1
# (IM_BENCH_SERVER_CPUS, IM_BENCH_GENERATOR_CPUS; empty: not pinned); pinning a local
# PostgreSQL needs a superuser, and is undone at the end. Starts the server once, warms it up
# (IM_BENCH_WARMUP_SECONDS at the first rate, default 200; 0 skips it: a fresh JVM spends its first
# minute compiling), then runs each rate. Reports the server's and PostgreSQL's CPU per message.
# Before the warm-up it fills the database with idle conversations and their history
# (IM_BENCH_FILLER_CONVERSATIONS, IM_BENCH_FILLER_MESSAGES).
# Usage: bench/chat.sh [--rates 1200,3200] [--pairs 200] [--seconds 60] [--group-size 50]
# (JAR=path/to/other-im-api.jar measures another build of the platform, e.g. an earlier commit's;
# IM_BENCH_PLATFORM_ARGS adds arguments to its command line)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
DB_HOST=${IM_BENCH_DB_HOST:-127.0.0.1}
DB_PORT=${IM_BENCH_DB_PORT:-5432}
DB_USER=${IM_BENCH_DB_USER:-postgres}
PORT=${IM_BENCH_PORT:-18080}
WARMUP=${IM_BENCH_WARMUP_SECONDS:-200}
DATA=$(mktemp -d)
SERVER_CPUS=${IM_BENCH_SERVER_CPUS-0}
GENERATOR_CPUS=${IM_BENCH_GENERATOR_CPUS-1}
RATES=3200
ARGS=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --rates|--rate) RATES=$2; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done

./mvnw -q -B -pl im-api,im-bench -am package -DskipTests
psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -qc 'DROP DATABASE IF EXISTS im_bench' -c 'CREATE DATABASE im_bench'

. bench/server.sh
# shellcheck disable=SC2086
start_server -- \
  --spring.datasource.url="jdbc:postgresql://$DB_HOST:$DB_PORT/im_bench" \
  --spring.datasource.username="$DB_USER" --spring.datasource.password="${IM_BENCH_DB_PASSWORD:-}" \
  --im.auth.max-registrations-per-address=1000000 ${IM_BENCH_PLATFORM_ARGS:-}
# an established deployment's tables: many more conversations than those active at a moment
# (IM_BENCH_FILLER_CONVERSATIONS, default 50,000, among half as many users; 0: none), and their
# history (IM_BENCH_FILLER_MESSAGES a conversation, default 10). With only the benchmark's few
# hundred rows PostgreSQL's planner reads whole tables where a deployment's size makes it use
# their indexes (docs/benchmarks.md)
FILLER=${IM_BENCH_FILLER_CONVERSATIONS:-50000}
if [ "$FILLER" -gt 0 ]; then
  psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d im_bench -q -v ON_ERROR_STOP=1 \
    -v users=$((FILLER / 2)) -v conversations="$FILLER" -v messages="${IM_BENCH_FILLER_MESSAGES:-10}" \
    -f bench/chat-filler.sql
fi
# after the server started: its connections' backends are pinned with the rest
[ -n "$SERVER_CPUS" ] && pin_postgres "$SERVER_CPUS" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres
chat() {
  run_generator im.bench.ChatBenchmark --base "http://127.0.0.1:$PORT" --server-pid "$SERVER" \
    --cpu-of "postgres=postgres:" "$@"
}
if [ "$WARMUP" -gt 0 ]; then
  # at the first rate measured: a lower one leaves the JIT compiling what that rate runs
  # (docs/benchmarks.md)
  echo "== warm-up: ${RATES%%,*} msg/s for $WARMUP s (not a result)"
  chat --pairs 200 "${ARGS[@]}" --rate "${RATES%%,*}" --seconds "$WARMUP" > /dev/null
fi
for rate in ${RATES//,/ }; do
  echo "== $rate msg/s"
  chat "${ARGS[@]}" --rate "$rate"
done
