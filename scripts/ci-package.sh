#!/usr/bin/env bash
# Builds the Debian package with CPack, installs it with dpkg (apt-get -f install pulls in any
# missing runtime dependency), checks the installed application, then removes the package
# again (dpkg --purge) so the machine is left as it was (runtime packages apt had to add stay installed).
#
#   scripts/ci-package.sh            uses build/ (reuses what scripts/test built)
#   BUILD_DIR=build-pkg scripts/ci-package.sh
#
# Needs root (or sudo) for dpkg. Installs dpkg-dev (dpkg-shlibdeps), appstream and
# desktop-file-utils when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CCACHE_BASEDIR="$PWD"
BUILD_DIR=${BUILD_DIR:-build}
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

need=()
for p in dpkg-dev appstream desktop-file-utils fakeroot; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "ci-package: installing ${need[*]}" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

start=$(date +%s)
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
targets=(difflens-cli)
[ -f app/difflens/main.cpp ] && targets+=(difflens)
cmake --build "$BUILD_DIR" -j2 --target "${targets[@]}"

rm -f "$BUILD_DIR"/difflens_*.deb
(cd "$BUILD_DIR" && cpack -G DEB)
deb=$(ls "$BUILD_DIR"/difflens_*.deb | head -n1)
echo "ci-package: built $deb"
dpkg-deb --field "$deb" Package Version Architecture Installed-Size Depends
dpkg-deb --contents "$deb" | awk '{print $6}'

installed=0
cleanup() {
  if [ "$installed" -eq 1 ]; then
    echo "ci-package: removing the package"
    $SUDO dpkg --purge difflens >/dev/null || true
  fi
}
trap cleanup EXIT

if dpkg-query -W -f='${Status}' difflens 2>/dev/null | grep -q "install ok installed"; then
  echo "ci-package: difflens is already installed on this machine; refusing to replace it" >&2
  exit 1
fi
installed=1
if ! $SUDO dpkg -i "$deb"; then
  echo "ci-package: resolving missing dependencies with apt-get -f install" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -f -y -q --no-install-recommends
fi
dpkg-query -W -f='${Status}\n' difflens | grep -q "install ok installed"

fail=0
check() { # description, command...
  local what=$1; shift
  if "$@"; then echo "ci-package: ok   $what"; else echo "ci-package: FAIL $what" >&2; fail=1; fi
}
exists() { [ -e "$1" ]; }
no_missing_libs() { ! ldd "$1" | grep -q "not found"; }

check "difflens-cli on PATH" exists /usr/bin/difflens-cli
check "difflens-cli links" no_missing_libs /usr/bin/difflens-cli
if grep -q "difflens_torch" core/engine/CMakeLists.txt; then
  plugin=/usr/lib/difflens/libdifflens_torch.so
  check "LibTorch backend installed" exists "$plugin"
  check "LibTorch backend links" no_missing_libs "$plugin"
fi
full=/usr/lib/difflens/libdifflens_cli_full.so
check "full command set installed" exists "$full"
check "full command set links" no_missing_libs "$full"
codecs=/usr/lib/difflens/libdifflens_codecs.so
check "TIFF/JPEG/WebP codec module installed" exists "$codecs"
check "codec module links" no_missing_libs "$codecs"
version=$(difflens-cli --version)
echo "ci-package: $version"
check "difflens-cli --version" test "$version" = "difflens-cli $(sed -n 's/^project(DiffLens VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"

samples=/usr/share/difflens/samples
tmp=$(mktemp -d)
status=0
difflens-cli compare "$samples/settings-a.png" "$samples/settings-b.png" --diff-image "$tmp/diff.png" || status=$?
check "compare of the installed samples (exit $status: 1 = they differ)" test "$status" -eq 1
check "diff image written" exists "$tmp/diff.png"
# A folder compare runs in the full command set (libdifflens_cli_full.so, loaded on demand).
status=0
difflens-cli compare "$samples" "$samples" -q --no-progress --json "$tmp/folder.json" || status=$?
check "folder compare of the installed samples (exit $status)" test "$status" -eq 0
check "folder JSON written" exists "$tmp/folder.json"
# JPEG through the codec module (loaded on demand from lib/difflens): the HTML report encodes
# its photos as JPEG, and a compare of one of them decodes it.
status=0
difflens-cli compare "$samples/settings-a.png" "$samples/settings-b.png" -q --html "$tmp/html" || status=$?
check "HTML report of the installed samples (exit $status)" test "$status" -eq 1
jpeg=$(find "$tmp/html" -name "*.jpg" 2>/dev/null | head -n1 || true)
status=0
if [ -n "$jpeg" ]; then difflens-cli compare "$jpeg" "$jpeg" -q || status=$?; fi
check "JPEG compare through the codec module (${jpeg:-no JPEG written}, exit $status)" test -n "$jpeg" -a "$status" -eq 0
rm -rf "$tmp"

if [ -f app/difflens/main.cpp ]; then
  check "difflens on PATH" exists /usr/bin/difflens
  check "difflens links" no_missing_libs /usr/bin/difflens
  gui=$(QT_QPA_PLATFORM=offscreen difflens --version 2>&1) || true
  echo "ci-package: difflens --version: $gui"
  check "difflens --version" grep -q "^difflens " <<<"$gui"
fi

desktop=/usr/share/applications/org.difflens.DiffLens.desktop
metainfo=/usr/share/metainfo/org.difflens.DiffLens.metainfo.xml
check "desktop file valid" desktop-file-validate "$desktop"
check "desktop file lists image MIME types" grep -q '^MimeType=.*image/png' "$desktop"
check "AppStream metainfo valid" appstreamcli validate --no-net "$metainfo"
check "scalable icon" exists /usr/share/icons/hicolor/scalable/apps/org.difflens.DiffLens.svg
for size in 16 32 48 64 128 256; do
  check "${size}px icon" exists "/usr/share/icons/hicolor/${size}x${size}/apps/org.difflens.DiffLens.png"
done
for page in difflens difflens-cli; do
  check "man page $page(1)" exists "/usr/share/man/man1/$page.1.gz"
done
check "copyright file" exists /usr/share/doc/difflens/copyright
depends=$(dpkg-query -W -f='${Depends}' difflens)
echo "ci-package: Depends: $depends"
check "depends on LibTorch and Qt from Debian" grep -q "libtorch.*libqt6\|libqt6.*libtorch" <<<"$depends"

echo "ci-package: finished in $(( $(date +%s) - start )) s"
exit $fail
