#!/usr/bin/env bash
# Builds the C# binding and its tests with Mono's mcs into target/csharp/, lays out the
# package-shaped folder target/csharp/package/, and runs the tests with mono against the
# dev server. Usage: bindings/csharp/run-tests.sh [TestName...]
#
# scripts/test exports NOVA_AUTH_LIB_DIR, NOVA_DEVSERVER and LD_LIBRARY_PATH; run directly,
# this script builds the workspace and derives them from the repository root.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

[ -n "${NOVA_AUTH_LIB_DIR:-}" ] || source "$root/scripts/build-env.sh"

out="$root/target/csharp"
mkdir -p "$out"
"$here/build-library.sh" "$out/NovaAuth.dll"
mcs -langversion:7.2 -warnaserror -target:exe -out:"$out/NovaAuth.Tests.exe" \
  -r:"$out/NovaAuth.dll" -r:System.Net.Http.dll "$here"/tests/*.cs

# The layout of the NuGet package that NovaAuth.csproj packs (mono finds the native library
# through LD_LIBRARY_PATH; .NET finds it under runtimes/<rid>/native/).
rm -rf "$out/package"
mkdir -p "$out/package/lib/netstandard2.0" "$out/package/runtimes/linux-x64/native"
cp "$out/NovaAuth.dll" "$out/package/lib/netstandard2.0/"
cp "$NOVA_AUTH_LIB_DIR/libnova_auth.so" "$out/package/runtimes/linux-x64/native/"

# A hang (a test stuck past the runner's own limit, or a process that cannot exit) is a failure.
timeout 600 mono --debug "$out/NovaAuth.Tests.exe" "$@"
