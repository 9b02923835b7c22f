#!/usr/bin/env bash
# The C/C++ suite, against the library as `cargo cinstall` installs it (scripts/build-env.sh
# puts the debug build into target/install): copies that prefix elsewhere (the CMake package
# must be relocatable), builds and runs the GoogleTest tests under valgrind with CTest, then
# builds and runs the CMake and pkg-config consumers.
# Run by scripts/test, or directly (then it builds and installs the library first).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bindings/cpp"
[ -n "${NOVA_AUTH_LIB_DIR:-}" ] || source "$root/scripts/build-env.sh"
build="$root/target/cpp-build"
jobs=2

tmp=$(mktemp -d)
devserver_pid=""
cleanup() {
  if [ -n "$devserver_pid" ]; then
    kill "$devserver_pid" 2>/dev/null || true
    wait "$devserver_pid" 2>/dev/null || true  # reports the kill as a failure
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

step() { printf '\n---- %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "copy the installed prefix to another place"
cp -a "$NOVA_AUTH_PREFIX" "$tmp/prefix"
prefix="$tmp/prefix"
# Nothing below may find the library anywhere but in a prefix.
unset LD_LIBRARY_PATH

step "unit tests (GoogleTest under valgrind memcheck, via CTest)"
rm -rf "$build/tests"
cmake -S "$here/tests" -B "$build/tests" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build/tests" -j "$jobs"
ctest --test-dir "$build/tests" --output-on-failure -j "$jobs"

step "dev server for the consumers (auto-approve)"
exec 3< <(exec "$NOVA_DEVSERVER" --port 0 --auto-approve-ms 200)
devserver_pid=$!
read -r base_url <&3 || fail "the dev server printed no URL"
export NOVA_AUTH_BASE_URL="$base_url"

# Runs a consumer and checks it printed the approved test user.
check_login() {
  local name=$1; shift
  local output
  output=$("$@" 2>&1) || fail "$name exited with $?: $output"
  for expected in "Signed in: dev-google-4f1c9a" "name:  Ada Lovelace" "tier:  pro"; do
    [[ "$output" == *"$expected"* ]] || fail "$name: expected '$expected' in its output, got: $output"
  done
  echo "ok: $name"
}

step "CMake consumer: find_package(nova_auth) + examples/login.cpp"
cmake -S "$here/consumers/cmake" -B "$build/consumer-cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$build/consumer-cmake" -j "$jobs"
check_login "cmake consumer" "$build/consumer-cmake/login" --no-browser
ldd "$build/consumer-cmake/login" | grep -q "libnova_auth.so.* => $prefix/lib/" ||
  fail "the CMake consumer does not load the library from the moved prefix: $(ldd "$build/consumer-cmake/login")"

step "pkg-config consumer: shared and static, from the installed prefix"
cp -r "$here/consumers/pkgconfig" "$tmp/pkgconfig-consumer"
PKG_CONFIG_PATH="$NOVA_AUTH_LIB_DIR/pkgconfig" make -s -C "$tmp/pkgconfig-consumer"
LD_LIBRARY_PATH="$NOVA_AUTH_LIB_DIR" check_login "pkg-config consumer (shared)" "$tmp/pkgconfig-consumer/login"
if readelf -d "$tmp/pkgconfig-consumer/login-static" | grep -q 'libnova_auth'; then
  fail "login-static needs libnova_auth.so; it should hold the static library"
fi
check_login "pkg-config consumer (static)" "$tmp/pkgconfig-consumer/login-static"

step "the README's C quick start, as written, in a fresh copy of the checkout"
clone="$root/target/readme/checkout"
"$root/tests/fresh-checkout" "$clone"
"$root/tests/readme-block" "app.c:" >"$clone/app.c"
"$root/tests/readme-block" "cpp suite" >"$tmp/quickstart.sh"
# The build itself is shared with the checkout's (CARGO_TARGET_DIR); the prefix is the clone's.
output=$(cd "$clone" && CARGO_TARGET_DIR="$NOVA_CAPI_TARGET_DIR" BROWSER=true bash -eu "$tmp/quickstart.sh" 2>&1) ||
  fail "the README's C quick start exited with $?: $output"
[[ "$output" == *"signed in as Ada Lovelace (dev-google-4f1c9a)"* ]] ||
  fail "the README's C quick start did not sign in: $output"
echo "ok: README C quick start"

echo
echo "cpp suite: unit tests and 3 consumer programs passed"
