/** Types of i386-runner.mjs, for TypeScript callers (`ftvm bench`). */
export type RunnerKind = 'native' | 'qemu' | 'none';
export declare const RUNNER_KINDS: readonly RunnerKind[];
export interface I386Runner {
  readonly kind: RunnerKind;
  readonly why: string;
  readonly label: string;
  readonly oneInsnFlag: string | null;
  command(binary: string, args?: readonly string[], options?: { oneInsn?: boolean }): [string, string[]];
}
export declare function i386Runner(env?: NodeJS.ProcessEnv): I386Runner;
export declare function qemuRunner(): I386Runner | null;
export declare function describeRunner(runner: I386Runner): string;
