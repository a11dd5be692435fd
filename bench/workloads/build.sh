#!/bin/sh
# Builds the benchmark workloads and records their native output.
#
#   bench/workloads/build.sh
#
# Each workload is a freestanding static i386 program (-nostdlib -O2, int $0x80
# for write and exit). After building, every binary runs natively: its stdout
# becomes expectedStdout in manifest.json, and (when valgrind is installed) its
# guest instruction count, from valgrind's lackey tool, becomes
# approxInstructions. Needs gcc with -m32 (Debian: gcc-multilib) and node.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export LC_ALL=C
mkdir -p bin

for name in crc32 sieve sha256 mixed; do
    gcc -m32 -static -nostdlib -ffreestanding -fno-pic -no-pie -fno-stack-protector \
        -fno-builtin -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
        -fcf-protection=none -Wl,--build-id=none -O2 "src/$name.c" -lgcc -o "bin/$name"
    strip "bin/$name"
done

node record.mjs
