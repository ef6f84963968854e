#!/usr/bin/env bash
# Collector heap with 100,000 meters in the archive (issue 3 target: under 512 MiB).
# Runs `headend simulate` (100,000 meters on 200 gateways) in one process and `headend collect`
# with -Xmx512m in another, one full cycle, and reports the collector's peak heap from its own
# Prometheus endpoint. Usage: bench/heap-100k.sh [meters=100000] [gateways=200]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
meters=${1:-100000}; gateways=${2:-200}; base=21000; mport=19464
work="$(mktemp -d)"; trap 'kill $sim 2>/dev/null || true; rm -rf "$work"' EXIT
./headend --version >/dev/null
./headend simulate --meters "$meters" --gateways "$gateways" --base-port $base --response-delay 0 \
  --archive "$work/meters.csv" --duration 600s >"$work/sim.log" 2>&1 &
sim=$!
for _ in $(seq 1 120); do [ -s "$work/meters.csv" ] && grep -q "^serving" "$work/sim.log" && break; sleep 1; done
{
  echo "store: embedded:$work/heap.db"
  echo "archive: $work/meters.csv"
  echo "metrics: {host: 127.0.0.1, port: $mport}"
  echo "schedule: {interval: 15m}"
  echo "buses:"
  for i in $(seq 1 "$gateways"); do printf '  gw-%02d: {host: 127.0.0.1, port: %d}\n' "$i" $((base + i - 1)); done
} >"$work/collector.yaml"
HEADEND_JAVA_OPTS="-Xmx512m" ./headend collect --config "$work/collector.yaml" --cycles 1 --duration 240s \
  >"$work/collect.log" 2>&1 &
col=$!
peak=0; reads=0
while kill -0 $col 2>/dev/null; do
  sleep 2
  m=$(curl -fsS "http://127.0.0.1:$mport/metrics" 2>/dev/null || true)
  [ -n "$m" ] || continue
  heap=$(printf '%s\n' "$m" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ {s+=$NF} END {printf "%d", s/1048576}')
  [ "$heap" -gt "$peak" ] && peak=$heap
  reads=$(printf '%s\n' "$m" | awk '/^headend_polls_total\{.*outcome="ok"/ {s+=$NF} END {printf "%d", s}')
  [ "$reads" -ge "$meters" ] && kill -TERM $col
done
wait $col || true
echo "meters: $meters on $gateways gateways; meters read ok: $reads; collector peak heap used: $peak MiB (-Xmx512m)"
tail -n 2 "$work/collect.log"
