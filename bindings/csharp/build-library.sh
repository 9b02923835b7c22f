#!/usr/bin/env bash
# Builds the NovaAuth binding with Mono's mcs into the given file (the tests and
# scripts/release use the same build). Usage: bindings/csharp/build-library.sh OUT.dll
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# mcs knows C# up to 7.2; NovaAuth.csproj builds the same source as C# 7.3.
mcs -langversion:7.2 -warnaserror -target:library -out:"$1" "$here"/src/*.cs
