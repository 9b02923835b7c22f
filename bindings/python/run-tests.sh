#!/usr/bin/env bash
# The Python suite: builds the wheel from the debug library, installs it into a fresh venv,
# and runs the tests against the installed package (not the source tree).
# Run by scripts/test, or directly (then it builds the library and the dev server itself).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

[ -n "${NOVA_AUTH_LIB_DIR:-}" ] || source "$root/scripts/build-env.sh"

work=$root/target/python
rm -rf "$work"
mkdir -p "$work"

"$here/build_wheel.sh" "$NOVA_AUTH_LIB_DIR/libnova_auth.so" "$work/wheels"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pytest
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$work"/wheels/nova_auth-*.whl

# From $work, so that nothing but the installed package can be imported as nova_auth.
cd "$work"
status=0
env -u NOVA_AUTH_LIBRARY "$work/venv/bin/python" -m pytest -p no:cacheprovider -rs "$here/tests" || status=$?
if [ "$status" -eq 5 ]; then
  echo "run-tests.sh: pytest collected no tests" >&2
fi
exit "$status"
