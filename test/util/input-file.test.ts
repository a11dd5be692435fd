/**
 * readInputFile: whatever a user's file name points at, the read ends, is
 * bounded, and fails with one line naming the file.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputFile, readInputText } from '../../src/util/input-file';
import { UserError } from '../../src/errors';

const dir = mkdtempSync(join(tmpdir(), 'ftvm-input-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const OPTIONS = { maxBytes: 1000, what: 'a test file' };

function failure(path: string, options: Parameters<typeof readInputFile>[1] = OPTIONS): string {
  try {
    readInputFile(path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).not.toMatch(/[\r\n]/);
    return (error as UserError).message;
  }
  throw new Error(`${path} was read`);
}

describe('readInputFile', () => {
  it('reads a regular file, through a link too', () => {
    const path = file('a.txt', 'hello');
    expect(readInputText(path, OPTIONS)).toBe('hello');
    symlinkSync(path, join(dir, 'link'));
    expect(readInputText(join(dir, 'link'), OPTIONS)).toBe('hello');
  });

  it('says what is wrong with a name that is not a readable regular file', () => {
    expect(failure(join(dir, 'missing'))).toBe(`${join(dir, 'missing')}: no such file`);
    expect(failure(join(dir, 'a.txt', 'below'))).toMatch(/: no such file$/);
    expect(failure(dir)).toBe(`${dir}: is a directory, not a regular file`);
    expect(failure('/dev/zero')).toBe('/dev/zero: is a character device, not a regular file');
    symlinkSync('/dev/zero', join(dir, 'zero.asm'));
    expect(failure(join(dir, 'zero.asm'))).toMatch(/zero\.asm: is a character device, not a regular file$/);
  });

  it('refuses a FIFO before opening it, so nothing blocks', () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(failure(fifo)).toBe(`${fifo}: is a FIFO (named pipe), not a regular file`);
  });

  it('refuses a file larger than the cap, with the option and the cap named', () => {
    const path = file('big', 'x'.repeat(1001));
    expect(failure(path, { ...OPTIONS, option: '--faults' })).toBe(`--faults: ${path}: too large for a test file (more than 1000 bytes)`);
    expect(readInputFile(file('fits', 'x'.repeat(1000)), OPTIONS).length).toBe(1000);
  });

  it('reads a stream to its end when streams are allowed, but never past the cap', () => {
    const pipe = join(dir, 'pipe');
    execFileSync('mkfifo', [pipe]);
    spawn('sh', ['-c', `printf 'from a pipe' > ${pipe}`]);
    expect(readInputText(pipe, { ...OPTIONS, streams: true })).toBe('from a pipe');
    expect(failure('/dev/zero', { maxBytes: 4 * 1024 * 1024, what: "the guest's stdin", option: '--stdin', streams: true }))
      .toBe("--stdin: /dev/zero: too large for the guest's stdin (more than 4 MiB)");
  });

  it('quotes a name that would break the line', () => {
    expect(failure(join(dir, 'new\nline'))).toBe(`"${dir}/new\\nline": no such file`);
  });
});
