/**
 * The core's memory map, read from the constants the core exports (asm/layout.ts)
 * rather than written a second time here. Every exported u32 global becomes a
 * number in `CoreLayout`.
 */
export const LAYOUT_KEYS = [
  'LAYOUT_BASE', 'CONTROL_BASE', 'CONTROL_SIZE', 'C_CHASSIS_COUNT', 'C_CORES_PER_CHASSIS', 'C_REPLICA_COUNT',
  'C_ONLINE_MASK', 'C_STOP_REASON', 'C_MISMATCH_MASK', 'C_CYCLE', 'C_MEM_STRIDE', 'C_MEM_BASE', 'C_REFERENCE',
  'C_PENDING_STORES', 'C_TRACK_DIRTY', 'C_HOST_WROTE', 'C_FORCE_SLOW', 'DIRTY_BASE', 'DIRTY_SIZE', 'R_FETCH_PAGE', 'R_FETCH_HOST', 'PTE_NO_ACCESS', 'C_GDT', 'GDT_ENTRIES', 'MAX_CHASSIS', 'MAX_CORES', 'MAX_REPLICAS', 'REPLICA_BASE',
  'REPLICA_SIZE', 'R_GPR', 'R_EIP', 'R_EFLAGS', 'R_LAZY_OP', 'R_LAZY_RES', 'R_LAZY_DST', 'R_LAZY_SRC', 'R_LAZY_AUX',
  'R_FS_BASE', 'R_GS_BASE', 'R_SELECTORS', 'R_STATUS', 'R_STATUS_ADDR', 'R_STATUS_INFO', 'R_STATUS_INFO2',
  'R_CYCLES', 'R_STORE_COUNT', 'R_COMPARED_END', 'R_STUCK_ACTIVE', 'R_STUCK', 'STUCK_SLOTS', 'STORELOG_BASE',
  'STORELOG_ENTRIES', 'STORELOG_ENTRY_SIZE', 'STORELOG_SIZE', 'PAGE_TABLE_BASE', 'PAGE_TABLE_SIZE', 'PTE_PRESENT',
  'PTE_WRITABLE', 'PTE_ECC_SLOW', 'PTE_FRAME_MASK', 'CHASSIS_MEM_BASE', 'STOP_NONE', 'STOP_SYSCALL', 'STOP_SEGV',
  'STOP_ILLEGAL', 'STOP_DIVIDE', 'STOP_PRIVILEGED', 'STOP_TRAP', 'STOP_INTERRUPT', 'STOP_DIVERGENCE', 'STOP_MACHINE_CHECK', 'STOP_ECC_EVENT', 'STOP_OVERFLOW', 'STOP_GENERAL_PROTECTION', 'STOP_COMMIT_CHECK', 'C_COMMIT_CHECK', 'C_COMMIT_CHECK_ADDR', 'C_TWIN_SHORTCUT', 'R_TRAP_REASONS', 'C_ECC_MODE', 'C_CHECK_BASE', 'C_ECC_EVENT_COUNT', 'C_STUCK_CELL_COUNT', 'C_ECC_EVENTS_LOST', 'ECC_EVENTS_BASE', 'ECC_EVENT_SIZE', 'ECC_EVENT_SLOTS', 'ECC_CORRECTED', 'ECC_UNCORRECTABLE', 'C_STUCK_CELLS', 'STUCK_CELL_SIZE', 'STUCK_CELL_SLOTS', 'FRAME_FLAGS_BASE', 'FRAME_FLAGS_SIZE', 'FRAME_ECC_SUSPECT',
] as const;

export type CoreLayout = { readonly [K in (typeof LAYOUT_KEYS)[number]]: number };

export function readLayout(exports: Record<string, unknown>): CoreLayout {
  const layout: Record<string, number> = {};
  for (const key of LAYOUT_KEYS) {
    const global = exports[key];
    if (!(global instanceof WebAssembly.Global)) throw new Error(`core does not export layout constant ${key}`);
    layout[key] = (global.value as number) >>> 0;
  }
  return layout as CoreLayout;
}
