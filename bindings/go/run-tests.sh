#!/usr/bin/env bash
# Vets and tests the Go binding against the installed debug library (pkg-config, from
# scripts/build-env.sh) and the dev server, then runs the README's Go commands as written:
# a module outside the repository requires the binding and signs in with it.
# Run by scripts/test, or directly (then it builds what it needs first).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

[ -n "${NOVA_AUTH_LIB_DIR:-}" ] || source "$root/scripts/build-env.sh"

cd "$here"
go vet ./... || { echo "go vet: FAILED"; exit 1; }
echo "go vet: ok"

log=$(mktemp)
consumer=$(mktemp -d)
devserver_pid=""
cleanup() {
  [ -z "$devserver_pid" ] || kill "$devserver_pid" 2>/dev/null
  rm -rf "$log" "$consumer"
}
trap cleanup EXIT
go test -race -count=1 -timeout 120s -v ./... 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -c -- '--- PASS' "$log")
failed=$(grep -c -- '--- FAIL' "$log")
skipped=$(grep -c -- '--- SKIP' "$log")
echo "go tests: $passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] || exit "$status"

echo
echo "---- the README's Go commands, as written: a module outside the repository"
# The user's module: the binding's example program, in a module of its own.
(cd "$consumer" && go mod init example.com/app >/dev/null 2>&1) || { echo "go mod init failed"; exit 1; }
cp "$here/examples/login/main.go" "$consumer/"
checkout="$root/target/readme/checkout"
"$root/tests/fresh-checkout" "$checkout"
exec 3< <(exec "$NOVA_DEVSERVER" --port 0 --auto-approve-ms 200)
devserver_pid=$!
read -r base_url <&3 || { echo "the dev server printed no URL"; exit 1; }
"$root/tests/readme-block" "go suite" | sed "s|/path/to/your/module|$consumer|" >"$consumer/commands.sh"
# Only what the README sets: no flags or library paths from this suite's environment.
output=$(cd "$checkout" && env -u PKG_CONFIG_PATH -u LD_LIBRARY_PATH -u CGO_CFLAGS -u CGO_LDFLAGS \
  CARGO_TARGET_DIR="$NOVA_CAPI_TARGET_DIR" NOVA_AUTH_BASE_URL="$base_url" BROWSER=true bash -eu "$consumer/commands.sh" 2>&1)
status=$?
echo "$output" | tail -n 8
if [ "$status" -ne 0 ] || [[ "$output" != *"Ada Lovelace"* ]]; then
  echo "FAIL: the README's Go commands did not sign in (exit $status)"
  exit 1
fi
echo "ok: a module outside the repository signed in through the README's commands"
