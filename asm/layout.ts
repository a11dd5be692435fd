// The memory map of the core: every piece of architectural state lives at a
// fixed offset in linear memory, never in wasm globals, so that a snapshot is a
// byte copy, the comparator compares regions and the fault injector flips bits
// through a typed-array view. The host reads these constants from the core's
// exports (see src/core/layout.ts); a test checks both sides agree.

// AssemblyScript's own static data sits below LAYOUT_BASE (checked at init).
export const LAYOUT_BASE: u32 = 0x10000;

// ---- Control block: configuration, stop report, the descriptor table --------
export const CONTROL_BASE: u32 = LAYOUT_BASE;
export const CONTROL_SIZE: u32 = 0x1000;
export const C_CHASSIS_COUNT: u32 = 0;    // u32 C
export const C_CORES_PER_CHASSIS: u32 = 4; // u32 K
export const C_REPLICA_COUNT: u32 = 8;    // u32 C*K; replica n = chassis n/K, core n%K
export const C_ONLINE_MASK: u32 = 12;     // u32 bit n = replica n is online
export const C_STOP_REASON: u32 = 16;     // u32 StopReason of the last run()
export const C_MISMATCH_MASK: u32 = 20;   // u32 replicas that differ from the reference
export const C_CYCLE: u32 = 24;           // u64 cycles completed by the machine
export const C_MEM_STRIDE: u32 = 32;      // u32 bytes of memory per chassis
export const C_MEM_BASE: u32 = 36;        // u32 address of chassis 0's memory
export const C_REFERENCE: u32 = 40;       // u32 replica the others were compared with
export const C_PENDING_STORES: u32 = 44;  // u32 1 = buffered stores await commit
export const C_TRACK_DIRTY: u32 = 48;     // u32 1 = a resync tracks writes: the dirty map is state
export const C_ECC_MODE: u32 = 52;        // u32 0 = decode only words the injector touched, 1 = paranoid
export const C_CHECK_BASE: u32 = 56;      // u32 address of chassis 0's check bytes (one per 8-byte word)
export const C_ECC_EVENT_COUNT: u32 = 60; // u32 entries in the ECC event ring
export const C_STUCK_CELL_COUNT: u32 = 192; // u32 entries in the stuck-cell table
export const C_ECC_EVENTS_LOST: u32 = 196; // u32 ECC events dropped because the ring was full
// A buffered store met an uncorrectable word when it was committed (after the
// comparison): chassis + 1 (0 = none) and the word's physical address.
export const C_COMMIT_CHECK: u32 = 200;
export const C_COMMIT_CHECK_ADDR: u32 = 204;
// u32 1 = the twin shortcut may run: once a cycle has passed the comparator,
// the second core of a chassis copies its twin's fast-path cycle instead of
// executing it (exact under the current fault model: faults only arrive
// between run() calls). 0, the default, keeps the design's rule that every
// online core executes every cycle.
export const C_TWIN_SHORTCUT: u32 = 208;
// u32 1 = the host wrote guest memory since the last run() (a system call's
// results, a memory fault with ECC off): run() drops the decoded-instruction
// cache. Page-table changes drop it at once (flushTranslations).
export const C_HOST_WROTE: u32 = 212;
// u32 1 = every instruction goes through the full decoder (execute.ts), none
// through the decoded fast path: the differential tests run both ways and
// demand the same state. Takes effect for code decoded after it is set (set it
// before run(), then flushTranslations()).
export const C_FORCE_SLOW: u32 = 216;
// u32 entries in the LDT (modify_ldt grows it): a selector with TI set and an
// index at or past it is outside the table (#GP).
export const C_LDT_ENTRIES: u32 = 220;
// u32 1 = a lone online replica runs hot guest blocks compiled to WebAssembly
// by the host (asm/translate/); 0 keeps every cycle in the interpreter, the reference.
export const C_TRANSLATE: u32 = 224;
// The GDT as the CPU reads it: GDT_ENTRIES raw 8-byte descriptors, indexed by
// selector >> 3 (user code 4, user data 5, TLS 6-8; the host writes them).
export const C_GDT: u32 = 0x200;
export const GDT_ENTRIES: u32 = 32;
export const ECC_EVENT_SIZE: u32 = 16;
export const ECC_CORRECTED: u32 = 1;
export const ECC_UNCORRECTABLE: u32 = 2;
// Stuck memory cells, re-asserted whenever their word is written:
// chassis, word address, bit (0-71), value.
export const C_STUCK_CELLS: u32 = 0x400;
export const STUCK_CELL_SIZE: u32 = 16;
export const STUCK_CELL_SLOTS: u32 = 64;

// ---- Replicas: one virtual core each ---------------------------------------
export const MAX_CHASSIS: u32 = 3;
export const MAX_CORES: u32 = 2;
export const MAX_REPLICAS: u32 = 6;
export const REPLICA_BASE: u32 = CONTROL_BASE + CONTROL_SIZE;
// The replica block's fields are declared once, in gen/replica-state.mjs;
// gen/state-layout.mjs lays them out into replica-layout.generated.ts.
export * from "./replica-layout.generated";

// ---- Store logs: what each replica wrote this cycle ------------------------
// Entry: virtual address, size in bytes, value, physical address.
export const STORELOG_BASE: u32 = REPLICA_BASE + 0x1000;
export const STORELOG_ENTRIES: u32 = 64;
export const STORELOG_ENTRY_SIZE: u32 = 16;
export const STORELOG_SIZE: u32 = STORELOG_ENTRIES * STORELOG_ENTRY_SIZE;

// ---- Page table: one 32-bit entry per 4 KiB virtual page --------------------
// Shared by all chassis (the mapping is kernel state the host owns); each
// chassis has its own frames at the same physical offsets.
export const PAGE_TABLE_BASE: u32 = STORELOG_BASE + 0x2000;
export const PAGE_TABLE_SIZE: u32 = 0x400000;
export const PTE_PRESENT: u32 = 1;
export const PTE_WRITABLE: u32 = 2;
// PTE_CODE: the page held instructions that were decoded (reserved for the
// decode cache). PTE_ECC_SLOW << c: chassis c has words on this page whose
// check bits may disagree with their data, so accesses must go through the
// ECC decoder.
export const PTE_ECC_SLOW: u32 = 0x10;
// PTE_NO_ACCESS: a mapped page with no access (PROT_NONE). PTE_PRESENT is
// clear, so every access faults in the core; the frame stays in the entry.
export const PTE_NO_ACCESS: u32 = 0x8;
export const PTE_FRAME_MASK: u32 = 0xfffff000;

// ---- Dirty frames: one byte per physical frame, set by every store (and by
// the host's guest writes) since the host last cleared it: a resync copying
// memory to a returning chassis (C_TRACK_DIRTY = 1), a campaign's restore ----
export const DIRTY_BASE: u32 = PAGE_TABLE_BASE + PAGE_TABLE_SIZE;
export const DIRTY_SIZE: u32 = 0x40000; // frames of a 1 GiB chassis

// ---- ECC state per physical frame: one byte per frame per chassis ----------
// FRAME_ECC_SUSPECT: the frame has words whose check bits may disagree with
// their data (mirrored into PTE_ECC_SLOW for mapped pages).
export const FRAME_FLAGS_BASE: u32 = DIRTY_BASE + DIRTY_SIZE;
export const FRAME_FLAGS_SIZE: u32 = DIRTY_SIZE * MAX_CHASSIS;
export const FRAME_ECC_SUSPECT: u32 = 1;

// ---- ECC events the core recorded since the host last drained them ---------
// kind (ECC_CORRECTED / ECC_UNCORRECTABLE), chassis, word address, syndrome | bit << 8.
// A frame scrub can report every one of its 512 words, so the ring holds more.
export const ECC_EVENTS_BASE: u32 = FRAME_FLAGS_BASE + FRAME_FLAGS_SIZE;
export const ECC_EVENT_SLOTS: u32 = 1024;

// ---- The process' LDT: raw 8-byte descriptors written by modify_ldt ----------
// Kernel state shared by every chassis, like the page table.
export const LDT_BASE: u32 = ECC_EVENTS_BASE + ECC_EVENT_SLOTS * ECC_EVENT_SIZE;
export const LDT_MAX_ENTRIES: u32 = 8192;
export const LDT_SIZE: u32 = LDT_MAX_ENTRIES * 8;

// ---- Chassis memories, then their check bytes (at C_CHECK_BASE) --------------
export const CHASSIS_MEM_BASE: u32 = LDT_BASE + LDT_SIZE;

// ---- Stop reasons -----------------------------------------------------------
export const STOP_NONE: u32 = 0;          // cycle budget used up
export const STOP_SYSCALL: u32 = 1;       // int 0x80: eip already past it
export const STOP_SEGV: u32 = 2;          // status addr = faulting address
export const STOP_ILLEGAL: u32 = 3;       // undefined or unsupported opcode
export const STOP_DIVIDE: u32 = 4;        // #DE
export const STOP_PRIVILEGED: u32 = 5;    // hlt, in/out, cli…: #GP in user mode
export const STOP_TRAP: u32 = 6;          // int3 / into: SIGTRAP-like
export const STOP_INTERRUPT: u32 = 7;     // int n other than 0x80 (#GP on Linux)
export const STOP_DIVERGENCE: u32 = 8;    // replicas disagree: see C_MISMATCH_MASK
export const STOP_MACHINE_CHECK: u32 = 9; // uncorrectable memory error: status addr = word address
export const STOP_ECC_EVENT: u32 = 10;    // the ECC event ring has entries for the host
export const STOP_OVERFLOW: u32 = 11;     // into with OF set: a trap Linux turns into SIGSEGV
export const STOP_GENERAL_PROTECTION: u32 = 12; // #GP (SIGSEGV): status addr = error code (a selector, or 0: over 15 bytes, a limit, a null segment)
export const STOP_COMMIT_CHECK: u32 = 13;  // see C_COMMIT_CHECK: a chassis took a machine check while committing
export const STOP_SEGMENT_NOT_PRESENT: u32 = 15; // #NP (SIGBUS): status addr = error code (the selector)
export const STOP_STACK_FAULT: u32 = 16;  // #SS (SIGBUS): status addr = error code (the selector, or 0: a stack limit)
export const STOP_FPU_ERROR: u32 = 14;    // #MF: a waiting x87 instruction met an unmasked exception; status addr = SIGFPE si_code
export const STOP_BOUND: u32 = 17;        // #BR: bound found the index outside its bounds (Linux: SIGSEGV)
export const STOP_TRAP_FLAG: u32 = 18;    // popf left TF set: the host single-steps from the next instruction

/** Stop reasons that are traps: EIP moves past the instruction, as for a system call. */
export const R_TRAP_REASONS: u32 = (1 << STOP_SYSCALL) | (1 << STOP_TRAP) | (1 << STOP_OVERFLOW) | (1 << STOP_TRAP_FLAG);
