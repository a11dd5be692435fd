/**
 * The machine façade, ftvm's embeddable API: create a machine with a topology,
 * load a program, run it with limits, read registers, memory, events and
 * statistics. Everything per-cycle happens in the core; this class handles
 * what the core stops for — system calls, guest faults, divergences — and the
 * fault-tolerance policy.
 */
import { Core, DEFAULT_HOT_COUNT } from '../core/core';
import { createHash } from 'node:crypto';
import { PhysicalMemory, MemoryDisagreement, MachineCheck, sameBytes } from './physical-memory';
import { forEachUnheldRun, HELD_PAGE_BYTES, type ChassisDevice, type DeviceEvidence, type HeldPages } from './device';
import { resolveTopology, DEFAULT_TOPOLOGY, type Topology, type TopologyName } from './topology';
import { NARROW_REGISTERS, WIDE_REGISTERS, registerBits, registerOffset, registerSlot, registerWordOffset, replicaBase, type NarrowRegisterName, type RegisterName, type Registers } from './registers';
import { EventRecord, type MachineEvent, type EventListener } from './events';
import { signalOutcome, signalName, signalDescription, stoppedOutcome, hex, type RunOutcome } from './outcome';
import { decide, type Verdict } from '../lockstep/policy';
import { EccMemory, type EccOptions } from '../ecc/ecc-memory';
import type { GuestMemory } from './guest-memory';
import type { SegmentDescriptor } from '../linux/descriptors';
import type { UserFault } from '../linux/signal-delivery';
import { userFault, singleStepFault, type GuestFaultReport } from './user-faults';

/** EFLAGS.TF: the CPU traps after each instruction that starts with it set. */
const TF = 0x100;


export interface MachineOptions {
  /** A preset name or C x K; default pair-spare. */
  readonly topology?: TopologyName | string | { chassis: number; cores: number };
  /** Memory per chassis in MiB (default 256). */
  readonly memoryMiB?: number;
  /** ECC DIMMs (default: fast mode, 4 DIMMs per chassis). */
  readonly ecc?: EccOptions;
  /**
   * Let the second core of a chassis copy its twin's cycle once the pair has
   * passed the comparator on the fast path, instead of executing it. Results
   * are identical under the current fault model (faults arrive between
   * cycles); off by default, so every online core executes every cycle.
   */
  readonly twinShortcut?: boolean;
  /**
   * Compile hot guest blocks to WebAssembly (src/translate/) when one replica
   * runs alone; the interpreter stays the reference and runs everything else.
   * Off by default while the translator is young.
   */
  readonly translate?: boolean;
  /**
   * With translate: a block is compiled when it starts its hotCount-th step
   * (default 64; 1 compiles every block at once). A count no run reaches
   * keeps the translating run loop and compiles nothing: the bench's
   * lead-in warms that loop so.
   */
  readonly hotCount?: number;
}

/** MachineOptions.hotCount, or the default; a count out of range is refused. */
export function checkedHotCount(hotCount = DEFAULT_HOT_COUNT): number {
  if (!Number.isInteger(hotCount) || hotCount < 1 || hotCount > 0xffffffff) {
    throw new RangeError(`hot count must be 1-4294967295 (got ${hotCount})`);
  }
  return hotCount;
}

export interface RunLimits {
  /** Stop with outcome `limit` once this many cycles have run in total. */
  readonly maxCycles?: bigint | number;
}

/**
 * What the process does next after the machine handed it a system call, a
 * fault or a timer: put a value in EAX, resume with the registers it set
 * (a signal handler's entry, sigreturn), end with an exit status, or wait for
 * a signal that cannot come (the machine stops rather than hang).
 */
export type ProcessOutcome =
  | { readonly kind: 'return'; readonly value: number }
  | { readonly kind: 'resume' }
  | { readonly kind: 'exit'; readonly status: number; readonly signal?: number }
  | { readonly kind: 'blocked'; readonly reason: string };

/** Handles `int 0x80` and, when it can, the signals the CPU and the timers raise. */
export interface SyscallHandler {
  syscall(machine: Machine): ProcessOutcome;
  /** A fault in user mode: 'kills' leaves the machine to end the process with its own report. */
  fault?(machine: Machine, fault: UserFault): 'kills' | ProcessOutcome;
  /** The next cycle at which a timer needs timerDue (the machine runs no further before). */
  nextTimerCycle?(cycle: bigint): bigint | undefined;
  timerDue?(machine: Machine): ProcessOutcome;
  /** Its own state for a snapshot (plain, structured-cloneable data). */
  save?(): unknown;
  restore?(state: unknown): void;
}

/**
 * The whole machine at one cycle, as plain data (structured-cloneable, so it
 * can cross to a worker thread): the core's state block (replicas, page table,
 * frame flags) in one copy, each device's own slot, the kernel's state and the
 * machine's bookkeeping.
 */
export interface MachineSnapshot {
  readonly topology: { chassis: number; cores: number };
  readonly memoryBytesPerChassis: number;
  readonly cycle: bigint;
  readonly state: Uint8Array;
  /** By device name: its save(), or with `frames` its copyOut of those frames for each chassis. */
  readonly devices: Readonly<Record<string, unknown>>;
  readonly online: number[];
  readonly events: MachineEvent[];
  /** The system-call handler's (the kernel's) state. */
  readonly handler: unknown;
  /** Set when the snapshot holds only these frames of each device (a resync's last copy). */
  readonly frames?: readonly number[];
}

// Large slices keep host round trips rare; the core returns early on any event.
const SLICE = 1 << 26;

export class Machine {
  readonly core: Core;
  readonly topology: Topology;
  readonly memory: PhysicalMemory;
  private readonly onlineChassisSet: Set<number>;
  private readonly record = new EventRecord(() => this.cycle);
  syscallHandler: SyscallHandler | undefined;
  /** Evidence for the policy: chassis with a machine check since the last decision. */
  readonly suspectChassis = new Set<number>();
  private finished: RunOutcome | undefined;
  /** TF may be set: the loop runs one cycle at a time and traps after each that started with it. */
  private singleStepping = false;
  /**
   * Whether another chassis carries on without c. A chassis on a worker
   * thread, alone in its Machine, is told by its coordinator.
   */
  othersCarryOn: (chassis: number) => boolean = (chassis) => this.onlineChassis.some((c) => c !== chassis);
  private readonly attached: ChassisDevice[];

  constructor(options: MachineOptions = {}) {
    this.topology = resolveTopology(options.topology ?? DEFAULT_TOPOLOGY);
    const memoryMiB = options.memoryMiB ?? 256;
    if (!Number.isInteger(memoryMiB) || memoryMiB < 1 || memoryMiB > 1024) {
      throw new RangeError(`memory per chassis must be 1-1024 MiB (got ${memoryMiB})`);
    }
    this.core = new Core();
    this.core.configure(this.topology.chassis, this.topology.cores, memoryMiB * 1024 * 1024);
    this.memory = new PhysicalMemory(this.core, this.topology.chassis, memoryMiB * 1024 * 1024);
    this.onlineChassisSet = new Set(this.memory.onlineChassis);
    this.ecc = new EccMemory(this.core, this.memory, this.evidence(), options.ecc);
    this.attached = [this.memory, this.ecc];
    const { CONTROL_BASE, C_TWIN_SHORTCUT } = this.core.layout;
    this.core.setU32(CONTROL_BASE + C_TWIN_SHORTCUT, options.twinShortcut ? 1 : 0);
    this.core.setTranslation(options.translate ?? false, checkedHotCount(options.hotCount));
  }

  /** The memory system: ECC, DIMM counters, the patrol scrubber. */
  readonly ecc: EccMemory;

  /** What devices report reaches the policy here: the machine, not the device, decides. */
  private evidence(): DeviceEvidence {
    const machine = this;
    return {
      report: (event) => this.emit(event),
      suspect: (chassis) => this.suspectChassis.add(chassis),
      failed: (chassis, reason, detail, lastWords) => {
        if (!this.takeOffline(chassis, reason, detail)) this.stop(lastWords);
      },
      isOnline: (chassis) => this.isOnline(chassis),
      othersCarryOn: (chassis) => this.othersCarryOn(chassis),
      get ended() { return machine.finished !== undefined; },
      get onlineChassis() { return machine.onlineChassis; },
    };
  }

  /** The devices every chassis holds, in the order snapshots and repairs visit them. */
  get devices(): readonly ChassisDevice[] { return this.attached; }

  /** Add a device beyond memory and ECC (a disk), before the program is loaded; it comes last in every visit. */
  attachDevice(device: ChassisDevice): void {
    if (this.attached.some((d) => d.name === device.name)) throw new Error(`this machine has a ${device.name} device already`);
    this.attached.push(device);
  }

  /** The device that takes faults aimed at `target`. */
  deviceFor(target: string): ChassisDevice | undefined {
    return this.devices.find((d) => (d.faultTargets as readonly string[]).includes(target));
  }

  // ---- State --------------------------------------------------------------

  get cycle(): bigint { return this.core.u64(this.core.layout.CONTROL_BASE + this.core.layout.C_CYCLE); }
  get guestMemory(): GuestMemory { return this.memory; }
  get replicaCount(): number { return this.topology.chassis * this.topology.cores; }
  get onlineChassis(): number[] { return [...this.onlineChassisSet].sort((a, b) => a - b); }
  get outcome(): RunOutcome | undefined { return this.finished; }

  replicaOf(chassis: number, core: number): number { return chassis * this.topology.cores + core; }
  isOnline(chassis: number): boolean { return this.onlineChassisSet.has(chassis); }

  /** The replica every other one is compared with: the first core of the first online chassis. */
  get referenceReplica(): number {
    const first = this.onlineChassis[0];
    return first === undefined ? 0 : this.replicaOf(first, 0);
  }

  /** Fold lazy flags in every replica at once, so reading them never makes replicas differ. */
  private materializeFlags(): void {
    for (let n = 0; n < this.replicaCount; n++) this.core.exports.materializeFlags(n);
  }

  registers(replica = this.referenceReplica): Registers {
    this.materializeFlags();
    const base = replicaBase(this.core, replica);
    const regs = {} as Record<string, number>;
    for (const name of NARROW_REGISTERS) regs[name] = this.narrow(base, name);
    const wide = regs as unknown as Record<string, bigint>;
    for (const name of WIDE_REGISTERS) {
      const at = base + registerOffset(name);
      wide[name] = (BigInt(this.core.dv.getUint16(at + 8, true)) << 64n) | this.core.dv.getBigUint64(at, true);
    }
    // The bases in the descriptor caches of FS and GS (segments 4 and 5).
    regs.fsBase = this.core.u32(base + this.core.layout.R_SEG_BASE + 16);
    regs.gsBase = this.core.u32(base + this.core.layout.R_SEG_BASE + 20);
    return regs as Registers;
  }

  /** A register of 32 bits or fewer (the x87 control, status and tag words are 16 and 8). */
  private narrow(base: number, name: NarrowRegisterName): number {
    const at = base + registerOffset(name);
    const bits = registerBits(name);
    return bits === 32 ? this.core.u32(at) : bits === 16 ? this.core.dv.getUint16(at, true) : this.core.dv.getUint8(at);
  }

  getRegister(name: NarrowRegisterName, replica = this.referenceReplica): number {
    if (name === 'eflags') this.materializeFlags();
    return this.narrow(replicaBase(this.core, replica), name);
  }

  /** Set a 32-bit register in one replica (fault injection) or, with replica 'all', in every one. */
  setRegister(name: NarrowRegisterName, value: number, replica: number | 'all' = 'all'): void {
    if (registerBits(name) !== 32) throw new Error(`setRegister: ${name} is not a 32-bit register`);
    if (name === 'eflags') this.materializeFlags();
    const targets = replica === 'all' ? [...Array(this.replicaCount).keys()] : [replica];
    for (const n of targets) this.core.setU32(replicaBase(this.core, n) + registerOffset(name), value);
  }

  /** One bit of a register in one replica (any width). */
  registerBit(replica: number, name: RegisterName, bit: number): 0 | 1 {
    if (name === 'eflags') this.materializeFlags();
    return ((this.core.u32(replicaBase(this.core, replica) + registerWordOffset(name, bit)) >>> (bit & 31)) & 1) as 0 | 1;
  }

  /** Flip one bit of a register in one replica (a transient fault). */
  flipRegisterBit(replica: number, name: RegisterName, bit: number): void {
    if (name === 'eflags') this.materializeFlags();
    const at = replicaBase(this.core, replica) + registerWordOffset(name, bit);
    this.core.setU32(at, this.core.u32(at) ^ (1 << (bit & 31)));
  }

  /** Make a register bit stuck at 0 or 1 in one replica: the core re-asserts it after every cycle. */
  setStuckBit(replica: number, name: RegisterName, bit: number, value: 0 | 1): void {
    const { R_STUCK, R_STUCK_ACTIVE } = this.core.layout;
    const base = replicaBase(this.core, replica);
    const slot = base + R_STUCK + registerSlot(name, bit) * 8;
    const mask = 1 << (bit & 31);
    if (value === 0) this.core.setU32(slot, this.core.u32(slot) & ~mask);
    else this.core.setU32(slot + 4, this.core.u32(slot + 4) | mask);
    this.core.setU32(base + R_STUCK_ACTIVE, 1);
    // The stuck value holds from now on, not only after the next cycle.
    if (name === 'eflags') this.materializeFlags();
    const at = base + registerWordOffset(name, bit);
    const current = this.core.u32(at);
    this.core.setU32(at, value === 0 ? current & ~mask : current | mask);
  }

  /** Copy one replica's whole state block over another's (resync), leaving the target with nothing stuck. */
  copyReplicaState(from: number, to: number): void {
    if (from === to) return;
    const { REPLICA_SIZE, STORELOG_BASE, STORELOG_SIZE } = this.core.layout;
    const src = replicaBase(this.core, from);
    this.core.u8.copyWithin(replicaBase(this.core, to), src, src + REPLICA_SIZE);
    const log = STORELOG_BASE + from * STORELOG_SIZE;
    this.core.u8.copyWithin(STORELOG_BASE + to * STORELOG_SIZE, log, log + STORELOG_SIZE);
    this.clearStuckBits(to);
    // The fetch cache inside the block points into the source chassis' memory.
    this.core.exports.flushTranslations();
  }

  /** Clear every stuck bit of a replica (its part was replaced during a repair). */
  clearStuckBits(replica: number): void {
    const { R_STUCK, R_STUCK_ACTIVE, STUCK_SLOTS } = this.core.layout;
    const base = replicaBase(this.core, replica);
    for (let s = 0; s < STUCK_SLOTS; s++) {
      this.core.setU32(base + R_STUCK + s * 8, 0xffffffff);
      this.core.setU32(base + R_STUCK + s * 8 + 4, 0);
    }
    this.core.setU32(base + R_STUCK_ACTIVE, 0);
  }

  /**
   * Write a raw 8-byte descriptor into the GDT (set_thread_area) or the LDT
   * (modify_ldt): a later segment load picks it up, as on the CPU. Writing an
   * LDT entry past the table's end grows the table to it.
   */
  setSegmentDescriptor(table: 'gdt' | 'ldt', entry: number, descriptor: SegmentDescriptor): void {
    const { CONTROL_BASE, C_GDT, GDT_ENTRIES, LDT_BASE, LDT_MAX_ENTRIES, C_LDT_ENTRIES } = this.core.layout;
    const entries = table === 'gdt' ? GDT_ENTRIES : LDT_MAX_ENTRIES;
    if (!Number.isInteger(entry) || entry < 0 || entry >= entries) throw new RangeError(`descriptor ${entry} outside the ${table.toUpperCase()}`);
    const at = (table === 'gdt' ? CONTROL_BASE + C_GDT : LDT_BASE) + entry * 8;
    this.core.setU32(at, descriptor.low);
    this.core.setU32(at + 4, descriptor.high);
    if (table === 'ldt' && entry >= this.core.u32(CONTROL_BASE + C_LDT_ENTRIES)) this.core.setU32(CONTROL_BASE + C_LDT_ENTRIES, entry + 1);
  }

  // ---- Events -------------------------------------------------------------

  get events(): MachineEvent[] { return this.record.list; }
  onEvent(listener: EventListener): () => void { return this.record.onEvent(listener); }
  emit(event: Omit<MachineEvent, 'cycle'> & { cycle?: number }): void { this.record.emit(event); }

  // ---- Chassis ------------------------------------------------------------

  private syncOnlineMask(): void {
    let mask = 0;
    for (const c of this.onlineChassisSet) for (let k = 0; k < this.topology.cores; k++) mask |= 1 << this.replicaOf(c, k);
    const { CONTROL_BASE, C_ONLINE_MASK } = this.core.layout;
    this.core.setU32(CONTROL_BASE + C_ONLINE_MASK, mask);
    this.memory.onlineChassis = this.onlineChassis;
  }

  /** Take a chassis offline. Returns false if it was the last one (the machine must stop). */
  takeOffline(chassis: number, reason: string, detail: Record<string, unknown> = {}): boolean {
    if (!this.onlineChassisSet.delete(chassis)) return this.onlineChassisSet.size > 0;
    this.syncOnlineMask();
    this.emit({ type: 'chassis-offline', chassis, reason, ...detail });
    return this.onlineChassisSet.size > 0;
  }

  /** Bring a resynchronised chassis back into lockstep. */
  bringOnline(chassis: number): void {
    this.onlineChassisSet.add(chassis);
    this.syncOnlineMask();
  }

  /** Stop the machine: a detected error it cannot recover from. */
  stop(reason: string): RunOutcome {
    this.emit({ type: 'stop', reason });
    this.finished = stoppedOutcome(reason, this.cycle);
    return this.finished;
  }

  // ---- Snapshots ----------------------------------------------------------

  /**
   * The whole machine; with `frames`, only those frames of each chassis'
   * devices. borrow: the state block and memory are views of the machine's
   * own, valid until it runs or changes again (the campaign's paged
   * snapshots copy what they keep at once).
   */
  snapshot(frames?: readonly number[], borrow = false): MachineSnapshot {
    const { LAYOUT_BASE, CHASSIS_MEM_BASE } = this.core.layout;
    const chassis = Array.from({ length: this.topology.chassis }, (_, c) => c);
    const devices: Record<string, unknown> = {};
    for (const d of this.devices) devices[d.name] = frames ? chassis.map((c) => d.copyOut(c, frames)) : d.save(borrow);
    return {
      topology: { chassis: this.topology.chassis, cores: this.topology.cores },
      memoryBytesPerChassis: this.memory.bytesPerChassis,
      cycle: this.cycle,
      state: borrow ? this.core.u8.subarray(LAYOUT_BASE, CHASSIS_MEM_BASE) : this.core.u8.slice(LAYOUT_BASE, CHASSIS_MEM_BASE),
      devices,
      online: this.onlineChassis,
      events: this.events.map((e) => ({ ...e })),
      handler: this.syscallHandler?.save?.(),
      ...(frames ? { frames: [...frames] } : {}),
    };
  }

  /** Where chassis c's ECC check bytes start in linear memory. */
  checkBytesAddress(chassis: number): number {
    const { CONTROL_BASE, C_CHECK_BASE } = this.core.layout;
    return this.core.u32(CONTROL_BASE + C_CHECK_BASE) + chassis * (this.memory.bytesPerChassis / 8);
  }

  /**
   * Put this machine (same topology and memory size) in a snapshot's state.
   * `held`: the pages of the snapshot's byte arrays the machine holds already
   * (keys 'state' and 'devices/NAME/KEY', device.ts), which are not written.
   */
  restore(snap: MachineSnapshot, held?: HeldPages): void {
    if (snap.topology.chassis !== this.topology.chassis || snap.topology.cores !== this.topology.cores || snap.memoryBytesPerChassis !== this.memory.bytesPerChassis) {
      throw new Error('snapshot is of a machine with another topology or memory size');
    }
    const { LAYOUT_BASE, CONTROL_BASE, C_TRANSLATE, C_TWIN_SHORTCUT } = this.core.layout;
    const keepCode = held !== undefined && this.sameCodeView(snap.state, held('state'));
    // How this machine runs (its options) is not state: a snapshot from another engine must not switch it.
    const engine = [C_TRANSLATE, C_TWIN_SHORTCUT].map((k) => [CONTROL_BASE + k, this.core.u32(CONTROL_BASE + k)] as const);
    forEachUnheldRun(snap.state.length, held?.('state'), (from, to) => this.core.u8.set(snap.state.subarray(from, to), LAYOUT_BASE + from));
    for (const [at, value] of engine) this.core.setU32(at, value);
    // Each device restores its own slot (the state block above holds the page table). A whole
    // snapshot restores the last device first, so the ECC sees how much memory was in use before
    // the memory device restores its allocator; frames go in device order, so the memory device
    // brings the allocator first and the ECC's page-table updates find the pages the frames have now.
    if (snap.frames) {
      for (const d of this.devices) (snap.devices[d.name] as unknown[]).forEach((copy, c) => d.copyIn(c, copy));
    } else {
      for (const d of [...this.devices].reverse()) d.restore(snap.devices[d.name], held && ((key) => held(`devices/${d.name}/${key}`)));
    }
    this.onlineChassisSet.clear();
    for (const c of snap.online) this.onlineChassisSet.add(c);
    this.memory.onlineChassis = this.onlineChassis;
    this.events.length = 0;
    this.events.push(...snap.events.map((e) => ({ ...e })));
    this.suspectChassis.clear();
    this.finished = undefined;
    // The restored EFLAGS may hold TF.
    this.singleStepping = this.trapFlag();
    if (snap.handler !== undefined) this.syscallHandler?.restore?.(snap.handler);
    // Frames written above dropped their own decoded and compiled code (PhysicalMemory.writePhysical).
    if (keepCode) this.core.exports.flushFetchTranslation();
    else this.core.exports.flushTranslations();
  }

  /**
   * Whether a restore to this state block (its pages `held` skipped) leaves
   * decoded instructions and compiled blocks valid: it changes none of what
   * they were made under (the page table, the frames' ECC flags, the GDT and
   * LDT, each replica's segment mode, the forced slow path).
   */
  private sameCodeView(state: Uint8Array, held: Uint8Array | undefined): boolean {
    const l = this.core.layout;
    const at = (address: number) => address - l.LAYOUT_BASE;
    const ranges: [number, number][] = [
      [at(l.PAGE_TABLE_BASE), at(l.PAGE_TABLE_BASE) + l.PAGE_TABLE_SIZE],
      [at(l.FRAME_FLAGS_BASE), at(l.FRAME_FLAGS_BASE) + l.FRAME_FLAGS_SIZE],
      [at(l.LDT_BASE), at(l.LDT_BASE) + l.LDT_SIZE],
      [at(l.CONTROL_BASE + l.C_GDT), at(l.CONTROL_BASE + l.C_GDT) + l.GDT_ENTRIES * 8],
      [at(l.CONTROL_BASE + l.C_LDT_ENTRIES), at(l.CONTROL_BASE + l.C_LDT_ENTRIES) + 4],
      [at(l.CONTROL_BASE + l.C_FORCE_SLOW), at(l.CONTROL_BASE + l.C_FORCE_SLOW) + 4],
      ...Array.from({ length: this.replicaCount }, (_, n): [number, number] => {
        const mode = at(replicaBase(this.core, n) + l.R_SEG_MODE);
        return [mode, mode + 4];
      }),
    ];
    const live = this.core.u8.subarray(l.LAYOUT_BASE, l.LAYOUT_BASE + state.length);
    for (const [from, to] of ranges) {
      for (let page = Math.floor(from / HELD_PAGE_BYTES); page * HELD_PAGE_BYTES < to; page++) {
        if (held?.[page]) continue;
        const a = Math.max(from, page * HELD_PAGE_BYTES);
        const b = Math.min(to, (page + 1) * HELD_PAGE_BYTES);
        if (Buffer.compare(live.subarray(a, b), state.subarray(a, b)) !== 0) return false;
      }
    }
    return true;
  }

  /** Chassis c's digest of each device (of the named ones only, if given), by device name: a resync is checked by them. */
  deviceDigests(chassis: number, names?: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.devices) {
      if (names && !names.includes(d.name)) continue;
      const hash = createHash('sha256');
      d.digest(chassis, hash);
      out[d.name] = hash.digest('hex').slice(0, 16);
    }
    return out;
  }

  // ---- Running ------------------------------------------------------------

  /**
   * Run until the program ends, the machine stops, or the cycle limit. A
   * `beforeCycle` hook runs whenever the machine reaches a cycle it asked for
   * (fault injection uses it); `nextStop` tells the loop the next such cycle.
   */
  run(limits: RunLimits = {}, callerHooks: RunHooks = {}): RunOutcome {
    if (this.finished) return this.finished;
    const limit = limits.maxCycles === undefined ? undefined : BigInt(limits.maxCycles);
    const { layout } = this.core;
    // The patrol scrubber is one more set of hooks, after the caller's.
    const hooks = combineHooks(callerHooks, this.ecc);
    for (;;) {
      hooks.atCycle!(this.cycle);
      if (this.finished) return this.finished;
      // Nothing can run: never spin on an empty machine.
      if (this.onlineChassisSet.size === 0) return this.stop('no chassis left online');
      const now = this.cycle;
      if (limit !== undefined && now >= limit) {
        return { kind: 'limit', status: 124, message: `cycle limit of ${limit} reached at eip ${hex(this.getRegister('eip'))}` };
      }
      let budget = BigInt(SLICE);
      if (limit !== undefined && limit - now < budget) budget = limit - now;
      const wake = hooks.nextCycle!(now);
      if (wake !== undefined && wake > now && wake - now < budget) budget = wake - now;
      // A timer due now is acted on at this cycle in every replica; one due later bounds the slice.
      const timer = this.syscallHandler?.nextTimerCycle?.(now);
      if (timer !== undefined && timer <= now) {
        const ended = this.processOutcome(this.syscallHandler!.timerDue!(this));
        if (ended) {
          this.finished ??= ended;
          return this.finished;
        }
        continue;
      }
      if (timer !== undefined && timer - now < budget) budget = timer - now;
      const stepping = this.singleStepping && (this.singleStepping = this.trapFlag());
      if (stepping) budget = 1n;
      let reason = this.core.exports.run(Number(budget));
      this.ecc.drain();
      this.commitChecks();
      if (this.finished) return this.finished;
      if (reason === layout.STOP_DIVERGENCE) {
        const resolved = this.resolveDivergence();
        this.commitChecks();
        if (resolved === undefined || this.finished) return this.finished!;
        reason = resolved;
      }
      const completed = reason === layout.STOP_NONE || reason === layout.STOP_ECC_EVENT || reason === layout.STOP_COMMIT_CHECK || reason === layout.STOP_TRAP_FLAG;
      if (stepping && completed) {
        const ended = this.deliverFault(singleStepFault(this.getRegister('eip')));
        if (ended) {
          this.finished ??= ended;
          return this.finished;
        }
        continue;
      }
      if (reason === layout.STOP_TRAP_FLAG) {
        this.singleStepping = true;
        continue;
      }
      if (completed) continue;
      const ended = this.handleStop(reason);
      if (ended) {
        this.finished = ended;
        return ended;
      }
    }
  }

  /** A chassis met an uncorrectable word while committing its agreed stores: a machine check for it. */
  private commitChecks(): void {
    const { CONTROL_BASE, C_COMMIT_CHECK, C_COMMIT_CHECK_ADDR } = this.core.layout;
    const flagged = this.core.u32(CONTROL_BASE + C_COMMIT_CHECK);
    if (flagged === 0) return;
    this.core.setU32(CONTROL_BASE + C_COMMIT_CHECK, 0);
    this.ecc.drain();
    this.ecc.machineCheck(flagged - 1, this.core.u32(CONTROL_BASE + C_COMMIT_CHECK_ADDR));
  }

  /** Apply the policy to a divergence; returns the status of the cycle that diverged, or undefined if stopped. */
  private resolveDivergence(): number | undefined {
    const { layout } = this.core;
    const mismatch = this.core.u32(layout.CONTROL_BASE + layout.C_MISMATCH_MASK);
    this.emit({ type: 'mismatch', replicas: maskToList(mismatch), reference: this.referenceReplica });
    // A machine check on a chassis is hardware evidence against it.
    for (const c of this.onlineChassis) {
      const status = this.core.u32(replicaBase(this.core, this.replicaOf(c, 0)) + layout.R_STATUS);
      if (status === layout.STOP_MACHINE_CHECK) this.suspectChassis.add(c);
    }
    const verdict = decide({
      coresPerChassis: this.topology.cores,
      onlineChassis: this.onlineChassis,
      agree: (a, b) => this.core.exports.replicasAgree(a, b) !== 0,
      suspectChassis: this.suspectChassis,
    });
    if (!this.applyVerdict(verdict)) return undefined;
    return this.core.exports.resolveDivergence();
  }

  private handleStop(reason: number): RunOutcome | undefined {
    const { layout } = this.core;
    const base = replicaBase(this.core, this.referenceReplica);
    const eip = this.core.u32(base + layout.R_EIP);
    const addr = this.core.u32(base + layout.R_STATUS_ADDR);
    if (reason === layout.STOP_SYSCALL) return this.handleSyscall();
    if (reason === layout.STOP_MACHINE_CHECK) {
      // Every online chassis met an uncorrectable error in the same cycle: nothing good is left.
      const chassis = this.onlineChassis[0];
      const dimm = this.ecc.dimms.dimmOf(addr);
      return this.stop(`machine check: uncorrectable memory error in chassis ${chassis}, DIMM ${dimm}, physical ${hex(addr)} (eip ${hex(eip)})`);
    }
    const info = this.core.u32(base + layout.R_STATUS_INFO);
    // The bytes are at CS's base plus EIP (CS has a base only when the program gave it one).
    const csBase = this.core.u32(base + layout.R_SEG_BASE + 4);
    const report = userFault(layout, this.memory, { reason, eip, addr, info, opcodeBytes: () => this.opcodeBytes((csBase + eip) >>> 0) });
    if (!report) throw new Error(`core stopped for unknown reason ${reason}`);
    return this.deliverFault(report);
  }

  /**
   * TF in the reference replica. TF is never lazy, so the EFLAGS word is read
   * as it is: folding the lazy flags here would make this chassis' state block
   * differ in form from one that did not (resync and checkpoints compare them).
   */
  private trapFlag(): boolean {
    return (this.core.u32(replicaBase(this.core, this.referenceReplica) + this.core.layout.R_EFLAGS) & TF) !== 0;
  }

  /** A fault in user mode: to the process' handler if it has one, else the end of the process with its report. */
  private deliverFault(report: GuestFaultReport): RunOutcome | undefined {
    const handled = this.syscallHandler?.fault?.(this, report.fault);
    if (handled === undefined || handled === 'kills') return this.guestSignal(report.signal, report.message);
    return this.processOutcome(handled);
  }

  /** Carry out what the process asked for; its end, if it ended. */
  private processOutcome(outcome: ProcessOutcome): RunOutcome | undefined {
    switch (outcome.kind) {
      case 'return':
        this.setRegister('eax', outcome.value >>> 0);
        return undefined;
      case 'resume':
        // A handler's entry clears TF, sigreturn may set it again.
        this.singleStepping = this.trapFlag();
        return undefined;
      case 'blocked':
        return this.stop(outcome.reason);
      case 'exit':
        // A signal's default action (kill, raise, abort, a timer) ends it as a signal, as the shell sees it.
        if (outcome.signal !== undefined) return this.guestSignal(signalName(outcome.signal), `guest ${signalName(outcome.signal)}: ${signalDescription(outcome.signal)}`);
        this.emit({ type: 'exit', status: outcome.status });
        return { kind: 'exit', status: outcome.status };
    }
  }

  private guestSignal(signal: Parameters<typeof signalOutcome>[0], message: string): RunOutcome {
    this.emit({ type: 'guest-signal', signal, reason: message });
    return signalOutcome(signal, message);
  }

  /** The first bytes at eip, for an illegal-instruction report. */
  private opcodeBytes(eip: number): string {
    const bytes: string[] = [];
    for (let i = 0; i < 4; i++) {
      try {
        bytes.push(this.memory.readChassis(this.onlineChassis[0], eip + i, 1)[0].toString(16).padStart(2, '0'));
      } catch {
        break;
      }
    }
    return bytes.join(' ');
  }

  private handleSyscall(): RunOutcome | undefined {
    if (!this.syscallHandler) throw new Error('no system call handler installed (load a program first)');
    let result;
    try {
      result = this.syscallHandler.syscall(this);
    } catch (error) {
      if (error instanceof MachineCheck) {
        // A system call's buffer holds an uncorrectable word in one chassis.
        this.ecc.machineCheck(error.chassis, error.physical);
        if (this.finished) return this.finished;
        return this.handleSyscall();
      }
      if (error instanceof MemoryDisagreement) {
        // The chassis disagree on what the guest hands the outside world: vote on the bytes.
        if (!this.voteOnMemory(error)) return this.finished;
        return this.handleSyscall();
      }
      throw error;
    }
    // The call itself may have met a machine check that left no chassis online.
    if (this.finished) return this.finished;
    return this.processOutcome(result);
  }

  /** The I/O voter found chassis memories that differ: the same policy as for replicas, one voter per chassis. */
  private voteOnMemory(d: MemoryDisagreement): boolean {
    this.emit({ type: 'mismatch', address: d.address, length: d.length, reason: 'syscall buffer' });
    const copyOf = (c: number) => d.copies[d.chassis.indexOf(c)];
    const verdict = decide({
      coresPerChassis: 1,
      onlineChassis: d.chassis,
      agree: (a, b) => sameBytes(copyOf(a), copyOf(b)),
      suspectChassis: this.suspectChassis,
    });
    return this.applyVerdict(verdict, ` in a system call's buffer at ${hex(d.address)}`);
  }

  /** Carry out a policy decision; false if it stopped the machine. */
  private applyVerdict(verdict: Verdict, where = ''): boolean {
    if (verdict.vote) this.emit({ type: 'vote', groups: verdict.vote.groups, winners: verdict.vote.winners });
    for (const d of verdict.offline) this.takeOffline(d.chassis, d.reason, d.cores ? { cores: d.cores } : {});
    this.suspectChassis.clear();
    if (verdict.kind === 'stop' || this.onlineChassisSet.size === 0) {
      this.stop(verdict.kind === 'stop' ? `${verdict.reason}${where}` : 'no chassis left online');
      return false;
    }
    return true;
  }
}

export interface RunHooks {
  /** Called each time the loop is about to run from `cycle` (after every host round trip). */
  atCycle?(cycle: bigint): void;
  /** The next cycle at which atCycle must be called, if any. */
  nextCycle?(now: bigint): bigint | undefined;
}

/** Several hook sets as one: every atCycle runs, the earliest nextCycle wins. */
export function combineHooks(...hooks: RunHooks[]): RunHooks {
  return {
    atCycle(cycle) {
      for (const h of hooks) h.atCycle?.(cycle);
    },
    nextCycle(now) {
      let best: bigint | undefined;
      for (const h of hooks) {
        const n = h.nextCycle?.(now);
        if (n !== undefined && (best === undefined || n < best)) best = n;
      }
      return best;
    },
  };
}

function maskToList(mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 32; i++) if (mask & (1 << i)) out.push(i);
  return out;
}

