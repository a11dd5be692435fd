/**
 * `ftvm disk create IMG --size SIZE [--from DIR]`, `ftvm disk ls IMG [PATH]`,
 * `ftvm disk extract IMG DIR`: making and reading the ext4 images that
 * `ftvm run --disk IMG` gives the guest as its root file system. Needs
 * neither root nor e2fsprogs: the format is ftvm's own, the rest libext2fs.
 */
import { existsSync } from 'node:fs';
import { UserError } from '../errors';
import { DiskFileSystem, FsError } from '../disk/disk-fs';
import { formatExt4, MIN_DISK_BYTES } from '../disk/format';
import { copyInto, extractTo, formatEntry, list } from '../disk/host-tree';
import { loadImage, MAX_IMAGE_BYTES, saveImageAtomically, storedBlocks } from '../disk/image-file';
import { DiskMirror } from '../disk/mirror';
import { parseOptions, type OptionSpec } from './options';

const HELP = `usage: ftvm disk create IMG --size SIZE [--from DIR]
       ftvm disk ls IMG [PATH]
       ftvm disk extract IMG DIR

Make and read the ext4 disk images that 'ftvm run --disk IMG' mounts as the
guest's root file system. The images are ordinary ext4: e2fsck, debugfs and
'mount -o loop' read them.

  create    make IMG (which must not exist) of SIZE bytes (suffixes K, M, G:
            64M, 1G; at most 4G), filled with the files, folders and symbolic links of DIR
  ls        list PATH inside IMG (default /): mode, links, size, time, name
  extract   copy everything in IMG into the host folder DIR (new or empty)

options:
  --size SIZE   the disk's size (create)
  --from DIR    fill the new disk from DIR (create)
  -h, --help    show this help
`;

const SPECS: readonly OptionSpec[] = [
  { name: 'size', value: 'SIZE', help: "the disk's size" },
  { name: 'from', value: 'DIR', help: 'fill from DIR' },
  { name: 'help', help: 'show this help' },
];

/** "64M" → bytes. */
export function parseSize(text: string): number {
  const m = /^(\d+)([KMGT]?)(i?B)?$/i.exec(text.trim());
  if (!m) throw new UserError(`disk: --size must be a number of bytes with an optional K, M or G suffix (got '${text}')`);
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  const bytes = Number(m[1]) * scale;
  if (bytes < MIN_DISK_BYTES) throw new UserError(`disk: --size must be at least 1M (got '${text}')`);
  if (bytes > MAX_IMAGE_BYTES) throw new UserError(`disk: --size must be at most 4G (got '${text}')`);
  return bytes;
}

/** Run `body` on IMG's mounted file system; file-system errors become one-line user errors. */
function withImage<T>(path: string, readOnly: boolean, body: (fs: DiskFileSystem) => T): T {
  const { store } = loadImage(path);
  let fs: DiskFileSystem;
  try {
    fs = new DiskFileSystem(new DiskMirror([store]), { readOnly });
  } catch (error) {
    if (error instanceof FsError) throw new UserError(`${path}: cannot mount its file system (${error.message})`);
    throw error;
  }
  try {
    return body(fs);
  } catch (error) {
    if (error instanceof FsError) throw new UserError(`${path}: ${describeFsError(error)}`);
    throw error;
  } finally {
    fs.close();
  }
}

function describeFsError(error: FsError): string {
  const names: Record<number, string> = { 2: 'no such file or folder', 20: 'not a folder', 28: 'the disk is full', 5: 'I/O error' };
  return names[error.errno] ?? error.message;
}

function create(args: string[], size: string | undefined, from: string | undefined): number {
  if (args.length !== 1) throw new UserError("disk create: give one image file (see 'ftvm disk --help')");
  if (size === undefined) throw new UserError('disk create: --size is required (for example --size 64M)');
  const [path] = args;
  if (existsSync(path)) throw new UserError(`disk create: ${path} already exists`);
  const store = formatExt4(parseSize(size));
  const fs = new DiskFileSystem(new DiskMirror([store]));
  try {
    const skipped = from === undefined ? [] : copyInto(fs, from);
    for (const s of skipped) process.stderr.write(`ftvm: disk create: skipped ${s} (not a file, folder or link)\n`);
  } catch (error) {
    if (error instanceof FsError) throw new UserError(`disk create: ${describeFsError(error)} (filling from ${from})`);
    throw error;
  } finally {
    fs.close();
  }
  saveImageAtomically(path, store.byteLength, storedBlocks(store));
  return 0;
}

export function diskCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(HELP);
    return sub === undefined ? 2 : 0;
  }
  const parsed = parseOptions(`disk ${sub}`, SPECS, rest, false);
  if (parsed.flags.has('help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const one = (name: string) => parsed.values.get(name)?.at(-1);
  if (sub !== 'create' && (one('size') !== undefined || one('from') !== undefined)) throw new UserError(`disk ${sub}: --size and --from go with 'disk create'`);
  switch (sub) {
    case 'create':
      return create(parsed.rest, one('size'), one('from'));
    case 'ls': {
      if (parsed.rest.length < 1 || parsed.rest.length > 2) throw new UserError("disk ls: give an image and at most one path (see 'ftvm disk --help')");
      const [image, path = '/'] = parsed.rest;
      const lines = withImage(image, true, (fs) => {
        try {
          return list(fs, path).map(formatEntry);
        } catch (error) {
          if (error instanceof FsError) throw new UserError(`${image}: ${path}: ${describeFsError(error)}`);
          throw error;
        }
      });
      process.stdout.write(lines.map((l) => `${l}\n`).join(''));
      return 0;
    }
    case 'extract': {
      if (parsed.rest.length !== 2) throw new UserError("disk extract: give an image and a folder (see 'ftvm disk --help')");
      const [image, dir] = parsed.rest;
      withImage(image, true, (fs) => extractTo(fs, dir));
      return 0;
    }
    default:
      throw new UserError(`disk: unknown subcommand '${sub}' (create, ls, extract)`);
  }
}
