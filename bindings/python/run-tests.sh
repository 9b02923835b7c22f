#!/usr/bin/env bash
# The Python suite. Builds nova_auth the ways its README shows (the manylinux wheel and the
# sdist with maturin, and `pip install ./bindings/python`), installs each into a fresh venv
# and signs in with it against the dev server, checks the wheel with auditwheel, runs the
# pytest tests against the installed wheel, freezes a program with PyInstaller and runs it
# with no Python around, and builds the Windows wheel. Prints its own counts.
# Run by scripts/test, or directly (then it builds the dev server itself).
#
# The distributions are built by dists.sh, as scripts/release builds them; its caches in
# target/python are kept between runs. Everything else is made anew in target/python/run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

[ -n "${NOVA_DEVSERVER:-}" ] || source "$root/scripts/build-env.sh"
source "$here/dists.sh"

work=$root/target/python
run=$work/run
rm -rf "$run"
mkdir -p "$run"
# The sdist and source installs compile the crate: with the wheel's dependencies.
export CARGO_TARGET_DIR=$work/cargo
wheels=$run/dists
pip_quiet=(--quiet --disable-pip-version-check)

passed=0 failed=0 failures=()
started=$SECONDS
step_started=$SECONDS
say() { printf '\n---- %s\n' "$*"; }
pass() {
  passed=$((passed + 1))
  echo "ok: $1 ($((SECONDS - step_started)) s)"
  step_started=$SECONDS
}
fail() {
  failed=$((failed + 1)) failures+=("$1")
  echo "FAIL: $1 ($((SECONDS - step_started)) s)" >&2
  step_started=$SECONDS
}

# ---- the dev server: signs every session in as Ada 200 ms after it was created
"$NOVA_DEVSERVER" --host 127.0.0.1 --port 0 --auto-approve-ms 200 >"$run/devserver.out" &
devserver_pid=$!
trap 'kill "$devserver_pid" 2>/dev/null || true' EXIT
base_url=
for _ in $(seq 100); do
  base_url=$(head -n 1 "$run/devserver.out")
  [ -n "$base_url" ] && break
  sleep 0.05
done
[[ "$base_url" == http://127.0.0.1:* ]] || { echo "the dev server printed '$base_url'" >&2; exit 1; }

expected_sign_in="Logged in as: Ada Lovelace (ada.lovelace@example.com)
User ID: dev-google-4f1c9a
Tier: pro"

# signs_in NAME COMMAND...: COMMAND runs the seed's usage code; it must print Ada's sign-in.
signs_in() {
  local name=$1 output
  shift
  if output=$("$@" 2>&1) && [ "$output" = "$expected_sign_in" ]; then
    pass "$name"
  else
    printf '%s\n' "$output" >&2
    fail "$name"
  fi
}

# ---- the wheel and the sdist, built as the README shows
say "maturin build --release --zig; maturin sdist"
if python_build_linux "$wheels" >"$run/maturin.log" 2>&1; then
  pass "maturin builds the wheel and the sdist"
else
  tail -n 30 "$run/maturin.log" >&2
  fail "maturin builds the wheel and the sdist"
fi
wheel=$(ls "$wheels"/nova_auth-*.whl 2>/dev/null || true)
sdist=$(ls "$wheels"/nova_auth-*.tar.gz 2>/dev/null || true)
echo "wheel: $wheel ($(stat -c %s "$wheel" 2>/dev/null) bytes)"
echo "sdist: $sdist ($(stat -c %s "$sdist" 2>/dev/null) bytes)"

say "the wheel's tag, and auditwheel show"
if [[ "$(basename "$wheel")" == nova_auth-*-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl ]]; then
  pass "the wheel is tagged py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64"
else
  fail "the wheel is tagged py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64 (got $(basename "$wheel"))"
fi
audit=$("$work/tools/bin/auditwheel" show "$wheel" 2>&1 || true)
# auditwheel names the newest glibc the wheel asks for: manylinux_2_17 or older passes.
audit_tag=$(printf '%s' "$audit" | tr '\n' ' ' | grep -o 'is consistent with the following platform tag: *"[^"]*"' || true)
echo "auditwheel: $audit_tag"
glibc_minor=$(grep -o '"manylinux_2_[0-9]*_x86_64"' <<<"$audit_tag" | cut -d_ -f3 || true)
if [ -n "$glibc_minor" ] && [ "$glibc_minor" -le 17 ]; then
  pass "auditwheel: the wheel is manylinux_2_${glibc_minor}_x86_64 compatible"
else
  printf '%s\n' "$audit" >&2
  fail "auditwheel: the wheel is manylinux_2_17_x86_64 compatible"
fi

say "the sdist carries the crate"
sdist_files=$(tar -tzf "$sdist" | sed 's|^[^/]*/||')
missing=()
for file in Cargo.toml Cargo.lock build.rs cbindgen.toml include/nova_auth.h src/lib.rs \
  pyproject.toml src/nova_auth/__init__.py src/nova_auth/_pyinstaller/hook-nova_auth.py; do
  grep -qx "$file" <<<"$sdist_files" || missing+=("$file")
done
if [ ${#missing[@]} -eq 0 ]; then
  pass "the sdist carries the crate and the Python package"
else
  fail "the sdist lacks ${missing[*]}"
fi

# ---- each form of the package in a fresh venv, signing in with the seed's usage code
for form in source sdist wheel; do
  say "pip install ($form) into a fresh venv, then sign in"
  venv=$run/venv-$form
  python3 -m venv "$venv"
  case $form in
    source) install=(pip install ./bindings/python) ;;
    sdist) install=(pip install "$sdist") ;;
    wheel) install=(pip install "$wheel") ;;
  esac
  if (cd "$root" && PATH="$venv/bin:$PATH" "${install[@]}" "${pip_quiet[@]}") >"$run/pip-$form.log" 2>&1; then
    # From $run, so that nothing but the installed package can be imported as nova_auth.
    signs_in "the $form install signs in" env -C "$run" "$venv/bin/python" "$here/tests/seed_usage.py" "$base_url"
  else
    tail -n 30 "$run/pip-$form.log" >&2
    fail "pip install ($form)"
  fi
done

# ---- the pytest tests, against the installed wheel
say "pytest against the installed wheel"
"$run/venv-wheel/bin/pip" install "${pip_quiet[@]}" pytest
pytest_status=0
(cd "$run" && "$run/venv-wheel/bin/python" -m pytest -p no:cacheprovider -rs "$here/tests") || pytest_status=$?
if [ "$pytest_status" -eq 0 ]; then
  pass "pytest"
else
  [ "$pytest_status" -ne 5 ] || echo "run-tests.sh: pytest collected no tests" >&2
  fail "pytest"
fi

# ---- PyInstaller, as the README shows, through the package's hook
say "pyinstaller app.py, then the frozen app signs in with no Python around"
freeze=$run/freeze
mkdir -p "$freeze" "$run/elsewhere"
cp "$here/tests/seed_usage.py" "$freeze/app.py"
if (cd "$freeze" && export PATH="$run/venv-wheel/bin:$PATH" &&
  pip install "${pip_quiet[@]}" pyinstaller && pyinstaller app.py) >"$run/pyinstaller.log" 2>&1; then
  pass "pyinstaller freezes the app"
  frozen_library=$(cd "$freeze/dist/app" && ls _internal/nova_auth/nova_auth/libnova_auth.so 2>/dev/null || true)
  echo "frozen library: ${frozen_library:-(none)}"
  # env -i: no venv on PATH, no PYTHONPATH, nothing of the build's environment.
  signs_in "the frozen app signs in" env -i -C "$run/elsewhere" "$freeze/dist/app/app" "$base_url"
else
  tail -n 30 "$run/pyinstaller.log" >&2
  fail "pyinstaller freezes the app"
fi

# ---- the Windows wheel, built by maturin in the Windows build environment
say "maturin build --release --target x86_64-pc-windows-gnu (scripts/windows)"
windows_wheels=$run/windows
if python_build_windows "$windows_wheels" >"$run/windows.log" 2>&1; then
  pass "maturin builds the Windows wheel"
else
  tail -n 30 "$run/windows.log" >&2
  fail "maturin builds the Windows wheel"
fi
windows_wheel=$(ls "$windows_wheels"/nova_auth-*.whl 2>/dev/null || true)
echo "Windows wheel: $windows_wheel ($(stat -c %s "$windows_wheel" 2>/dev/null) bytes)"
if windows_wheel_tagged "$windows_wheel"; then
  pass "the Windows wheel is tagged py3-none-win_amd64"
else
  fail "the Windows wheel is tagged py3-none-win_amd64"
fi
if windows_wheel_carries_dll "$windows_wheel"; then
  pass "the Windows wheel carries nova_auth.dll and loads it by that name"
else
  fail "the Windows wheel carries nova_auth.dll and loads it by that name"
fi
if windows_wheel_dll_is_pe "$windows_wheel"; then
  pass "the wheel's nova_auth.dll is a PE32+ x86-64 DLL exporting nova_login_start, needing no MinGW DLL"
else
  fail "the wheel's nova_auth.dll is a PE32+ x86-64 DLL exporting nova_login_start, needing no MinGW DLL"
fi

say "python suite: $((SECONDS - started)) s"
[ ${#failures[@]} -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
echo "packaging: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
