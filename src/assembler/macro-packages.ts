/**
 * The standard macro packages `%use` loads (NASM manual chapter 6), written
 * here from what the manual documents, each read as if %included once:
 *  - altreg: the numbered register names (r0-r7 and their d/w/b/l/h forms,
 *    r8-r15 and theirs), as aliases of the usual names;
 *  - ifunc: ilog2e/w/f/c and their word-checking forms, on the preprocessor's
 *    integer functions.
 *  - smartalign: `alignmode` and an `align` that pads with the mode's no-ops and
 *    jumps over a long padding; the padding depends on `$`, known only during
 *    assembly, so `align` hands it to the internal statement `__?smartalign?__`
 *    (smart-align.ts); `align N, x` and `alignb` stay the standard ones.
 */
import { ALIGN_MODES } from './smart-align';

const GENERAL = ['a', 'c', 'd', 'b', 'sp', 'bp', 'si', 'di'];

function registerAliases(): string {
  const lines: string[] = [];
  const wide = (n: number) => (n < 4 ? `${GENERAL[n]}x` : GENERAL[n]);
  for (let n = 0; n < 8; n++) {
    const word = wide(n);
    const low = n < 4 ? `${GENERAL[n]}l` : `${GENERAL[n]}l`;
    lines.push(`%idefine r${n} r${word}`, `%idefine r${n}d e${word}`, `%idefine r${n}w ${word}`, `%idefine r${n}b ${low}`, `%idefine r${n}l ${low}`);
    if (n < 4) lines.push(`%idefine r${n}h ${GENERAL[n]}h`);
  }
  for (let n = 8; n < 16; n++) lines.push(`%idefine r${n}l r${n}b`);
  return lines.join('\n') + '\n';
}

function integerFunctions(): string {
  // Each name is the preprocessor function of the same rounding; the "w" forms also demand an exact power of two.
  const forms: [string, string][] = [
    ['ilog2', '__?ilog2e?__(x)'],
    ['ilog2e', '__?ilog2e?__(x)'],
    ['ilog2w', '__?ilog2w?__(x)'],
    ['ilog2fw', '__?ilog2w?__(x)'],
    ['ilog2f', '__?ilog2f?__(x)'],
    ['ilog2c', '__?ilog2c?__(x)'],
    ['ilog2cw', '__?ilog2w?__(x) * 0 + __?ilog2c?__(x)'],
  ];
  return forms.map(([name, body]) => `%idefine ${name}(x) (${body})`).join('\n') + '\n';
}

function smartAlign(): string {
  const modes = Object.entries(ALIGN_MODES);
  const lines = [
    '%define __?ALIGNMODE?__ generic',
    `%define __?ALIGN_JMP?__ ${ALIGN_MODES.generic!.threshold}`,
    `%define __?ALIGN_LONGEST16?__ ${ALIGN_MODES.generic!.nops16.length - 1}`,
    '%imacro alignmode 1-2.nolist',
  ];
  modes.forEach(([mode, m], i) => {
    lines.push(`  %${i === 0 ? 'if' : 'elif'}idni %1, ${mode}`, `    %define __?ALIGNMODE?__ ${mode}`, `    %define __?ALIGN_JMP?__ ${m.threshold}`);
    // k7 keeps the longest 16-bit no-op of the mode before it (see smart-align.ts)
    if (mode !== 'k7') lines.push(`    %define __?ALIGN_LONGEST16?__ ${m.nops16.length - 1}`);
  });
  lines.push(
    '  %else',
    `    %error unknown alignment mode %1 (alignmode takes ${modes.map(([mode]) => mode).join(', ')})`,
    '  %endif',
    '  %ifidni %2, nojmp',
    '    %define __?ALIGN_JMP?__ -1',
    '  %elifnempty %2',
    '    %define __?ALIGN_JMP?__ %2',
    '  %endif',
    '%endmacro',
    '%imacro align 1-2+.nolist',
    '  sectalign %1',
    '  %ifempty %2',
    '    __?smartalign?__ %1, __?ALIGNMODE?__, __?ALIGN_JMP?__, __?ALIGN_LONGEST16?__',
    '  %else',
    '    times (((%1) - (($-$$) % (%1))) % (%1)) %2',
    '  %endif',
    '%endmacro',
  );
  return lines.join('\n') + '\n';
}

/** The package texts by the name `%use` takes (any case, quoted or not). */
export const MACRO_PACKAGES: Readonly<Record<string, string>> = { altreg: registerAliases(), ifunc: integerFunctions(), smartalign: smartAlign() };
