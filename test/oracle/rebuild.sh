#!/bin/sh
# Rebuilds every oracle binary from source and re-records every expectation by
# running the binaries natively (the real CPU is the oracle).
#
#   test/oracle/rebuild.sh
#
# Needs nasm, gcc with -m32 support (Debian: gcc-multilib), binutils and node,
# and a way to run i386 binaries: a kernel with IA-32 emulation (the CPU is the
# oracle; qemu-i386, Debian: qemu-user, cross-checks it when installed) or, on
# a kernel without, qemu-i386 as the reference. With neither it changes
# nothing and says so (bench/lib/i386-runner.mjs decides; FTVM_I386_RUNNER
# overrides). Running it twice gives identical files.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

# Decide before anything is removed: without a way to run them, the expectations stay as they are.
line=$(node ../../bench/lib/i386-runner.mjs)
if [ "${line%% *}" = none ]; then
    echo "rebuild.sh: skipped, nothing changed: ${line#* }" >&2
    exit 0
fi

# Fixed inputs of the random programs: change them only on purpose.
RANDOM_SEED=1
RANDOM_COUNT=45

for tool in nasm gcc ld strip objdump node; do
    command -v "$tool" >/dev/null 2>&1 || { echo "rebuild.sh: $tool is required" >&2; exit 1; }
done

export LC_ALL=C
export SOURCE_DATE_EPOCH=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rm -rf bin expected random
mkdir -p bin expected random

# Static glibc programs: name source optimisation [libraries].
glibc() {
    gcc -m32 -static "-$3" -fno-asynchronous-unwind-tables -Wl,--build-id=none \
        "src/$2" -o "bin/$1" ${4:-}
    strip "bin/$1"
}

# Freestanding programs: no libc, _start from fs.h, int $0x80, libgcc for
# 64-bit division.
freestanding() {
    gcc -m32 -static -nostdlib -ffreestanding -fno-pic -no-pie -fno-stack-protector \
        -fno-builtin -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
        -fcf-protection=none -Wl,--build-id=none "-$3" "src/$2" -lgcc -o "bin/$1"
    strip "bin/$1"
}

# NASM programs: nasm -f elf32 and ld -m elf_i386.
nasm_prog() {
    nasm -f elf32 -I src/ "$2" -o "$tmp/$1.o"
    ld -m elf_i386 --no-warn-rwx-segments "$tmp/$1.o" -o "bin/$1"
    strip "bin/$1"
}

glibc glibc_printf glibc_printf.c O0
glibc glibc_mixed glibc_mixed.c O2
glibc glibc_stdin glibc_stdin.c O2
glibc glibc_argv glibc_argv.c O0
glibc glibc_float_O0 glibc_float.c O0 -lm
glibc glibc_float_O2 glibc_float.c O2 -lm

freestanding fs_int64_O0 fs_int64.c O0
freestanding fs_int64_O2 fs_int64.c O2
freestanding fs_string fs_string.c Os
freestanding fs_switch fs_switch.c O2
freestanding fs_recursion fs_recursion.c O0
freestanding fs_bits fs_bits.c O2
freestanding fs_divcorners_O0 fs_divcorners.c O0
freestanding fs_divcorners_O2 fs_divcorners.c O2
freestanding crash_segv crash_segv.c O0

for src in src/*.asm; do
    name=$(basename "$src" .asm)
    nasm_prog "$name" "$src"
done

# The switch in fs_switch must have become a jump table: jmp *table(,%reg,4).
if ! objdump -d bin/fs_switch | grep -Eq 'jmp +\*0x[0-9a-f]+\(,%e[a-z]{2},4\)'; then
    echo "rebuild.sh: gcc did not emit a jump table for fs_switch" >&2
    exit 1
fi

node gen-random.mjs "$RANDOM_SEED" "$RANDOM_COUNT" random
for src in random/*.asm; do
    name=$(basename "$src" .asm)
    nasm_prog "$name" "$src"
done

# Crashing cases must not leave core files behind.
ulimit -c 0
node record.mjs
