/**
 * The guest's virtual address-space layout, as a 32-bit Linux kernel with the
 * usual 3 GiB / 1 GiB split gives it to an i386 process (no randomisation, so
 * runs repeat exactly):
 *
 *   0x00000000-0x0000ffff  never mapped (vm.mmap_min_addr): NULL dereferences fault
 *   0x08048000-...         the ELF image, then the brk heap growing up
 *   ...-0xb8000000         mmap area, allocated top-down from MMAP_BASE
 *   0xbf800000-0xc0000000  the stack, 8 MiB mapped up front (no grow-down faults)
 *   0xc0000000-            kernel space: nothing is ever mapped there
 */
export const TASK_SIZE = 0xc000_0000;
export const MIN_MAP_ADDRESS = 0x1_0000;

export const STACK_TOP = TASK_SIZE;
export const DEFAULT_STACK_SIZE = 8 * 1024 * 1024;

/**
 * Linux puts mmap_base below the stack by the stack rlimit plus a guard gap,
 * and never less than 128 MiB (mm/util.c, MIN_GAP).
 */
export const MMAP_BASE = STACK_TOP - 128 * 1024 * 1024;
