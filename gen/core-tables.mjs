// Writes asm/cpu/opcode-tables.generated.ts, the core's decode tables, from the
// ISA table (src/isa/table.ts through src/isa/core-tables.ts). Run by
// `npm run build:core` before the core is compiled, so a table row reaches the
// core on the next build; `--check` only says whether the file is current.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}asm/cpu/opcode-tables.generated.ts`;
const bundle = await build({
  entryPoints: [`${root}src/isa/core-tables.ts`],
  bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'warning',
});
const { coreTablesSource } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].text).toString('base64')}`);
const text = coreTablesSource();
const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
if (process.argv.includes('--check')) {
  if (current !== text) { console.error(`${out} is out of date: run npm run gen:core`); process.exit(1); }
} else if (current !== text) {
  writeFileSync(out, text);
  console.error(`gen:core: wrote ${out}`);
}
