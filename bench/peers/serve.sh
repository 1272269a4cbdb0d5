#!/usr/bin/env bash
# Serve-mode benchmark (not a test): COUNT compares of one 1280x720 pair through one
# `difflens-cli serve` process against COUNT odiff 4.5.0 processes (one per compare).
#
# Usage: bench/peers/serve.sh [COUNT]        default COUNT 1000
# Environment:
#   DIFFLENS_CLI   difflens-cli to time (default: build/app/difflens-cli)
#   PEERS_DIR      reuse this folder for the npm package and images (as run.sh)
#   SIZE           pair size (default 1280x720)
#   DIFFLENS_OPTIONS  the requests' "options" object (default {}), e.g. '{"device": "cpu"}'
#
# Prints both wall times, the time per compare and the ratio serve / odiff (target <= 0.3).
# Needs: node + npm (npm registry access), python3-pil (make_pairs.py).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLI="${DIFFLENS_CLI:-$ROOT/build/app/difflens-cli}"
COUNT="${1:-1000}"
SIZE="${SIZE:-1280x720}"
OPTIONS="${DIFFLENS_OPTIONS:-{\}}"

for tool in node npm /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "serve.sh: $tool is missing" >&2; exit 2; }
done
[ -x "$CLI" ] || { echo "serve.sh: $CLI not built (run scripts/run first)" >&2; exit 2; }

WORK="${PEERS_DIR:-$(mktemp -d -t difflens-peers.XXXXXX)}"
mkdir -p "$WORK/img" "$WORK/out"
echo "work folder: $WORK" >&2
if [ ! -x "$WORK/npm/node_modules/.bin/odiff" ]; then
  npm install --silent --no-audit --no-fund --prefix "$WORK/npm" odiff-bin@4.5.0 >&2
fi
ODIFF="$(ls "$WORK"/npm/node_modules/@odiff/*/odiff 2>/dev/null | head -1)"
[ -x "$ODIFF" ] || ODIFF="$WORK/npm/node_modules/.bin/odiff"
[ -f "$WORK/img/$SIZE-a.png" ] || /usr/bin/python3 "$ROOT/bench/peers/make_pairs.py" "$WORK/img" "$SIZE"
A="$WORK/img/$SIZE-a.png"
B="$WORK/img/$SIZE-b.png"

ms_now() { echo $(( $(date +%s%N) / 1000000 )); }

# difflens: one server, COUNT requests, COUNT answer lines.
REQ="$WORK/out/requests.jsonl"
for i in $(seq "$COUNT"); do
  printf '{"id": %d, "a": "%s", "b": "%s", "options": %s}\n' "$i" "$A" "$B" "$OPTIONS"
done >"$REQ"
t0=$(ms_now)
"$CLI" serve <"$REQ" >"$WORK/out/answers.jsonl"
t1=$(ms_now)
serve_ms=$(( t1 - t0 ))
lines=$(wc -l <"$WORK/out/answers.jsonl")
[ "$lines" -eq "$COUNT" ] || { echo "serve.sh: $lines answers for $COUNT requests" >&2; exit 1; }
if grep -q '"error"' "$WORK/out/answers.jsonl"; then
  echo "serve.sh: a request failed:" >&2; grep -m1 '"error"' "$WORK/out/answers.jsonl" >&2; exit 1
fi
count=$(head -1 "$WORK/out/answers.jsonl" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["pixels"]["mismatched"])')

# odiff: COUNT processes (exit 22 = images differ).
t0=$(ms_now)
for _ in $(seq "$COUNT"); do
  "$ODIFF" --antialiasing --parsable-stdout "$A" "$B" >"$WORK/out/odiff.txt" || [ $? -eq 22 ]
done
t1=$(ms_now)
odiff_ms=$(( t1 - t0 ))
ocount=$(awk -F';' 'NF>=2 {print $1; exit}' "$WORK/out/odiff.txt")

printf '%-22s %8s %10s %10s\n' tool total_ms ms_each mismatched
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
printf '%-22s %8d %10s %10s\n' "difflens-cli serve" "$serve_ms" "$(div "$serve_ms" "$COUNT")" "$count"
printf '%-22s %8d %10s %10s\n' "odiff x$COUNT" "$odiff_ms" "$(div "$odiff_ms" "$COUNT")" "${ocount:-?}"
echo "ratio serve/odiff: $(div "$serve_ms" "$odiff_ms") (target <= 0.3)"
