#!/usr/bin/env bash
# Vets and tests the Go binding against the debug library and the dev server.
# Run by scripts/test, or directly (then it builds what it needs first).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

[ -n "${NOVA_AUTH_LIB_DIR:-}" ] || source "$root/scripts/build-env.sh"

cd "$here"
go vet ./... || { echo "go vet: FAILED"; exit 1; }
echo "go vet: ok"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
go test -race -count=1 -timeout 120s -v ./... 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -c -- '--- PASS' "$log")
failed=$(grep -c -- '--- FAIL' "$log")
skipped=$(grep -c -- '--- SKIP' "$log")
echo "go tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
