#!/bin/sh
# Stands in for the system browser (BROWSER=this script): hands the URL the library opens to
# the test, which loads it in Chromium itself.
printf '%s\n' "$1" >> "$NOVA_E2E_URL_FILE"
