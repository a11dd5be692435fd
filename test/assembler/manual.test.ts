// A corpus written from the NASM manual, chapter by chapter (every directive,
// operator, standard macro and data form it documents), recorded with nasm + ld
// (fixtures/manual/*.sections.txt, re-recorded by test/assembler/record.sh).
import * as path from 'node:path';
import { describeRecordedBody } from './recorded-body';

/** Manual sections ftvm does not assemble yet (it refuses them, with located errors): none now. */
const NOT_YET = new Set<string>([]);

describeRecordedBody('the NASM manual corpus', path.join(__dirname, 'fixtures', 'manual'), NOT_YET);
