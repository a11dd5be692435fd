/**
 * Errors that are the user's to fix (a bad file, a bad option, a malformed
 * fault). The CLI prints `ftvm: <message>` on one line and exits with
 * `exitCode`; it never shows a stack trace for these.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}
