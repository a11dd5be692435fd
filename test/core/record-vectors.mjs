#!/usr/bin/env node
// record-vectors.mjs - runs the instruction vectors of vector-cases.mjs on this
// machine's CPU and writes what it did to vectors/<family>.json, the expected
// values of instructions.test.ts.
//
//   node test/core/record-vectors.mjs [family...]     (default: every family)
//
// Needs nasm and ld with elf_i386 (Debian: apt-get install nasm binutils) and an
// x86 CPU that runs i386 code; on a kernel without IA-32 emulation the vectors
// come from qemu-i386 (their `cpu` says so), and with neither nothing is
// recorded (bench/lib/i386-runner.mjs decides; FTVM_I386_RUNNER overrides).
// For each family it writes one NASM program in
// which every case sets EFLAGS (popfd), memory and the registers, executes
// the instruction, and stores the registers, EFLAGS and memory; a signal
// handler records faults (signal, si_code, si_addr, the registers at the
// fault) and resumes with the next case. Each program runs twice and both runs
// must agree. When qemu-i386 is installed the program also runs under it, and
// every case where qemu and the CPU disagree on a register or on a flag inside
// the case's mask is listed: evidence for a mask that includes a flag the
// CPU does not define (qemu computes undefined flags its own way), or a qemu bug.
//
// Files: { family, cpu, constants, background, cases: [...] }, a case per line:
//   asm      the NASM source (`M`, `DATA`, `UNMAPPED`, `READONLY` are the constants)
//   bytes    the instruction's encoding, hex
//   in       the registers the case sets (full 32-bit values); the others hold `background`
//   flags    EFLAGS before
//   mem      four dwords at M before (only for cases that use memory)
//   out      the registers that changed; outFlags: EFLAGS after
//   outMem   the dwords at M after, when they changed
//   mask     the EFLAGS bits to compare (the SDM's defined flags, TF, IF, DF, fixed bits)
//   signal   for a faulting case: { name, code, addr, eipOffset } as Linux delivered it

import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAMILIES, BACKGROUND, R32, DATA, M, STACK, UNMAPPED, READONLY } from './vector-cases.mjs';
import { i386Runner, qemuRunner, describeRunner } from '../../bench/lib/i386-runner.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const REC = 80; // regs 0-31, eflags 32, mem 36-51, signal 52, si_addr 56, eip 60, si_code 64
const BYTES_REC = 72; // start, length, up to 64 bytes of code
const SIGNALS = { 4: 'SIGILL', 5: 'SIGTRAP', 7: 'SIGBUS', 8: 'SIGFPE', 11: 'SIGSEGV' };
// ucontext_t (i386): uc_mcontext.gregs at 20; gregs order GS FS ES DS EDI ESI EBP ESP EBX EDX ECX EAX TRAPNO ERR EIP CS EFL
const GREG = { eax: 11, ecx: 10, edx: 9, ebx: 8, esp: 7, ebp: 6, esi: 5, edi: 4 };

const hex = (v) => `0x${(v >>> 0).toString(16)}`;

function harness(cases) {
  const n = cases.length;
  const L = [];
  L.push('bits 32', `%define DATA ${hex(DATA)}`, `%define M ${hex(M)}`, `%define STACK ${hex(STACK)}`, `%define UNMAPPED ${hex(UNMAPPED)}`, `%define READONLY ${hex(READONLY)}`);
  L.push('section .bss', 'alignb 16', `out_buf: resb ${REC * n}`, `bytes_buf: resb ${BYTES_REC * n}`, 'altstack: resb 65536');
  L.push('section .data', 'cur_rec: dd 0', 'recover: dd 0');
  // rt_sigaction's struct: handler, SA_SIGINFO|SA_ONSTACK|SA_RESTORER|SA_NODEFER, restorer, mask
  L.push('act: dd handler, 0x4c000004, restorer, 0, 0', 'stack_t: dd altstack, 0, 65536');
  L.push('insn_table:');
  for (let i = 0; i < n; i++) L.push(`  dd ins${i}, end${i}`);
  L.push('section .text', 'global _start', '_start:');
  // DATA: two read-write-execute pages at a fixed address; the page after stays unmapped.
  L.push(`  mov eax, 192`, `  mov ebx, DATA`, `  mov ecx, 0x2000`, `  mov edx, 7`, `  mov esi, 0x32`, `  mov edi, -1`, `  xor ebp, ebp`, `  int 0x80`);
  L.push('  cmp eax, DATA', '  jne fail');
  // READONLY: one page of zeros, PROT_READ.
  L.push(`  mov eax, 192`, `  mov ebx, READONLY`, `  mov ecx, 0x1000`, `  mov edx, 1`, `  mov esi, 0x32`, `  mov edi, -1`, `  xor ebp, ebp`, `  int 0x80`);
  L.push('  cmp eax, READONLY', '  jne fail');
  L.push('  mov eax, 186', '  mov ebx, stack_t', '  xor ecx, ecx', '  int 0x80');
  for (const sig of Object.keys(SIGNALS)) {
    L.push('  mov eax, 174', `  mov ebx, ${sig}`, '  mov ecx, act', '  xor edx, edx', '  mov esi, 8', '  int 0x80', '  test eax, eax', '  jnz fail');
  }
  cases.forEach((c, i) => {
    const rec = `out_buf + ${REC * i}`;
    L.push(`case${i}:`, `  mov dword [cur_rec], ${rec}`, `  mov dword [recover], resume${i}`);
    if (c.mem) c.mem.forEach((d, k) => L.push(`  mov dword [M + ${4 * k}], ${hex(d)}`));
    L.push('  mov esp, STACK', `  push dword ${hex(c.flags)}`, '  popfd');
    for (const r of R32) if (r !== 'esp') L.push(`  mov ${r}, ${hex(c.regs[r] ?? BACKGROUND[r])}`);
    L.push(`ins${i}:`, `  ${c.asm}`, `end${i}:`);
    R32.forEach((r, k) => L.push(`  mov [${rec} + ${4 * k}], ${r}`));
    L.push('  pushfd', `  pop dword [${rec} + 32]`);
    L.push(`resume${i}:`, '  mov esp, STACK');
    for (let k = 0; k < 4; k++) L.push(`  mov eax, [M + ${4 * k}]`, `  mov [${rec} + ${36 + 4 * k}], eax`);
  });
  // The last case may have left AC set: the byte copy below reads unaligned.
  L.push('done:', '  push dword 0x202', '  popfd');
  L.push('  mov esi, insn_table', '  mov edi, bytes_buf', `  mov ecx, ${n}`);
  L.push('.copy:', '  mov ebx, [esi]', '  mov edx, [esi+4]', '  sub edx, ebx', '  mov [edi], ebx', '  mov [edi+4], edx');
  for (let k = 0; k < 16; k++) L.push(`  mov eax, [ebx+${4 * k}]`, `  mov [edi+${8 + 4 * k}], eax`);
  L.push('  add esi, 8', `  add edi, ${BYTES_REC}`, '  dec ecx', '  jnz .copy');
  // write(1, out_buf, all) until everything is out, then exit(0).
  L.push('  mov esi, out_buf', `  mov edi, ${(REC + BYTES_REC) * n}`);
  L.push('.write:', '  mov eax, 4', '  mov ebx, 1', '  mov ecx, esi', '  mov edx, edi', '  int 0x80', '  test eax, eax', '  jle fail');
  L.push('  add esi, eax', '  sub edi, eax', '  jnz .write', '  mov eax, 1', '  xor ebx, ebx', '  int 0x80');
  L.push('fail:', '  mov eax, 1', '  mov ebx, 3', '  int 0x80');
  // handler(sig, info, ucontext): record the fault, resume at the case's recovery label.
  L.push('handler:', '  mov edx, [esp+8]', '  mov esi, [esp+12]', '  mov edi, [cur_rec]');
  L.push('  mov eax, [esp+4]', '  mov [edi+52], eax', '  mov eax, [edx+12]', '  mov [edi+56], eax', '  mov eax, [edx+8]', '  mov [edi+64], eax');
  L.push('  mov eax, [esi+20+14*4]', '  mov [edi+60], eax');
  R32.forEach((r, k) => L.push(`  mov eax, [esi+20+${GREG[r]}*4]`, `  mov [edi+${4 * k}], eax`));
  L.push('  mov eax, [esi+20+16*4]', '  mov [edi+32], eax', '  mov eax, [recover]', '  mov [esi+20+14*4], eax', '  ret');
  L.push('restorer:', '  mov eax, 173', '  int 0x80');
  return L.join('\n') + '\n';
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 28, ...options });
  if (r.error) throw r.error;
  return r;
}

function build(dir, family, cases) {
  const asm = join(dir, `${family}.asm`);
  writeFileSync(asm, harness(cases));
  let r = run('nasm', ['-f', 'elf32', '-o', join(dir, `${family}.o`), asm]);
  if (r.status !== 0) throw new Error(`nasm failed for ${family}:\n${r.stderr}`);
  r = run('ld', ['-m', 'elf_i386', '-o', join(dir, family), join(dir, `${family}.o`)]);
  if (r.status !== 0) throw new Error(`ld failed for ${family}:\n${r.stderr}`);
  return join(dir, family);
}

function execute(cmd, args, n) {
  const r = run(cmd, args, { env: {} });
  if (r.status !== 0 || r.stdout.length !== (REC + BYTES_REC) * n) {
    throw new Error(`${[cmd, ...args].join(' ')}: status ${r.status} signal ${r.signal}, ${r.stdout.length} bytes\n${r.stderr}`);
  }
  return r.stdout;
}

function parse(buf, cases) {
  const n = cases.length;
  return cases.map((c, i) => {
    const at = i * REC;
    const u32 = (o) => buf.readUInt32LE(at + o);
    const bt = n * REC + i * BYTES_REC;
    const start = buf.readUInt32LE(bt);
    const length = buf.readUInt32LE(bt + 4);
    if (length < 1 || length > 64) throw new Error(`${c.asm}: instruction length ${length}`);
    const inRegs = Object.fromEntries(R32.filter((r) => r !== 'esp').map((r) => [r, c.regs[r] ?? BACKGROUND[r]]));
    const out = {};
    R32.forEach((r, k) => {
      const v = u32(4 * k);
      if (v !== (r === 'esp' ? STACK : inRegs[r])) out[r] = v;
    });
    const v = {
      asm: c.asm,
      bytes: buf.subarray(bt + 8, bt + 8 + length).toString('hex'),
      in: Object.fromEntries(Object.keys(c.regs).sort((a, b) => R32.indexOf(a) - R32.indexOf(b)).map((r) => [r, c.regs[r]])),
      flags: c.flags,
    };
    if (c.mem) v.mem = c.mem;
    v.out = out;
    v.outFlags = u32(32);
    const outMem = [0, 1, 2, 3].map((k) => u32(36 + 4 * k));
    if (c.mem && outMem.some((d, k) => d !== c.mem[k])) v.outMem = outMem;
    v.mask = c.mask;
    const sig = u32(52);
    if (sig !== 0) v.signal = { name: SIGNALS[sig] ?? `signal ${sig}`, code: u32(64), addr: u32(56), eipOffset: (u32(60) - start) | 0 };
    return v;
  });
}

/** Cases where qemu and the CPU differ in a register, memory, the signal, or a flag the mask keeps. */
function crossCheck(cpu, qemu) {
  const out = [];
  cpu.forEach((a, i) => {
    const b = qemu[i];
    const why = [];
    if (JSON.stringify(a.out) !== JSON.stringify(b.out)) why.push(`regs ${JSON.stringify(a.out)} vs ${JSON.stringify(b.out)}`);
    if (JSON.stringify(a.outMem) !== JSON.stringify(b.outMem)) why.push('memory');
    if ((a.signal?.name ?? '') !== (b.signal?.name ?? '')) why.push(`signal ${a.signal?.name} vs ${b.signal?.name}`);
    const d = (a.outFlags ^ b.outFlags) & a.mask;
    if (d) why.push(`flags ${hex(d)} differ (cpu ${hex(a.outFlags)}, qemu ${hex(b.outFlags)})`);
    if (why.length) out.push(`  ${a.asm} in=${JSON.stringify(a.in)} flags=${hex(a.flags)}: ${why.join('; ')}`);
  });
  return out;
}

function cpuName() {
  try {
    return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function write(family, vectors) {
  const header = {
    family,
    recordedBy: 'test/core/record-vectors.mjs',
    cpu: runner.kind === 'native' ? cpuName() : `${runner.label}, emulated on ${cpuName()}`,
    constants: { DATA, M, STACK, UNMAPPED, READONLY },
    background: BACKGROUND,
  };
  const head = JSON.stringify(header, null, 1).replace(/\n\s*/g, ' ').replace(/\}$/, '');
  const body = vectors.map((v) => `  ${JSON.stringify(v)}`).join(',\n');
  writeFileSync(join(here, 'vectors', `${family}.json`), `${head}, "cases": [\n${body}\n]}\n`);
}

const wanted = process.argv.slice(2);
for (const name of wanted) if (!FAMILIES[name]) throw new Error(`unknown family ${name} (have ${Object.keys(FAMILIES).join(', ')})`);
const runner = i386Runner();
if (runner.kind === 'none') {
  console.error(`record-vectors.mjs: skipped, nothing recorded: ${describeRunner(runner)}`);
  process.exit(0);
}
console.log(describeRunner(runner));
mkdirSync(join(here, 'vectors'), { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'ftvm-vectors-'));
// Beside native runs, qemu-i386 (when installed) as a cross-check.
const qemu = runner.kind === 'native' ? qemuRunner() : null;
let total = 0;
try {
  for (const [family, make] of Object.entries(FAMILIES)) {
    if (wanted.length && !wanted.includes(family)) continue;
    const cases = make().cases;
    const bin = build(dir, family, cases);
    const first = execute(...runner.command(bin, [], { oneInsn: true }), cases.length);
    const second = execute(...runner.command(bin, [], { oneInsn: true }), cases.length);
    if (!first.equals(second)) throw new Error(`${family}: two ${runner.label} runs differ`);
    const vectors = parse(first, cases);
    write(family, vectors);
    total += vectors.length;
    const faults = vectors.filter((v) => v.signal).length;
    console.log(`${family}: ${vectors.length} vectors${faults ? ` (${faults} faulting)` : ''}`);
    if (qemu) {
      let emulated;
      try {
        emulated = parse(execute(...qemu.command(bin), cases.length), cases);
      } catch (error) {
        console.log(`  qemu-i386 could not run it: ${error.message.split('\n')[0]}`);
      }
      const diffs = emulated ? crossCheck(vectors, emulated) : [];
      if (diffs.length) console.log(`  qemu-i386 differs from the CPU on ${diffs.length}:\n${diffs.join('\n')}`);
    }
  }
} finally {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
console.log(`${total} vectors${qemu ? '' : runner.kind === 'native' ? ' (qemu-i386 not installed: no cross-check)' : ` (from ${runner.label}: no cross-check)`}`);
