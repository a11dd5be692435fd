/**
 * Reading a file the user named (a program, a source, a faults, campaign or
 * results file, the guest's stdin). Whatever the name points at, the read
 * ends and costs a bounded amount of memory: a directory, a FIFO, a socket or
 * a device such as /dev/zero is refused before it is opened (a FIFO would
 * block the open, /dev/zero would never end), unless the input may be a
 * stream, which is then read to its end but never past `maxBytes`. Every
 * failure is one UserError line naming the file, quoted when it needs it.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { UserError } from '../errors';
import { quoteName } from './quote';

export const MiB = 1024 * 1024;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export interface InputFileOptions {
  /** The most bytes the input may hold. */
  readonly maxBytes: number;
  /** What the input is, for the size message ("a guest program", "a campaign file"). */
  readonly what: string;
  /** The option that named the file ("--faults"), put before the name in messages. */
  readonly option?: string;
  /** A pipe or a character device is read to its end (at most maxBytes), as `--stdin` reads one. */
  readonly streams?: boolean;
}

/** The file's bytes, or a UserError saying in one line why they cannot be had. */
export function readInputFile(path: string, options: InputFileOptions): Buffer {
  const where = `${options.option ? `${options.option}: ` : ''}${quoteName(path)}`;
  const fail = (problem: string): never => {
    throw new UserError(`${where}: ${problem}`);
  };
  const failed = (error: unknown): never => {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot read (${code ?? String(error)})`);
  };
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    return failed(error);
  }
  const stream = stat.isFIFO() || stat.isCharacterDevice();
  if (!stat.isFile() && !(stream && options.streams)) fail(`is ${kindOf(stat)}, not a regular file`);
  if (stat.isFile() && stat.size > options.maxBytes) fail(tooLarge(options));

  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return failed(error);
  }
  try {
    // The name may have been pointed elsewhere between the stat and the open.
    const opened = fstatSync(fd);
    if (!opened.isFile() && !((opened.isFIFO() || opened.isCharacterDevice()) && options.streams)) fail(`is ${kindOf(opened)}, not a regular file`);
    return readCapped(fd, options, () => fail(tooLarge(options)), failed);
  } finally {
    closeSync(fd);
  }
}

/** The file as UTF-8 text. */
export function readInputText(path: string, options: InputFileOptions): string {
  return readInputFile(path, options).toString('utf8');
}

function readCapped(fd: number, options: InputFileOptions, tooBig: () => never, failed: (error: unknown) => never): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(MiB, options.maxBytes + 1 - total));
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(PAUSE, 0, 0, 10); // a non-blocking pipe with nothing in it yet
        continue;
      }
      return failed(error);
    }
    if (n === 0) break;
    total += n;
    if (total > options.maxBytes) tooBig();
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
  }
  return Buffer.concat(chunks, total);
}

function tooLarge(options: InputFileOptions): string {
  return `too large for ${options.what} (more than ${formatBytes(options.maxBytes)})`;
}

function formatBytes(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}
