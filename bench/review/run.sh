#!/usr/bin/env bash
# Folder-review benchmark (not a test): N pairs at WxH, 95 % byte-identical, 5 % with a small
# change. Times `difflens-cli compare DIR DIR` against a shell loop that calls odiff once per
# pair, and reports pixelmatch (one Node process over all pairs) too.
#
#   bench/review/run.sh [BUILD_DIR] [PAIRS] [WIDTH] [HEIGHT]
#
# odiff-bin@4.5.0, pixelmatch@7.2.0 and pngjs are installed with npm into a temporary folder
# (never into the repository). Needs python3 with PIL for the pair generator.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
PAIRS="${2:-1000}"
W="${3:-1280}"
H="${4:-720}"
CLI="$BUILD/app/difflens-cli"
PY="${PYTHON:-/usr/bin/python3}"
[ -x "$CLI" ] || { echo "missing $CLI (build the difflens-cli target)" >&2; exit 2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }

echo "== generating $PAIRS pairs at ${W}x${H}"
"$PY" "$HERE/make_pairs.py" "$WORK/data" "$PAIRS" "$W" "$H"
BASE="$WORK/data/baseline"
CUR="$WORK/data/current"
du -sh "$BASE" "$CUR" | sed 's/^/   /'

echo "== installing odiff-bin@4.5.0 pixelmatch@7.2.0 (npm, temporary folder)"
mkdir -p "$WORK/npm"
(cd "$WORK/npm" && npm init -y >/dev/null && \
  npm install --no-audit --no-fund --silent odiff-bin@4.5.0 pixelmatch@7.2.0 pngjs@7.0.0 >/dev/null)
# The native binary itself (the .bin/odiff wrapper would start Node for every pair).
ODIFF="$(cd "$WORK/npm" && node -p 'require("odiff-bin/binary").findBinary()' 2>/dev/null || true)"
[ -x "$ODIFF" ] || ODIFF="$WORK/npm/node_modules/.bin/odiff"
"$ODIFF" --version 2>/dev/null | sed 's/^/   odiff /' || true

(cd "$BASE" && find . -type f -name '*.png' | sort | sed 's|^\./||') > "$WORK/list.txt"

# Warm the page cache so every tool reads from memory.
cat "$BASE"/*/*.png "$CUR"/*/*.png > /dev/null

echo "== difflens-cli compare (default: byte-identical shortcut, SSIM on)"
t0=$(now)
set +e
"$CLI" compare "$BASE" "$CUR" --quiet --no-progress --json "$WORK/difflens.json"
rc=$?
set -e
t1=$(now)
T_DL=$(elapsed "$t0" "$t1")
echo "   exit $rc, $(printf '%.2f' "$T_DL") s"

echo "== difflens-cli compare --no-fast-identical --no-ssim (decodes every pair, like odiff)"
t0=$(now)
set +e
"$CLI" compare "$BASE" "$CUR" --quiet --no-progress --no-fast-identical --no-ssim
set -e
t1=$(now)
T_DL_FULL=$(elapsed "$t0" "$t1")
echo "   $(printf '%.2f' "$T_DL_FULL") s"

echo "== odiff loop (one process per pair)"
mkdir -p "$WORK/odiff-out"
t0=$(now)
odiff_diff=0
while IFS= read -r rel; do
  set +e
  "$ODIFF" "$BASE/$rel" "$CUR/$rel" "$WORK/odiff-out/diff.png" >/dev/null 2>&1
  code=$?
  set -e
  [ "$code" -ne 0 ] && odiff_diff=$((odiff_diff + 1))
done < "$WORK/list.txt"
t1=$(now)
T_OD=$(elapsed "$t0" "$t1")
echo "   $odiff_diff of $PAIRS pairs differ, $(printf '%.2f' "$T_OD") s"

echo "== pixelmatch 7.2.0 (one Node process, pngjs decode)"
t0=$(now)
cp "$HERE/pixelmatch_loop.mjs" "$WORK/npm/"
sed "s|.*|$BASE/&\t$CUR/&|" "$WORK/list.txt" | node "$WORK/npm/pixelmatch_loop.mjs" | sed 's/^/   /'
t1=$(now)
T_PM=$(elapsed "$t0" "$t1")
echo "   $(printf '%.2f' "$T_PM") s"

echo
echo "== results ($PAIRS pairs ${W}x${H}, $(nproc) cores)"
printf '   difflens-cli compare           %8.2f s   ratio to odiff loop %.3fx (target <= 0.6x)\n' "$T_DL" "$(elapsed 0 "$T_DL / $T_OD")"
printf '   difflens-cli, full decode      %8.2f s   ratio to odiff loop %.3fx\n' "$T_DL_FULL" "$(elapsed 0 "$T_DL_FULL / $T_OD")"
printf '   odiff 4.5.0 loop               %8.2f s\n' "$T_OD"
printf '   pixelmatch 7.2.0 (one process) %8.2f s   ratio %.3fx\n' "$T_PM" "$(elapsed 0 "$T_PM / $T_OD")"
