#!/usr/bin/env bash
# Installs DiffLens's build, test and tool dependencies from Debian 12 packages.
# Idempotent: does nothing when every package is already installed.
set -euo pipefail
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  qt6-base-dev libqt6opengl6-dev libgl-dev
  libopencv-dev libtorch-dev
  libpng-dev zlib1g-dev libdeflate-dev libzstd-dev libtiff-dev libjpeg-dev libwebp-dev
  python3-skimage python3-numpy python3-pil
  poppler-utils xvfb xauth imagemagick fonts-dejavu-core time
  chromium
  nodejs  # tests/acceptance: the test runners come from npm into a temporary folder
)
command -v npm >/dev/null || PACKAGES+=(npm)  # Debian's npm; NodeSource's nodejs brings its own
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
