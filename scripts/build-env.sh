# Sourced, not run. Builds the workspace (debug: the dev server, the Rust tests), installs
# the C library with cargo-c into target/install as a user's `cargo cinstall` would (shared
# library with its SONAME links, static library, headers, pkg-config file, CMake package),
# and exports where everything is: NOVA_AUTH_PREFIX, NOVA_AUTH_LIB_DIR, NOVA_AUTH_INCLUDE_DIR,
# NOVA_DEVSERVER, NOVA_CAPI_TARGET_DIR, PKG_CONFIG_PATH and LD_LIBRARY_PATH.
# scripts/test does this once for all suites; a suite script run on its own sources this
# file only when NOVA_AUTH_LIB_DIR is not set.
nova_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$nova_root/scripts/need.sh"
need_cargo cargo-cinstall "$NOVA_CARGO_C" || exit 1
(cd "$nova_root" && cargo build --workspace --quiet) || { echo "build failed"; exit 1; }
export NOVA_AUTH_PREFIX="$nova_root/target/install"
rm -rf "$NOVA_AUTH_PREFIX"
# cargo-c builds as if --target were given, which changes how build scripts and proc macros
# are built: in a target directory of its own, it and plain cargo do not rebuild each other's.
export NOVA_CAPI_TARGET_DIR="$nova_root/target/capi"
(cd "$nova_root" && CARGO_TARGET_DIR="$NOVA_CAPI_TARGET_DIR" cargo cinstall --debug --locked \
  --prefix "$NOVA_AUTH_PREFIX" --libdir lib) ||
  { echo "cargo cinstall failed"; exit 1; }
export NOVA_AUTH_LIB_DIR="$NOVA_AUTH_PREFIX/lib"
export NOVA_AUTH_INCLUDE_DIR="$NOVA_AUTH_PREFIX/include"
export NOVA_DEVSERVER="$nova_root/target/debug/nova-devserver"
export PKG_CONFIG_PATH="$NOVA_AUTH_LIB_DIR/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$NOVA_AUTH_LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
