# Sourced, not run. Builds the library and the dev server (debug), makes the SONAME link
# that programs linked to the library look for, and exports where everything is:
# NOVA_AUTH_LIB_DIR, NOVA_AUTH_INCLUDE_DIR, NOVA_DEVSERVER and LD_LIBRARY_PATH.
# scripts/test does this once for all suites; a suite script run on its own sources this
# file only when NOVA_AUTH_LIB_DIR is not set.
nova_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
(cd "$nova_root" && cargo build --workspace --quiet) || { echo "build failed"; exit 1; }
ln -sf libnova_auth.so "$nova_root/target/debug/libnova_auth.so.0"
export NOVA_AUTH_LIB_DIR="$nova_root/target/debug"
export NOVA_AUTH_INCLUDE_DIR="$nova_root/include"
export NOVA_DEVSERVER="$nova_root/target/debug/nova-devserver"
export LD_LIBRARY_PATH="$NOVA_AUTH_LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
