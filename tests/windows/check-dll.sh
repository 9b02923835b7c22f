#!/usr/bin/env bash
# Checks a nova_auth.dll: it exports exactly the functions the header declares, and imports
# only DLLs that every Windows 10 has, so a program ships nova_auth.dll alone (no libgcc_s,
# libwinpthread or other mingw runtime DLL).
# Usage: tests/windows/check-dll.sh NOVA_AUTH_DLL HEADER
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
dll=$1 header=$2

# Windows' own DLLs, lower case; api-ms-win-* names are Windows API sets.
SYSTEM_DLLS="advapi32.dll bcrypt.dll bcryptprimitives.dll crypt32.dll kernel32.dll msvcrt.dll
ncrypt.dll ntdll.dll ole32.dll secur32.dll shell32.dll shlwapi.dll user32.dll userenv.dll ws2_32.dll"

dump=$("$root/scripts/windows" exec -- x86_64-w64-mingw32-objdump -p "$dll")
# The name table's rows look like "[   0] +base[   1]  0000 nova_login_cancel".
exports=$(sed -n '/Ordinal\/Name Pointer/,/^$/p' <<<"$dump" | grep -F '+base[' | awk '{print $NF}' | sort)
declared=$(grep -oE '^[A-Za-z].*\bnova_[a-z_]+\(' "$header" | grep -oE 'nova_[a-z_]+\($' | tr -d '(' | sort)
status=0

if [ "$exports" != "$declared" ]; then
  echo "FAIL: the exports differ from the header's functions (< exported, > declared):"
  diff <(echo "$exports") <(echo "$declared") || true
  status=1
else
  echo "ok: exports the $(wc -l <<<"$exports") functions of the header, and nothing else"
fi

imports=$(sed -n 's/^\tDLL Name: //p' <<<"$dump" | tr 'A-Z' 'a-z' | sort -u)
for import in $imports; do
  if [[ " $(echo $SYSTEM_DLLS) " != *" $import "* && "$import" != api-ms-win-* ]]; then
    echo "FAIL: imports $import, which is not a Windows system DLL"
    status=1
  fi
done
[ "$status" -ne 0 ] || echo "ok: imports only Windows system DLLs: $(echo $imports)"
exit "$status"
