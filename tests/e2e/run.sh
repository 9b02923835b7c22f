#!/usr/bin/env bash
# End to end in a real browser: builds the C host, installs playwright-core (no browser
# download: it drives Debian's /usr/bin/chromium) and runs the node tests.
# Usage: tests/e2e/run.sh
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# Run directly (not from scripts/test): build and find everything ourselves.
[ -n "${NOVA_AUTH_LIB_DIR:-}" ] || source "$root/scripts/build-env.sh"

if [ ! -x /usr/bin/chromium ]; then
  echo "FAIL: /usr/bin/chromium is missing (apt-get install -y chromium)"
  exit 1
fi

mkdir -p target/e2e
# The rpath lets the host find the library however node starts it.
cc -std=c99 -Wall -Wextra -Werror -g -I"$NOVA_AUTH_INCLUDE_DIR" tests/e2e/host.c \
  -L"$NOVA_AUTH_LIB_DIR" -lnova_auth -Wl,-rpath,"$NOVA_AUTH_LIB_DIR" -o target/e2e/host ||
  { echo "FAIL: building tests/e2e/host.c"; exit 1; }

cd tests/e2e
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi || { echo "FAIL: installing playwright-core"; exit 1; }

node --test
