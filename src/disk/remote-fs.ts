/**
 * The guest's file system seen from a chassis worker thread: each call goes
 * to the coordinator as an I/O of the chassis (compared with the other
 * chassis' like any I/O, so a chassis that would write other bytes is outvoted
 * before anything reaches the disk), which performs it once on the one
 * mirrored disk it holds and hands every chassis the same answer. So both
 * placements run the same file system, the same mirror and the same faults.
 */
import { FsError, type GuestFileSystem } from './disk-fs';
import type { FsOp, FsOps } from './fs-protocol';

/** One file-system call as it crosses to the coordinator: the operation (or 'superblock'), its arguments, the virtual time. */
export interface RemoteFsCall {
  readonly call: FsOp | 'superblock';
  readonly args: unknown[];
  readonly now: number;
}

export type RemoteFsAnswer = { readonly ok: true; readonly value?: unknown } | { readonly ok: false; readonly errno: number; readonly message: string };

export class RemoteFileSystem implements GuestFileSystem {
  private clock: () => number = () => 0;

  constructor(
    readonly readOnly: boolean,
    private readonly send: (call: RemoteFsCall) => RemoteFsAnswer,
  ) {}

  call<K extends FsOp>(op: K, ...args: FsOps[K]['args']): FsOps[K]['result'] {
    return this.ask(op, args) as FsOps[K]['result'];
  }

  setClock(clock: () => number): void {
    this.clock = clock;
  }

  superblock(): Uint8Array {
    return this.ask('superblock', []) as Uint8Array;
  }

  private ask(call: RemoteFsCall['call'], args: unknown[]): unknown {
    const answer = this.send({ call, args, now: this.clock() });
    if (!answer.ok) throw new FsError(answer.errno, answer.message);
    return answer.value;
  }
}

/** Carry out a call that came from a chassis on the disk's own file system (the coordinator's side). */
export function serveRemoteCall(fs: GuestFileSystem, request: RemoteFsCall): RemoteFsAnswer {
  fs.setClock(() => request.now);
  try {
    if (request.call === 'superblock') return { ok: true, value: fs.superblock() };
    const call = fs.call as (op: FsOp, ...args: unknown[]) => unknown;
    return { ok: true, value: call.call(fs, request.call, ...request.args) };
  } catch (error) {
    if (error instanceof FsError) return { ok: false, errno: error.errno, message: error.message };
    throw error;
  }
}

/** Whether two chassis asked for the same call: same operation, time and arguments (bytes compared byte for byte). */
export function sameRemoteCall(a: RemoteFsCall, b: RemoteFsCall): boolean {
  return a.call === b.call && a.now === b.now && a.args.length === b.args.length && a.args.every((x, i) => sameValue(x, b.args[i]));
}

function sameValue(x: unknown, y: unknown): boolean {
  if (x instanceof Uint8Array || y instanceof Uint8Array) {
    return x instanceof Uint8Array && y instanceof Uint8Array && x.length === y.length && Buffer.compare(x, y) === 0;
  }
  return x === y;
}
