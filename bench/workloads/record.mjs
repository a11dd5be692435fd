#!/usr/bin/env node
// record.mjs - runs each workload natively and writes manifest.json:
// { name, binary, args, expectedStdout, approxInstructions, description }.
// approxInstructions comes from `valgrind --tool=lackey --basic-counts=yes`
// ("guest instrs", which counts each iteration of a rep-prefixed instruction);
// without valgrind the previous manifest's figure is kept.
//
// The runs are native, or under qemu-i386 on a kernel that cannot run i386
// binaries (valgrind then cannot count either: the previous figures are kept);
// with neither, nothing is recorded (bench/lib/i386-runner.mjs decides).

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { i386Runner, describeRunner } from "../lib/i386-runner.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const runner = i386Runner();
if (runner.kind === "none") {
  process.stderr.write(`record.mjs: skipped, nothing recorded: ${describeRunner(runner)}\n`);
  process.exit(0);
}
process.stdout.write(`record.mjs: ${describeRunner(runner)}\n`);
const run = (binary, args) => {
  const [command, argv] = runner.command(binary, args);
  return spawnSync(command, argv, { env: {}, encoding: "utf8" });
};

const workloads = [
  { name: "crc32", description: "table-driven CRC-32 over a 256 KiB generated buffer, 20 passes" },
  { name: "sieve", description: "sieve of Eratosthenes over odd numbers below 3,000,000, 2 rounds" },
  { name: "sha256", description: "SHA-256 of a 256 KiB generated buffer, 2 rounds, plus SHA-256(\"abc\")" },
  { name: "mixed", description: "bytecode interpreter, quicksort of 20,000 integers and string building/hashing, 2 rounds" },
  { name: "nbody", description: "n-body (the Sun and four planets), 60,000 steps in double precision on the x87: float-heavy" },
];

const manifestPath = join(here, "manifest.json");
const previous = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : [];
const hasValgrind = runner.kind === "native" && !spawnSync("valgrind", ["--version"]).error;
if (!hasValgrind) process.stderr.write(`record.mjs: ${runner.kind === "native" ? "valgrind not found" : "no native runs for valgrind"}, keeping the previous instruction counts\n`);

const manifest = [];
for (const w of workloads) {
  const binary = `bin/${w.name}`;
  const args = [];
  const first = run(join(here, binary), args);
  if (first.error) throw first.error;
  if (first.status !== 0) throw new Error(`${binary} exited with ${first.status ?? first.signal}`);
  const again = run(join(here, binary), args);
  if (again.stdout !== first.stdout) throw new Error(`${binary}: two runs differ`);
  let approx = previous.find((p) => p.name === w.name)?.approxInstructions ?? null;
  if (hasValgrind) {
    const v = spawnSync("valgrind", ["--tool=lackey", "--basic-counts=yes", join(here, binary), ...args], {
      env: {},
      encoding: "utf8",
    });
    const m = /guest instrs:\s+([\d,]+)/.exec(v.stderr);
    if (!m) throw new Error(`${binary}: no instruction count from valgrind`);
    const exact = Number(m[1].replace(/,/g, ""));
    approx = Math.round(exact / 100_000) * 100_000;
  }
  manifest.push({ name: w.name, binary, args, expectedStdout: first.stdout, approxInstructions: approx, description: w.description });
  process.stdout.write(`${w.name}: ${first.stdout.trim()} (~${approx} instructions)\n`);
}
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
