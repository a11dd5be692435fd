/**
 * The sixteen x86 condition codes, numbered as they appear in the low nibble
 * of Jcc (70+cc, 0F 80+cc), SETcc (0F 90+cc) and CMOVcc (0F 40+cc). The first
 * name of each is the one a disassembler prints; the rest are NASM's aliases.
 */
export const CONDITION_CODES: readonly { readonly cc: number; readonly names: readonly string[] }[] = [
  { cc: 0x0, names: ['o'] },
  { cc: 0x1, names: ['no'] },
  { cc: 0x2, names: ['b', 'c', 'nae'] },
  { cc: 0x3, names: ['ae', 'nb', 'nc'] },
  { cc: 0x4, names: ['e', 'z'] },
  { cc: 0x5, names: ['ne', 'nz'] },
  { cc: 0x6, names: ['be', 'na'] },
  { cc: 0x7, names: ['a', 'nbe'] },
  { cc: 0x8, names: ['s'] },
  { cc: 0x9, names: ['ns'] },
  { cc: 0xa, names: ['p', 'pe'] },
  { cc: 0xb, names: ['np', 'po'] },
  { cc: 0xc, names: ['l', 'nge'] },
  { cc: 0xd, names: ['ge', 'nl'] },
  { cc: 0xe, names: ['le', 'ng'] },
  { cc: 0xf, names: ['g', 'nle'] },
];
