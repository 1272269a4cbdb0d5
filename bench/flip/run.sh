#!/usr/bin/env bash
# FLIP CPU benchmark: our flipCpu (bench_flip) vs the reference flip-tool 1.6, evaluation
# time only (decoding excluded on both sides), on the fixture pairs and a 1920x1080 pair.
# Usage: bench/flip/run.sh [BUILD_DIR] [RUNS]   (default build, 5 runs each)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
runs=${2:-5}
fixtures=$root/../shared/fixtures/flip-1.6
tool=$root/../shared/tools/flip-1.6/flip-tool
bench=$build/bench/flip/bench_flip
[ -x "$bench" ] || { echo "build bench_flip first: cmake --build $build --target bench_flip"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pairs=()
for p in blur hue text; do
    [ -f "$fixtures/${p}_ref.png" ] && pairs+=("$p:$fixtures/${p}_ref.png:$fixtures/${p}_test.png")
done
if command -v convert >/dev/null && [ -f "$fixtures/blur_ref.png" ]; then
    convert "$fixtures/blur_ref.png" -filter Lanczos -resize 1920x1080! -type TrueColor PNG24:"$work/r.png"
    convert "$work/r.png" -blur 0x1.2 -type TrueColor PNG24:"$work/t.png"
    pairs+=("1920x1080:$work/r.png:$work/t.png")
fi

# Ours and the reference alternate, one evaluation each (a fresh process each time), so that
# a change in the machine's load falls on both columns alike; each column is the best run.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %12s %12s %8s\n' pair ours_best_s ref_best_s ratio
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
for entry in "${pairs[@]}"; do
    IFS=: read -r name ref test <<<"$entry"
    ours=""
    best=""
    for _ in $(seq "$runs"); do
        t=$("$bench" "$ref" "$test" 1 | sed -n 's/.*best_s=\([0-9.]*\).*/\1/p')
        ours=$(min "$ours" "$t")
        if [ -x "$tool" ]; then
            t=$("$tool" -r "$ref" -t "$test" -nerm -d "$work" | sed -n 's/.*Evaluation time: \([0-9.]*\).*/\1/p')
            best=$(min "$best" "$t")
        fi
    done
    if [ -x "$tool" ]; then
        ratio=$(awk -v a="$ours" -v b="$best" 'BEGIN { printf "%.2f", a / b }')
        printf '%-10s %12s %12s %8s\n' "$name" "$ours" "$best" "$ratio"
    else
        printf '%-10s %12s %12s %8s\n' "$name" "$ours" "-" "-"
        echo "  (reference flip-tool not found at $tool: its row is skipped)"
    fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
