// The x87 environment and the whole state as memory images: fnstenv/fldenv
// (14 bytes with a 16-bit operand size, 28 with 32) and fnsave/frstor (the
// environment, then ST(0)..ST(7) as 10-byte values: 94 or 108 bytes), in the
// protected-mode layouts. Recorded on the CPU (test/oracle src/x87_env.c):
// - the unused high halves of the 32-bit image's CW, SW, TW and FDS words read
//   0xffff;
// - FCS and FDS read 0 (the CPU deprecates them), FOP and FDP hold what the
//   block keeps (asm/cpu/x87.ts: FIP always, FOP/FDP only for an instruction
//   that left an unmasked exception, as a CPU with FDP_EXCPTN_ONLY does);
// - the tag word is the full one, derived from the registers' contents; a
//   loaded one only says empty (11) or not;
// - ES and B are derived: a loaded status word gets them from its flags and
//   the loaded control word; fnstenv masks every exception, which clears them.
import { F_CW, F_VALID, F_FOP, F_FIP, F_FDP, F_REGS, getCW, getSW, setSW, getTop, fullTagWord, fninit } from "./state";
import { ES, BUSY } from "./float80";

/** Bytes of the environment image. */
@inline export function envBytes(size16: bool): u32 { return size16 ? 14 : 28; }
/** Bytes of the fnsave image. */
@inline export function saveBytes(size16: bool): u32 { return envBytes(size16) + 80; }

function writeEnv(st: u32, mem: u32, size16: bool): void {
  const cw = getCW(st), sw = getSW(st), tw = fullTagWord(st);
  const fip = load<u32>(st + F_FIP), fdp = load<u32>(st + F_FDP), fop = <u32>load<u16>(st + F_FOP);
  if (size16) {
    store<u16>(mem, <u16>cw);
    store<u16>(mem + 2, <u16>sw);
    store<u16>(mem + 4, <u16>tw);
    store<u16>(mem + 6, <u16>fip);
    store<u16>(mem + 8, 0);
    store<u16>(mem + 10, <u16>fdp);
    store<u16>(mem + 12, 0);
    return;
  }
  store<u32>(mem, cw | 0xffff0000);
  store<u32>(mem + 4, sw | 0xffff0000);
  store<u32>(mem + 8, tw | 0xffff0000);
  store<u32>(mem + 12, fip);
  store<u32>(mem + 16, (fop & 0x7ff) << 16);
  store<u32>(mem + 20, fdp);
  store<u32>(mem + 24, 0xffff0000);
}

function readEnv(st: u32, mem: u32, size16: bool): void {
  const cw = <u32>load<u16>(mem) | 0x40; // as fldcw keeps it (execute.ts)
  let sw = <u32>load<u16>(mem + (size16 ? 2 : 4));
  const tw = <u32>load<u16>(mem + (size16 ? 4 : 8));
  store<u16>(st + F_CW, <u16>cw);
  if ((sw & ~cw & 0x3f) != 0) sw |= ES | BUSY; else sw &= ~(ES | BUSY);
  setSW(st, sw);
  let valid: u32 = 0;
  for (let p: u32 = 0; p < 8; p++) if (((tw >> (p << 1)) & 3) != 3) valid |= <u32>1 << p;
  store<u8>(st + F_VALID, <u8>valid);
  if (size16) {
    store<u32>(st + F_FIP, <u32>load<u16>(mem + 6));
    store<u32>(st + F_FDP, <u32>load<u16>(mem + 10));
    store<u16>(st + F_FOP, 0);
  } else {
    store<u32>(st + F_FIP, load<u32>(mem + 12));
    store<u32>(st + F_FDP, load<u32>(mem + 20));
    store<u16>(st + F_FOP, <u16>((load<u32>(mem + 16) >> 16) & 0x7ff));
  }
}

/** ST(0)..ST(7) as 10-byte values at image (stack order, by the current TOP): out to it, or in from it. */
function copyRegisters(st: u32, image: u32, out: bool): void {
  const top = getTop(st);
  for (let i: u32 = 0; i < 8; i++) {
    const reg = st + F_REGS + (((top + i) & 7) << 4);
    const at = image + i * 10;
    if (out) { store<u64>(at, load<u64>(reg)); store<u16>(at + 8, load<u16>(reg + 8)); }
    else { store<u64>(reg, load<u64>(at)); store<u16>(reg + 8, load<u16>(at + 8)); }
  }
}

/** fnstenv: store the environment at mem, then mask every exception. Returns the bytes stored. */
export function fnstenv(st: u32, mem: u32, size16: bool): u32 {
  writeEnv(st, mem, size16);
  store<u16>(st + F_CW, <u16>(getCW(st) | 0x3f));
  setSW(st, getSW(st) & ~(ES | BUSY));
  return envBytes(size16);
}

/** fldenv: load the environment from mem. */
export function fldenv(st: u32, mem: u32, size16: bool): void { readEnv(st, mem, size16); }

/** fnsave: store the environment and ST(0)..ST(7), then fninit. Returns the bytes stored. */
export function fnsave(st: u32, mem: u32, size16: bool): u32 {
  writeEnv(st, mem, size16);
  copyRegisters(st, mem + envBytes(size16), true);
  fninit(st);
  return saveBytes(size16);
}

/** frstor: load the environment and ST(0)..ST(7) (placed by the loaded TOP) from mem. */
export function frstor(st: u32, mem: u32, size16: bool): void {
  readEnv(st, mem, size16);
  copyRegisters(st, mem + envBytes(size16), false);
}
