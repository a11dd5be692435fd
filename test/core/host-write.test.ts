/**
 * The decoded-instruction cache survives host round trips, except when the
 * host wrote guest memory: code the host patches between two slices runs as
 * patched, never as the stale decoding.
 */
import { test, expect } from 'vitest';
import { assemble } from '../../src/assembler';
import { runCaptured } from '../../src/machine/captured-run';

const SOURCE = `
section .text
global _start
_start:
    mov esi, 3
again:
    mov eax, 20          ; getpid: a host round trip every pass
    int 0x80
    mov ebx, 1           ; the host patches this immediate after the first pass
    dec esi
    jnz again
    mov eax, 1
    int 0x80             ; exit(ebx)
`;

test('a host write into code already decoded is seen by the next slice', () => {
  const program = assemble({ source: SOURCE, fileName: 'patch.asm' });
  const text = program.sections.find((s) => s.name === '.text')!;
  const at = text.address + Buffer.from(text.bytes).indexOf(Buffer.from([0xbb, 0x01, 0x00, 0x00, 0x00])) + 1;
  let patched = false;
  const run = runCaptured({
    topology: 'pair-spare',
    path: 'patch.asm',
    image: program.elf,
    hooks: (machine) => ({
      // After the first pass (cycle 8: the mov ebx has run once, so it is in the cache).
      nextCycle: (now) => (patched || now > 8n ? undefined : 8n),
      atCycle: (cycle) => {
        if (patched || cycle < 8n) return;
        machine.memory.write(at, Uint8Array.of(42));
        patched = true;
      },
    }),
  });
  expect(patched).toBe(true);
  expect(run.outcome).toEqual({ kind: 'exit', status: 42 });
});

test('without a host write the slices go on with the same decoded code (and the same result)', () => {
  const program = assemble({ source: SOURCE, fileName: 'patch.asm' });
  const run = runCaptured({ topology: 'simplex', path: 'patch.asm', image: program.elf });
  expect(run.outcome).toEqual({ kind: 'exit', status: 1 });
});
