#!/usr/bin/env bash
# Peer benchmark (not a test): difflens-cli against odiff 4.5.0, pixelmatch 7.2.0 (node CLI)
# and ImageMagick `compare -metric AE`, on generated screenshot-like PNG pairs.
#
# Usage: bench/peers/run.sh [SIZE...]        e.g. bench/peers/run.sh 1280x720 3840x2160
#   default sizes: 1280x720 1920x1080 3840x2160 7680x4320
# Environment:
#   DIFFLENS_CLI   difflens-cli to time (default: build/app/difflens-cli)
#   RUNS           runs per measurement, median reported (default 5)
#   PEERS_DIR      reuse this folder for the npm packages and images (default: a mktemp folder)
#   DIFFLENS_ARGS  extra difflens-cli options (e.g. "--device cpu")
#   DIFFLENS_BEFORE  a second difflens-cli (say, a build of an earlier commit) timed in the
#                  same rounds, as the row "before"
#   PEERS          the peers to time (default "odiff pixelmatch magick"), e.g. PEERS=odiff
#
# The tools alternate: each of the RUNS rounds runs every tool once, one after the other,
# so a change of load on the machine reaches all of them alike.
# Each tool compares with its defaults closest to pixelmatch's: threshold 0.1, anti-aliased
# pixels detected and not counted (odiff: --antialiasing). ImageMagick's AE counts every
# pixel that differs at all, so its count is not comparable. Wall time of the whole process
# (decode + compare [+ encode]) is the median of RUNS runs; peak RSS comes from GNU time.
# Needs: node + npm (npm registry access), /usr/bin/time (package `time`), python3-pil,
# ImageMagick.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${RUNS:-5}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1280x720 1920x1080 3840x2160 7680x4320)

# shellcheck source=bench/peers/peers_env.sh
. "$ROOT/bench/peers/peers_env.sh"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
peers_setup run.sh "node npm /usr/bin/time compare /usr/bin/python3" "odiff pixelmatch" \
  "odiff-bin@4.5.0 pixelmatch@7.2.0"
PIXELMATCH="$WORK/npm/node_modules/.bin/pixelmatch"

/usr/bin/python3 "$ROOT/bench/peers/make_pairs.py" "$WORK/img" "${SIZES[@]}"

# time_cmd OUTFILE CMD...: runs CMD once (under GNU time, for its peak RSS); prints "<ms>
# <peak KiB>", the time to 0.01 ms from bash's clock (no date process inside the interval);
# CMD's stdout -> OUTFILE.
time_cmd() {
  local out="$1"; shift
  local t0 t1
  t0=${EPOCHREALTIME/./}
  /usr/bin/time -f %M -o "$WORK/out/rss" "$@" >"$out" 2>"$out.err" || true
  t1=${EPOCHREALTIME/./}
  echo "$(awk -v d=$(( t1 - t0 )) 'BEGIN { printf "%.2f", d / 1000 }') $(tail -1 "$WORK/out/rss")"
}

# median of numbers on stdin
median() { sort -n | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'; }

count_difflens() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pixels"]["mismatched"])' "$1"; }
count_odiff() { awk -F';' 'NF>=2 {print $1; exit}' "$1"; }
count_pixelmatch() { sed -n 's/^different pixels: //p' "$1"; }
count_magick() { grep -oE '^[0-9.e+]+' "$1.err" | head -1; }

TOOLS=(difflens)
[ -n "${DIFFLENS_BEFORE:-}" ] && TOOLS+=(before)
# shellcheck disable=SC2206
TOOLS+=(${PEERS:-odiff pixelmatch magick})

# tool_cmd TOOL MODE: sets CMD (the command line) and COUNT (its count extractor).
tool_cmd() {
  local diff=()
  case "$1" in
    difflens|before)
      [ "$2" = yes ] && diff=(--diff-image "$D")
      local cli="$CLI"; [ "$1" = before ] && cli="$DIFFLENS_BEFORE"
      # shellcheck disable=SC2206
      CMD=("$cli" compare "$A" "$B" --quiet --json - "${diff[@]}" ${DIFFLENS_ARGS:-}); COUNT=count_difflens ;;
    odiff)
      [ "$2" = yes ] && diff=("$D")
      CMD=("$ODIFF" --antialiasing --parsable-stdout "$A" "$B" "${diff[@]}"); COUNT=count_odiff ;;
    pixelmatch)
      [ "$2" = yes ] && diff=("$D")
      CMD=("$PIXELMATCH" "$A" "$B" "${diff[@]}"); COUNT=count_pixelmatch ;;
    magick)
      CMD=(compare -metric AE "$A" "$B" "$([ "$2" = yes ] && echo "$D" || echo null:)"); COUNT=count_magick ;;
    *) echo "run.sh: unknown tool $1" >&2; exit 2 ;;
  esac
}

declare -A MS
printf '\n%-10s %-6s %-12s %9s %9s %12s %10s\n' size diff tool median_ms peak_MiB count "x_difflens"
for size in "${SIZES[@]}"; do
  A="$WORK/img/$size-a.png"; B="$WORK/img/$size-b.png"; D="$WORK/out/diff.png"
  for mode in no yes; do
    declare -A times=() rss=() counts=()
    for _ in $(seq "$RUNS"); do
      for tool in "${TOOLS[@]}"; do
        tool_cmd "$tool" "$mode"
        line=$(time_cmd "$WORK/out/stdout-$tool" "${CMD[@]}")
        times[$tool]+="${line% *} "
        rss[$tool]+="${line#* } "
      done
    done
    for tool in "${TOOLS[@]}"; do
      tool_cmd "$tool" "$mode"
      counts[$tool]=$($COUNT "$WORK/out/stdout-$tool" || echo "?")
    done
    base=$(tr ' ' '\n' <<<"${times[difflens]}" | grep . | median)
    for tool in "${TOOLS[@]}"; do
      ms=$(tr ' ' '\n' <<<"${times[$tool]}" | grep . | median)
      mib=$(( $(tr ' ' '\n' <<<"${rss[$tool]}" | grep . | sort -n | tail -1) / 1024 ))
      ratio=$(awk -v a="$ms" -v b="$base" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
      printf '%-10s %-6s %-12s %9s %9s %12s %10s\n' "$size" "$mode" "$tool" "$ms" "$mib" "${counts[$tool]:-?}" "$ratio"
    done
    MS[$size-$mode]=$base
  done
  # Where difflens spends its time (last run, from --json timings_ms).
  "$CLI" compare "$A" "$B" --quiet --json - --diff-image "$D" ${DIFFLENS_ARGS:-} >"$WORK/out/timings.json" || true
  /usr/bin/python3 - "$WORK/out/timings.json" "$size" <<'PY' || true
import json, sys
d = json.load(open(sys.argv[1]))
t = d["timings_ms"]; p = d["plan"]
print("%-10s difflens stages (with diff): decode %.1f ms, compare %.1f ms, encode %.1f ms; plan %s tier %s, %d tile(s); stages %s"
      % (sys.argv[2], t["decode"], t["compare"], t["encode"], p["device"], p["tier"], p["tile_count"],
         ", ".join("%s %.1f" % kv for kv in sorted(p["stages_ms"].items()))))
PY
done
echo
echo "x_difflens = tool time / difflens time (above 1: difflens is faster; difflens / odiff = 1 / odiff's)."
echo "Runs per median: $RUNS, tools alternating; load average now $(cut -d' ' -f1-3 /proc/loadavg)."
