/**
 * A name the user gave (a file, a path inside a campaign) as messages print
 * it: as it is when it is plain, else in double quotes with every character
 * that could break or disguise the line (newlines, control and format
 * characters, other white space, quotes, backslashes) escaped. Either way one
 * message stays one line, and what is printed names one file unambiguously.
 * `always` puts a plain name in single quotes too, for a value echoed inside
 * a sentence ("unknown option '--frob'").
 */
const PLAIN = /^[^\s"'`\\\p{C}]+$/u;
const ESCAPED = /[\s"\\\p{C}]/u;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };

export function quoteName(name: string, quotes: 'if-needed' | 'always' = 'if-needed'): string {
  if (PLAIN.test(name)) return quotes === 'always' ? `'${name}'` : name;
  let out = '"';
  for (const ch of name) {
    if (ch === ' ' || !ESCAPED.test(ch)) out += ch;
    else out += SHORT[ch] ?? `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  }
  return `${out}"`;
}
