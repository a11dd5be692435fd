#!/bin/sh
# Re-record the assembler fixtures and the programs' expected output with real
# nasm and ld (see record.mjs). Run from anywhere.
set -e
exec node "$(dirname "$0")/record.mjs" "$@"
