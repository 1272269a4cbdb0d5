#!/usr/bin/env bash
# Serve-mode benchmark (not a test): COUNT compares of 1280x720 pairs through one
# `difflens-cli serve` process against COUNT odiff 4.5.0 processes (one per compare).
#
# Usage: bench/peers/serve.sh [COUNT]        default COUNT 1000
# Environment:
#   DIFFLENS_CLI   difflens-cli to time (default: build/app/difflens-cli)
#   PEERS_DIR      reuse this folder for the npm package and images (as run.sh)
#   SIZE           pair size (default 1280x720)
#   RUNS           rounds, each timing every row once; medians reported (default 3)
#   DIFFLENS_OPTIONS  the requests' "options" object (default {}), e.g. '{"device": "cpu"}'
#   DIFFLENS_BEFORE   a second difflens-cli (a build of an earlier commit, with its own
#                     lib/libdifflens_cli_full.so beside it) timed in the same rounds: every
#                     row again as "before: ..."
#
# Rows (each COUNT requests through one server):
#   same pair       the one pair COUNT times: after the first request both images come from
#                   serve's decoded-image cache (a baseline compared again and again)
#   distinct paths  COUNT different paths (hard links to the pair): every request decodes
#                   both files, as when each test has its own baseline and screenshot
#   ... --jobs 1    the same, one request at a time (default: one per core, at most 4)
#   --cache 0       no cache at all
# Prints each row's median total and per-compare time, the ratio serve / odiff (target <= 0.3)
# and the 1-minute load average before each round (other work on the machine slows both).
# Needs: node + npm (npm registry access), python3-pil (make_pairs.py).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
COUNT="${1:-1000}"
SIZE="${SIZE:-1280x720}"
RUNS="${RUNS:-3}"
OPTIONS="${DIFFLENS_OPTIONS:-{\}}"

# shellcheck source=bench/peers/peers_env.sh
. "$ROOT/bench/peers/peers_env.sh"
peers_setup serve.sh "node npm /usr/bin/python3" odiff odiff-bin@4.5.0
[ -f "$WORK/img/$SIZE-a.png" ] || /usr/bin/python3 "$ROOT/bench/peers/make_pairs.py" "$WORK/img" "$SIZE"
A="$WORK/img/$SIZE-a.png"
B="$WORK/img/$SIZE-b.png"

# COUNT hard links of each image: distinct paths (no cache hits), no extra disk space.
LINKS="$WORK/img/serve-links-$SIZE"
mkdir -p "$LINKS"
for i in $(seq "$COUNT"); do
  [ -e "$LINKS/a-$i.png" ] || ln "$A" "$LINKS/a-$i.png"
  [ -e "$LINKS/b-$i.png" ] || ln "$B" "$LINKS/b-$i.png"
done

SAME="$WORK/out/requests-same.jsonl"
DISTINCT="$WORK/out/requests-distinct.jsonl"
for i in $(seq "$COUNT"); do
  printf '{"id": %d, "a": "%s", "b": "%s", "options": %s}\n' "$i" "$A" "$B" "$OPTIONS"
done >"$SAME"
for i in $(seq "$COUNT"); do
  printf '{"id": %d, "a": "%s", "b": "%s", "options": %s}\n' "$i" "$LINKS/a-$i.png" "$LINKS/b-$i.png" "$OPTIONS"
done >"$DISTINCT"


# serve_ms CLI REQUESTS [ARGS...]: one server over the requests; checks COUNT answers, no errors.
serve_ms() {
  local cli="$1" req="$2"; shift 2
  local t0 t1 lines
  t0=${EPOCHREALTIME/./}
  "$cli" serve "$@" <"$req" >"$WORK/out/answers.jsonl"
  t1=${EPOCHREALTIME/./}
  lines=$(wc -l <"$WORK/out/answers.jsonl")
  [ "$lines" -eq "$COUNT" ] || { echo "serve.sh: $lines answers for $COUNT requests" >&2; exit 1; }
  if grep -q '"error"' "$WORK/out/answers.jsonl"; then
    echo "serve.sh: a request failed:" >&2; grep -m1 '"error"' "$WORK/out/answers.jsonl" >&2; exit 1
  fi
  echo $(( (t1 - t0) / 1000 ))
}

# odiff: COUNT processes (exit 22 = images differ).
odiff_ms() {
  local t0 t1
  t0=${EPOCHREALTIME/./}
  for _ in $(seq "$COUNT"); do
    "$ODIFF" --antialiasing --parsable-stdout "$A" "$B" >"$WORK/out/odiff.txt" || [ $? -eq 22 ]
  done
  t1=${EPOCHREALTIME/./}
  echo $(( (t1 - t0) / 1000 ))
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }

ROWS=("same pair" "distinct paths" "distinct paths, --jobs 1" "same pair, --cache 0 --jobs 1")
declare -A TIMES
for run in $(seq "$RUNS"); do
  echo "round $run: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  TIMES[odiff]+="$(odiff_ms) "
  for who in after before; do
    cli="$CLI"; key=""
    if [ $who = before ]; then
      [ -n "${DIFFLENS_BEFORE:-}" ] || continue
      cli="$DIFFLENS_BEFORE"; key="b"
    fi
    TIMES[${key}0]+="$(serve_ms "$cli" "$SAME") "
    TIMES[${key}1]+="$(serve_ms "$cli" "$DISTINCT") "
    TIMES[${key}2]+="$(serve_ms "$cli" "$DISTINCT" --jobs 1) "
    TIMES[${key}3]+="$(serve_ms "$cli" "$SAME" --cache 0 --jobs 1) "
  done
done
head -1 "$SAME" | "$CLI" serve >"$WORK/out/first.json"
count=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pixels"]["mismatched"])' "$WORK/out/first.json")
ocount=$(awk -F';' 'NF>=2 {print $1; exit}' "$WORK/out/odiff.txt")

div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "-" }'; }
odiff_med=$(tr ' ' '\n' <<<"${TIMES[odiff]}" | grep . | median)
printf '%-56s %9s %8s %10s %12s\n' tool median_ms ms_each mismatched "serve/odiff"
for i in "${!ROWS[@]}"; do
  med=$(tr ' ' '\n' <<<"${TIMES[$i]}" | grep . | median)
  printf '%-56s %9d %8s %10s %12s\n' "difflens-cli serve: ${ROWS[$i]}" "$med" "$(div "$med" "$COUNT")" "$count" \
    "$(div "$med" "$odiff_med")"
done
if [ -n "${DIFFLENS_BEFORE:-}" ]; then
  for i in "${!ROWS[@]}"; do
    med=$(tr ' ' '\n' <<<"${TIMES[b$i]}" | grep . | median)
    printf '%-56s %9d %8s %10s %12s\n' "before: ${ROWS[$i]}" "$med" "$(div "$med" "$COUNT")" "" \
      "$(div "$med" "$odiff_med")"
  done
fi
printf '%-56s %9d %8s %10s\n' "odiff x$COUNT (one process each)" "$odiff_med" "$(div "$odiff_med" "$COUNT")" "${ocount:-?}"
echo "runs: $RUNS; all times: odiff ${TIMES[odiff]}| same ${TIMES[0]}| distinct ${TIMES[1]}| distinct jobs1 ${TIMES[2]}| no cache jobs1 ${TIMES[3]}"
[ -z "${DIFFLENS_BEFORE:-}" ] ||
  echo "before: same ${TIMES[b0]}| distinct ${TIMES[b1]}| distinct jobs1 ${TIMES[b2]}| no cache jobs1 ${TIMES[b3]}"
echo "target: serve/odiff <= 0.3; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
