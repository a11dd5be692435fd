// Instructions that read descriptors or load segment registers from memory:
// lar lsl (0F 02/03), verr verw (0F 00 /4 /5), arpl (63), and the far
// pointer loads lds les (C5 C4), lss lfs lgs (0F B2 B4 B5).
import { getReg16 } from "./state";
import { MOD, REG, EA, decodeModrm, readE, writeE, writeG, checkEA, START } from "./decode";
import { materializeFlags, putFlags, ZF } from "./flags";
import { accessRights, segmentLimit, verifySegment, loadDataSegment, REFUSED } from "./segments";
import { load16, loadSized, raise, FAULT } from "../memory/mmu";
import { STOP_ILLEGAL } from "../layout";

@inline function setZF(on: bool): void {
  const f = materializeFlags();
  putFlags(on ? f | ZF : f & ~ZF);
}

/** lar Gv,Ew (rights = true) / lsl Gv,Ew: ZF set and Gv written when the descriptor is visible. */
export function loadDescriptorField(rights: bool, osz: u32): void {
  decodeModrm();
  const selector = readE(16);
  if (FAULT) return;
  const v = rights ? accessRights(selector) : segmentLimit(selector);
  if (v == REFUSED) { setZF(false); return; }
  writeG(<u32>v, osz);
  setZF(true);
}

/** 0F 00 /4 verr Ew, /5 verw Ew. */
export function verify(write: bool): void {
  const selector = readE(16);
  if (FAULT) return;
  setZF(verifySegment(selector, write));
}

/** arpl Ew,Gw: raise the destination selector's RPL to the source's; ZF says whether it did. */
export function adjustRpl(): void {
  decodeModrm();
  const dest = readE(16);
  if (FAULT) return;
  const rpl = getReg16(REG) & 3;
  if ((dest & 3) < rpl) {
    writeE((dest & 0xfffc) | rpl, 16);
    if (!FAULT) setZF(true);
  } else {
    setZF(false);
  }
}

/** lds/les/lss/lfs/lgs Gv,Mp: offset then selector from memory; the segment is loaded before Gv. */
export function loadFarPointer(seg: u32, osz: u32): void {
  decodeModrm();
  if (MOD == 3) { raise(STOP_ILLEGAL, START); return; }
  const bytes = osz >> 3;
  if (!checkEA(bytes + 2, false)) return;
  const offset = loadSized(EA, osz);
  const selector = load16(EA + bytes);
  if (FAULT || !loadDataSegment(seg, selector)) return;
  writeG(offset, osz);
}
