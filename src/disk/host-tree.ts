/**
 * Moving whole trees between the host and a disk's file system: filling a new
 * image from a host folder (`ftvm disk create --from DIR`), listing it, and
 * extracting it (`ftvm disk extract`). Regular files, folders and symbolic
 * links travel with their permission bits; anything else (devices, sockets,
 * fifos) is skipped and named.
 */
import { lstatSync, mkdirSync, readdirSync, readlinkSync, openSync, readSync, closeSync, symlinkSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import { UserError } from '../errors';
import type { DiskFileSystem } from './disk-fs';
import { O_CREAT, O_NOFOLLOW, O_WRONLY, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG, type DirEntry, type FileStat } from './fs-protocol';

const CHUNK = 1024 * 1024;

/** A path inside the image, absolute and normalised; `..` cannot climb above its root. */
export function imagePath(path: string, cwd = '/'): string {
  return posix.resolve(cwd, path);
}

/** Copy the host folder `dir` into the disk's root. Returns what was skipped. */
export function copyInto(fs: DiskFileSystem, dir: string): string[] {
  let top;
  try {
    top = lstatSync(dir);
  } catch {
    throw new UserError(`--from ${dir}: no such folder`);
  }
  if (!top.isDirectory()) throw new UserError(`--from ${dir}: not a folder`);
  const skipped: string[] = [];
  const walk = (host: string, inside: string): void => {
    for (const name of readdirSync(host).sort()) {
      const from = join(host, name);
      const to = inside === '/' ? `/${name}` : `${inside}/${name}`;
      const s = lstatSync(from);
      if (s.isDirectory()) {
        fs.call('mkdir', to, s.mode & 0o7777);
        walk(from, to);
      } else if (s.isSymbolicLink()) {
        fs.call('symlink', readlinkSync(from), to);
      } else if (s.isFile()) {
        copyFileInto(fs, from, to, s.mode & 0o7777);
      } else skipped.push(from);
    }
  };
  walk(dir, '/');
  return skipped;
}

function copyFileInto(fs: DiskFileSystem, from: string, to: string, mode: number): void {
  const { handle } = fs.call('open', to, O_CREAT | O_WRONLY, mode);
  const fd = openSync(from, 'r');
  try {
    const buf = new Uint8Array(CHUNK);
    for (let at = 0; ; ) {
      const n = readSync(fd, buf, 0, CHUNK, at);
      if (n === 0) break;
      const written = fs.call('write', handle, buf.subarray(0, n), at);
      if (written < n) throw new UserError(`the disk is full (copying ${from})`);
      at += n;
    }
  } finally {
    closeSync(fd);
    fs.call('close', handle);
  }
}

export interface ListedEntry extends DirEntry {
  readonly stat: FileStat;
  readonly target?: string;
}

/** The entries of a folder in the image (without . and ..), or the one entry a file path names. */
export function list(fs: DiskFileSystem, path: string): ListedEntry[] {
  const at = imagePath(path);
  const stat = fs.call('lstat', at);
  const describe = (name: string, full: string, s: FileStat): ListedEntry => ({
    name,
    ino: s.ino,
    mode: s.mode,
    stat: s,
    target: (s.mode & S_IFMT) === S_IFLNK ? fs.call('readlink', full) : undefined,
  });
  if ((stat.mode & S_IFMT) !== S_IFDIR) return [describe(posix.basename(at), at, stat)];
  return fs
    .call('readdir', at)
    .filter((e) => e.name !== '.' && e.name !== '..')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((e) => {
      const full = at === '/' ? `/${e.name}` : `${at}/${e.name}`;
      return describe(e.name, full, fs.call('lstat', full));
    });
}

/** `drwxr-xr-x` from a mode. */
export function modeString(mode: number): string {
  const type = { [S_IFDIR]: 'd', [S_IFLNK]: 'l', [S_IFREG]: '-' }[mode & S_IFMT] ?? '?';
  const rwx = (bits: number) => `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${bits & 1 ? 'x' : '-'}`;
  return type + rwx((mode >> 6) & 7) + rwx((mode >> 3) & 7) + rwx(mode & 7);
}

/** One `ls -l`-like line: mode, links, size, modification time (UTC), name. */
export function formatEntry(e: ListedEntry): string {
  const time = new Date(e.stat.mtimeMs).toISOString().slice(0, 16).replace('T', ' ');
  return `${modeString(e.mode)} ${String(e.stat.nlink).padStart(3)} ${String(e.stat.size).padStart(10)} ${time} ${e.name}${e.target === undefined ? '' : ` -> ${e.target}`}`;
}

/** Copy the whole image into the host folder `dir` (made if missing; must be empty if present). */
export function extractTo(fs: DiskFileSystem, dir: string): number {
  if (existsSync(dir)) {
    if (!lstatSync(dir).isDirectory()) throw new UserError(`${dir} exists and is not a folder`);
    if (readdirSync(dir).length > 0) throw new UserError(`${dir} is not empty`);
  } else mkdirSync(dir, { recursive: true });
  let files = 0;
  const walk = (inside: string, host: string): void => {
    for (const e of list(fs, inside)) {
      if (e.name.includes('/') || e.name === '.' || e.name === '..' || e.name === '') continue;
      if (inside === '/' && e.name === 'lost+found') continue;
      const from = inside === '/' ? `/${e.name}` : `${inside}/${e.name}`;
      const to = join(host, e.name);
      const type = e.mode & S_IFMT;
      if (type === S_IFDIR) {
        mkdirSync(to);
        walk(from, to);
        chmodSync(to, e.mode & 0o7777);
      } else if (type === S_IFLNK) {
        symlinkSync(e.target!, to);
      } else if (type === S_IFREG) {
        writeFileSync(to, readWhole(fs, from), { mode: e.mode & 0o7777 });
        files++;
      }
    }
  };
  walk('/', dir);
  return files;
}

function readWhole(fs: DiskFileSystem, path: string): Uint8Array {
  const { handle, stat } = fs.call('open', path, O_NOFOLLOW, 0);
  try {
    const out = new Uint8Array(stat.size);
    for (let at = 0; at < stat.size; ) {
      const got = fs.call('read', handle, Math.min(CHUNK, stat.size - at), at);
      if (got.length === 0) break;
      out.set(got, at);
      at += got.length;
    }
    return out;
  } finally {
    fs.call('close', handle);
  }
}
