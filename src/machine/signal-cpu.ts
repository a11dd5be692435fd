/**
 * The task's CPU as the Linux layer sees it when it delivers a signal or
 * returns from one (src/linux/kernel-types.ts SignalCpu): registers are read
 * from the reference replica and written to every replica, so all of them
 * enter the handler in the same state; the x87 state goes through the core's
 * own fnsave/frstor.
 */
import type { SignalCpu } from '../linux/kernel-types';
import type { UserRegisters } from '../linux/signal-frame';
import { replicaBase } from './registers';
import type { Machine } from './machine';

const GENERAL = ['eax', 'ebx', 'ecx', 'edx', 'esi', 'edi', 'ebp', 'esp', 'eip', 'eflags'] as const;
/** The selectors in the order the replica block holds them (and loadSegmentRegister numbers them). */
const SELECTORS = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'] as const;
const FNSAVE_SIZE = 108;

export function signalCpu(machine: Machine): SignalCpu {
  const core = machine.core;
  const replicas = () => Array.from({ length: machine.replicaCount }, (_, n) => n);
  const selectorAt = (n: number, i: number) => core.dv.getUint16(replicaBase(core, n) + core.layout.R_SELECTORS + 2 * i, true);
  const exports = core.exports as unknown as {
    FPU_IMAGE: WebAssembly.Global | number;
    saveFpuImage(n: number): void;
    loadFpuImage(n: number): void;
    loadSegmentRegister(n: number, seg: number, selector: number): number;
  };
  const image = () => {
    const at = exports.FPU_IMAGE;
    return typeof at === 'number' ? at : Number(at.value);
  };
  return {
    registers(): UserRegisters {
      const regs = {} as UserRegisters;
      for (const name of GENERAL) regs[name] = machine.getRegister(name);
      const reference = machine.referenceReplica;
      SELECTORS.forEach((name, i) => { regs[name] = selectorAt(reference, i); });
      return regs;
    },
    setRegisters(regs: Partial<UserRegisters>): boolean {
      // Selectors first: one that cannot be loaded leaves everything as it was.
      const reference = machine.referenceReplica;
      const changed = SELECTORS.map((name, i) => [i, regs[name]] as const)
        .filter(([i, value]) => value !== undefined && value !== selectorAt(reference, i));
      for (const [i, value] of changed) {
        for (const n of replicas()) {
          if (exports.loadSegmentRegister(n, i, value!) !== 0) return false; // the load would fault
        }
      }
      for (const name of GENERAL) {
        const value = regs[name];
        if (value !== undefined) machine.setRegister(name, value >>> 0);
      }
      return true;
    },
    saveFpu(): Uint8Array {
      const reference = machine.referenceReplica;
      exports.saveFpuImage(reference);
      const saved = core.u8.slice(image(), image() + FNSAVE_SIZE);
      for (const n of replicas()) if (n !== reference) exports.saveFpuImage(n);
      return saved;
    },
    restoreFpu(saved: Uint8Array | null): void {
      for (const n of replicas()) {
        if (saved) {
          core.u8.set(saved, image());
          exports.loadFpuImage(n);
        } else {
          // Initialise: fnsave's side effect is fninit.
          exports.saveFpuImage(n);
        }
      }
    },
  };
}
