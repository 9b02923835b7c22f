#!/usr/bin/env bash
# Builds the C tests of the C ABI and runs them under AddressSanitizer with
# UndefinedBehaviorSanitizer, then under valgrind; any memory error or leak fails the suite.
# Usage: tests/c/run.sh [test_name...]
# Run by scripts/test, or directly (it then builds the library and the dev server itself).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

[ -n "${NOVA_AUTH_LIB_DIR:-}" ] || source "$root/scripts/build-env.sh"

# The version the library must report: the package's, the first version line of Cargo.toml.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
build="$root/target/c-tests"
mkdir -p "$build"

# build NAME [cc flags...]
build() {
  local name=$1
  shift
  cc -std=c99 -Wall -Wextra -Werror -g -D_POSIX_C_SOURCE=200809L "$@" \
    -DNOVA_EXPECTED_VERSION="\"$version\"" -I"$NOVA_AUTH_INCLUDE_DIR" \
    "$here"/*.c -o "$build/$name" \
    -L"$NOVA_AUTH_LIB_DIR" -lnova_auth -Wl,-rpath,"$NOVA_AUTH_LIB_DIR" -pthread
}
build nova_auth_tests
build nova_auth_tests_asan -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

echo "---- under AddressSanitizer and UndefinedBehaviorSanitizer"
ASAN_OPTIONS=detect_leaks=1 "$build/nova_auth_tests_asan" "$@"

echo "---- under valgrind memcheck"

status=0
valgrind --log-file="$build/valgrind.log" --child-silent-after-fork=yes --num-callers=40 \
  --leak-check=full --show-leak-kinds=definite,indirect,possible \
  --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
  --suppressions="$here/valgrind.supp" \
  "$build/nova_auth_tests" "$@" || status=$?

if [ "$status" -eq 99 ]; then
  cat "$build/valgrind.log"
  echo "valgrind found memory errors or leaks (above; log in $build/valgrind.log)"
else
  # The leak and error summaries, without valgrind's process-id prefix.
  sed -n '/LEAK SUMMARY/,$ s/^==[0-9]*== //p' "$build/valgrind.log"
fi
exit "$status"
