// The core's one export surface: the memory map (so the host reads offsets
// from here rather than keeping its own copy), configuration, the run loop and
// the few per-replica operations the host needs between runs.
import { LAYOUT_BASE, CONTROL_BASE, C_CHASSIS_COUNT, C_CORES_PER_CHASSIS, C_REPLICA_COUNT, C_ONLINE_MASK, C_MEM_STRIDE,
  C_MEM_BASE, C_CHECK_BASE, CHASSIS_MEM_BASE, MAX_CHASSIS, MAX_CORES, REPLICA_BASE, REPLICA_SIZE, R_EFLAGS, R_EIP, R_STUCK, STORELOG_BASE, STORELOG_SIZE, STUCK_SLOTS, R_FPU } from "./layout";
import { fninit } from "./fpu/state";
import { resetSegments, resetDescriptorTables, loadDataSegment, checkCodeTarget, enterCode, SEG_CS } from "./cpu/segments";
import { FAULT, FAULT_ADDR, clearFault } from "./memory/mmu";
import { R } from "./cpu/state";
import { selectState } from "./cpu/state";
import { fnsave, frstor } from "./fpu/env";

const FNSAVE_BYTES: u32 = 108;
import { flushFetch } from "./cpu/decode";
import { materializeFlags as foldFlags } from "./cpu/flags";
import { useReplica } from "./lockstep/run";
import { placeCache, flushDecoded, DC_BYTES } from "./cpu/dcache";
import { placeTranslation, translationBytes, flushBlocks } from "./translate/blocks";

export * from "./layout";
export { run, resolveDivergence } from "./lockstep/run";
export { replicasAgree } from "./lockstep/comparator";
// For the tests of the decoded-instruction cache (test/core, test/isa).
export { decodedKind, setDecodeGeneration } from "./cpu/dcache";
export { hostWrote, translatedCycles, blockEntries, jitLoad32, jitStore32, jitCondition, jitFast, jitDecode, jitHeat, jitPeek32, jitForget, jitInstall, jitCodeVersion, jitStopAddress, jitCodeMap, CHECKED_SHAPE, LOCKSTEP_SHAPE } from "./translate/blocks";
export { jitLoad8, jitLoad16, jitStore8, jitCarry, jitFlags, jitFpuBegin, jitFpuCommit } from "./translate/blocks";
export { jitFadd, jitFmul, jitFdiv, jitFaddM32, jitFmulM32, jitFdivM32, jitFaddM64, jitFmulM64, jitFdivM64, jitFldM32, jitFldM64, jitFstM32, jitFstM64, jitFldSt, jitFxch, jitFstSt, jitFunary } from "./translate/blocks";
// The cache entry's fields and handlers, which the host translator reads (src/translate/).
export { E_KEY, E_KIND, E_LEN, E_A, E_B, E_BASE, E_INDEX, E_SCALE, E_AUX, E_DISP, E_IMM, E_TARGET, E_BMASK, E_IMASK, DK_SLOW, DK_ALU_RR, DK_ADD_RR, DK_SUB_RR, DK_XOR_RR, DK_AND_RR, DK_OR_RR, DK_CMP_RR, DK_ALU_RI, DK_ADD_RI, DK_SUB_RI, DK_AND_RI, DK_CMP_RI, DK_ALU_RM, DK_ALU_MR, DK_ALU_MI, DK_ALU8_RR, DK_ALU8_RI, DK_ALU8_RM, DK_ALU8_MR, DK_ALU8_MI, DK_TEST_RR, DK_TEST_RI, DK_TEST_MR, DK_TEST_MI, DK_TEST8_RR, DK_TEST8_RI, DK_TEST8_MI, DK_INC_R, DK_DEC_R, DK_MOV_RR, DK_MOV_RM, DK_MOV_MR, DK_MOV_RI, DK_MOV_MI, DK_MOV8_RR, DK_MOV8_RM, DK_MOV8_MR, DK_MOV8_RI, DK_MOV8_MI, DK_LEA, DK_MOVZX8_R, DK_MOVZX8_M, DK_MOVZX16_R, DK_MOVZX16_M, DK_MOVSX8_R, DK_MOVSX8_M, DK_MOVSX16_R, DK_MOVSX16_M, DK_PUSH_R, DK_POP_R, DK_PUSH_I, DK_PUSH_M, DK_CALL, DK_CALL_R, DK_CALL_M, DK_RET, DK_RET_I, DK_JMP, DK_JMP_R, DK_JMP_M, DK_JCC, DK_LEAVE, DK_SETCC_R, DK_SETCC_M, DK_CMOV_RR, DK_CMOV_RM, DK_SHIFT_RI, DK_SHIFT_RC, DK_NOT_R, DK_NEG_R, DK_MULDIV_R, DK_IMUL_RR, DK_IMUL_RM, DK_IMUL_RRI, DK_IMUL_RMI, DK_INCDEC_M, DK_CWDE, DK_CDQ, DK_NOP, DK_SHIFT8_RI, DK_MULDIV_M, DK_LOOP, DK_LODS, DK_STOS, DK_SHIFT_M, DK_X87, DK_FWAIT, DK_FADD, DK_FMUL, DK_FDIV, DK_FADD_M32, DK_FMUL_M32, DK_FDIV_M32, DK_FADD_M64, DK_FMUL_M64, DK_FDIV_M64, DK_FLD_M32, DK_FLD_M64, DK_FST_M32, DK_FST_M64, DK_FLD_ST, DK_FXCH, DK_FST_ST, DK_FUNARY } from "./cpu/dcache";
export { checkBits as eccCheckBits, eccDecode, eccEncodeRange, eccCheckRange, dataColumn as eccDataColumn } from "./memory/ecc";

/**
 * Configure C chassis x K cores with memStride bytes of memory each, growing
 * linear memory to fit, and reset every replica. Returns 0, or an error code:
 * 1 bad topology, 2 memory could not grow, 3 static data overlaps the layout.
 */
export function configure(chassis: u32, cores: u32, memStride: u32): u32 {
  if (chassis < 1 || chassis > MAX_CHASSIS || cores < 1 || cores > MAX_CORES) return 1;
  if (__heap_base > LAYOUT_BASE) return 3;
  // Chassis memories, then one check byte per 8-byte word of each, then the
  // decoded-instruction cache's code-frame map and one cache per chassis
  // (scratch outside the state a snapshot copies).
  const checkEnd: u64 = <u64>CHASSIS_MEM_BASE + <u64>chassis * <u64>memStride + <u64>chassis * <u64>(memStride >> 3);
  const codeMap: u64 = (checkEnd + 63) & ~<u64>63;
  const cacheBase: u64 = (codeMap + <u64>(memStride >> 12) + 63) & ~<u64>63;
  // Then the compiled-block table and its frame versions (asm/translate/).
  const blockBase: u64 = (cacheBase + <u64>chassis * <u64>DC_BYTES + 63) & ~<u64>63;
  const end: u64 = blockBase + <u64>translationBytes(memStride);
  if (end > 0xffff0000) return 2;
  const neededPages = <i32>((end + 0xffff) >> 16);
  const have = memory.size();
  if (neededPages > have && memory.grow(neededPages - have) < 0) return 2;
  // What lies past the old size was just grown, and is zero: filling it would only touch every page of it
  // (tens of megabytes a machine, most never used: the decoded caches, the compiled-block table).
  const fresh: u64 = <u64>have << 16;
  zeroBelow(LAYOUT_BASE, CHASSIS_MEM_BASE, fresh);
  store<u32>(CONTROL_BASE + C_CHASSIS_COUNT, chassis);
  store<u32>(CONTROL_BASE + C_CORES_PER_CHASSIS, cores);
  store<u32>(CONTROL_BASE + C_REPLICA_COUNT, chassis * cores);
  store<u32>(CONTROL_BASE + C_ONLINE_MASK, (<u32>1 << (chassis * cores)) - 1);
  store<u32>(CONTROL_BASE + C_MEM_STRIDE, memStride);
  store<u32>(CONTROL_BASE + C_MEM_BASE, CHASSIS_MEM_BASE);
  store<u32>(CONTROL_BASE + C_CHECK_BASE, CHASSIS_MEM_BASE + chassis * memStride);
  resetDescriptorTables();
  placeCache(<u32>cacheBase, <u32>codeMap, chassis);
  zeroBelow(codeMap, end, fresh);
  placeTranslation(<u32>blockBase, memStride);
  for (let n: u32 = 0; n < chassis * cores; n++) resetReplica(n);
  flushFetch();
  return 0;
}

/** Zero [from, to) below fresh, where memory may hold an earlier configuration's bytes. */
function zeroBelow(from: u64, to: u64, fresh: u64): void {
  const stop = to < fresh ? to : fresh;
  if (from < stop) memory.fill(<u32>from, 0, <u32>(stop - from));
}

/** Power-on state of replica n: EFLAGS 0x202, Linux user selectors, the FPU after fninit, nothing stuck. */
export function resetReplica(n: u32): void {
  const base = REPLICA_BASE + n * REPLICA_SIZE;
  memory.fill(base, 0, REPLICA_SIZE);
  store<u32>(base + R_EFLAGS, 0x202);
  // es cs ss ds fs gs as Linux sets them for an i386 process.
  selectState(base, STORELOG_BASE + n * STORELOG_SIZE, 0, 0);
  resetSegments();
  for (let s: u32 = 0; s < STUCK_SLOTS; s++) store<u32>(base + R_STUCK + s * 8, 0xffffffff);
  fninit(base + R_FPU); // as Linux starts a process
  flushFetch();
}

/**
 * Load segment register seg (0-5: es cs ss ds fs gs) of replica n with a
 * selector, with the checks the CPU makes (sigreturn restoring a context; CS
 * as a return to the replica's EIP). Returns 0 when it loaded, else the stop
 * reason << 16 | the error code of the fault (#GP, #NP, #SS).
 */
export function loadSegmentRegister(n: u32, seg: u32, selector: u32): u32 {
  useReplica(n);
  clearFault();
  if (seg == SEG_CS) {
    if (checkCodeTarget(selector, load<u32>(R + R_EIP), true)) enterCode(selector);
  } else {
    loadDataSegment(seg, selector);
  }
  const result = FAULT == 0 ? 0 : (FAULT << 16) | (FAULT_ADDR & 0xffff);
  clearFault();
  return result;
}

/** Fold replica n's lazy flags into its EFLAGS word (before the host reads or flips it). */
export function materializeFlags(n: u32): u32 {
  useReplica(n);
  return foldFlags();
}

// ---- Signal frames (src/linux/signal-delivery.ts) ----------------------------
// The kernel saves the x87 state into a signal frame as fnsave would and
// restores it on sigreturn as frstor: the same images, made by the same code.

/** A scratch area the host fills or reads: one fnsave image (108 bytes). */
export const FPU_IMAGE: u32 = <u32>memory.data(FNSAVE_BYTES, 16);

/** fnsave of replica n's FPU into FPU_IMAGE (which also initialises that FPU, as a handler starts). */
export function saveFpuImage(n: u32): void {
  fnsave(REPLICA_BASE + n * REPLICA_SIZE + R_FPU, FPU_IMAGE, false);
}

/** frstor of FPU_IMAGE into replica n's FPU. */
export function loadFpuImage(n: u32): void {
  frstor(REPLICA_BASE + n * REPLICA_SIZE + R_FPU, FPU_IMAGE, false);
}

/** The page table or a chassis memory changed under the core: drop cached translations. */
export function flushTranslations(): void { flushFetch(); flushDecoded(); flushBlocks(); }

/**
 * The replicas' registers were replaced (a restore that changed neither the
 * page table, the ECC state, the segments nor the code): only the fetch
 * translation, kept per replica, is dropped; decoded and compiled code stay.
 */
export function flushFetchTranslation(): void { flushFetch(); }

export { C_ONLINE_MASK as ONLINE_MASK_OFFSET };
export { NOT_COMMON as FPU_NOT_COMMON } from "./fpu/round";
