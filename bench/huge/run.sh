#!/usr/bin/env bash
# Out-of-core benchmark (not a test): difflens-cli under --memory-budget on huge generated PNG pairs, against `vips subtract`.
#
# Usage: bench/huge/run.sh [--small] [SIZE...]
#   SIZE     WxH; default: 16384x16384 32768x32768 65536x32768
#   --small  2048x2048 4096x4096 (a quick check of the script and the counts)
# Environment:
#   DIFFLENS_CLI    difflens-cli to time (default: build/app/difflens-cli under the repository root)
#   HUGE_DIR        work folder; generated pairs are cached there (default: /tmp/difflens-huge)
#   RUNS            runs per measurement, medians reported (default 3)
#   SEED, BLOCKS    generator seed and number of changed blocks (default 1, 64)
#   RGBA=1          RGBA pairs (colour type 6) instead of RGB
#   BUDGET          --memory-budget for every size (default: 64M up to 16384x16384 pixels, 256M above)
#   DIFFLENS_ARGS   extra difflens-cli options (e.g. "--device cpu")
#   UNBOUNDED=0     skip the runs without --memory-budget (they hold whole frames: GiBs at the big sizes)
#   VIPS=0          skip vips
#   HUGE_NPM_DIR    where pixelmatch 7.2.0 + pngjs 7 are installed for the expected counts
#                   (default /tmp/difflens-bench-npm; installed by make_pair.py when missing)
#
# For each size: make_pair.py writes A, B and the expected counts (real pixelmatch 7.2.0 on
# crops around each changed block, see README.md); then, RUNS times each,
#   difflens-cli compare A B --json J --memory-budget BUDGET --max-pixels 5000000000
#   difflens-cli compare A B --json J --max-pixels 5000000000            (no budget)
#   vips subtract A B d.v                                                (libvips native format)
# all under /usr/bin/time -f '%e %M' (wall seconds, peak RSS KiB), plus one `vips subtract A B d.png`.
# Every difflens run's pixels.mismatched and pixels.exact_differing are checked against the
# expected counts; any MISMATCH or error makes the script exit 1 after the table.
# Needs: /usr/bin/time (package `time`), /usr/bin/python3 with python3-numpy, node + npm,
# vips (package libvips-tools).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/huge"
CLI="${DIFFLENS_CLI:-$ROOT/build/app/difflens-cli}"
WORK="${HUGE_DIR:-/tmp/difflens-huge}"
RUNS="${RUNS:-3}"
SEED="${SEED:-1}"
BLOCKS="${BLOCKS:-64}"
UNBOUNDED="${UNBOUNDED:-1}"
VIPS="${VIPS:-1}"
MAX_PIXELS=5000000000

SIZES=()
for arg in "$@"; do
  case "$arg" in
    --small) SIZES+=(2048x2048 4096x4096) ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    [0-9]*x[0-9]*) SIZES+=("$arg") ;;
    *) echo "run.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done
[ ${#SIZES[@]} -gt 0 ] || SIZES=(16384x16384 32768x32768 65536x32768)

for tool in /usr/bin/time /usr/bin/python3 node npm; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 2; }
done
/usr/bin/python3 -c 'import numpy' 2>/dev/null || { echo "run.sh: python3-numpy is missing (apt-get install python3-numpy)" >&2; exit 2; }
[ -x "$CLI" ] || { echo "run.sh: $CLI not built (run scripts/run first, or set DIFFLENS_CLI)" >&2; exit 2; }
if [ "$VIPS" = 1 ] && ! command -v vips >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    echo "run.sh: installing libvips-tools" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvips-tools) >&2
  else
    echo "run.sh: vips is missing: sudo apt-get install libvips-tools (or VIPS=0 to skip it)" >&2
    exit 2
  fi
fi

mkdir -p "$WORK/out"
echo "work folder: $WORK" >&2
RGBA_ARG=(); SUFFIX=""
if [ "${RGBA:-0}" = 1 ]; then RGBA_ARG=(--rgba); SUFFIX="-rgba"; fi
FAIL=0

# "64M" -> 64 (MiB)
budget_mib() {
  local v="$1" n u
  n="${v%[KkMmGgTt]}"; u="${v:${#n}}"
  case "$u" in
    K|k) echo $(( n / 1024 )) ;;
    M|m) echo "$n" ;;
    G|g) echo $(( n * 1024 )) ;;
    T|t) echo $(( n * 1024 * 1024 )) ;;
    *) echo $(( n / 1048576 )) ;;
  esac
}

# median ARGS...: median of the numbers given (floats allowed); "-" when none
median() {
  [ $# -gt 0 ] || { echo -; return; }
  printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END { if (NR % 2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2 }'
}

# timed OUT_PREFIX CMD...: runs CMD under GNU time; prints "<wall s> <peak KiB> <rc>".
timed() {
  local pre="$1"; shift
  local rc=0
  /usr/bin/time -f '%e %M' -o "$pre.time" "$@" >"$pre.stdout" 2>"$pre.stderr" || rc=$?
  echo "$(tail -1 "$pre.time") $rc"
}

# check_json JSON EXPECTED: prints "<mismatched> <exact> <tier> <tiles> <peak MiB> <MATCH|MISMATCH>"
check_json() {
  /usr/bin/python3 - "$1" "$2" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    e = json.load(open(sys.argv[2]))
    m, x = r["pixels"]["mismatched"], r["pixels"]["exact_differing"]
    p = r.get("plan", {})
    ok = m == e["mismatched"] and x == e["exact_differing"]
    print(m, x, p.get("tier", "?"), p.get("tile_count", "?"),
          "%.0f" % (p.get("peak_bytes", 0) / 2**20), "MATCH" if ok else "MISMATCH")
except Exception as ex:  # no JSON (crash, refused input, killed)
    print("- - - - - ERROR")
PY
}

ROWS=()
for size in "${SIZES[@]}"; do
  W="${size%x*}"; H="${size#*x}"
  base="$WORK/${size}-s${SEED}-k${BLOCKS}${SUFFIX}"
  A="$base-a.png"; B="$base-b.png"; E="$base-expected.json"
  if [ -f "$A" ] && [ -f "$B" ] && [ -f "$E" ]; then
    echo "== $size: cached pair $A" >&2
  else
    echo "== $size: generating (make_pair.py)" >&2
    t0=$(date +%s.%N)
    /usr/bin/python3 "$HERE/make_pair.py" --width "$W" --height "$H" --seed "$SEED" --blocks "$BLOCKS" \
      "${RGBA_ARG[@]}" --out-a "$A" --out-b "$B" --expected "$E"
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" -v s="$size" 'BEGIN { printf "== %s: generated in %.1f s (pair and expected counts)\n", s, b - a }'
  fi
  read -r EXP_M EXP_X < <(/usr/bin/python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); print(e["mismatched"], e["exact_differing"])' "$E")
  echo "== $size: expected mismatched $EXP_M, exact differing $EXP_X ($(du -m "$A" | cut -f1) MiB + $(du -m "$B" | cut -f1) MiB of PNG)"

  if [ -n "${BUDGET:-}" ]; then bud="$BUDGET"
  elif [ $(( W * H )) -le $(( 16384 * 16384 )) ]; then bud=64M
  else bud=256M; fi
  budgets=("$bud")
  [ "$UNBOUNDED" = 1 ] && budgets+=(none)

  # vips: RUNS runs to the native .v format, deleted after each run (it is 2 bytes a sample).
  vwall=(); vrss=()
  if [ "$VIPS" = 1 ]; then
    for r in $(seq "$RUNS"); do
      read -r t k rc < <(timed "$WORK/out/vips" vips subtract "${A}[access=sequential]" "${B}[access=sequential]" "$WORK/out/d.v")
      rm -f "$WORK/out/d.v"
      if [ "$rc" != 0 ]; then echo "   vips run $r: rc $rc: $(tail -1 "$WORK/out/vips.stderr")"; continue; fi
      echo "   vips subtract -> .v   run $r/$RUNS: ${t} s, $(( k / 1024 )) MiB"
      vwall+=("$t"); vrss+=("$k")
    done
    read -r t k rc < <(timed "$WORK/out/vipspng" vips subtract "${A}[access=sequential]" "${B}[access=sequential]" "$WORK/out/d.png")
    rm -f "$WORK/out/d.png"
    echo "   vips subtract -> .png (once): ${t} s, $(( k / 1024 )) MiB, rc $rc"
  fi
  VW=$(median "${vwall[@]}")
  VK=$(median "${vrss[@]}")
  VM=-
  [ "$VK" = - ] || VM=$(awk -v k="$VK" 'BEGIN { printf "%.0f", k / 1024 }')

  for b in "${budgets[@]}"; do
    args=(compare "$A" "$B" --quiet --json "$WORK/out/r.json" --max-pixels "$MAX_PIXELS")
    [ "$b" != none ] && args+=(--memory-budget "$b")
    walls=(); rsss=(); verdict=MATCH
    for r in $(seq "$RUNS"); do
      rm -f "$WORK/out/r.json"
      # shellcheck disable=SC2086
      read -r t k rc < <(timed "$WORK/out/ours" "$CLI" "${args[@]}" ${DIFFLENS_ARGS:-})
      read -r m x tier tiles peak ok < <(check_json "$WORK/out/r.json" "$E")
      if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then
        ok=ERROR
        echo "   difflens budget $b run $r/$RUNS: rc $rc: $(tail -1 "$WORK/out/ours.stderr")"
      fi
      echo "   difflens budget $b run $r/$RUNS: ${t} s, $(( k / 1024 )) MiB; mismatched $m exact $x (tier $tier, $tiles tiles, plan peak $peak MiB): $ok"
      if [ "$ok" != MATCH ]; then
        echo "!!!!!! $ok: $size budget $b: got mismatched $m exact_differing $x, expected $EXP_M $EXP_X !!!!!!"
        verdict=$ok; FAIL=1
      fi
      walls+=("$t"); rsss+=("$k")
    done
    OW=$(median "${walls[@]}")
    OK=$(median "${rsss[@]}")
    OM=$(awk -v k="$OK" 'BEGIN { printf "%.0f", k / 1024 }')
    ratio=$(awk -v a="$OW" -v b="$VW" 'BEGIN { if (b != "-" && b > 0) printf "%.2f", a / b; else print "-" }')
    if [ "$b" = none ]; then fits=-
    else fits=$(awk -v m="$OM" -v l="$(budget_mib "$b")" 'BEGIN { print (m <= l + 48) ? "yes" : "NO" }'); fi
    ROWS+=("$(printf '%-12s %-7s %9s %9s %9s %9s %10s %8s %-8s' "$size" "$b" "$OW" "$OM" "$VW" "$VM" "$ratio" "$fits" "$verdict")")
  done
done

echo
printf '%-12s %-7s %9s %9s %9s %9s %10s %8s %-8s\n' size budget ours_s ours_MiB vips_s vips_MiB ours/vips rss_ok counts
for row in "${ROWS[@]}"; do echo "$row"; done
echo
echo "Medians of $RUNS runs; wall seconds and peak RSS (MiB) from GNU time. vips: subtract to .v (native format)."
echo "rss_ok: our median peak RSS <= budget + 48 MiB. counts: pixels.mismatched and pixels.exact_differing"
echo "against the expected values (pixelmatch 7.2.0 on crops around the changed blocks)."
if [ "$FAIL" != 0 ]; then
  echo "run.sh: FAILED: a count MISMATCH or an error (see the !!!!!! lines above)" >&2
  exit 1
fi
