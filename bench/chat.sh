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

"$JAVA_HOME/bin/java" -jar im-api/target/im-api-0.1.0-SNAPSHOT.jar \
  --server.port="$PORT" --im.data-dir="$DATA" \
  --spring.datasource.url="jdbc:postgresql://$DB_HOST:$DB_PORT/im_bench" \
  --spring.datasource.username="$DB_USER" --spring.datasource.password="${IM_BENCH_DB_PASSWORD:-}" \
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
"$JAVA_HOME/bin/java" -cp im-bench/target/classes im.bench.ChatBenchmark --base "http://127.0.0.1:$PORT" "$@"
END=$(date +%s.%N)
AFTER=$(server_cpu)
awk -v b="$BEFORE" -v a="$AFTER" -v t="$TICKS" -v s="$START" -v e="$END" \
  'BEGIN { printf "  server CPU (whole run, set-up included): %.1f s over %.1f s\n", (a - b) / t, e - s }'
