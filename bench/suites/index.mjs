/**
 * The suites, in the order they run and are reported. A suite is
 *
 *   { name, title, description,
 *     run(ctx) -> Promise<result>,   // result: plain JSON data with
 *                                    //   status 'ok' | 'skipped' and note
 *     render(result, allResults) -> blocks }
 *
 * where a block is { heading, table?: { head, rows, align }, chart?: { unit,
 * groups: [{ label, bars: [{ label, value, text }] }] }, notes?: [string] },
 * printed as text on stdout and as Markdown in results/latest.md. ctx holds
 * the loaded library, the options, the planned workloads (arguments and
 * reference output), the selected topologies, samplesFor(topology) and log().
 * A suite whose subject is not built yet detects that and returns
 * { status: 'skipped', note } instead of failing.
 *
 * To add one: write suites/NAME.mjs and list it here.
 */
import topologies from './topologies.mjs';
import native from './native.mjs';
import ecc from './ecc.mjs';
import campaign from './campaign.mjs';
import disk from './disk.mjs';

export const SUITES = [topologies, native, ecc, campaign, disk];
