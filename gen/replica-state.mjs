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
// A field with `registers` offers those names to fault injection: each name is
// one `type`-sized element, and can hold stuck-at bits (a stuck slot).

/** @typedef {{ name: string, type: 'u8'|'u16'|'u32'|'u64', count?: number, part: 'rollback'|'compared'|'cycle'|'private', registers?: string[], doc: string }} Field */

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
  { name: 'FS_BASE', type: 'u32', part: 'compared', doc: 'base of the FS segment' },
  { name: 'GS_BASE', type: 'u32', part: 'compared', doc: 'base of the GS segment (glibc TLS)' },
  { name: 'SELECTORS', type: 'u16', count: 6, part: 'compared', doc: 'es cs ss ds fs gs' },
  { name: 'STATUS', type: 'u32', part: 'cycle', doc: 'StopReason raised by this cycle' },
  { name: 'STATUS_ADDR', type: 'u32', part: 'cycle', doc: 'faulting address, syscall vector, …' },
  { name: 'STATUS_INFO', type: 'u32', part: 'cycle', doc: 'first opcode bytes of the faulting instruction' },
  { name: 'STATUS_INFO2', type: 'u32', part: 'cycle', doc: 'next opcode bytes' },
  { name: 'CYCLES', type: 'u64', part: 'cycle', doc: 'cycles this replica executed' },
  { name: 'STORE_COUNT', type: 'u32', part: 'cycle', doc: 'stores logged this cycle' },
  { name: 'STUCK_ACTIVE', type: 'u32', part: 'private', doc: 'nonzero: some register bit is stuck' },
  { name: 'STUCK', type: 'u64', count: 'stuck-slots', part: 'private', doc: 'per register: and-mask u32, then or-mask u32' },
  { name: 'FETCH_PAGE', type: 'u32', part: 'private', doc: "the fetcher's cached page number" },
  { name: 'FETCH_HOST', type: 'u32', part: 'private', doc: 'and its host address' },
];

/** Bytes per replica block: fixed, so growth past it is a deliberate change (and a layout test fails first). */
export const REPLICA_SIZE = 256;
