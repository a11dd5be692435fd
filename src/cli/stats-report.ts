/** The --stats summary: what the run cost and what the machine did, for stderr. */
import type { StatsInput, TranslationSummary } from '../engine';

export interface RunStats {
  readonly topology: string;
  readonly chassis: number;
  readonly cores: number;
  readonly onlineChassis: number[];
  readonly cycles: bigint;
  readonly wallSeconds: number;
  readonly guestMips: number;
  readonly syscalls: Record<string, number>;
  readonly unknownSyscalls: Record<string, number>;
  readonly eventCounts: Record<string, number>;
  readonly ecc: { mode: string; dimms: { chassis: number; dimm: number; corrected: number; uncorrectable: number }[] };
  /** With --translate: blocks compiled, the time that took, and the share of cycles run in compiled blocks. */
  readonly translation?: { regionsCompiled: number; blocksCompiled: number; compileMs: number; translatedCycles: bigint; translatedShare: number };
}

export function collectStats(input: StatsInput, wallSeconds: number): RunStats {
  const cycles = input.cycle;
  const t = input.translation;
  const eventCounts: Record<string, number> = {};
  for (const e of input.events) eventCounts[e.type] = (eventCounts[e.type] ?? 0) + 1;
  return {
    topology: input.topology.name,
    chassis: input.topology.chassis,
    cores: input.topology.cores,
    onlineChassis: input.onlineChassis,
    cycles,
    wallSeconds,
    guestMips: wallSeconds > 0 ? Number(cycles) / wallSeconds / 1e6 : 0,
    syscalls: Object.fromEntries(input.calls),
    unknownSyscalls: Object.fromEntries([...input.unknown].map(([nr, n]) => [String(nr), n])),
    eventCounts,
    ecc: {
      mode: input.eccMode,
      dimms: input.dimmCounters.flatMap((dimms, chassis) => dimms.map((c, dimm) => ({ chassis, dimm, ...c }))),
    },
    ...(t ? { translation: { regionsCompiled: t.regionsCompiled, blocksCompiled: t.blocksCompiled, compileMs: t.compileMs, translatedCycles: t.translatedCycles, translatedShare: translatedShare(t) } } : {}),
  };
}

/** The share of a run's cycles that compiled blocks ran (0 for a run of no cycles). */
export function translatedShare(t: TranslationSummary): number {
  return t.cycles > 0n ? Number(t.translatedCycles) / Number(t.cycles) : 0;
}

/** Per-DIMM corrected/uncorrectable counts, as EDAC's ce_count/ue_count; only DIMMs that saw errors. */
function edac(dimms: RunStats['ecc']['dimms']): string {
  const seen = dimms.filter((d) => d.corrected + d.uncorrectable > 0);
  if (seen.length === 0) return 'no memory errors';
  return seen.map((d) => `chassis ${d.chassis} DIMM ${d.dimm}: ce ${d.corrected}, ue ${d.uncorrectable}`).join('; ');
}

export function formatStats(s: RunStats): string {
  const list = (r: Record<string, number>) =>
    Object.keys(r).length === 0 ? 'none' : Object.entries(r).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k} ${v}`).join(', ');
  const rows: [string, string][] = [
    ['topology', `${s.topology} (${s.chassis} chassis x ${s.cores} core${s.cores > 1 ? 's' : ''}), online: ${s.onlineChassis.join(', ') || 'none'}`],
    ['cycles', s.cycles.toString()],
    ['wall time', `${(s.wallSeconds * 1000).toFixed(1)} ms`],
    ['guest MIPS', s.guestMips.toFixed(2)],
    ['syscalls', list(s.syscalls)],
    ['unknown syscalls', list(s.unknownSyscalls)],
    ['events', list(s.eventCounts)],
    ['ECC', `${s.ecc.mode}; ${edac(s.ecc.dimms)}`],
  ];
  const t = s.translation;
  if (t) rows.push(['translation', `${t.blocksCompiled} blocks in ${t.regionsCompiled} regions compiled in ${t.compileMs.toFixed(1)} ms; ${(t.translatedShare * 100).toFixed(1)}% of cycles in compiled blocks`]);
  return `ftvm: stats\n${rows.map(([k, v]) => `  ${k.padEnd(17)}${v}`).join('\n')}\n`;
}
