/**
 * A workload on a fresh ftvm machine, the way `ftvm run` starts it: the ELF
 * loaded by startProcess, empty stdin, stdout and stderr collected.
 */

/**
 * Create the machine and load the program (not timed by the suites): the
 * returned job's run() is what is timed. A threaded machine starts its
 * workers and loads the program in each here too.
 */
export function prepareGuest(lib, { workload, args, topology, machineOptions = {}, maxCycles }) {
  // NAME, NAME+threads (the same machine with its chassis on worker threads) or NAME+translate (hot blocks compiled).
  const { name, threads, translate } = lib.parseTopologyWithEngine(topology, 'bench');
  const stdout = new lib.CollectingSink();
  const stderr = new lib.CollectingSink();
  const program = {
    path: workload.binary,
    image: workload.image,
    argv: [workload.binary, ...args],
    stdin: new lib.BytesSource(new Uint8Array(0)),
    stdout,
    stderr,
  };
  const limits = maxCycles === undefined ? {} : { maxCycles };
  // One engine for both placements; a threaded one starts its workers and loads the program in each here.
  const machine = lib.createEngine({ ...machineOptions, topology: name, threads, translate });
  machine.load(program, limits);
  return { machine, stdout, stderr, run: () => { try { return machine.run(); } finally { machine.close(); } } };
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
