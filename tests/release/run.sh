#!/usr/bin/env bash
# The release suite: runs scripts/release, then installs each artifact of dist/ into a fresh
# directory of its own and signs in with it against the dev server, finding nothing of the
# checkout's builds (no LD_LIBRARY_PATH or PKG_CONFIG_PATH but the artifact's). Prints
# "release: N passed, M failed"; any failure fails the suite.
# Run by scripts/test, or directly (then it builds the dev server itself).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
[ -n "${NOVA_DEVSERVER:-}" ] || source scripts/build-env.sh
source bindings/python/dists.sh
# Only what each check sets itself.
unset LD_LIBRARY_PATH PKG_CONFIG_PATH CARGO_TARGET_DIR

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
dist=$root/dist
linux_name=nova_auth-$version-x86_64-linux-gnu
windows_name=nova_auth-$version-x86_64-windows-gnu
uid=dev-google-4f1c9a
logs=$root/target/release-tests
rm -rf "$logs"
mkdir -p "$logs"
scratch=$(mktemp -d)
devserver_pid=
cleanup() {
  [ -z "$devserver_pid" ] || kill "$devserver_pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT

passed=0 failed=0 failures=()
started=$SECONDS
# check NAME FUNCTION: runs FUNCTION in a fresh directory, stopping at its first failing
# command; its output goes to target/release-tests/NAME.log, and on failure to stderr too.
check() {
  local name=$1 log=$logs/$1.log dir=$scratch/$1 status step_started=$SECONDS
  mkdir -p "$dir"
  (
    set -e
    cd "$dir"
    "$2"
  ) >"$log" 2>&1
  status=$?
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok: $name ($((SECONDS - step_started)) s)"
  else
    failed=$((failed + 1)) failures+=("$name")
    tail -n 30 "$log" >&2
    echo "FAIL: $name ($((SECONDS - step_started)) s; log: $log)" >&2
  fi
}

# signs_in PATTERN COMMAND...: COMMAND must sign in as the dev server's user and print a
# line matching PATTERN (which names the uid).
signs_in() {
  local pattern=$1 output status=0
  shift
  output=$(NOVA_AUTH_BASE_URL=$base_url BROWSER=true timeout 300 "$@" 2>&1) || status=$?
  printf '%s\n' "$output"
  [ "$status" -eq 0 ] && grep -q -- "$pattern" <<<"$output"
}

# unpack_linux_c: the Linux C archive, unpacked here; prints its prefix.
unpack_linux_c() {
  tar -xzf "$dist/$linux_name.tar.gz"
  echo "$PWD/$linux_name"
}

# ---- the C and C++ archive for Linux: pkg-config (shared and static) and CMake consumers
linux_c_pkgconfig() {
  local prefix
  prefix=$(unpack_linux_c)
  cp -r "$root/bindings/cpp/consumers/pkgconfig" consumer
  PKG_CONFIG_PATH=$prefix/lib/pkgconfig make -s -C consumer
  LD_LIBRARY_PATH=$prefix/lib ldd consumer/login | grep "libnova_auth.so.0.1 => $prefix/lib/"
  [ "$(readelf -d consumer/login-static | grep -c libnova_auth)" -eq 0 ] # links libnova_auth.a
  LD_LIBRARY_PATH=$prefix/lib signs_in "Signed in: $uid" consumer/login
  signs_in "Signed in: $uid" consumer/login-static
}

linux_c_cmake() {
  local prefix
  prefix=$(unpack_linux_c)
  cmake -S "$root/bindings/cpp/consumers/cmake" -B build -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  cmake --build build
  ldd build/login | grep "libnova_auth.so.0.1 => $prefix/lib/"
  signs_in "Signed in: $uid" build/login --no-browser
}

# ---- the Windows archive: a C program built with MinGW against it, run under Wine
# Linked the MinGW way, -lnova_auth: lib/nova_auth.dll.a (the Windows suite's C tests link
# lib/nova_auth.lib, the MSVC one).
windows_c() {
  local prefix=$windows_name
  unzip -q "$dist/$windows_name.zip"
  cp "$root/bindings/cpp/consumers/pkgconfig/login.c" .
  "$root/scripts/windows" exec -- x86_64-w64-mingw32-gcc -std=c99 -Wall -Wextra -Werror \
    -I"$prefix/include" login.c -o login.exe -L"$prefix/lib" -lnova_auth
  "$root/scripts/windows" exec -- x86_64-w64-mingw32-objdump -p login.exe | grep 'DLL Name: nova_auth.dll'
  cp "$prefix/bin/nova_auth.dll" .
  signs_in "Signed in: $uid" "$root/scripts/windows" run login.exe
}

# ---- the Python distributions: the manylinux wheel and the sdist in fresh venvs
python_install() { # python_install DIST: pip installs DIST into a fresh venv, then signs in
  python3 -m venv venv
  venv/bin/pip install "${python_pip_quiet[@]}" "$1"
  # From here, so that nothing but the installed package can be imported as nova_auth.
  signs_in "User ID: $uid" venv/bin/python "$root/bindings/python/tests/seed_usage.py" "$base_url"
}

python_wheel() {
  python_install "$(ls "$dist"/python/nova_auth-"$version"-py3-none-manylinux2014_x86_64.*.whl)"
}

# The sdist compiles the crate, in a target directory kept for it: the wheel's is built
# with zig as the C compiler, which would make each rebuild the other's dependencies.
python_sdist() {
  CARGO_TARGET_DIR=$python_work/sdist-cargo python_install "$dist/python/nova_auth-$version.tar.gz"
}

# It cannot run here: its tag and its DLL are checked as the Python suite checks them.
python_windows_wheel() {
  local wheel
  wheel=$(ls "$dist"/python/nova_auth-"$version"-py3-none-win_amd64.whl)
  windows_wheel_tagged "$wheel"
  windows_wheel_carries_dll "$wheel"
  windows_wheel_dll_is_pe "$wheel"
}

# ---- the Go module, required by a module outside the checkout, with the Linux C archive
go_module() {
  local prefix module=$PWD/nova-auth-go-$version
  prefix=$(unpack_linux_c)
  tar -xzf "$dist/nova-auth-go-$version.tar.gz"
  mkdir app
  cd app
  go mod init example.com/app
  go mod edit -require=nova-ai.work/nova-auth/bindings/go@v0.0.0 \
    -replace=nova-ai.work/nova-auth/bindings/go="$module"
  cp "$root/bindings/go/examples/login/main.go" .
  PKG_CONFIG_PATH=$prefix/lib/pkgconfig go build -o app .
  LD_LIBRARY_PATH=$prefix/lib signs_in "uid: *$uid" ./app -no-browser
}

# ---- the C# package: installed by NuGet from dist/ as a package source, a program compiled
# against its NovaAuth.dll, run by mono
csharp_package() {
  local package=packages/NovaAuth.$version
  nuget install NovaAuth -Version "$version" -Source "$dist" -OutputDirectory packages -NoCache \
    -NonInteractive -Verbosity quiet
  [ -f "$package/runtimes/win-x64/native/nova_auth.dll" ]
  cmp "$package/lib/netstandard2.0/NovaAuth.dll" "$dist/csharp/lib/netstandard2.0/NovaAuth.dll"
  mcs -langversion:7.2 -warnaserror -target:exe -out:Login.exe \
    -r:"$package/lib/netstandard2.0/NovaAuth.dll" "$here/Login.cs"
  cp "$package/lib/netstandard2.0/NovaAuth.dll" .
  LD_LIBRARY_PATH=$PWD/$package/runtimes/linux-x64/native signs_in "Signed in: $uid" mono Login.exe
}

printf '\n---- scripts/release\n'
if ! scripts/release; then
  echo "FAIL: scripts/release"
  echo "release: 0 passed, 1 failed"
  exit 1
fi
echo "scripts/release: $((SECONDS - started)) s"

exec 3< <(exec "$NOVA_DEVSERVER" --host 127.0.0.1 --port 0 --auto-approve-ms 200)
devserver_pid=$!
read -r base_url <&3 || { echo "the dev server printed no URL"; exit 1; }

printf '\n---- each artifact, installed into a fresh directory, signs in at %s\n' "$base_url"
check linux-c-pkgconfig linux_c_pkgconfig
check linux-c-cmake linux_c_cmake
check windows-c windows_c
check python-wheel python_wheel
check python-sdist python_sdist
check python-windows-wheel python_windows_wheel
check go go_module
check csharp csharp_package

printf '\n---- release suite: %s s\n' "$((SECONDS - started))"
[ ${#failures[@]} -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
echo "release: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
