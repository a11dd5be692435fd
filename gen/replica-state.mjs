// The declared state of one replica (one virtual core): every field, its
// type and count, and which part of the block it belongs to. The offsets, the
// block's size and the boundaries the core and the host rely on all follow
// from this list (gen/state-layout.mjs writes them out); nothing else numbers
// a replica's fields.
//
// Parts, in the order they are laid out (each starts on a 16-byte lane):
//   rollback  architectural state an instruction may change before it faults:
//             restored when it does, so a fault leaves it as it was
//   compared  the rest of the architectural state (segment bases, selectors)
//   cycle     what the last cycle did (its status, counters, store count):
//             compared every cycle, but not part of a checkpoint's digest
//   private   the core's own bookkeeping for this replica: never compared
//
// A field with `registers` offers those names to fault injection: a name is
// one `type`-sized element, or { name, at, bits } for a register at byte `at`
// inside the field, of any width. A register holds stuck-at bits through one
// stuck slot per 32-bit word it spans.
//
// A field with `changedBy` ('x87' or 'segment-load') is changed only by that
// kind of instruction (and by the host between runs): its lanes are compared
// after every cycle that executed one of either kind (asm/cpu/seldom-lanes.ts),
// on the first cycle of every run and on every cycle of a run with stuck bits;
// the rest of the time they hold what they held when the replicas last agreed,
// so comparing them again is skipped. Such fields, together, cover whole lanes
// of the compared part.

import { readFileSync } from 'node:fs';

/** @typedef {{ name: string, at: number, bits: number }} SubRegister */
/** @typedef {{ name: string, type: 'u8'|'u16'|'u32'|'u64', count?: number|'stuck-slots', part: 'rollback'|'compared'|'cycle'|'private', align?: number, changedBy?: 'x87'|'segment-load', registers?: (string|SubRegister)[], doc: string }} Field */

// The x87 block's own layout is the FPU unit's (asm/fpu/state.ts): read from there.
const FPU = Object.fromEntries([...readFileSync(new URL('../asm/fpu/state.ts', import.meta.url), 'utf8')
  .matchAll(/^export const (F_\w+): u32 = (\d+);/gm)].map((m) => [m[1], Number(m[2])]));

/**
 * st0-st7 name the physical registers R0-R7 (the tag word's order), not the
 * stack slots ST(i): a stuck bit stays in its cell whatever TOP does. fptw is
 * the abridged tag (bit i: Ri is not empty), as the block keeps it.
 */
const FPU_REGISTERS = [
  { name: 'fpcw', at: FPU.F_CW, bits: 16 },
  { name: 'fpsw', at: FPU.F_SW, bits: 16 },
  { name: 'fptw', at: FPU.F_VALID, bits: 8 },
  ...Array.from({ length: 8 }, (_, i) => ({ name: `st${i}`, at: FPU.F_REGS + 16 * i, bits: 80 })),
];

/** @type {Field[]} */
export const REPLICA_FIELDS = [
  { name: 'GPR', type: 'u32', count: 8, part: 'rollback', registers: ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'], doc: 'general registers in encoding order' },
  { name: 'EIP', type: 'u32', part: 'rollback', registers: ['eip'], doc: 'instruction pointer' },
  { name: 'EFLAGS', type: 'u32', part: 'rollback', registers: ['eflags'], doc: 'flags; the six arithmetic ones are lazy while LAZY_OP != 0' },
  { name: 'LAZY_OP', type: 'u32', part: 'rollback', doc: 'the last flag-setting operation (0: EFLAGS holds the flags already)' },
  { name: 'LAZY_RES', type: 'u32', part: 'rollback', doc: 'its result' },
  { name: 'LAZY_DST', type: 'u32', part: 'rollback', doc: 'its first input' },
  { name: 'LAZY_SRC', type: 'u32', part: 'rollback', doc: 'its second input' },
  { name: 'LAZY_AUX', type: 'u32', part: 'rollback', doc: 'its operand size and carry-in' },
  { name: 'SEG_BASE', changedBy: 'segment-load', type: 'u32', count: 6, part: 'compared', doc: 'segment bases, es cs ss ds fs gs (the descriptor caches; GS holds glibc TLS)' },
  { name: 'SEG_LIMIT', changedBy: 'segment-load', type: 'u32', count: 6, part: 'compared', doc: 'segment limits in bytes, granularity applied (asm/cpu/segments.ts)' },
  { name: 'SEG_ATTR', changedBy: 'segment-load', type: 'u16', count: 6, part: 'compared', doc: 'descriptor bits 40-55 (type, S, DPL, P, AVL, L, D/B, G); 0 for a null selector' },
  { name: 'SELECTORS', changedBy: 'segment-load', type: 'u16', count: 6, part: 'compared', doc: 'es cs ss ds fs gs' },
  { name: 'SEG_MODE', changedBy: 'segment-load', type: 'u32', part: 'compared', doc: 'derived from the caches: bit 0 CS/SS/DS/ES not flat (full decoder only), 1 CS 16-bit, 2 SS 16-bit, 8+n segment n is checked on access' },
  { name: 'FPU', type: 'u8', count: FPU.F_SIZE, part: 'compared', align: 16, changedBy: 'x87', registers: FPU_REGISTERS, doc: 'the x87 unit: control, status, tag, last-instruction pointers, R0-R7 (asm/fpu/state.ts)' },
  { name: 'STATUS', type: 'u32', part: 'cycle', doc: 'StopReason raised by this cycle' },
  { name: 'STATUS_ADDR', type: 'u32', part: 'cycle', doc: 'faulting address, syscall vector, …' },
  { name: 'STATUS_INFO', type: 'u32', part: 'cycle', doc: 'STOP_SEGV: 2 when a store faulted (the page-fault error code W bit)' },
  { name: 'STATUS_INFO2', type: 'u32', part: 'cycle', doc: 'next opcode bytes' },
  { name: 'CYCLES', type: 'u64', part: 'cycle', doc: 'cycles this replica executed' },
  { name: 'STORE_COUNT', type: 'u32', part: 'cycle', doc: 'stores logged this cycle' },
  { name: 'STUCK_ACTIVE', type: 'u32', part: 'private', doc: 'nonzero: some register bit is stuck' },
  { name: 'STUCK', type: 'u64', count: 'stuck-slots', part: 'private', doc: 'per 32-bit register word: and-mask u32, then or-mask u32' },
  { name: 'FETCH_PAGE', type: 'u32', part: 'private', doc: "the fetcher's cached page number" },
  { name: 'FETCH_HOST', type: 'u32', part: 'private', doc: 'and its host address' },
];

/** Bytes per replica block: fixed, so growth past it is a deliberate change (and a layout test fails first). */
export const REPLICA_SIZE = 640;
