#!/usr/bin/env bash
# Persisted one-to-one chat across two cluster instances (docs/benchmarks.md), against a
# running scripts/cluster.sh: the same load three times, first with both users of each pair on
# instance A, then with every other pair (both users) on instance B, so that both instances
# store and deliver but nothing crosses, then with the second user of each pair on instance
# B, so every delivery crosses Kafka.
# First a warm-up across the instances (IM_BENCH_WARMUP_SECONDS at 300 msg/s, default 180; 0
# skips it), so that neither instance is still compiling its paths when measured: at these
# rates the Kafka client's and the JDBC driver's methods reach the optimizing compiler only
# after minutes (docs/benchmarks.md).
# The benchmark registers its users from one address: start the cluster with
# IM_MAX_REGISTRATIONS_PER_ADDRESS=1000000 (scripts/cluster.sh passes the environment on).
# Usage: bench/cluster-chat.sh [--pairs 200] [--rates 300,1000] [--seconds 40]
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
A=${IM_BENCH_A:-http://127.0.0.1:8081}
B=${IM_BENCH_B:-http://127.0.0.1:8082}
WARMUP=${IM_BENCH_WARMUP_SECONDS:-180}
RATES=1000
ARGS=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --rates|--rate) RATES=$2; shift 2 ;;
    *) ARGS+=("$1"); shift ;;
  esac
done
for url in "$A" "$B"; do
  curl -sf "$url/actuator/health/readiness" >/dev/null || { echo "No ready instance at $url: start scripts/cluster.sh first" >&2; exit 1; }
done
./mvnw -q -B -pl im-bench compile

# where the CPU goes, per message: the instances, the broker, the database, Redis
CPU_OF="instances=im-api-0.1.0-SNAPSHOT.jar;kafka=im.bench.LocalKafka;postgres=postgres:;redis=redis-server"
chat() {
  "$JAVA_HOME/bin/java" -cp im-bench/target/classes im.bench.ChatBenchmark --base "$A" --cpu-of "$CPU_OF" \
    --admin-password "${IM_ADMIN_PASSWORD:-admin-cluster-demo}" "$@"
}
if [ "$WARMUP" -gt 0 ]; then
  echo "== warm-up across the instances: 300 msg/s for $WARMUP s (not a result)"
  chat --peer-base "$B" --pairs 100 --rate 300 --seconds "$WARMUP" > /dev/null
fi
for rate in ${RATES//,/ }; do
  echo "== $rate msg/s, every pair on $A"
  chat --peer-base "$A" "${ARGS[@]}" --rate "$rate"
  echo "== $rate msg/s, every other pair on $B, nothing crosses"
  chat --peer-base "$B" --placement alongside "${ARGS[@]}" --rate "$rate"
  echo "== $rate msg/s, peers on $B, every delivery crosses"
  chat --peer-base "$B" --placement across "${ARGS[@]}" --rate "$rate"
done
