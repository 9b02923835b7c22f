#!/usr/bin/env bash
# Process-level reliability from C: many threads on many logins, fork(), and every handed-out
# allocation freed by its own free function; natively, under valgrind memcheck and under
# AddressSanitizer + UndefinedBehaviorSanitizer.
# Usage: tests/stress/run.sh   (STRESS_SEED=N repeats a stress run's random choices)
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# Run directly (not from scripts/test): build and find everything ourselves.
[ -n "${NOVA_AUTH_LIB_DIR:-}" ] || source "$root/scripts/build-env.sh"

src=tests/stress
shared=tests/c # the dev server helper and the clock of the C ABI tests
out=target/stress
mkdir -p "$out"
cflags=(-std=c11 -Wall -Wextra -Werror -g -O1 -pthread -D_POSIX_C_SOURCE=200809L
  -I"$NOVA_AUTH_INCLUDE_DIR" -I"$shared")
libs=(-L"$NOVA_AUTH_LIB_DIR" -lnova_auth)
sanitize=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
memcheck=(valgrind -q --error-exitcode=99 --leak-check=full
  --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible
  --num-callers=500 --suppressions="$src/valgrind.supp")
seed=(${STRESS_SEED:+"$STRESS_SEED"})

passed=0 failed=0
failures=()
# check NAME COMMAND...: one counted step; a step over 150 s is a failure (a hang).
check() {
  local name=$1
  shift
  printf '\n---- %s\n' "$name"
  if timeout 150 "$@"; then
    passed=$((passed + 1))
  else
    echo "FAIL $name (exit status $?)"
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

build() {
  local name=$1
  shift
  cc "${cflags[@]}" "$@" "$shared/devserver.c" "$shared/clock.c" "${libs[@]}" -o "$out/$name"
}

printf -- '---- building\n'
if ! { build stress "$src/stress.c" && build fork "$src/fork.c" && build alloc "$src/alloc.c" &&
  build stress-asan "${sanitize[@]}" "$src/stress.c" && build fork-asan "${sanitize[@]}" "$src/fork.c"; }; then
  echo "FAIL building the stress tests"
  echo "0 passed, 1 failed"
  exit 1
fi

check "stress: 2000 logins, 8 threads" "$out/stress" 2000 "${seed[@]}"
check "stress under valgrind memcheck: 200 logins" "${memcheck[@]}" "$out/stress" 200 "${seed[@]}"
check "fork" "$out/fork"
check "alloc under valgrind memcheck: each allocation freed by its own function" "${memcheck[@]}" "$out/alloc"
check "stress under ASan+UBSan: 300 logins" env ASAN_OPTIONS=detect_leaks=1 "$out/stress-asan" 300 "${seed[@]}"
check "fork under ASan+UBSan" env ASAN_OPTIONS=detect_leaks=1 "$out/fork-asan"

echo
[ ${#failures[@]} -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
