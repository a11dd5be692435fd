/** The oracle manifest (recorded natively by rebuild.sh), shared by every suite that replays it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface OracleCase {
  readonly name: string;
  readonly binary: string;
  readonly args?: string[];
  readonly stdin?: string;
  readonly stdout: string;
  readonly stderr?: string;
  readonly status: number;
  readonly compareStderr?: boolean;
  readonly kind: string;
  readonly description: string;
}

export const ORACLE_DIR = __dirname;
export const oracleCases: OracleCase[] = JSON.parse(readFileSync(join(ORACLE_DIR, 'manifest.json'), 'utf8'));
