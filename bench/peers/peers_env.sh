# The set-up shared by the bench/peers scripts (sourced, not run): the difflens-cli to time,
# the tools each script needs, the work folder and the npm peers installed into it (never
# into the repository).
#
# peers_setup SCRIPT "TOOLS" "BINS" "PACKAGES": exits 2 naming a missing tool or an unbuilt
# difflens-cli; installs PACKAGES with npm into $WORK/npm unless every name in BINS is in
# its node_modules/.bin already. Sets:
#   CLI    $DIFFLENS_CLI, default build/app/difflens-cli
#   WORK   $PEERS_DIR, default a new mktemp folder (with img/ and out/)
#   ODIFF  odiff's native binary (its .bin entry is a node wrapper that spawns it)
# ROOT must be the repository root.
peers_setup() {
  local script="$1" tools="$2" bins="$3" packages="$4" tool bin install=0
  CLI="${DIFFLENS_CLI:-$ROOT/build/app/difflens-cli}"
  for tool in $tools; do
    command -v "$tool" >/dev/null || { echo "$script: $tool is missing" >&2; exit 2; }
  done
  [ -x "$CLI" ] || { echo "$script: $CLI not built (run scripts/run first)" >&2; exit 2; }
  WORK="${PEERS_DIR:-$(mktemp -d -t difflens-peers.XXXXXX)}"
  mkdir -p "$WORK/img" "$WORK/out"
  echo "work folder: $WORK" >&2
  for bin in $bins; do
    [ -x "$WORK/npm/node_modules/.bin/$bin" ] || install=1
  done
  if [ "$install" = 1 ]; then
    # shellcheck disable=SC2086
    npm install --silent --no-audit --no-fund --prefix "$WORK/npm" $packages >&2
  fi
  ODIFF="$(ls "$WORK"/npm/node_modules/@odiff/*/odiff 2>/dev/null | head -1)"
  [ -x "$ODIFF" ] || ODIFF="$WORK/npm/node_modules/.bin/odiff"
}
