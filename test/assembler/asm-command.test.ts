// `ftvm asm`: writes an executable (mode 755), prints a listing on request,
// reports assembly errors on stderr exactly as the assembler words them with
// status 2 and no output file, and rejects bad usage with a UserError.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { asmCommand, disasmCommand } from '../../src/cli/asm-command';
import { UserError } from '../../src/errors';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ftvm-asm-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

function write(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

const HELLO = 'section .text\nglobal _start\n_start:\n    mov eax, 1\n    xor ebx, ebx\n    int 0x80\n';

describe('ftvm asm', () => {
  it('--help prints usage on stdout and succeeds', async () => {
    expect(await asmCommand(['--help'])).toBe(0);
    expect(stdout).toMatch(/^usage: ftvm asm FILE\.asm \[-o OUT\] \[--list\]/);
    expect(stderr).toBe('');
  });

  it('writes an executable ELF, mode 755', async () => {
    const src = write('ok.asm', HELLO);
    const out = path.join(dir, 'ok-bin');
    expect(await asmCommand([src, '-o', out])).toBe(0);
    const elf = fs.readFileSync(out);
    expect([...elf.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(fs.statSync(out).mode & 0o777).toBe(0o755);
    expect(stdout).toBe('');
    expect(stderr).toBe('');
  });

  it('names the output after the source when -o is not given', async () => {
    const src = write('named.asm', HELLO);
    expect(await asmCommand([src])).toBe(0);
    expect(fs.existsSync(path.join(dir, 'named'))).toBe(true);
  });

  it('--list prints the listing on stdout', async () => {
    const src = write('listed.asm', HELLO);
    expect(await asmCommand(['--list', src, '-o', path.join(dir, 'listed')])).toBe(0);
    expect(stdout).toContain('     4 08049000 B801000000                  mov eax, 1');
  });

  it('reports every error on stderr, returns 2 and leaves no output file', async () => {
    const src = write('bad.asm', 'section .text\n    mvo eax, 1\n    jmp nowhere\n');
    const out = path.join(dir, 'bad');
    fs.writeFileSync(out, 'stale executable from an earlier build');
    expect(await asmCommand([src, '-o', out])).toBe(2);
    expect(stderr).toBe(`${src}:2:5: unknown mnemonic 'mvo'\n${src}:3:9: undefined symbol 'nowhere'\n`);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('prints warnings but still writes the executable', async () => {
    const src = write('warn.asm', 'section .text\n    mov byte [eax], 300\n');
    expect(await asmCommand([src, '-o', path.join(dir, 'warn')])).toBe(0);
    expect(stderr).toBe(`${src}:2:21: warning: byte data exceeds bounds\n`);
  });

  it('rejects bad usage with a one-line UserError', async () => {
    await expect(asmCommand([])).rejects.toThrow(new UserError("asm: no source file (see 'ftvm asm --help')"));
    await expect(asmCommand(['--bogus', 'x.asm'])).rejects.toThrow("asm: unknown option '--bogus'");
    await expect(asmCommand([path.join(dir, 'missing.asm')])).rejects.toThrow(`${path.join(dir, 'missing.asm')}: no such file`);
    await expect(asmCommand(['a.asm', 'b.asm'])).rejects.toThrow('one source file at a time');
    await expect(asmCommand(['x.asm', '-o'])).rejects.toThrow('-o needs a file name');
    await expect(asmCommand([dir])).rejects.toThrow('is a directory');
  });
});

describe('ftvm disasm', () => {
  it('--help prints usage', async () => {
    expect(await disasmCommand(['--help'])).toBe(0);
    expect(stdout).toMatch(/^usage: ftvm disasm FILE/);
  });

  it('disassembles an executable or a source', async () => {
    const src = write('dis.asm', HELLO);
    const out = path.join(dir, 'dis');
    expect(await asmCommand([src, '-o', out])).toBe(0);
    expect(await disasmCommand([out])).toBe(0);
    const fromElf = stdout;
    expect(fromElf).toContain('_start:\n  08049000  b8 01 00 00 00            mov eax, 0x1\n');
    stdout = '';
    expect(await disasmCommand([src])).toBe(0);
    expect(stdout).toBe(fromElf);
  });

  it('rejects what is not an i386 ELF file', async () => {
    await expect(disasmCommand([write('text.txt', 'hello')])).rejects.toThrow(/text\.txt: not an ELF file/);
    await expect(disasmCommand([])).rejects.toThrow('disasm: give one file');
  });

  it('says what is wrong with a truncated executable', async () => {
    expect(await asmCommand([write('cut.asm', HELLO)])).toBe(0);
    const whole = fs.readFileSync(path.join(dir, 'cut'));
    const cut = path.join(dir, 'cut-short');
    fs.writeFileSync(cut, whole.subarray(0, whole.length - 20));
    await expect(disasmCommand([cut])).rejects.toThrow(/cut-short: truncated or corrupt: the section header table \(\d+ entries at 0x[0-9a-f]+\) ends at 0x[0-9a-f]+, past the end of the file/);
    fs.writeFileSync(cut, whole.subarray(0, 30));
    await expect(disasmCommand([cut])).rejects.toThrow(/cut-short: truncated ELF header$/);
  });

  it('reads only regular files, %include and incbin ones too, and quotes odd names', async () => {
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.asm'));
    await expect(asmCommand([path.join(dir, 'zero.asm')])).rejects.toThrow(/zero\.asm: is a character device, not a regular file$/);
    await expect(disasmCommand([path.join(dir, 'zero.asm')])).rejects.toThrow(/zero\.asm: is a character device, not a regular file$/);
    expect(await asmCommand([write('inc.asm', '%include "/dev/zero"\n' + HELLO)])).toBe(2);
    expect(stderr).toMatch(/inc\.asm:1:10: unable to open include file '\/dev\/zero'/);
    expect(await asmCommand([write('bin.asm', HELLO + 'incbin "/dev/zero"\n')])).toBe(2);
    expect(stderr).toMatch(/bin\.asm:7:8: unable to open incbin file '\/dev\/zero'/);
    stderr = '';
    expect(await asmCommand([write('odd\nname.asm', 'mov eax, nowhere\n')])).toBe(2);
    expect(stderr).toBe(`"${dir}/odd\\nname.asm":1:10: undefined symbol 'nowhere'\n`);
  });
});

