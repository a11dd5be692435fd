/**
 * The user's disk image on the host: loaded whole into a BlockStore, written
 * back whole and atomically. The new contents go to a temporary file beside
 * the image, are flushed, and replace it by rename(2): a run killed at any
 * moment (SIGKILL included) leaves either the old image or the new one,
 * never a mixture. A read-only image is never opened for writing.
 *
 * A run killed while it writes leaves its temporary file behind (nothing can
 * remove it): the next write-back of that image removes the ones whose
 * process is gone, so they never pile up. The temporary file carries the
 * writer's pid so that two runs never share one, and a live run's is left
 * alone.
 */
import { closeSync, existsSync, fchmodSync, fsyncSync, ftruncateSync, openSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors';
import { BLOCK_SIZE, BlockStore } from './block-store';

const EXT_MAGIC_OFFSET = 1024 + 56;
const EXT_MAGIC = 0xef53;

export interface LoadedImage {
  readonly store: BlockStore;
  /** The file's own length (the store is padded to whole blocks). */
  readonly byteLength: number;
}

/** Parse `IMG` or `IMG:ro`. */
export function parseDiskSpec(spec: string): { path: string; readOnly: boolean } {
  if (spec.endsWith(':ro')) return { path: spec.slice(0, -3), readOnly: true };
  if (spec.endsWith(':rw')) return { path: spec.slice(0, -3), readOnly: false };
  return { path: spec, readOnly: false };
}

/** True when `image` starts with an ext2/3/4 superblock. */
export function isExtImage(image: Uint8Array): boolean {
  return image.length >= EXT_MAGIC_OFFSET + 2 && (image[EXT_MAGIC_OFFSET] | (image[EXT_MAGIC_OFFSET + 1] << 8)) === EXT_MAGIC;
}

/** The image's size in bytes, checked as loadImage checks it (faults are checked against it before a run). */
export function imageSize(path: string): number {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UserError(`disk image ${path} is not a regular file`);
    if (stat.size > MAX_IMAGE_BYTES) throw new UserError(`disk image ${path} is larger than ftvm holds (4 GiB)`);
    return stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read disk image ${path}: ${describe(error)}`);
  }
}

/** Blocks of the disk an image holds (a last partial block counts). */
export function imageBlocks(path: string): number {
  return Math.ceil(imageSize(path) / BLOCK_SIZE);
}

export function loadImage(path: string): LoadedImage {
  let bytes: Uint8Array;
  try {
    imageSize(path);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read disk image ${path}: ${describe(error)}`);
  }
  if (!isExtImage(bytes)) throw new UserError(`${path} is not an ext2/ext3/ext4 file system image`);
  return { store: BlockStore.fromBytes(bytes), byteLength: bytes.length };
}

/** The largest image ftvm holds (in memory, one copy per chassis sharing unchanged blocks). */
export const MAX_IMAGE_BYTES = 4 * 1024 ** 3;

/**
 * Replace the file at `path` with an image of `byteLength` bytes atomically
 * (temp file, fsync, rename, fsync of the folder). `block(b)` gives 4 KiB
 * block b, or undefined for zeros, which stay holes in the file. An image
 * reached through a symbolic link is replaced where it really is (the link
 * stays a link), and keeps its permission bits.
 */
export function saveImageAtomically(path: string, byteLength: number, block: (b: number) => Uint8Array | undefined): void {
  const target = existsSync(path) ? realpathSync(path) : path;
  const mode = existsSync(target) ? statSync(target).mode & 0o7777 : undefined;
  removeStaleTemps(target);
  const temp = tempName(target, process.pid);
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      if (mode !== undefined) fchmodSync(fd, mode);
      for (let b = 0; b * BLOCK_SIZE < byteLength; b++) {
        const data = block(b);
        if (!data || isZero(data)) continue;
        const chunk = data.subarray(0, Math.min(BLOCK_SIZE, byteLength - b * BLOCK_SIZE));
        for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done, b * BLOCK_SIZE + done);
      }
      ftruncateSync(fd, byteLength);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UserError(`cannot write disk image ${path}: ${describe(error)}`);
  }
  syncFolder(dirname(target));
}

/** The temporary file a process writes `image`'s new contents to, beside it (hidden). */
function tempName(image: string, pid: number): string {
  return join(dirname(image), `.${basename(image)}.ftvm-${pid}.tmp`);
}

/** Remove what killed write-backs of `image` left: temporary files of processes that no longer exist. */
function removeStaleTemps(image: string): void {
  const prefix = `.${basename(image)}.ftvm-`;
  let names: string[];
  try {
    names = readdirSync(dirname(image));
  } catch {
    return; // the write itself will say what is wrong with the folder
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    rmSync(join(dirname(image), name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A copy's blocks as saveImageAtomically takes them: what is stored, checked or not. */
export function storedBlocks(store: BlockStore): (b: number) => Uint8Array | undefined {
  return (b) => store.stored(b);
}

function isZero(data: Uint8Array): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) return false;
  return true;
}

function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a folder; the rename is done either way.
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  if (e?.code === 'EISDIR') return 'it is a folder';
  if (e?.code === 'ENOSPC') return 'no space left on the host';
  return e?.message ?? String(error);
}
