#!/usr/bin/env bash
# A local two-instance cluster without Docker, for demos and benchmarks: the PostgreSQL and
# Redis installed on this machine, a Kafka broker this script starts (from Maven artifacts),
# and two instances of the platform on ports 8081 and 8082. Ctrl-C stops everything.
#
# Settings (environment): IM_CLUSTER_DB_HOST/PORT/USER/PASSWORD (127.0.0.1, 5432, postgres,
# empty), IM_CLUSTER_DB_NAME (im_cluster, created when missing), IM_CLUSTER_REDIS_URL
# (redis://127.0.0.1:6379), IM_CLUSTER_PORTS ("8081 8082"), IM_CLUSTER_JAVA_OPTS (the
# instances' JVM options, none by default), IM_CLUSTER_KAFKA_JAVA_OPTS (the broker's; by default
# those Kafka's own start scripts use: a 1 GB heap and G1 with a 20 ms pause goal, so that the
# broker's pauses here are those of a broker run as Kafka ships it). The broker takes a free port.
# Logs and media go to target/cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
DB_HOST=${IM_CLUSTER_DB_HOST:-127.0.0.1}
DB_PORT=${IM_CLUSTER_DB_PORT:-5432}
DB_USER=${IM_CLUSTER_DB_USER:-postgres}
DB_PASSWORD=${IM_CLUSTER_DB_PASSWORD:-}
DB_NAME=${IM_CLUSTER_DB_NAME:-im_cluster}
REDIS_URL=${IM_CLUSTER_REDIS_URL:-redis://127.0.0.1:6379}
PORTS=${IM_CLUSTER_PORTS:-8081 8082}
OUT=target/cluster
mkdir -p "$OUT/media"

./mvnw -q -B -pl im-api,im-bench -am package -DskipTests
./mvnw -q -B -pl im-bench dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/bench.classpath" >/dev/null
PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
  || PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -qc "CREATE DATABASE $DB_NAME"

PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM

KAFKA_JAVA_OPTS=${IM_CLUSTER_KAFKA_JAVA_OPTS-"-Xms1g -Xmx1g -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent"}
# the log goes first: the redirection below empties it in the forked shell, possibly after the
# wait that follows has read the previous run's "ready" line and its address
rm -f "$OUT/kafka.log"
# shellcheck disable=SC2086 # word splitting of the options is intended
"$JAVA_HOME/bin/java" $KAFKA_JAVA_OPTS -cp "im-bench/target/classes:$(cat "$OUT/bench.classpath")" im.bench.LocalKafka \
  > "$OUT/kafka.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do
  grep -q "Kafka broker ready" "$OUT/kafka.log" && break
  sleep 1
done
grep -q "Kafka broker ready" "$OUT/kafka.log" || { echo "Kafka did not start; see $OUT/kafka.log"; exit 1; }
KAFKA=$(sed -n 's/^Kafka broker ready at //p' "$OUT/kafka.log")
[ -n "$KAFKA" ] || { echo "Kafka announced no address; see $OUT/kafka.log"; exit 1; }

# one signing key for the whole cluster, fresh for each run of the script
JWT_SECRET=$(head -c 48 /dev/urandom | base64)
n=0
for port in $PORTS; do
  n=$((n + 1))
  SPRING_PROFILES_ACTIVE=cluster IM_PORT="$port" IM_INSTANCE_ID="node-$n" \
  IM_DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME" IM_DB_USER="$DB_USER" IM_DB_PASSWORD="$DB_PASSWORD" \
  IM_REDIS_URL="$REDIS_URL" IM_KAFKA_BOOTSTRAP="$KAFKA" IM_JWT_SECRET="$JWT_SECRET" \
  IM_DATA_DIR="$OUT/node-$n" IM_MEDIA_DIR="$OUT/media" IM_ADMIN_PASSWORD="${IM_ADMIN_PASSWORD:-admin-cluster-demo}" \
    "$JAVA_HOME/bin/java" ${IM_CLUSTER_JAVA_OPTS:-} -jar im-api/target/im-api-0.1.0-SNAPSHOT.jar > "$OUT/node-$n.log" 2>&1 &
  PIDS+=($!)
done
for port in $PORTS; do
  for _ in $(seq 1 90); do
    curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null && break
    sleep 1
  done
  curl -sf "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null \
    || { echo "The instance on port $port did not become ready; see $OUT/"; exit 1; }
  echo "instance ready: http://localhost:$port/"
done
echo "Cluster up (Kafka at $KAFKA, logs in $OUT/). Ctrl-C stops it."
wait
