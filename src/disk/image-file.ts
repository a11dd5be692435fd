/**
 * The user's disk image on the host: loaded whole into a BlockStore, written
 * back whole and atomically. The new contents go to a temporary file beside
 * the image, are flushed, and replace it by rename(2): a run killed at any
 * moment (SIGKILL included) leaves either the old image or the new one,
 * never a mixture. A read-only image is never opened for writing.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
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

export function loadImage(path: string): LoadedImage {
  let bytes: Uint8Array;
  try {
    if (!statSync(path).isFile()) throw new UserError(`disk image ${path} is not a regular file`);
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read disk image ${path}: ${describe(error)}`);
  }
  if (!isExtImage(bytes)) throw new UserError(`${path} is not an ext2/ext3/ext4 file system image`);
  return { store: BlockStore.fromBytes(bytes), byteLength: bytes.length };
}

/** Replace the file at `path` with `image` atomically (temp file, fsync, rename, fsync of the folder). */
export function saveImageAtomically(path: string, image: Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.ftvm-${process.pid}.tmp`);
  try {
    const fd = openSync(temp, 'w', 0o644);
    try {
      writeAll(fd, image);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new UserError(`cannot write disk image ${path}: ${describe(error)}`);
  }
  syncFolder(dirname(path));
}

/** The store's bytes cut to the image's own length. */
export function imageBytes(store: BlockStore, byteLength = store.byteLength): Uint8Array {
  return store.toBytes().subarray(0, byteLength);
}

function writeAll(fd: number, data: Uint8Array): void {
  // Holes stay holes: skip all-zero blocks (the file is new, so they read as zeros) and set the length at the end.
  for (let off = 0; off < data.length; off += BLOCK_SIZE) {
    const chunk = data.subarray(off, Math.min(off + BLOCK_SIZE, data.length));
    if (chunk.some((b) => b !== 0) || off + chunk.length === data.length) {
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done, off + done);
    }
  }
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
