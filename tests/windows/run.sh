#!/usr/bin/env bash
# The Windows suite: builds nova_auth.dll (scripts/windows), checks what it exports and
# imports, cross-compiles the C tests of tests/c and the Go binding's tests for Windows, runs
# them under Wine against dev servers started here on the Linux side, and runs the Windows
# demo. Reports its own "N passed, M failed"; any failure fails the suite.
# Run by scripts/test, or directly (then it builds the library and the dev server itself).
#
# What runs on Linux only, and why, is printed at the end (NOT_ON_WINDOWS).
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
[ -n "${NOVA_AUTH_LIB_DIR:-}" ] || source "$root/scripts/build-env.sh"

NOT_ON_WINDOWS=(
  "tests/stress fork.c: fork() does not exist on Windows"
  "valgrind and AddressSanitizer runs of tests/c and tests/stress: neither checks Windows programs here (the same tests run under Wine without them)"
  "Rust tests that watch the browser through BROWSER (tests/browser.rs, tests/hostile_login_urls.rs, the browser part of tests/environment.rs): Windows ignores BROWSER and opens the shell's default browser"
  "Rust tests that count threads in /proc (tests/threads.rs, tests/stress.rs) and the socket-buffer bound of the endless-body checks in tests/hostile.rs: Linux only"
)

out=$root/target/windows/tests
mkdir -p "$out"
passed=0 failed=0 failures=()
step() { printf '\n---- %s\n' "$*"; }
record() { # record NAME PASSED FAILED
  passed=$((passed + $2))
  failed=$((failed + $3))
  [ "$3" -eq 0 ] || failures+=("$1")
}

step "build nova_auth.dll, its import library and the static library"
if ! scripts/windows build; then
  echo "FAIL: the Windows build (needs root and Debian's registry the first time: see scripts/windows)"
  echo "windows: 0 passed, 1 failed"
  exit 1
fi
dist=$root/target/windows/dist
cp "$dist/bin/nova_auth.dll" "$out/" # Windows finds a DLL beside the program

step "the DLL exports exactly the header's functions and imports only Windows system DLLs"
if tests/windows/check-dll.sh "$dist/bin/nova_auth.dll" include/nova_auth.h; then
  record dll 1 0
else
  record dll 0 1
fi

step "the Rust code (library, dev server, tests) builds for Windows"
# A warning there (an unused import, a helper only Unix tests use) is a failure too.
if scripts/windows exec -- cargo check --locked --quiet --workspace --all-targets \
  --target x86_64-pc-windows-gnu -Zbuild-std=std,panic_unwind 2>&1 | tee "$out/check.log" &&
  ! grep -q '^warning' "$out/check.log"; then
  record "cargo check" 1 0
else
  record "cargo check" 0 1
fi

# start_server VARIABLE [ARGS...]: starts a dev server and exports its URL as VARIABLE.
server_pids=()
trap 'kill "${server_pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT
start_server() {
  local variable=$1 url fifo
  shift
  fifo=$(mktemp -u)
  mkfifo "$fifo"
  "$NOVA_DEVSERVER" --host 127.0.0.1 --port 0 "$@" >"$fifo" &
  server_pids+=($!)
  read -r url <"$fifo"
  rm -f "$fifo"
  export "$variable=$url"
}
start_server NOVA_DEVSERVER_URL
start_server NOVA_DEVSERVER_AUTO_APPROVE_URL --auto-approve-ms 100

# run_tests NAME PASS_PATTERN FAIL_PATTERN PROGRAM [ARGS...]: runs a Windows test program of
# $out under Wine and records the lines of its log that match each pattern. A failing exit
# with no failed test in the log (a crash, a hang) counts as one failure.
run_tests() {
  local name=$1 pass=$2 fail=$3 log=$out/${4%.exe}.log status
  shift 3
  (cd "$out" && timeout 600 "$root/scripts/windows" run "$@") 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  local tests_passed tests_failed
  tests_passed=$(grep -c -- "$pass" "$log")
  tests_failed=$(grep -c -- "$fail" "$log")
  [ "$status" -eq 0 ] || [ "$tests_failed" -gt 0 ] || tests_failed=1
  record "$name" "$tests_passed" "$tests_failed"
}

step "C tests (tests/c) under Wine, linked through nova_auth.lib (Go uses nova_auth.dll.a)"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
if scripts/windows exec -- x86_64-w64-mingw32-gcc -std=c99 -Wall -Wextra -Werror -g \
  -DNOVA_EXPECTED_VERSION="\"$version\"" -Iinclude tests/c/*.c -o "$out/nova_auth_tests.exe" \
  "$dist/lib/nova_auth.lib" -lws2_32 -l:libpthread.a; then # the MSVC import library, here
  run_tests "C tests" '^ok ' '^FAIL ' nova_auth_tests.exe
else
  record "C tests (build)" 0 1
fi

step "Go tests (bindings/go) under Wine"
if (cd bindings/go && "$root/scripts/windows" exec -- env GOOS=windows GOARCH=amd64 CGO_ENABLED=1 \
  CC=x86_64-w64-mingw32-gcc PKG_CONFIG_PATH="$root/target/windows/dist/lib/pkgconfig" go test -c -o "$out/novaauth.test.exe" .); then
  run_tests "Go tests" '^--- PASS' '^--- FAIL' novaauth.test.exe -test.v -test.count=1 -test.timeout=300s
else
  record "Go tests (build)" 0 1
fi

step "a C++ program built with CMake and MinGW against the installed layout, under Wine"
# find_package(nova_auth) in target/windows/dist, as `cargo cinstall` laid it out.
consumer=$out/cmake-consumer
rm -rf "$consumer"
if scripts/windows exec -- cmake -S bindings/cpp/consumers/cmake -B "$consumer" \
  -DCMAKE_SYSTEM_NAME=Windows -DCMAKE_CXX_COMPILER=x86_64-w64-mingw32-g++ \
  -DCMAKE_PREFIX_PATH="$dist" -DCMAKE_EXE_LINKER_FLAGS="-static-libgcc -static-libstdc++" >/dev/null &&
  scripts/windows exec -- cmake --build "$consumer" >/dev/null; then
  cp "$dist/bin/nova_auth.dll" "$consumer/"
  if (cd "$consumer" && NOVA_AUTH_BASE_URL=$NOVA_DEVSERVER_AUTO_APPROVE_URL timeout 120 \
    "$root/scripts/windows" run login.exe --no-browser) 2>&1 | tee "$out/cmake-consumer.log" &&
    grep -q "Signed in: dev-google-4f1c9a" "$out/cmake-consumer.log"; then
    record "CMake consumer" 1 0
  else
    record "CMake consumer" 0 1
  fi
else
  record "CMake consumer (build)" 0 1
fi

step "Rust tests of proxies and TLS (tests/) under Wine"
# The ones whose behaviour depends on the system: proxy variables, the system proxy, trusted
# roots. The rest of tests/ runs on Linux and builds for Windows (cargo check above).
rust_tests=(proxy proxy_bypass tls_trusted tls_untrusted windows_system_proxy)
if scripts/windows exec -- cargo test --locked --quiet --no-run --target x86_64-pc-windows-gnu \
  -Zbuild-std=std,panic_unwind "${rust_tests[@]/#/--test=}" --message-format=json >"$out/rust-tests.json"; then
  for executable in $(sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' "$out/rust-tests.json"); do
    cp "$executable" "$out/"
    run_tests "Rust $(basename "$executable")" '^test .* ok$' '^test .* FAILED$' "$(basename "$executable")" --test-threads=1
  done
else
  record "Rust tests (build)" 0 1
fi

step "the README's Windows commands, as written, in a directory outside the checkout"
readme_dir=$(mktemp -d)
# The README's poll loop as app.c, and its block of Windows commands with this checkout and
# an auto-approving dev server in place of its placeholders.
tests/readme-block "app.c:" >"$readme_dir/app.c"
tests/readme-block "windows suite" |
  sed "s|^nova=/path/to/nova-auth\$|nova=$root|; s|127.0.0.1:PORT|${NOVA_DEVSERVER_AUTO_APPROVE_URL#http://}|" \
    >"$readme_dir/commands.sh"
if (cd "$readme_dir" && bash -eu commands.sh) >"$out/readme.log" 2>&1 &&
  grep -q "signed in as Ada Lovelace (dev-google-4f1c9a)" "$out/readme.log"; then
  record "README commands" 1 0
else
  echo "FAIL: the README's Windows commands:"
  cat "$readme_dir/commands.sh" "$out/readme.log"
  record "README commands" 0 1
fi
rm -rf "$readme_dir"

step "the Windows demo (scripts/demo --windows)"
if timeout 120 scripts/demo --windows; then
  record demo 1 0
else
  record demo 0 1
fi

step "runs on Linux only (NOT_ON_WINDOWS)"
printf '  - %s\n' "${NOT_ON_WINDOWS[@]}"

echo
[ ${#failures[@]} -eq 0 ] || echo "failed: ${failures[*]}"
echo "windows: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
