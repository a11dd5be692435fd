/**
 * Command-line options, parsed the way qemu-user parses them: options first,
 * then the program path; everything after the program goes to the guest
 * untouched (empty strings, spaces, `--flags` included). Each command declares
 * its options; an unknown one or a missing value is a one-line UserError.
 */
import { UserError } from '../errors';
import { quoteName } from '../util/quote';

export interface OptionSpec {
  /** Long name without dashes. */
  readonly name: string;
  /** Placeholder for the value in help text; absent for a flag. */
  readonly value?: string;
  readonly repeatable?: boolean;
  readonly help: string;
}

export interface ParsedOptions {
  readonly values: Map<string, string[]>;
  readonly flags: Set<string>;
  /** Arguments after the options; for `stopAtPositional` commands, the program and its arguments. */
  readonly rest: string[];
}

export function parseOptions(command: string, specs: readonly OptionSpec[], argv: readonly string[], stopAtPositional: boolean): ParsedOptions {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (stopAtPositional) {
        rest.push(...argv.slice(i));
        break;
      }
      rest.push(arg);
      continue;
    }
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const spec = byName.get(name === 'h' ? 'help' : name);
    if (!spec) throw new UserError(`${command}: unknown option ${quoteName(`${arg.startsWith('--') ? '--' : '-'}${name}`, 'always')} (see 'ftvm ${command} --help')`);
    if (spec.value === undefined) {
      if (eq >= 0) throw new UserError(`${command}: option --${spec.name} takes no value`);
      flags.add(spec.name);
      continue;
    }
    let value: string;
    if (eq >= 0) value = body.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UserError(`${command}: option --${spec.name} needs a value (${spec.value})`);
      value = argv[++i];
    }
    const list = values.get(spec.name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UserError(`${command}: option --${spec.name} given twice`);
    list.push(value);
    values.set(spec.name, list);
  }
  return { values, flags, rest };
}

export function formatHelp(usage: string, summary: string, specs: readonly OptionSpec[]): string {
  const lines = [`usage: ${usage}`, '', summary, '', 'options:'];
  const left = specs.map((s) => `  --${s.name}${s.value ? ` ${s.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  specs.forEach((s, i) => lines.push(`${left[i].padEnd(width)}${s.help}`));
  return `${lines.join('\n')}\n`;
}

/** A whole number option (cycles, seeds) as a bigint; rejects anything else with the option named. */
export function bigintOption(command: string, name: string, text: string | undefined, fallback: bigint): bigint {
  if (text === undefined) return fallback;
  const t = text.replace(/_/g, '');
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(t)) throw new UserError(`${command}: --${name} must be a non-negative whole number (got ${quoteName(text, 'always')})`);
  return BigInt(t);
}

export function intOption(command: string, name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`${command}: --${name} must be a whole number from ${min} to ${max} (got ${quoteName(text, 'always')})`);
  return n;
}
