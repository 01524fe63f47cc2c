#!/usr/bin/env bash
# Message search on a million messages (docs/benchmarks.md): fills a database with messages
# (bench/search-data.sql), then for each index in turn — Lucene (a standalone instance) and
# PostgreSQL (a cluster instance) — starts an instance with an empty index, times how long it
# takes to catch up with every message (what a rebuild does) and what that costs the server
# and PostgreSQL per message, times queries of two users (members of 50 and of 1,000 groups),
# and reports the index's size. Needs a local PostgreSQL (as chat.sh: IM_BENCH_DB_USER etc.)
# and, for the cluster instance, a Redis at IM_BENCH_REDIS_URL (default redis://127.0.0.1:6379)
# and a Kafka (the script starts one, as scripts/cluster.sh does, on the generator's core). The server and PostgreSQL run on core 0, the
# generator on core 1 (IM_BENCH_SERVER_CPUS, IM_BENCH_GENERATOR_CPUS).
# Usage: bench/search.sh [--messages 1000000] [--conversations 5000] [--requests 200]
#        (IM_BENCH_TARGETS=lucene or =postgres runs one of the two)
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
DB_HOST=${IM_BENCH_DB_HOST:-127.0.0.1}
DB_PORT=${IM_BENCH_DB_PORT:-5432}
DB_USER=${IM_BENCH_DB_USER:-postgres}
DB=im_search_bench
PORT=${IM_BENCH_PORT:-18080}
SERVER_CPUS=${IM_BENCH_SERVER_CPUS-0}
GENERATOR_CPUS=${IM_BENCH_GENERATOR_CPUS-1}
TARGETS=${IM_BENCH_TARGETS:-lucene,postgres}
MESSAGES=1000000
CONVERSATIONS=5000
REQUESTS=200
while [ "$#" -gt 0 ]; do
  case "$1" in
    --messages) MESSAGES=$2; shift 2 ;;
    --conversations) CONVERSATIONS=$2; shift 2 ;;
    --requests) REQUESTS=$2; shift 2 ;;
    *) echo "Unknown option $1" >&2; exit 1 ;;
  esac
done
PASSWORD=bench-admin-password
USER_PASSWORD=bench-searcher-password
sql() { psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -v ON_ERROR_STOP=1 "$@"; }

./mvnw -q -B -pl im-api,im-bench -am package -DskipTests
sql -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
. bench/server.sh
DATA=$(mktemp -d)
SERVER_ARGS=(--spring.datasource.url="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB"
  --spring.datasource.username="$DB_USER" --spring.datasource.password="${IM_BENCH_DB_PASSWORD:-}"
  --im.admin.password="$PASSWORD")

# the schema, the administrator and the two users who search
start_server -- "${SERVER_ARGS[@]}"
for user in searcher50 searcher1000; do
  curl -sf -o /dev/null -H 'Content-Type: application/json' "http://127.0.0.1:$PORT/api/v1/auth/register" \
    -d "{\"username\":\"$user\",\"displayName\":\"$user\",\"password\":\"$USER_PASSWORD\"}"
done
stop_server
echo "== filling: $MESSAGES messages in $CONVERSATIONS groups"
start=$(date +%s)
sql -d "$DB" -q -v messages="$MESSAGES" -v conversations="$CONVERSATIONS" -f bench/search-data.sql
echo "   filled in $(($(date +%s) - start)) s; the messages table: $(sql -d "$DB" -Atc \
  "SELECT pg_size_pretty(pg_total_relation_size('messages'))") with its indexes"
[ -n "$SERVER_CPUS" ] && pin_postgres "$SERVER_CPUS" -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres

# the index's catch-up, then (once PostgreSQL has statistics of the table, as autovacuum keeps
# them: without, its planner reads the whole table for a rare word) the queries
measure() {
  run_generator im.bench.SearchBenchmark --phase catch-up --base "http://127.0.0.1:$PORT" \
    --server-pid "$SERVER" --admin-password "$PASSWORD"
  sql -d "$DB" -qc "ANALYZE"
  run_generator im.bench.SearchBenchmark --phase queries --base "http://127.0.0.1:$PORT" \
    --server-pid "$SERVER" --password "$USER_PASSWORD" --requests "$REQUESTS"
}
if [[ ,$TARGETS, == *,lucene,* ]]; then
  echo "== Lucene (standalone): an empty index in $DATA/search"
  rm -rf "$DATA/search"
  start_server -- "${SERVER_ARGS[@]}"
  measure
  # stopping commits the index: its size on disk after
  stop_server
  echo "   index on disk: $(du -sh "$DATA/search" | cut -f1)"
fi
if [[ ,$TARGETS, == *,postgres,* ]]; then
  echo "== PostgreSQL (a cluster instance): message_search, created empty at its start"
  ./mvnw -q -B -pl im-bench dependency:build-classpath -Dmdep.outputFile="$DATA/bench.classpath" >/dev/null
  pinned "$GENERATOR_CPUS" "$JAVA_HOME/bin/java" -Xmx512m \
    -cp "im-bench/target/classes:$(cat "$DATA/bench.classpath")" im.bench.LocalKafka > "$DATA/kafka.log" 2>&1 &
  KAFKA_PID=$!
  ON_EXIT="kill $KAFKA_PID 2>/dev/null || true; ${ON_EXIT:-}"
  for _ in $(seq 1 60); do
    grep -q "Kafka broker ready" "$DATA/kafka.log" && break
    sleep 1
  done
  KAFKA=$(sed -n 's/^Kafka broker ready at //p' "$DATA/kafka.log")
  [ -n "$KAFKA" ] || { echo "Kafka did not start: $(tail -5 "$DATA/kafka.log")" >&2; exit 1; }
  SPRING_PROFILES_ACTIVE=cluster IM_REDIS_URL=${IM_BENCH_REDIS_URL:-redis://127.0.0.1:6379} \
    IM_KAFKA_BOOTSTRAP=$KAFKA IM_JWT_SECRET=$(head -c 48 /dev/urandom | base64) \
    start_server -- "${SERVER_ARGS[@]}"
  measure
  stop_server
  sql -d "$DB" -Atc "SELECT 'message_search: ' || pg_size_pretty(pg_total_relation_size('message_search'))
    || ' (table ' || pg_size_pretty(pg_relation_size('message_search')) || ', indexes '
    || pg_size_pretty(pg_indexes_size('message_search')) || ')'"
fi
