#!/usr/bin/env bash
# Acceptance: the test runner's own next run passes after DiffLens approves its failure.
#   runner_layouts.sh jest|playwright DIFFLENS_CLI
# jest + jest-image-snapshot run in Node (no browser); Playwright drives Debian's
# /usr/bin/chromium through launchOptions.executablePath (browser downloads are not
# reachable). The runners are installed from npm into a per-user temporary folder keyed by
# their versions and reused by later runs. Exit 77 (a ctest skip) with the reason when node,
# npm, the network or Chromium is missing.
set -euo pipefail
RUNNER="$1"
CLI="$2"
skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v node >/dev/null || skip "node is not installed (scripts/install-deps.sh)"
command -v npm >/dev/null || skip "npm is not installed (scripts/install-deps.sh)"

JEST=29.7.0 JIS=6.5.2 PNGJS=3.4.0 PW=1.65.1
CACHE="${TMPDIR:-/tmp}/difflens-npm-$(id -u)/jest$JEST-jis$JIS-pngjs$PNGJS-pw$PW"
mkdir -p "$CACHE"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(
  flock 9
  if [ ! -f "$CACHE/.complete" ]; then
    echo "installing jest@$JEST jest-image-snapshot@$JIS pngjs@$PNGJS @playwright/test@$PW into $CACHE"
    if ! timeout 240 npm install --no-audit --no-fund --loglevel=error --prefix "$CACHE" \
        "jest@$JEST" "jest-image-snapshot@$JIS" "pngjs@$PNGJS" "@playwright/test@$PW" >"$CACHE/install.log" 2>&1; then
      tail -5 "$CACHE/install.log"
      exit 77
    fi
    touch "$CACHE/.complete"
  fi
) 9>"$CACHE.lock" || { [ $? -eq 77 ] && skip "npm install failed (no network?), see $CACHE/install.log"; exit 1; }

WORK="$(mktemp -d -t difflens-accept.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
ln -s "$CACHE/node_modules" node_modules
echo '{ "name": "difflens-acceptance", "private": true }' > package.json

# One card whose colour the test reads from colour.txt (the "changed page").
if [ "$RUNNER" = jest ]; then
  cat > card.test.js <<'EOF'
const { toMatchImageSnapshot } = require('jest-image-snapshot');
const { PNG } = require('pngjs');
const fs = require('fs');
expect.extend({ toMatchImageSnapshot });
test('card', () => {
  const colour = fs.readFileSync('colour.txt', 'utf8').trim().split(',').map(Number);
  const png = new PNG({ width: 64, height: 48 });
  for (let y = 0; y < 48; y++)
    for (let x = 0; x < 64; x++) {
      const i = (y * 64 + x) * 4, box = x >= 10 && x < 40 && y >= 10 && y < 30;
      for (let c = 0; c < 3; c++) png.data[i + c] = box ? colour[c] : 255;
      png.data[i + 3] = 255;
    }
  expect(PNG.sync.write(png)).toMatchImageSnapshot({ storeReceivedOnFailure: true });
});
EOF
  run_tests() { node node_modules/jest/bin/jest.js "$@" >run.log 2>&1; }
  echo 70,130,180 > colour.txt
  run_tests --ci=false || { cat run.log; fail "the first jest run (writing the snapshot) failed"; }
  snap="$(find __image_snapshots__ -maxdepth 1 -name '*-snap.png')"
  [ -n "$snap" ] || fail "jest-image-snapshot wrote no snapshot"
  run_tests --ci || { cat run.log; fail "jest fails on an unchanged page"; }
  echo 255,99,71 > colour.txt
  if run_tests --ci; then fail "jest passes on a changed page"; fi
  find __image_snapshots__ -name '*.png' | sort
  REVIEW_DIR=.
else
  [ -x /usr/bin/chromium ] || skip "/usr/bin/chromium is missing (Debian package chromium, scripts/install-deps.sh)"
  cat > playwright.config.js <<'EOF'
const { defineConfig } = require('@playwright/test');
module.exports = defineConfig({
  testDir: 'tests',
  workers: 1,
  reporter: 'line',
  use: {
    launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] },
    viewport: { width: 320, height: 200 },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
EOF
  mkdir -p tests
  cat > tests/card.spec.js <<'EOF'
const { test, expect } = require('@playwright/test');
const fs = require('fs');
test('card', async ({ page }) => {
  const colour = fs.readFileSync('colour.txt', 'utf8').trim();
  await page.setContent(`<body style="margin:0;background:#fff">
    <div style="margin:20px;width:120px;height:80px;background:${colour}"></div></body>`);
  await expect(page).toHaveScreenshot('card.png');
});
EOF
  run_tests() { node node_modules/@playwright/test/cli.js test "$@" >run.log 2>&1; }
  echo steelblue > colour.txt
  if ! run_tests --update-snapshots; then
    cat run.log
    grep -qiE "browserType.launch|executable doesn't exist|Failed to launch" run.log &&
      skip "Playwright cannot drive /usr/bin/chromium here (the unit tests build the layout by hand)"
    fail "the first Playwright run (writing the snapshot) failed"
  fi
  rm -rf test-results
  run_tests || { cat run.log; fail "Playwright fails on an unchanged page"; }
  echo tomato > colour.txt
  if run_tests; then fail "Playwright passes on a changed page"; fi
  find tests test-results -name '*.png' | sort
  REVIEW_DIR=test-results
fi

# DiffLens finds the layout, reports the failure and approves it into the runner's file.
set +e
"$CLI" compare "$REVIEW_DIR" --json review.json >review.log 2>&1
rc=$?
set -e
cat review.log
[ $rc -eq 1 ] || fail "difflens-cli compare $REVIEW_DIR exited $rc, expected 1 (one pair different)"
grep -q '^different ' review.log || fail "the failing pair is not reported as different"
"$CLI" compare --layout "$RUNNER" "$REVIEW_DIR" --update-baseline >approve.log 2>&1 || { cat approve.log; fail "approval failed"; }
cat approve.log
grep -q "Updated 1 baseline" approve.log || fail "no baseline was updated"
[ -n "$(find .difflens-backup -name '*.png')" ] || fail "no backup of the old snapshot"

# The runner's own next run passes.
rm -rf test-results
if [ "$RUNNER" = jest ]; then run_tests --ci; else run_tests; fi || { cat run.log; fail "$RUNNER still fails after the approval"; }
tail -3 run.log
echo "PASS: $RUNNER passes again after difflens-cli approved its failure"
