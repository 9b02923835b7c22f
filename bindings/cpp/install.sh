#!/usr/bin/env bash
# Installs nova_auth for C and C++ programs under PREFIX:
#   lib/libnova_auth.so.VERSION (+ libnova_auth.so.SOVERSION, libnova_auth.so), lib/libnova_auth.a,
#   include/nova_auth.h, include/nova_auth.hpp, lib/pkgconfig/nova_auth.pc,
#   lib/cmake/nova_auth/nova_authConfig.cmake and nova_authConfigVersion.cmake.
#
# Usage: bindings/cpp/install.sh PREFIX [--profile debug|release] [--no-build]
#   --profile   which cargo build to install (default: release)
#   --no-build  install the libraries already in target/PROFILE instead of running cargo
set -euo pipefail

usage() { echo "usage: $0 PREFIX [--profile debug|release] [--no-build]" >&2; exit 2; }

prefix="" profile=release build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) [ $# -ge 2 ] || usage; profile=$2; shift 2 ;;
    --no-build) build=false; shift ;;
    -*) usage ;;
    *) [ -z "$prefix" ] || usage; prefix=$1; shift ;;
  esac
done
[ -n "$prefix" ] || usage
case "$profile" in
  debug) cargo_flags=() ;;
  release) cargo_flags=(--release) ;;
  *) usage ;;
esac

root=$(cd "$(dirname "$0")/../.." && pwd)
here="$root/bindings/cpp"
built="$root/target/$profile"

if $build; then
  (cd "$root" && cargo build --lib "${cargo_flags[@]}")
fi
for artifact in libnova_auth.so libnova_auth.a; do
  [ -f "$built/$artifact" ] || { echo "$0: $built/$artifact is missing; build it first" >&2; exit 1; }
done

# The first version line of Cargo.toml is the [package] one.
version=$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)
soversion=${version%%.*}
soname=$(readelf -d "$built/libnova_auth.so" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
if [ "$soname" != "libnova_auth.so.$soversion" ]; then
  echo "$0: the library's SONAME is '$soname', expected libnova_auth.so.$soversion" >&2
  exit 1
fi

mkdir -p "$prefix/lib/pkgconfig" "$prefix/lib/cmake/nova_auth" "$prefix/include"
install -m 755 "$built/libnova_auth.so" "$prefix/lib/libnova_auth.so.$version"
ln -sfn "libnova_auth.so.$version" "$prefix/lib/libnova_auth.so.$soversion"
ln -sfn "libnova_auth.so.$soversion" "$prefix/lib/libnova_auth.so"
install -m 644 "$built/libnova_auth.a" "$prefix/lib/libnova_auth.a"
install -m 644 "$root/include/nova_auth.h" "$here/include/nova_auth.hpp" "$prefix/include/"

fill() { sed -e "s/@VERSION@/$version/g" -e "s/@SOVERSION@/$soversion/g" "$here/packaging/$1.in" >"$2"; }
fill nova_auth.pc "$prefix/lib/pkgconfig/nova_auth.pc"
fill nova_authConfig.cmake "$prefix/lib/cmake/nova_auth/nova_authConfig.cmake"
fill nova_authConfigVersion.cmake "$prefix/lib/cmake/nova_auth/nova_authConfigVersion.cmake"

echo "installed nova_auth $version ($profile) under $prefix"
