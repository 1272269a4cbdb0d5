#!/usr/bin/env bash
# Peer benchmark (not a test) on a real browser screenshot pair: a long documentation page
# rendered by headless Chromium at 3446x10728, B with two small style changes; difflens-cli
# against odiff 4.5.0 (--antialiasing), wall time and peak RSS, medians of RUNS runs.
#
# Usage: bench/peers/webpage.sh        Environment: DIFFLENS_CLI, RUNS (default 5), PEERS_DIR
# Needs: chromium (Debian package), node + npm, /usr/bin/time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNS="${RUNS:-5}"
command -v chromium >/dev/null || { echo "webpage.sh: chromium is missing (apt-get install chromium)" >&2; exit 2; }
# shellcheck source=bench/peers/peers_env.sh
. "$ROOT/bench/peers/peers_env.sh"
peers_setup webpage.sh "node npm /usr/bin/time /usr/bin/python3" odiff odiff-bin@4.5.0
mkdir -p "$WORK/web"

/usr/bin/python3 "$ROOT/bench/peers/webpage_pair.py" "$WORK/web/a.html" "$WORK/web/b.html"
for n in a b; do
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$WORK/web/profile-$n" --hide-scrollbars \
    --window-size=3446,10728 --screenshot="$WORK/web/page-$n.png" "file://$WORK/web/$n.html" >/dev/null 2>&1
done
A="$WORK/web/page-a.png"; B="$WORK/web/page-b.png"

measure() { # label, command...: prints "label median_s median_MiB"
  local label="$1"; shift
  local times=() mems=()
  for _ in $(seq "$RUNS"); do
    local line
    # Exit 1 means "different" for both tools; only the timing line matters here.
    /usr/bin/time -o "$WORK/out/time.txt" -f '%e %M' "$@" >/dev/null 2>&1 || true
    line=$(tail -1 "$WORK/out/time.txt")
    times+=("${line% *}"); mems+=("${line#* }")
  done
  local t m
  t=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  m=$(printf '%s\n' "${mems[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
  printf '%-28s %8s s %8.1f MiB\n' "$label" "$t" "$(echo "$m / 1024" | bc -l)"
}
echo "pair: $A vs $B (3446x10728, Chromium)"
measure "difflens" "$CLI" compare "$A" "$B" -q
measure "odiff --antialiasing" "$ODIFF" "$A" "$B" "$WORK/out/odiff.png" --antialiasing
measure "difflens --diff-image" "$CLI" compare "$A" "$B" -q --diff-image "$WORK/out/d.png"
{ "$CLI" compare "$A" "$B" --json - || true; } | /usr/bin/python3 -c 'import json,sys; p=json.load(sys.stdin)["pixels"]; print("difflens counts:", p["mismatched"], "mismatched,", p["exact_differing"], "differing")'
