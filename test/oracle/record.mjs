#!/usr/bin/env node
// record.mjs - runs every oracle case natively and records what it did.
//
//   node record.mjs            (called by rebuild.sh after the binaries are built)
//
// For each case below it runs bin/<program> on this machine with an empty
// environment, the case's arguments and stdin, twice (the two runs must agree),
// and writes expected/<case>.stdout, expected/<case>.stderr and manifest.json.
// When qemu-i386 is installed every case is run under it as well and must give
// the same stdout and exit status: for the random programs this checks that the
// printed flag masks exclude every flag whose value is not architecturally
// defined (qemu computes undefined flags differently from the CPU).
// qemu runs one instruction per translation block (-one-insn-per-tb, formerly
// -singlestep) because qemu 7.2 loses flags across cmpxchg8b inside longer
// blocks, a qemu bug that is not about undefined flags.
//
// On a kernel that cannot run i386 binaries the cases run under qemu-i386
// alone (no cross-check: qemu is then the reference, and where qemu is not the
// CPU — undefined flags — the random cases may disagree with a real one);
// with neither, nothing is recorded. bench/lib/i386-runner.mjs decides
// (FTVM_I386_RUNNER=native|qemu|none overrides).

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { i386Runner, qemuRunner, describeRunner } from "../../bench/lib/i386-runner.mjs";

const here = dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------
// The cases. `program` names a binary in bin/; one program may serve several
// cases. stdin omitted = empty stdin (EOF at once). `qemuDiffers` (a reason)
// skips the qemu cross-check where qemu is known not to be the CPU.
// ---------------------------------------------------------------------------

// qemu-user is not the CPU for segmentation: it enforces no segment limits or
// rights, and its modify_ldt and far transfers differ (nasm_segments stops early).
const QEMU_SEGMENTS = "qemu-user checks no segment limits or rights";

const ARGV_MIX = [
  "hello world",
  "",
  "\u00fcn\u00efc\u00f8d\u00e9 \u2713 \u65e5\u672c",
  "--flag",
  "--",
  "-x",
  "a\tb",
  "  leading and trailing  ",
  "--output=file.txt",
  "$HOME *.c 'quoted' \"double\"",
];

const STDIN_TEXT = [
  "hello world 123",
  "This line is long enough that fgets returns it in several pieces.",
  "",
  "  indented\twith a tab",
  "UTF-8: gr\u00fc\u00dfe \u2713",
  "last line",
  "",
].join("\n");

const STDIN_NO_NEWLINE = "no trailing newline: " + "0123456789".repeat(5);

const cases = [
  // static glibc
  { name: "glibc_printf", program: "glibc_printf", kind: "glibc",
    description: "glibc -O0: printf integer/char/string conversions, flags, widths, precisions, length modifiers, puts/putchar" },
  { name: "glibc_mixed", program: "glibc_mixed", kind: "glibc",
    description: "glibc -O2: qsort, malloc/realloc/free (incl. a 1 MiB mmap2 block), string functions, snprintf, strtol, 64-bit math; exit 3, stderr line" },
  { name: "glibc_stdin_text", program: "glibc_stdin", kind: "glibc", stdin: STDIN_TEXT,
    description: "glibc -O2: getchar/ungetc then fgets in 24-byte pieces, upper-case and reverse words, counts; summary on stderr" },
  { name: "glibc_stdin_empty", program: "glibc_stdin", kind: "glibc",
    description: "glibc -O2: empty stdin, getchar returns EOF at once" },
  { name: "glibc_stdin_no_newline", program: "glibc_stdin", kind: "glibc", stdin: STDIN_NO_NEWLINE,
    description: "glibc -O2: one long line without a final newline" },
  { name: "glibc_argv_none", program: "glibc_argv", kind: "glibc",
    description: "glibc -O0: argc 1, no arguments; exit status = argc" },
  { name: "glibc_argv_mixed", program: "glibc_argv", kind: "glibc", args: ARGV_MIX,
    description: "glibc -O0: arguments with spaces, empty, UTF-8, tab, leading --, shell metacharacters, each printed in brackets and hex" },

  { name: "glibc_float_O0", program: "glibc_float_O0", kind: "glibc",
    description: "glibc -O0 with libm on the x87: printf %f %e %g %a %La, strtod/strtof/strtold, sqrt exp log pow sin cos tan atan2 fmod hypot cbrt, fenv rounding modes and flags, int/float conversions, long double" },
  { name: "glibc_float_O2", program: "glibc_float_O2", kind: "glibc",
    description: "-O2 build of the same float source: output identical to -O0" },
  // freestanding (-nostdlib, int $0x80)
  { name: "fs_int64_O0", program: "fs_int64_O0", kind: "freestanding",
    description: "-O0: 64-bit add/sub/mul/shift/compare and libgcc division (__divmoddi4/__udivmoddi4) on edge and random values" },
  { name: "fs_int64_O2", program: "fs_int64_O2", kind: "freestanding",
    description: "-O2 build of the same 64-bit source: output identical to -O0" },
  { name: "fs_string_noargs", program: "fs_string", kind: "freestanding",
    description: "-Os: string functions, memmove both ways, itoa/atoi, tokenizer; exit 10+argc = 11; stderr line" },
  { name: "fs_string_args", program: "fs_string", kind: "freestanding", args: ["alpha", "two words", "", "--dash", "na\u00efve"],
    description: "-Os: as fs_string_noargs plus each argument reversed byte by byte (UTF-8 reversed is not UTF-8); exit 16" },
  { name: "fs_switch", program: "fs_switch", kind: "freestanding",
    description: "-O2: bytecode interpreter dispatched by a switch compiled to jmp *table(,%reg,4); Collatz program" },
  { name: "fs_recursion", program: "fs_recursion", kind: "freestanding",
    description: "-O0: Ackermann, Fibonacci, mutual recursion, gcd, Hanoi, permutations, 8 queens" },
  { name: "fs_bits", program: "fs_bits", kind: "freestanding",
    description: "-O2: popcount (loop, SWAR, __popcountsi2), parity, clz/ctz (bsr/bsf), bswap, rol/ror, bit reversal, isqrt, 64-bit rotates" },
  { name: "fs_divcorners_O0", program: "fs_divcorners_O0", kind: "freestanding",
    description: "-O0: signed/unsigned 32-bit div and mod corners (INT_MIN by 1, 2, -2, itself; UINT_MAX), narrow types" },
  { name: "fs_divcorners_O2", program: "fs_divcorners_O2", kind: "freestanding",
    description: "-O2 build of the same source: constant divisors become multiply-high sequences" },
  { name: "crash_segv", program: "crash_segv", kind: "freestanding", crash: true,
    description: "prints a line with write(2), then reads address 0x10: SIGSEGV, status 139" },

  // hand-written NASM
  { name: "nasm_string", program: "nasm_string", kind: "nasm",
    description: "movs/stos/lods/cmps/scas b/w/d with rep/repe/repne, cld and std, zero count, overlap, 5000-byte rep stosb across pages" },
  { name: "nasm_stack", program: "nasm_stack", kind: "nasm",
    description: "pusha/popa and 16-bit forms, enter/leave levels 0/1/3, pushf/popf, push imm8/imm32/mem/word, pop mem, ret imm16, indirect call/jmp" },
  { name: "nasm_loop", program: "nasm_loop", kind: "nasm",
    description: "loop/loope/loopne/jecxz: counts, early exits, ecx=1, zero count guard, nesting, flags untouched" },
  { name: "nasm_atomic", program: "nasm_atomic", kind: "nasm",
    description: "xchg, xadd, cmpxchg hit/miss at 8/16/32 bits, cmpxchg8b hit/miss, lock-prefixed add/inc/dec/xadd/cmpxchg/cmpxchg8b/or/and/sub/not/neg" },
  { name: "nasm_bits", program: "nasm_bits", kind: "nasm",
    description: "bt/bts/btr/btc on registers and memory (offsets outside the dword, negative), bsf/bsr, bswap, shld/shrd 16/32 by imm and cl, rep bsf" },
  { name: "nasm_rotate", program: "nasm_rotate", kind: "nasm",
    description: "shl/shr/sar/rol/ror/rcl/rcr at 8/16/32 bits by 1/imm/cl incl. count 0 and counts >= width, clc/stc/cmc, lahf/sahf" },
  { name: "nasm_shift_memory", program: "nasm_shift_memory", kind: "nasm",
    description: "shl/shr/sar/rol/ror/rcl/rcr of a dword in memory by CL, an immediate and 1, counts 0 and 33, one across a page boundary; a checksum of the results and the defined flags" },
  { name: "nasm_rotate_fold", program: "nasm_rotate_fold", kind: "nasm",
    description: "rol/ror at the start of a block after each kind of flag producer (add, adc, sub, sbb, logic, inc, 8-bit add, shl, a rotate) and in a loop; a checksum of the flags the CPU defines" },
  { name: "nasm_convert", program: "nasm_convert", kind: "nasm",
    description: "cbw/cwde/cwd/cdq, movzx/movsx from 8/16-bit registers (incl. ah..dh) and memory; flags untouched" },
  { name: "nasm_op16", program: "nasm_op16", kind: "nasm",
    description: "0x66 operand-size forms: mov, ALU with imm8/imm16, inc/dec/neg/not, mul/imul/div/idiv, push/pop, xchg, lea, string ops" },
  { name: "nasm_setcc", program: "nasm_setcc", kind: "nasm",
    description: "all 16 conditions through setcc, cmovcc (32/16-bit, reg/mem) and jcc (short/near) after cmp/test/add/sub at 8/16/32 bits" },
  { name: "nasm_muldiv", program: "nasm_muldiv", kind: "nasm",
    description: "mul/imul 1-operand at 8/16/32, imul 2/3-operand imm8/imm32/mem, div/idiv at 8/16/32 with all sign combinations and largest quotients" },
  { name: "nasm_bss", program: "nasm_bss", kind: "nasm",
    description: ".bss-only writable segment (file size 0): zero check, sieve of Eratosthenes, accesses straddling page boundaries" },
  { name: "nasm_smc", program: "nasm_smc", kind: "nasm",
    description: "self-modifying code in a writable+executable section: patched immediates, patching in a hot loop, patching the next instruction" },
  { name: "nasm_x87", program: "nasm_x87", kind: "nasm", qemuDiffers: "qemu keeps no FIP, FOP or FDP in fnstenv/fnsave images",
    description: "x87 state images: fnstenv/fldenv and fnsave/frstor in 32- and 16-bit layouts (FIP, FOP, FDP), fcmovcc, fcomi/fucomi, fxam, fist at four rounding modes, fbld/fbstp, fprem/fprem1, ffreep and reserved aliases, pending exceptions" },
  { name: "crash_x87", program: "crash_x87", kind: "nasm", crash: true, qemuDiffers: "qemu-user raises no x87 exception (#MF)",
    description: "prints a line, 1/0 with the x87 ZE unmasked (pending), then fld1: SIGFPE at the waiting instruction, status 136" },
  { name: "crash_x87_fwait", program: "crash_x87", kind: "nasm", crash: true, args: ["fwait"], qemuDiffers: "qemu-user raises no x87 exception (#MF)",
    description: "as crash_x87, the pending exception raised by fwait" },
  { name: "crash_ill", program: "crash_ill", kind: "nasm", crash: true,
    description: "prints a line with write(2), then ud2: SIGILL, status 132" },
  { name: "crash_fpe", program: "crash_fpe", kind: "nasm", crash: true,
    description: "prints a line with write(2), then div by zero: SIGFPE, status 136" },
  { name: "crash_fpe_overflow", program: "crash_fpe", kind: "nasm", crash: true, args: ["overflow"],
    description: "prints a line with write(2), then idiv 0x80000000 by -1 (quotient overflow): SIGFPE, status 136" },
  { name: "crash_iret_tf", program: "crash_iret_tf", kind: "nasm", crash: true,
    description: "prints a line with write(2), then iret with TF in the popped EFLAGS: the next instruction runs, then SIGTRAP, status 133" },
  { name: "nasm_sysregs", program: "nasm_sysregs", kind: "nasm", qemuDiffers: "qemu-user returns its own values for smsw/sgdt/sidt/sldt/str, not those of Linux's UMIP emulation",
    description: "smsw, sgdt, sidt, sldt and str (register, memory and 16-bit forms) return what Linux's UMIP emulation returns: CR0 0x80050033, GDT base 0xfffe0000 and IDT base 0xffff0000 with limit 0, LDT 0, TSS 0x40" },
  { name: "nasm_segments", program: "nasm_segments", kind: "nasm", qemuDiffers: QEMU_SEGMENTS,
    description: "modify_ldt read/write/write_old/read_default and its errors, lar/lsl/verr/verw/arpl on LDT and GDT selectors, data segments with base and limit (expand-down, 16-bit, page granular, read-only) via es/fs/gs, lds/les/lfs/lgs/lss, far call/jmp/retf/iret into code segments with and without a base, 16-bit code (QEMU test_code16, a 16-bit stack, m16:16, iretw)" },
  { name: "crash_segments_nullss", program: "crash_segments", kind: "nasm", crash: true, args: ["nullss"], qemuDiffers: QEMU_SEGMENTS,
    description: "mov ss with a null selector: #GP(0), SIGSEGV, status 139" },
  { name: "crash_segments_limit", program: "crash_segments", kind: "nasm", crash: true, args: ["limit"], qemuDiffers: QEMU_SEGMENTS,
    description: "a dword load whose last byte is one past a 256-byte data segment's limit: #GP(0), SIGSEGV" },
  { name: "crash_segments_nulluse", program: "crash_segments", kind: "nasm", crash: true, args: ["nulluse"], qemuDiffers: QEMU_SEGMENTS,
    description: "a load through ES holding a null selector (RPL 3): #GP(0), SIGSEGV" },
  { name: "crash_segments_readonly", program: "crash_segments", kind: "nasm", crash: true, args: ["readonly"], qemuDiffers: QEMU_SEGMENTS,
    description: "a store through a read-only data segment (the load before it works): #GP(0), SIGSEGV" },
  { name: "crash_segments_execonly", program: "crash_segments", kind: "nasm", crash: true, args: ["execonly"], qemuDiffers: QEMU_SEGMENTS,
    description: "mov ds with an execute-only code segment: #GP(selector), SIGSEGV" },
  { name: "crash_segments_notpresent", program: "crash_segments", kind: "nasm", crash: true, args: ["notpresent"], qemuDiffers: QEMU_SEGMENTS,
    description: "mov es with a not-present segment: #NP(selector), SIGBUS, status 135" },
  { name: "crash_segments_stack", program: "crash_segments", kind: "nasm", crash: true, args: ["stack"], qemuDiffers: QEMU_SEGMENTS,
    description: "a push past a 16-bit stack segment's limit (SP 0x802 -> 0x800 > 0x7ff): #SS(0), SIGBUS" },
  { name: "crash_segments_farnull", program: "crash_segments", kind: "nasm", crash: true, args: ["farnull"], qemuDiffers: QEMU_SEGMENTS,
    description: "jmp far to a null selector: #GP(0), SIGSEGV" },
  { name: "crash_segments_codelimit", program: "crash_segments", kind: "nasm", crash: true, args: ["codelimit"], qemuDiffers: QEMU_SEGMENTS,
    description: "call far into a 16-byte code segment (returns), then at offset 0x10: #GP(0), SIGSEGV" },
  { name: "crash_segments_retdata", program: "crash_segments", kind: "nasm", crash: true, args: ["retdata"], qemuDiffers: QEMU_SEGMENTS,
    description: "retf to a data segment selector: #GP(selector), SIGSEGV" },
  { name: "crash_segments_outside", program: "crash_segments", kind: "nasm", crash: true, args: ["outside"], qemuDiffers: QEMU_SEGMENTS,
    description: "mov fs with a selector past the LDT's last entry: #GP(selector), SIGSEGV" },
  { name: "crash_segments_lldt", program: "crash_segments", kind: "nasm", crash: true, args: ["lldt"],
    description: "lldt at CPL 3: #GP(0), SIGSEGV" },
  { name: "crash_segments_ltr", program: "crash_segments", kind: "nasm", crash: true, args: ["ltr"],
    description: "ltr at CPL 3: #GP(0), SIGSEGV" },
  { name: "crash_segments_lgdt", program: "crash_segments", kind: "nasm", crash: true, args: ["lgdt"],
    description: "lgdt at CPL 3: #GP(0), SIGSEGV" },
  { name: "crash_segments_lidt", program: "crash_segments", kind: "nasm", crash: true, args: ["lidt"],
    description: "lidt at CPL 3: #GP(0), SIGSEGV" },
  { name: "crash_segments_lmsw", program: "crash_segments", kind: "nasm", crash: true, args: ["lmsw"],
    description: "lmsw at CPL 3: #GP(0), SIGSEGV" },
  { name: "crash_segments_sgdtreg", program: "crash_segments", kind: "nasm", crash: true, args: ["sgdtreg"],
    description: "sgdt with a register operand (0F 01 C0): #UD, SIGILL" },
  { name: "crash_shift_memory_shl_cl", program: "nasm_shift_memory", kind: "nasm", crash: true, args: ["a"],
    description: "after an add that sets OF, SF and AF: shl of a dword of the read-only code page by CL: SIGSEGV, the flags as the add left them" },
  { name: "crash_shift_memory_shr_imm", program: "nasm_shift_memory", kind: "nasm", crash: true, args: ["b"],
    description: "as crash_shift_memory_shl_cl with shr by an immediate" },
  { name: "crash_shift_memory_rcl_one", program: "nasm_shift_memory", kind: "nasm", crash: true, args: ["c"],
    description: "as crash_shift_memory_shl_cl with rcl by 1, which folds the flags to compute its own" },
  { name: "crash_shift_memory_count32", program: "nasm_shift_memory", kind: "nasm", crash: true, args: ["d"],
    description: "as crash_shift_memory_shl_cl with a count of 32 by CL: nothing changes, but the write access is still checked" },
  { name: "crash_protnone", program: "crash_protnone", kind: "nasm", crash: true,
    description: "mmap, write, mprotect PROT_NONE: write(2) from the page is -EFAULT; PROT_READ: the bytes are back; PROT_NONE again and a load: SIGSEGV, status 139" },
];

for (const file of readdirSync(join(here, "random")).sort()) {
  const m = /^(random_\d+)\.asm$/.exec(file);
  if (!m) continue;
  cases.push({ name: m[1], program: m[1], kind: "random",
    description: "random ALU/shift/mul/setcc/cmov/lea/movzx/bt/xchg sequence; registers and defined flags after every few instructions" });
}

// ---------------------------------------------------------------------------

function run(command, args, stdin) {
  const r = spawnSync(command, args, {
    cwd: here,
    env: {},
    input: stdin ?? "",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  const status = r.signal ? 128 + constants.signals[r.signal] : r.status;
  return { stdout: r.stdout, stderr: r.stderr, status };
}

const runner = i386Runner();
if (runner.kind === "none") {
  process.stderr.write(`record.mjs: skipped, nothing recorded: ${describeRunner(runner)}\n`);
  process.exit(0);
}
process.stdout.write(`record.mjs: ${describeRunner(runner)}\n`);
// The reference, and beside native runs qemu-i386 as a cross-check when it is installed.
const reference = (binary, args) => runner.command(binary, args, { oneInsn: true });
const qemu = runner.kind === "native" ? qemuRunner() : null;
if (runner.kind === "native" && !qemu) process.stderr.write("record.mjs: qemu-i386 not found, skipping the cross-check\n");

const manifest = [];
let failures = 0;
for (const c of cases) {
  const binary = join("bin", c.program);
  if (!existsSync(join(here, binary))) throw new Error(`${binary} is missing (run rebuild.sh)`);
  const args = c.args ?? [];
  const first = run(...reference(join(here, binary), args), c.stdin);
  const second = run(...reference(join(here, binary), args), c.stdin);
  if (!first.stdout.equals(second.stdout) || !first.stderr.equals(second.stderr) || first.status !== second.status) {
    process.stderr.write(`record.mjs: ${c.name}: two ${runner.label} runs differ\n`);
    failures++;
  }
  if (qemu && !c.qemuDiffers) {
    const q = run(...qemu.command(join(here, binary), args, { oneInsn: true }), c.stdin);
    const sameStderr = c.crash || q.stderr.equals(first.stderr);
    if (!q.stdout.equals(first.stdout) || q.status !== first.status || !sameStderr) {
      process.stderr.write(`record.mjs: ${c.name}: ${qemu.label} ${qemu.oneInsnFlag ?? ""} disagrees with the CPU (status ${q.status} vs ${first.status})\n`);
      failures++;
    }
  }
  writeFileSync(join(here, "expected", `${c.name}.stdout`), first.stdout);
  writeFileSync(join(here, "expected", `${c.name}.stderr`), first.stderr);
  const entry = { name: c.name, binary, args };
  if (c.stdin !== undefined) entry.stdin = c.stdin;
  entry.stdout = `expected/${c.name}.stdout`;
  entry.stderr = `expected/${c.name}.stderr`;
  entry.status = first.status;
  // A crash's stderr natively is empty (the shell, not the program, reports
  // the signal); an emulator prints its own message there.
  entry.compareStderr = !c.crash;
  entry.kind = c.kind;
  entry.description = c.description;
  manifest.push(entry);
}

writeFileSync(join(here, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
const counts = {};
for (const e of manifest) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
process.stdout.write(`record.mjs: ${manifest.length} cases (${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(", ")})\n`);
if (failures) {
  process.stderr.write(`record.mjs: ${failures} problem(s), see above\n`);
  process.exit(1);
}
