#!/usr/bin/env bash
# Serial line benchmark (issue 6): reads/s on one paced 2400 8E1 DL/T 645 line over a socat pty
# pair, against the wire limit, all meters alive and one dead. Needs socat.
# Usage: bench/serial.sh [meters=10] [seconds-per-phase=60]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -B -q -DskipTests package -pl app -am
exec java -cp "app/target/headend.jar:app/target/lib/*:app/target/test-classes" \
  org.headend.app.bench.SerialLineBenchmark "$@"
