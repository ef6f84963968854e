#!/usr/bin/env bash
# End-to-end throughput benchmark (issue 3): collector vs a bare Netty loop, same run.
# Usage: bench/e2e.sh [gateways=200] [meters-per-gateway=50] [seconds-per-phase=10] [store-spec]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -B -q -DskipTests package -pl app -am
exec java -Xmx1g -cp "app/target/headend.jar:app/target/lib/*:app/target/test-classes" \
  org.headend.app.bench.EndToEndBenchmark "$@"
