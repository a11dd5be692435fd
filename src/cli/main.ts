/**
 * The `ftvm` command: dispatches to a subcommand. A user's mistake (a bad
 * option, a missing or malformed file) is one line on stderr and a non-zero
 * status; only a bug in ftvm itself shows a stack trace.
 */
import { UserError } from '../errors';
import { quoteName } from '../util/quote';
import { runCommand } from './run-command';
import { demoCommand } from '../demo/demo-command';
import { asmCommand, disasmCommand } from './asm-command';
import { campaignCommand } from './campaign-command';
import { benchCommand } from './bench-command';
import { injectCommand } from './inject-command';
import { diskCommand } from './disk-command';

const COMMANDS: Record<string, { summary: string; run: (argv: string[]) => number | Promise<number> }> = {
  run: { summary: 'run a static i386 Linux program (ELF or .asm) on the fault-tolerant machine', run: runCommand },
  asm: { summary: 'assemble a NASM-syntax source into a static i386 ELF executable', run: asmCommand },
  disasm: { summary: 'disassemble an i386 ELF (or .asm) in NASM syntax', run: disasmCommand },
  inject: { summary: 'one fault experiment: run with and without the faults and classify the outcome', run: injectCommand },
  campaign: { summary: 'run fault-injection campaigns; merge shards; write reports (Markdown, CSV, HTML charts)', run: campaignCommand },
  bench: { summary: 'measure a program on each topology: guest MIPS, overhead against simplex and native', run: benchCommand },
  disk: { summary: 'make, list and extract the ext4 disk images that run --disk mounts', run: diskCommand },
  demo: { summary: 'watch a sample program survive a core fault and a chassis power loss (npm start)', run: demoCommand },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    'usage: ftvm COMMAND [OPTIONS] ...',
    '',
    'ftvm runs 32-bit x86 Linux programs in lockstep on a simulated fault-tolerant server.',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    "Run 'ftvm COMMAND --help' for a command's options.",
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    // Usage that answers a mistake goes where errors go.
    process.stderr.write(help());
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(help());
    return 0;
  }
  const entry = COMMANDS[command];
  if (!entry) throw new UserError(`unknown command ${quoteName(command, 'always')} (commands: ${Object.keys(COMMANDS).join(', ')})`);
  return entry.run(rest);
}

main(process.argv.slice(2)).then(
  (status) => { process.exitCode = status; },
  (error: unknown) => {
    if (error instanceof UserError) {
      process.stderr.write(`ftvm: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(`ftvm: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 70;
    }
  },
);
