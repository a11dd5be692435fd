#!/bin/sh
# Rebuilds the disk test programs from source and records their expected
# output natively (the real kernel is the oracle), in a scratch folder that
# holds what the test disk holds (input.txt).
#
#   test/disk/programs/rebuild.sh
#
# Needs an x86 Linux host that runs i386 binaries and gcc with -m32 support.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export LC_ALL=C
for prog in files; do
  gcc -m32 -static -O2 -s -o "$prog" "$prog.c"
  tmp=$(mktemp -d)
  printf 'first line\nsecond line\n' > "$tmp/input.txt"
  chmod 644 "$tmp/input.txt"
  (cd "$tmp" && "$here/$prog") > "$prog.expected"
  rm -rf "$tmp"
done
