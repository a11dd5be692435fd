#!/bin/sh
# Rebuilds the signal fixtures from source and re-records their expected
# outputs natively (the CPU and the kernel are the oracle):
#
#   test/signals/rebuild.sh
#
# Needs nasm, gcc with -m32 (Debian: gcc-multilib), binutils, node and a
# kernel that runs i386 binaries. Without one it changes nothing and says so.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

line=$(node ../../bench/lib/i386-runner.mjs)
if [ "${line%% *}" != native ]; then
    echo "rebuild.sh: skipped, nothing changed: signals are recorded on the CPU and kernel themselves (${line#* })" >&2
    exit 0
fi
for tool in nasm gcc ld strip node; do
    command -v "$tool" >/dev/null 2>&1 || { echo "rebuild.sh: $tool is required" >&2; exit 1; }
done

export LC_ALL=C
export SOURCE_DATE_EPOCH=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf bin expected
mkdir -p bin expected

for src in src/*.asm; do
    name=$(basename "$src" .asm)
    nasm -f elf32 -I src/ "$src" -o "$tmp/$name.o"
    ld -m elf_i386 --no-warn-rwx-segments "$tmp/$name.o" -o "bin/$name"
    strip "bin/$name"
done

# Freestanding C: no libc, _start from the oracle suite's fs.h (test/oracle/src), int $0x80.
for src in src/fs_*.c; do
    name=$(basename "$src" .c)
    gcc -m32 -static -nostdlib -ffreestanding -fno-pic -no-pie -fno-stack-protector \
        -fno-builtin -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
        -fcf-protection=none -Wl,--build-id=none -O1 -I ../oracle/src "$src" -lgcc -o "bin/$name"
    strip "bin/$name"
done

# The one static glibc program.
gcc -m32 -static -O2 -fno-asynchronous-unwind-tables -Wl,--build-id=none src/glibc_signals.c -o bin/glibc_signals
strip bin/glibc_signals

# The crash case must not leave a core file behind.
ulimit -c 0
node record.mjs
