#!/usr/bin/env bash
# Concentrator sessions at scale (issue 5): idle sessions with heartbeats, heap per session,
# one read round through AFN 0C F129, a login storm. Collector and simulated concentrators run in
# two JVMs. Usage: bench/concentrators.sh [terminals=19000] [heartbeat-seconds=60] [port=19001]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
n="${1:-19000}"; hb="${2:-60}"; port="${3:-19001}"
./mvnw -B -q -DskipTests package -pl app -am
cp="app/target/headend.jar:app/target/lib/*:app/target/test-classes"
java -Xmx2g -cp "$cp" org.headend.app.bench.ConcentratorScaleBenchmark server "$n" "$port" "$hb" &
server=$!
sleep 3
java -Xmx2g -cp "$cp" org.headend.app.bench.ConcentratorScaleBenchmark clients "$n" "$port" "$hb" \
  127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5 &
clients=$!
wait "$server"
kill "$clients"
