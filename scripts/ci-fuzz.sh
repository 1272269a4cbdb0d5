#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang 14 and runs each for FUZZ_SECONDS
# (default 60) on a corpus grown from fuzz/seeds, the pixelmatch fixtures and tests/data.
# First replays tests/data/bad/fuzz/ (inputs that crashed before). Exits non-zero when a
# target crashes, leaks, times out or runs out of memory; the input is kept under
# $BUILD_DIR/artifacts/ (copy it to tests/data/bad/fuzz/<target>-<what>.bin once fixed).
#
#   scripts/ci-fuzz.sh                      60 s per target
#   FUZZ_SECONDS=3600 scripts/ci-fuzz.sh    a long run (see docs/hardening.md)
#   FUZZ_TARGETS=decode scripts/ci-fuzz.sh  one target
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CCACHE_BASEDIR="$PWD"
BUILD_DIR=${BUILD_DIR:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_TARGETS=${FUZZ_TARGETS:-"decode compare png"}
FIXTURES=${FIXTURES:-../shared/fixtures/pixelmatch-7.2.0}

# clang and its runtime (libFuzzer, sanitizers): only when missing.
need=()
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "ci-fuzz: installing ${need[*]}" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

start=$(date +%s)
# -O1 with assertions on; warnings are not errors here (clang warns about code g++ accepts).
CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -DDIFFLENS_FUZZ=ON -DDIFFLENS_BUILD_TESTS=OFF \
  -DDIFFLENS_WERROR=OFF -DDIFFLENS_WITH_CUDA=OFF >/dev/null
cmake --build "$BUILD_DIR" -j2 --target $(for t in $FUZZ_TARGETS; do printf 'fuzz_%s ' "$t"; done)
echo "ci-fuzz: build took $(( $(date +%s) - start )) s"

# Third-party libraries are not instrumented; their one-time global allocations are
# reachable, so LeakSanitizer stays on for everything the fuzzers call.
export ASAN_OPTIONS=${ASAN_OPTIONS:-"abort_on_error=1:detect_leaks=1:allocator_may_return_null=1"}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-"print_stacktrace=1:halt_on_error=1"}

status=0
for t in $FUZZ_TARGETS; do
  bin="$BUILD_DIR/fuzz/fuzz_$t"
  corpus="$BUILD_DIR/corpus/$t"
  artifacts="$BUILD_DIR/artifacts"
  mkdir -p "$corpus" "$artifacts"
  cp -n fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null || true
  if [ "$t" = png ]; then # the PNG seeds of fuzz_decode, and the fixtures below
    cp -n fuzz/seeds/decode/*.png "$corpus"/ 2>/dev/null || true
  fi
  if [ "$t" = decode ] || [ "$t" = png ]; then
    [ -d "$FIXTURES" ] && cp -n "$FIXTURES"/*.png "$corpus"/ 2>/dev/null || true
    find tests/data -type f ! -name '*.py' ! -name '*.tsv' ! -path '*/bad/fuzz/*' -size -2M \
      -exec cp -n {} "$corpus"/ \; 2>/dev/null || true
  fi

  regressions=(tests/data/bad/fuzz/"$t"-*)
  if [ -e "${regressions[0]}" ]; then
    echo "ci-fuzz: replaying ${#regressions[@]} earlier crash inputs through fuzz_$t"
    "$bin" -runs=1 "${regressions[@]}" >"$BUILD_DIR/replay-$t.log" 2>&1 || {
      echo "ci-fuzz: fuzz_$t fails on an earlier crash input:" >&2
      tail -40 "$BUILD_DIR/replay-$t.log" >&2
      status=1
      continue
    }
  fi

  echo "ci-fuzz: fuzz_$t for ${FUZZ_SECONDS} s (corpus: $(ls "$corpus" | wc -l) files)"
  if ! "$bin" "$corpus" -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=2048 \
      -max_len=1048576 -print_final_stats=1 -artifact_prefix="$artifacts/$t-" \
      >"$BUILD_DIR/fuzz-$t.log" 2>&1; then
    echo "ci-fuzz: fuzz_$t found a problem:" >&2
    grep -E "ERROR|SUMMARY|invariant|Test unit written" "$BUILD_DIR/fuzz-$t.log" >&2 || tail -40 "$BUILD_DIR/fuzz-$t.log" >&2
    status=1
  else
    grep -E "^stat::number_of_executed_units|^stat::new_units_added|cov:" "$BUILD_DIR/fuzz-$t.log" | tail -3
  fi
done
echo "ci-fuzz: finished in $(( $(date +%s) - start )) s"
exit $status
