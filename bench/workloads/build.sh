#!/bin/sh
# Builds the benchmark workloads and records their native output.
#
#   bench/workloads/build.sh
#
# Each workload is a freestanding static i386 program (-nostdlib -O2, int $0x80
# for write and exit). After building, every binary runs natively: its stdout
# becomes expectedStdout in manifest.json, and (when valgrind is installed) its
# guest instruction count, from valgrind's lackey tool, becomes
# approxInstructions. Needs gcc with -m32 (Debian: gcc-multilib) and node, and
# a kernel that runs i386 binaries or else qemu-i386 (then the output comes
# from qemu and the instruction counts stay as they were); with neither it
# changes nothing and says so (bench/lib/i386-runner.mjs; FTVM_I386_RUNNER
# overrides).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

# Binaries whose output cannot be recorded would not match the manifest: build nothing then.
line=$(node ../lib/i386-runner.mjs)
if [ "${line%% *}" = none ]; then
    echo "build.sh: skipped, nothing changed: ${line#* }" >&2
    exit 0
fi
export LC_ALL=C
mkdir -p bin

for name in crc32 sieve sha256 mixed nbody fileio; do
    gcc -m32 -static -nostdlib -ffreestanding -fno-pic -no-pie -fno-stack-protector \
        -fno-builtin -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
        -fcf-protection=none -Wl,--build-id=none -O2 "src/$name.c" -lgcc -o "bin/$name"
    strip "bin/$name"
done

node record.mjs
