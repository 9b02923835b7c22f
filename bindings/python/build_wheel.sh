#!/usr/bin/env bash
# Builds the nova_auth wheel with the native library inside it.
# Usage: bindings/python/build_wheel.sh [LIBRARY] [OUT_DIR]
#   LIBRARY  the libnova_auth.so to ship (default: target/release/libnova_auth.so)
#   OUT_DIR  where the wheel goes (default: target/wheels)
# The build fetches setuptools from PyPI into an isolated build environment.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
library=${1:-$root/target/release/libnova_auth.so}
out_dir=${2:-$root/target/wheels}

if [ ! -f "$library" ]; then
  echo "build_wheel.sh: no library at $library (run 'cargo build --release', or pass its path)" >&2
  exit 1
fi

# Build from a copy, so that the library never lands in the source tree.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r "$here/pyproject.toml" "$here/setup.py" "$here/src" "$stage/"
cp "$library" "$stage/src/nova_auth/libnova_auth.so"

mkdir -p "$out_dir"
python3 -m pip wheel --quiet --no-deps --wheel-dir "$out_dir" "$stage"
ls "$out_dir"/nova_auth-*.whl
