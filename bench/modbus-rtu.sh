#!/usr/bin/env bash
# Modbus RTU serial line benchmark (issue 6): reads/s on one paced 9600 8N1 line over a socat pty
# pair, SDM630-style units, against the wire limit, all units alive and one dead. Needs socat.
# Usage: bench/modbus-rtu.sh [meters=10] [seconds-per-phase=60]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
./mvnw -B -q -DskipTests package -pl app -am
exec java -cp "app/target/headend.jar:app/target/lib/*:app/target/test-classes" \
  org.headend.app.bench.ModbusRtuLineBenchmark "$@"
