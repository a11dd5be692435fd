#!/usr/bin/env node
// Re-records the assembler's expected outputs with the real tools: needs nasm
// and GNU ld (Debian: apt-get install nasm binutils) on an x86 Linux host.
//
//   1. writes the generated instruction corpus (test/assembler/corpus.ts) to
//      test/assembler/fixtures/corpus/*.asm;
//   2. assembles every fixture (corpus/, cases/, manual/ — the NASM manual,
//      chapter by chapter, heldout/ — programs written as NASM users write them)
//      and every program in programs/
//      with `nasm -f elf32` + `ld -m elf_i386` and writes the sections ld
//      produced to <name>.sections.txt (fixtures/programs/ for the programs);
//      fixtures/linked/NAME/*.asm are linked together into one program;
//   3. runs each program natively and records programs/expected/<name>.stdout
//      (stdin from programs/expected/<name>.stdin when that file exists); on a
//      kernel without IA-32 emulation under qemu-i386, and with neither this
//      step is skipped with one line (bench/lib/i386-runner.mjs decides).
//
// Usage: node test/assembler/record.mjs [--no-run]
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { i386Runner, describeRunner } from '../../bench/lib/i386-runner.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const fixtures = path.join(here, 'fixtures');
const programs = path.join(root, 'programs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ftvm-record-'));
const runner = i386Runner();
const runPrograms = !process.argv.includes('--no-run') && runner.kind !== 'none';
if (!process.argv.includes('--no-run')) console.log(runPrograms ? describeRunner(runner) : `record.mjs: programs' expected output skipped, not recorded: ${describeRunner(runner)}`);

function tool(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  } catch (e) {
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${e.stderr || e.message}`);
  }
}

const versions = `${tool('nasm', ['-v']).trim()} + ${tool('ld', ['-v']).trim()}`;

/** Allocated sections of an ELF32 file: name, address, alignment, size and bytes (null for NOBITS). */
function elfSections(buf) {
  const shoff = buf.readUInt32LE(32);
  const shnum = buf.readUInt16LE(48);
  const shstrndx = buf.readUInt16LE(50);
  const header = (i) => {
    const o = shoff + i * 40;
    return { name: buf.readUInt32LE(o), type: buf.readUInt32LE(o + 4), flags: buf.readUInt32LE(o + 8), addr: buf.readUInt32LE(o + 12), off: buf.readUInt32LE(o + 16), size: buf.readUInt32LE(o + 20), align: buf.readUInt32LE(o + 32) };
  };
  const strings = header(shstrndx);
  const name = (n) => {
    let e = strings.off + n;
    while (buf[e]) e++;
    return buf.subarray(strings.off + n, e).toString('latin1');
  };
  const sections = [];
  for (let i = 1; i < shnum; i++) {
    const h = header(i);
    if (!(h.flags & 2)) continue; // SHF_ALLOC
    sections.push({ name: name(h.name), addr: h.addr, align: h.align, size: h.size, bytes: h.type === 8 ? null : buf.subarray(h.off, h.off + h.size) });
  }
  const segments = [];
  const phoff = buf.readUInt32LE(28);
  for (let i = 0; i < buf.readUInt16LE(44); i++) {
    const o = phoff + i * 32;
    if (buf.readUInt32LE(o) !== 1) continue; // PT_LOAD
    segments.push({ offset: buf.readUInt32LE(o + 4), vaddr: buf.readUInt32LE(o + 8), filesz: buf.readUInt32LE(o + 16), memsz: buf.readUInt32LE(o + 20), flags: buf.readUInt32LE(o + 24) });
  }
  return { entry: buf.readUInt32LE(24), sections, segments };
}

function formatSections(elf, source) {
  const hex = (n) => n.toString(16).padStart(8, '0');
  const out = [`# ${path.relative(root, source)}: sections of nasm -f elf32 + ld -m elf_i386 (${versions})`, `entry ${hex(elf.entry)}`];
  for (const p of elf.segments) out.push(`load offset ${hex(p.offset)} vaddr ${hex(p.vaddr)} filesz ${hex(p.filesz)} memsz ${hex(p.memsz)} flags ${'R'.repeat(p.flags & 4 ? 1 : 0)}${p.flags & 2 ? 'W' : ''}${p.flags & 1 ? 'E' : ''}`);
  for (const s of elf.sections) {
    out.push(`section ${s.name} ${hex(s.addr)} align ${s.align} size ${s.size}${s.bytes ? '' : ' nobits'}`);
    if (s.bytes) for (let k = 0; k < s.bytes.length; k += 32) out.push(s.bytes.subarray(k, k + 32).toString('hex'));
  }
  return out.join('\n') + '\n';
}

/** Assemble and link with nasm + ld; returns the executable's path. */
function build(source) {
  const base = path.basename(source, '.asm');
  const obj = path.join(tmp, `${base}.o`);
  const exe = path.join(tmp, base);
  const dir = path.dirname(source);
  tool('nasm', ['-f', 'elf32', '-I', `${dir}/`, path.basename(source), '-o', obj], { cwd: dir });
  tool('ld', ['-m', 'elf_i386', obj, '-o', exe]);
  return exe;
}

function record(source, outFile) {
  const exe = build(source);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, formatSections(elfSections(fs.readFileSync(exe)), source));
  return exe;
}

// 1. The generated corpus.
const bundle = path.join(tmp, 'corpus.mjs');
await esbuild.build({ entryPoints: [path.join(here, 'corpus.ts')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'warning' });
const { generateCorpus } = await import(bundle);
const corpusDir = path.join(fixtures, 'corpus');
fs.rmSync(corpusDir, { recursive: true, force: true });
fs.mkdirSync(corpusDir, { recursive: true });
for (const f of generateCorpus()) fs.writeFileSync(path.join(corpusDir, `${f.name}.asm`), f.source);

// 2. Sections of every fixture and program.
let count = 0;
for (const group of ['corpus', 'cases', 'manual', 'heldout']) {
  const dir = path.join(fixtures, group);
  if (!fs.existsSync(dir)) continue;
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.asm')).sort()) {
    record(path.join(dir, f), path.join(dir, f.replace(/\.asm$/, '.sections.txt')));
    count++;
  }
}
// Programs of several files (fixtures/linked/NAME/*.asm, in name order): nasm on each, ld on all.
const linkedDir = path.join(fixtures, 'linked');
if (fs.existsSync(linkedDir)) {
  for (const name of fs.readdirSync(linkedDir).filter((n) => fs.statSync(path.join(linkedDir, n)).isDirectory()).sort()) {
    const dir = path.join(linkedDir, name);
    const sources = fs.readdirSync(dir).filter((n) => n.endsWith('.asm')).sort();
    const objs = sources.map((f) => {
      const obj = path.join(tmp, `${name}-${f}.o`);
      tool('nasm', ['-f', 'elf32', '-I', `${dir}/`, f, '-o', obj], { cwd: dir });
      return obj;
    });
    const exe = path.join(tmp, name);
    tool('ld', ['-m', 'elf_i386', ...objs, '-o', exe]);
    fs.writeFileSync(path.join(linkedDir, `${name}.sections.txt`), formatSections(elfSections(fs.readFileSync(exe)), dir));
    count++;
  }
}

const expectedDir = path.join(programs, 'expected');
for (const f of fs.readdirSync(programs).filter((n) => n.endsWith('.asm')).sort()) {
  const name = f.replace(/\.asm$/, '');
  const exe = record(path.join(programs, f), path.join(fixtures, 'programs', `${name}.sections.txt`));
  count++;
  // 3. Expected output, from running the program (natively, or under qemu-i386).
  if (!runPrograms) continue;
  const stdinFile = path.join(expectedDir, `${name}.stdin`);
  const input = fs.existsSync(stdinFile) ? fs.readFileSync(stdinFile) : Buffer.alloc(0);
  const [command, args] = runner.command(exe);
  const r = spawnSync(command, args, { input, timeout: 60_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${f} exited with ${r.status ?? r.signal}`);
  fs.mkdirSync(expectedDir, { recursive: true });
  fs.writeFileSync(path.join(expectedDir, `${name}.stdout`), r.stdout);
}
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`recorded ${count} files with ${versions.replace(/\n/g, ' ')}`);
