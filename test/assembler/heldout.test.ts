// A held-out-like body: 32 NASM programs written as NASM users write them
// (tutorial syscall programs, string routines, macro-heavy and preprocessor code,
// 16-bit snippets, MMX/SSE loops, x87), not from ftvm's table, recorded with
// nasm + ld (fixtures/heldout/*.sections.txt, re-recorded by test/assembler/record.sh).
import * as path from 'node:path';
import { describeRecordedBody } from './recorded-body';

/** Files ftvm refuses (with located errors), and why: none now. */
const NOT_YET = new Set<string>([]);

describeRecordedBody('the held-out-like NASM body', path.join(__dirname, 'fixtures', 'heldout'), NOT_YET);
