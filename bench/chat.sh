#!/usr/bin/env bash
# Persisted one-to-one chat through STOMP against PostgreSQL (docs/benchmarks.md).
# Needs a PostgreSQL that the current user reaches as IM_BENCH_DB_USER (default postgres) at
# IM_BENCH_DB_HOST:IM_BENCH_DB_PORT (default 127.0.0.1:5432), and psql. Creates and drops the
# database im_bench. Usage: bench/chat.sh [--pairs 200] [--rate 3200] [--seconds 60]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
DB_HOST=${IM_BENCH_DB_HOST:-127.0.0.1}
DB_PORT=${IM_BENCH_DB_PORT:-5432}
DB_USER=${IM_BENCH_DB_USER:-postgres}
PORT=${IM_BENCH_PORT:-18080}
DATA=$(mktemp -d)

./mvnw -q -B -pl im-api,im-bench -am package -DskipTests
psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -qc 'DROP DATABASE IF EXISTS im_bench' -c 'CREATE DATABASE im_bench'

. bench/server.sh
start_server -- \
  --spring.datasource.url="jdbc:postgresql://$DB_HOST:$DB_PORT/im_bench" \
  --spring.datasource.username="$DB_USER" --spring.datasource.password="${IM_BENCH_DB_PASSWORD:-}"
run_measured "$JAVA_HOME/bin/java" -cp im-bench/target/classes im.bench.ChatBenchmark --base "http://127.0.0.1:$PORT" \
  --server-pid "$SERVER" "$@"
