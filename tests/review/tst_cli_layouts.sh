#!/usr/bin/env bash
# difflens-cli on test-runner layouts built by hand from the sample screenshots: one-folder
# and two-folder forms, --layout, --snapshots-root, exit codes, refused approvals naming the
# candidates, and --layout errors. (tests/acceptance runs the real runners.)
# Usage: tst_cli_layouts.sh DIFFLENS_CLI SOURCE_DIR
set -euo pipefail
CLI="$1"
SRC="$2"
A="$SRC/resources/samples/settings-a.png"
B="$SRC/resources/samples/settings-b.png"
WORK="$(mktemp -d -t difflens-layouts.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen
unset GITHUB_ACTIONS
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect RC CMD...: runs CMD in the current folder, output in out.log, checks the exit code.
expect() {
  local want="$1"; shift
  set +e; "$@" >out.log 2>&1; local rc=$?; set -e
  cat out.log
  [ "$rc" -eq "$want" ] || fail "$* exited $rc, expected $want"
}
has() { grep -q -- "$1" out.log || fail "output lacks: $1"; }

# Playwright, with the snapshots root given explicitly (no playwright.config.* anywhere).
P="$WORK/pw"
mkdir -p "$P/e2e/shop.spec.ts-snapshots" "$P/out/shop-cart-chromium"
cp "$A" "$P/e2e/shop.spec.ts-snapshots/cart-chromium-linux.png"
cp "$A" "$P/out/shop-cart-chromium/cart-expected.png"
cp "$B" "$P/out/shop-cart-chromium/cart-actual.png"
cp "$B" "$P/out/shop-cart-chromium/cart-diff.png"
cd "$P"
expect 1 "$CLI" compare --layout playwright out
has "^different  *shop-cart-chromium/cart.png"
expect 2 "$CLI" compare out --update-baseline
has "no snapshots root"
cmp -s "$A" e2e/shop.spec.ts-snapshots/cart-chromium-linux.png || fail "a refused approval changed the snapshot"
cp "$A" e2e/shop.spec.ts-snapshots/cart-copy.png # two candidates: refused, both named
expect 2 "$CLI" compare --snapshots-root e2e out --update-baseline
has "several snapshots have the content"
has "cart-copy.png"
has "cart-chromium-linux.png"
rm e2e/shop.spec.ts-snapshots/cart-copy.png
expect 0 "$CLI" compare --snapshots-root "$P/e2e" out --update-baseline
has "Updated 1 baseline"
cmp -s "$B" e2e/shop.spec.ts-snapshots/cart-chromium-linux.png || fail "the snapshot was not replaced"
ls "$P/e2e/.difflens-backup"/*/shop-cart-chromium/cart.png >/dev/null || fail "no backup in the snapshots root"

# BackstopJS: the project folder, and bitmaps_reference + one run folder; the newest run counts.
K="$WORK/backstop"
D="$K/backstop_data"
mkdir -p "$D/bitmaps_reference" "$D/bitmaps_test/20240101-090000" "$D/bitmaps_test/20240102-090000"
cp "$A" "$D/bitmaps_reference/shop_cart_0_document_0_desktop.png"
cp "$A" "$D/bitmaps_reference/shop_home_0_document_0_desktop.png"
cp "$B" "$D/bitmaps_test/20240101-090000/shop_home_0_document_0_desktop.png"
cp "$B" "$D/bitmaps_test/20240102-090000/shop_cart_0_document_0_desktop.png"
cp "$B" "$D/bitmaps_test/20240102-090000/failed_diff_shop_cart_0_document_0_desktop.png"
cp "$A" "$D/bitmaps_test/20240102-090000/shop_home_0_document_0_desktop.png"
cd "$WORK"
expect 1 "$CLI" compare backstop --json "$WORK/backstop.json"
has "1 different"
has "1 identical"
grep -q '"name": *"shop_cart_0_document_0_desktop.png"' "$WORK/backstop.json" || fail "JSON lacks the pair name"
has "^different  *shop_cart_0_document_0_desktop.png"
expect 1 "$CLI" compare "$D/bitmaps_reference" "$D/bitmaps_test/20240101-090000" # an older run, given
has "^different  *shop_home_0_document_0_desktop.png"
has "1 pair: 1 different"
expect 0 "$CLI" compare --layout backstop backstop --update-baseline
cmp -s "$B" "$D/bitmaps_reference/shop_cart_0_document_0_desktop.png" || fail "the reference was not replaced"
expect 0 "$CLI" compare backstop

# --layout errors: a layout the folder does not hold, an unknown one, folders with one folder.
expect 2 "$CLI" compare --layout jest backstop
has "not a jest layout"
expect 2 "$CLI" compare --layout cypress backstop
has "expected auto, folders, playwright, jest or backstop"
expect 2 "$CLI" compare --layout folders backstop
echo "PASS"
