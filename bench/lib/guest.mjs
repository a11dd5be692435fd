/**
 * A workload on a fresh ftvm machine, the way `ftvm run` starts it: the ELF
 * loaded by startProcess, empty stdin, stdout and stderr collected.
 */

/** Create the machine and load the program (not timed by the suites). */
export function prepareGuest(lib, { workload, args, topology, machineOptions = {} }) {
  const machine = new lib.Machine({ ...machineOptions, topology });
  const stdout = new lib.CollectingSink();
  const stderr = new lib.CollectingSink();
  lib.startProcess(machine, {
    path: workload.binary,
    image: workload.image,
    argv: [workload.binary, ...args],
    stdin: new lib.BytesSource(new Uint8Array(0)),
    stdout,
    stderr,
  });
  return { machine, stdout, stderr };
}

/** Bytes as a latin1 string, so guest, native and manifest outputs compare byte for byte. */
export function latin1(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Why a completed run is not the run we meant to time, or null if it is. */
export function checkGuest(job, outcome, expected) {
  if (outcome.kind !== 'exit') return `ended with ${outcome.kind}: ${outcome.message ?? ''}`.trim();
  if (outcome.status !== 0) return `exit status ${outcome.status}`;
  const out = latin1(job.stdout.bytes());
  if (expected !== undefined && out !== expected) {
    return `wrong output: ${JSON.stringify(out.slice(0, 120))}, expected ${JSON.stringify(expected.slice(0, 120))}`;
  }
  const err = latin1(job.stderr.bytes());
  if (err !== '') return `unexpected stderr: ${JSON.stringify(err.slice(0, 120))}`;
  return null;
}
