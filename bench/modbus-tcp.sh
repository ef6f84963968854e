#!/usr/bin/env bash
# Modbus TCP benchmark (issue 6): collector vs j2mod's bare master loop, same simulated gateways, same run.
# Usage: bench/modbus-tcp.sh [gateways=4] [meters-per-gateway=20] [seconds-per-phase=5] [store-spec=none]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -B -q -DskipTests package -pl app -am
exec java -Xmx512m -cp "app/target/headend.jar:app/target/lib/*:app/target/test-classes" \
  org.headend.app.bench.ModbusTcpBenchmark "$@"
