# Sourced, not run. How the Python distributions of nova_auth are built and what the Windows
# wheel must hold; the Python suite and scripts/release both use these, so a release ships
# exactly what the suite tests.
#
#   python_build_linux OUTDIR    the manylinux2014 wheel (maturin --zig) and the sdist
#   python_build_windows OUTDIR  the win_amd64 wheel, by maturin in the Windows build
#                                environment (OUTDIR must lie inside the checkout)
#   windows_wheel_tagged WHEEL, windows_wheel_carries_dll WHEEL, windows_wheel_dll_is_pe WHEEL
#                                checks of a Windows wheel (it cannot run here); each returns
#                                non-zero and says why on stderr when it does not hold
#
# target/python/cargo is the CARGO_TARGET_DIR of every Linux build (dependencies compile
# once), target/python/windows-cargo that of the Windows wheel, target/python/tools and
# target/python/windows-tools the venvs of the build tools; all are kept between runs. Each
# function returns non-zero on the first failing step.

python_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
python_root=$(cd "$python_dir/../.." && pwd)
python_work=$python_root/target/python
python_pip_quiet=(--quiet --disable-pip-version-check)

python_build_linux() {
  local out=$1 tools=$python_work/tools
  if [ ! -x "$tools/bin/auditwheel" ]; then
    python3 -m venv "$tools" &&
      "$tools/bin/pip" install "${python_pip_quiet[@]}" 'maturin[zig]' auditwheel || return 1
  fi
  (cd "$python_dir" && export PATH="$tools/bin:$PATH" CARGO_TARGET_DIR="$python_work/cargo" &&
    maturin build --release --zig --out "$out" && maturin sdist --out "$out")
}

python_build_windows() {
  local out=$1 tools=$python_work/windows-tools
  (
    cd "$python_dir" || exit 1
    if [ ! -x "$tools/bin/maturin" ]; then
      "$python_root/scripts/windows" exec -- sh -c "python3 -m venv '$tools' &&
        '$tools/bin/pip' install ${python_pip_quiet[*]} maturin cffi" || exit 1
    fi
    # -Zbuild-std: Debian ships no std for Windows (scripts/windows sets up the rest). A target
    # directory of its own: maturin's flags differ from scripts/windows build's, and in one
    # directory each would rebuild std and every dependency after the other.
    "$python_root/scripts/windows" exec -- env "CARGO_UNSTABLE_BUILD_STD=std panic_unwind" \
      CARGO_TARGET_DIR="$python_work/windows-cargo" \
      "$tools/bin/maturin" build --release --target x86_64-pc-windows-gnu \
      --interpreter "$tools/bin/python" --out "$out"
  )
}

windows_wheel_tagged() {
  [[ "$(basename "$1")" == nova_auth-*-py3-none-win_amd64.whl ]] && return 0
  echo "not tagged py3-none-win_amd64: $(basename "$1")" >&2
  return 1
}

# The package's files are all there, no Linux library came along, and the loader asks for the
# DLL by its Windows name.
windows_wheel_carries_dll() {
  local files loader file missing=()
  files=$(python3 -m zipfile -l "$1" 2>/dev/null | awk 'NR > 1 { print $1 }')
  for file in nova_auth/nova_auth/nova_auth.dll nova_auth/nova_auth/__init__.py \
    nova_auth/nova_auth/ffi.py nova_auth/__init__.py nova_auth/login.py nova_auth/py.typed \
    nova_auth/_pyinstaller/hook-nova_auth.py; do
    grep -qx "$file" <<<"$files" || missing+=("$file")
  done
  loader=$(python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("nova_auth/nova_auth/__init__.py").decode())' "$1" 2>/dev/null)
  [ ${#missing[@]} -eq 0 ] && ! grep -q '\.so$' <<<"$files" && grep -q "'nova_auth.dll'" <<<"$loader" &&
    return 0
  printf '%s\n' "missing: ${missing[*]:-none}" "$files" "$loader" >&2
  return 1
}

# A PE32+ x86-64 DLL exporting nova_login_start and needing no MinGW runtime DLL.
windows_wheel_dll_is_pe() {
  local dll headers
  dll=$(mktemp -d "$python_root/target/wheel-dll.XXXXXX") || return 1
  python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("nova_auth/nova_auth/nova_auth.dll"))' \
    "$1" "$dll/nova_auth.dll" 2>/dev/null
  headers=$(cd "$python_root" && scripts/windows exec -- x86_64-w64-mingw32-objdump -p "$dll/nova_auth.dll" 2>&1)
  rm -rf "$dll"
  if grep -q 'file format pei-x86-64' <<<"$headers" && grep -Eq '^Magic[[:space:]]+020b' <<<"$headers" &&
    grep -q '^[[:space:]]*DLL$' <<<"$headers" && grep -Eq '^\s*\[ *[0-9]+\] .* nova_login_start$' <<<"$headers" &&
    ! grep -Ei 'DLL Name: .*(libgcc|libwinpthread|libstdc)' <<<"$headers"; then
    return 0
  fi
  printf '%s\n' "$headers" | head -n 40 >&2
  return 1
}
