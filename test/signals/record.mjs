#!/usr/bin/env node
// record.mjs - runs every signal case natively and records what it did.
//
//   node record.mjs            (called by rebuild.sh after the binaries are built)
//
// Each case runs twice on this machine's CPU and kernel, with an empty
// environment (the two runs must agree), and expected/<case>.stdout, .stderr
// and manifest.json are written. Only a kernel that runs i386 binaries is an
// oracle here: qemu-user builds its own signal frames (its trapno, its
// sigreturn trampoline) and is not used, so without IA-32 emulation nothing
// is recorded (bench/lib/i386-runner.mjs decides).

import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { i386Runner, describeRunner } from "../../bench/lib/i386-runner.mjs";

const here = dirname(fileURLToPath(import.meta.url));

// `crash`: the process dies of a signal; natively the shell, not the program,
// reports it, so stderr is not compared (ftvm prints its one-line report).
const cases = [
  { name: "sig_faults", program: "sig_faults", kind: "nasm", crash: true,
    description: "every user-mode fault to an SA_SIGINFO handler (siginfo, trapno, err, cr2, eip), no SA_RESTORER, sigframe handler, own restorer, FPU state and DF in the frame, then a blocked SIGSEGV forced through (139)" },
  { name: "sig_step", program: "sig_step", kind: "nasm",
    description: "TF single-step traps, kill/tgkill to itself, blocked and pending signals, the alternate stack, SA_NODEFER nesting" },
  { name: "fs_pagefault", program: "fs_pagefault", kind: "freestanding",
    description: "a SIGSEGV handler that maps (MAPERR) or unprotects (ACCERR) the faulting page and returns: the access runs again; signal() one-shot through a sigframe" },
  { name: "glibc_signals", program: "glibc_signals", kind: "glibc",
    description: "glibc: siglongjmp out of SIGSEGV, SIGFPE handler fixing ECX in the context, raise(SIGBUS), SA_RESETHAND, sigpending, alarm+pause, ITIMER_REAL+sigsuspend, nanosleep cut short, ITIMER_VIRTUAL, SIGTERM (143)" },
];

function run(binary) {
  const r = spawnSync(binary, [], { cwd: here, env: {}, input: "", maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  if (r.error) throw r.error;
  const status = r.signal ? 128 + constants.signals[r.signal] : r.status;
  return { stdout: r.stdout, stderr: r.stderr, status };
}

const runner = i386Runner();
if (runner.kind !== "native") {
  process.stderr.write(`record.mjs: skipped, nothing recorded: signals need the CPU and kernel themselves (${describeRunner(runner)})\n`);
  process.exit(0);
}

const manifest = [];
let failures = 0;
for (const c of cases) {
  const binary = join("bin", c.program);
  if (!existsSync(join(here, binary))) throw new Error(`${binary} is missing (run rebuild.sh)`);
  const first = run(join(here, binary));
  const second = run(join(here, binary));
  if (!first.stdout.equals(second.stdout) || !first.stderr.equals(second.stderr) || first.status !== second.status) {
    process.stderr.write(`record.mjs: ${c.name}: two native runs differ\n`);
    failures++;
  }
  writeFileSync(join(here, "expected", `${c.name}.stdout`), first.stdout);
  writeFileSync(join(here, "expected", `${c.name}.stderr`), first.stderr);
  manifest.push({
    name: c.name, binary, stdout: `expected/${c.name}.stdout`, stderr: `expected/${c.name}.stderr`,
    status: first.status, compareStderr: !c.crash, kind: c.kind, description: c.description,
  });
}
writeFileSync(join(here, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
process.stdout.write(`record.mjs: ${manifest.length} cases recorded natively\n`);
if (failures) process.exit(1);
