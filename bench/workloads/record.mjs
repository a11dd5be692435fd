#!/usr/bin/env node
// record.mjs - runs each workload natively and writes manifest.json:
// { name, binary, args, expectedStdout, approxInstructions, description }.
// approxInstructions comes from `valgrind --tool=lackey --basic-counts=yes`
// ("guest instrs", which counts each iteration of a rep-prefixed instruction);
// without valgrind the previous manifest's figure is kept.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

const workloads = [
  { name: "crc32", description: "table-driven CRC-32 over a 256 KiB generated buffer, 20 passes" },
  { name: "sieve", description: "sieve of Eratosthenes over odd numbers below 3,000,000, 2 rounds" },
  { name: "sha256", description: "SHA-256 of a 256 KiB generated buffer, 2 rounds, plus SHA-256(\"abc\")" },
  { name: "mixed", description: "bytecode interpreter, quicksort of 20,000 integers and string building/hashing, 2 rounds" },
];

const manifestPath = join(here, "manifest.json");
const previous = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : [];
const hasValgrind = !spawnSync("valgrind", ["--version"]).error;
if (!hasValgrind) process.stderr.write("record.mjs: valgrind not found, keeping the previous instruction counts\n");

const manifest = [];
for (const w of workloads) {
  const binary = `bin/${w.name}`;
  const args = [];
  const run = spawnSync(join(here, binary), args, { env: {}, encoding: "utf8" });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${binary} exited with ${run.status ?? run.signal}`);
  const again = spawnSync(join(here, binary), args, { env: {}, encoding: "utf8" });
  if (again.stdout !== run.stdout) throw new Error(`${binary}: two runs differ`);
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
  manifest.push({ name: w.name, binary, args, expectedStdout: run.stdout, approxInstructions: approx, description: w.description });
  process.stdout.write(`${w.name}: ${run.stdout.trim()} (~${approx} instructions)\n`);
}
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
