#!/usr/bin/env bash
# Idle connections (docs/benchmarks.md): one standalone instance with a 1 GB heap; guest
# connections, each subscribed to one live room, opened in steps; after each step the
# server's heap after a full GC and its resident memory.
# Usage: bench/idle.sh [--steps 5000,10000,20000]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
PORT=${IM_BENCH_PORT:-18082}
DATA=$(mktemp -d)
PASSWORD=bench-admin-password
# one socket per connection on each side: as many as the hard limit allows (20,000 on the
# machines this was measured on, which caps a run at about 19,000 connections)
ulimit -n "$(ulimit -Hn)"

./mvnw -q -B -pl im-api,im-bench -am package -DskipTests
"$JAVA_HOME/bin/java" -Xmx1g -jar im-api/target/im-api-0.1.0-SNAPSHOT.jar \
  --server.port="$PORT" --im.data-dir="$DATA" --im.admin.password="$PASSWORD" \
  --server.tomcat.max-connections=60000 \
  > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break
  sleep 1
done
"$JAVA_HOME/bin/java" -Xmx4g -cp im-bench/target/classes im.bench.IdleBenchmark --base "http://127.0.0.1:$PORT" \
  --server-pid "$SERVER" --admin-password "$PASSWORD" "$@"
