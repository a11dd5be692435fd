#!/usr/bin/env node
/**
 * How this host runs i386 Linux binaries, the reference ftvm is checked and
 * timed against: `native` (the kernel has IA-32 emulation), `qemu` (it has
 * not, and qemu-i386 is installed) or `none`. One answer for the bench, the
 * fixture record scripts and `ftvm bench`.
 *
 * The kernel is asked directly: a 100-byte i386 program that exits with
 * status 42 is run natively, then under qemu-i386. FTVM_I386_RUNNER=native,
 * qemu or none overrides the answer, so that tests (and users) can play a
 * kernel without IA-32 emulation on one that has it.
 *
 * Run as a script, it prints one line: the kind (native, qemu or none), a
 * space, and what describeRunner says. Shell scripts decide with it:
 *
 *     line=$(node bench/lib/i386-runner.mjs); kind=${line%% *}; why=${line#* }
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RUNNER_KINDS = ['native', 'qemu', 'none'];
const PROBE_STATUS = 42;

/** A static ELF32 i386 executable of one segment: mov eax, 1; mov ebx, 42; int 0x80 (exit(42)). */
function probeElf() {
  const base = 0x08048000;
  const code = Buffer.from([0xb8, 1, 0, 0, 0, 0xbb, PROBE_STATUS, 0, 0, 0, 0xcd, 0x80]);
  const elf = Buffer.alloc(52 + 32 + code.length);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]).copy(elf, 0); // ELF, 32-bit, little-endian, version 1
  elf.writeUInt16LE(2, 16); // ET_EXEC
  elf.writeUInt16LE(3, 18); // EM_386
  elf.writeUInt32LE(1, 20);
  elf.writeUInt32LE(base + 84, 24); // entry: the code after the headers
  elf.writeUInt32LE(52, 28); // program headers right after this one
  elf.writeUInt16LE(52, 40);
  elf.writeUInt16LE(32, 42);
  elf.writeUInt16LE(1, 44);
  const ph = 52;
  elf.writeUInt32LE(1, ph); // PT_LOAD of the whole file
  elf.writeUInt32LE(0, ph + 4);
  elf.writeUInt32LE(base, ph + 8);
  elf.writeUInt32LE(base, ph + 12);
  elf.writeUInt32LE(elf.length, ph + 16);
  elf.writeUInt32LE(elf.length, ph + 20);
  elf.writeUInt32LE(5, ph + 24); // R+X
  elf.writeUInt32LE(0x1000, ph + 28);
  code.copy(elf, 84);
  return elf;
}

/** Whether `command args... probe` runs the probe to its exit status; else why not. */
function tryProbe(probe, command, args) {
  const r = spawnSync(command, [...args, probe], { stdio: 'ignore', timeout: 10_000 });
  if (r.error) return r.error.code ?? r.error.message;
  if (r.status === PROBE_STATUS) return null;
  return r.signal ? `killed by ${r.signal}` : `exit status ${r.status}`;
}

/** The option that makes qemu-i386 translate one instruction per block (older qemu: -singlestep), or null. */
function qemuOneInsnFlag() {
  for (const flag of ['-one-insn-per-tb', '-singlestep']) {
    const r = spawnSync('qemu-i386', [flag, '--version'], { encoding: 'utf8' });
    if (r.error) return null;
    if (r.status === 0 && !/invalid option|unknown option/i.test(r.stderr)) return flag;
  }
  return null;
}

function qemuVersion() {
  const r = spawnSync('qemu-i386', ['--version'], { encoding: 'utf8' });
  return r.error ? null : (/version\s+(\S+)/.exec(r.stdout)?.[1] ?? 'unknown version');
}

function makeRunner(kind, why) {
  const version = kind === 'qemu' ? qemuVersion() : null;
  const flag = kind === 'qemu' ? qemuOneInsnFlag() : null;
  return {
    kind,
    /** Why this kind: detected, or FTVM_I386_RUNNER. */
    why,
    /** How reports name the reference. */
    label: kind === 'native' ? 'native' : kind === 'qemu' ? `qemu-i386 ${version ?? ''}`.trim() : 'none',
    /** For qemu: the option for one instruction per translation block (qemu 7.2 loses flags across cmpxchg8b in longer blocks), or null. */
    oneInsnFlag: flag,
    /**
     * The command that runs `binary args...` this way: [command, arguments].
     * `oneInsn` asks qemu for one instruction per block (slow, exact flags).
     */
    command(binary, args = [], { oneInsn = false } = {}) {
      if (kind === 'native') return [binary, [...args]];
      if (kind === 'qemu') return ['qemu-i386', [...(oneInsn && flag ? [flag] : []), binary, ...args]];
      throw new Error(`this host runs no i386 binaries (${why})`);
    },
  };
}

let detected;

/** How this host runs i386 binaries (detected once per process, unless FTVM_I386_RUNNER says). */
export function i386Runner(env = process.env) {
  const forced = env.FTVM_I386_RUNNER;
  if (forced !== undefined && forced !== '') {
    if (!RUNNER_KINDS.includes(forced)) throw new Error(`FTVM_I386_RUNNER must be one of ${RUNNER_KINDS.join(', ')} (got '${forced}')`);
    return makeRunner(forced, `FTVM_I386_RUNNER=${forced}`);
  }
  detected ??= detect();
  return detected;
}

function detect() {
  const dir = mkdtempSync(join(tmpdir(), 'ftvm-i386-probe-'));
  try {
    const probe = join(dir, 'probe');
    writeFileSync(probe, probeElf(), { mode: 0o755 });
    const native = tryProbe(probe, probe, []);
    if (native === null) return makeRunner('native', 'the kernel runs i386 binaries');
    const qemu = tryProbe(probe, 'qemu-i386', []);
    if (qemu === null) return makeRunner('qemu', `the kernel cannot run i386 binaries (${native}); qemu-i386 can`);
    return makeRunner('none', `the kernel cannot run i386 binaries (${native}) and qemu-i386 is ${qemu === 'ENOENT' ? 'not installed' : `unusable (${qemu})`}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** qemu-i386 as a runner (a cross-check beside native runs), or null when it is not installed. */
export function qemuRunner() {
  return qemuVersion() === null ? null : makeRunner('qemu', 'installed');
}

/** One line for a report: which reference this host gives, and why. */
export function describeRunner(runner) {
  if (runner.kind === 'none') return `i386 reference: none (${runner.why})`;
  return `i386 reference: ${runner.label} (${runner.why})`;
}

// Run as a script (not when bundled into ftvm's CLI, where import.meta.url is the bundle's).
if (import.meta.url.endsWith('/i386-runner.mjs') && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const runner = i386Runner();
    process.stdout.write(`${runner.kind} ${describeRunner(runner)}\n`);
  } catch (e) {
    process.stderr.write(`i386-runner: ${e.message}\n`);
    process.exitCode = 2;
  }
}
