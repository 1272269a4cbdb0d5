#!/usr/bin/env bash
# Start-up benchmark (not a test): `difflens-cli --version` against `odiff --version`, the
# cost of starting the process (loading the program and its libraries) with no work.
#
# Usage: bench/peers/startup.sh
# Environment:
#   DIFFLENS_CLI   difflens-cli to time (default: build/app/difflens-cli)
#   PEERS_DIR      reuse this folder for the npm package (as run.sh)
#   RUNS           runs of each, alternating (default 31)
# Prints the median wall time (bash's EPOCHREALTIME around each process, no extra process
# in the timed span), the median peak RSS (GNU time, in a separate run) and the ratio
# difflens / odiff, plus the 1-minute load average before and after.
# Needs: node + npm (npm registry access), /usr/bin/time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${RUNS:-31}"
# shellcheck source=bench/peers/peers_env.sh
. "$ROOT/bench/peers/peers_env.sh"
peers_setup startup.sh "node npm /usr/bin/time" odiff odiff-bin@4.5.0

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
d_us=() o_us=() d_kb=() o_kb=()
for _ in $(seq "$RUNS"); do
  t0=${EPOCHREALTIME/./}; "$CLI" --version >/dev/null 2>&1; t1=${EPOCHREALTIME/./}; d_us+=($(( t1 - t0 )))
  t0=${EPOCHREALTIME/./}; "$ODIFF" --version >/dev/null 2>&1; t1=${EPOCHREALTIME/./}; o_us+=($(( t1 - t0 )))
  /usr/bin/time -f %M -o "$WORK/out/rss" "$CLI" --version >/dev/null 2>&1; d_kb+=("$(tail -1 "$WORK/out/rss")")
  /usr/bin/time -f %M -o "$WORK/out/rss" "$ODIFF" --version >/dev/null 2>&1; o_kb+=("$(tail -1 "$WORK/out/rss")")
done
dm=$(printf '%s\n' "${d_us[@]}" | median); om=$(printf '%s\n' "${o_us[@]}" | median)
dk=$(printf '%s\n' "${d_kb[@]}" | median); ok=$(printf '%s\n' "${o_kb[@]}" | median)
printf '%-26s %12s %12s\n' tool median_ms peak_MB
awk -v d="$dm" -v o="$om" -v dk="$dk" -v ok="$ok" 'BEGIN {
  printf "%-26s %12.2f %12.1f\n", "difflens-cli --version", d / 1000, dk / 1024
  printf "%-26s %12.2f %12.1f\n", "odiff --version", o / 1000, ok / 1024
  printf "ratio difflens / odiff: %.2f (wall), %.2f (RSS)\n", d / o, dk / ok }'
echo "runs: $RUNS; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
