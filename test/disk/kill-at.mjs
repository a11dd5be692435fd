/**
 * Preload for durability tests (`node --import ./kill-at.mjs dist/cli.js …`):
 * the process SIGKILLs itself at one exact step of writing a disk image back,
 * so a test can stop a run at every step of the atomic write rather than hope
 * a timer lands inside it. FTVM_KILL_AT names the step:
 *
 *   open        before the temporary file is created
 *   write:N     before the Nth block written to it (1-based)
 *   truncate    before it is given the image's length
 *   fsync       before it is flushed
 *   rename      before it replaces the image
 *   renamed     right after it replaced the image (before the folder's fsync)
 *
 * Only the temporary files of image write-back (`.IMG.ftvm-PID.tmp`) count.
 * The patched functions reach the bundle's `import { … } from "fs"` through
 * syncBuiltinESMExports.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const step = process.env.FTVM_KILL_AT ?? '';
const TEMP = /\.ftvm-\d+\.tmp$/;
const temps = new Set();
let writes = 0;

const die = () => process.kill(process.pid, 'SIGKILL');
const at = (name) => step === name && die();

const { openSync, writeSync, ftruncateSync, fsyncSync, renameSync } = fs;
fs.openSync = (path, ...rest) => {
  const isTemp = TEMP.test(String(path));
  if (isTemp) at('open');
  const fd = openSync(path, ...rest);
  if (isTemp) temps.add(fd);
  return fd;
};
fs.writeSync = (fd, ...rest) => {
  if (temps.has(fd) && step === `write:${++writes}`) die();
  return writeSync(fd, ...rest);
};
fs.ftruncateSync = (fd, ...rest) => {
  if (temps.has(fd)) at('truncate');
  return ftruncateSync(fd, ...rest);
};
fs.fsyncSync = (fd, ...rest) => {
  if (temps.has(fd)) at('fsync');
  return fsyncSync(fd, ...rest);
};
fs.renameSync = (from, to) => {
  const isTemp = TEMP.test(String(from));
  if (isTemp) at('rename');
  renameSync(from, to);
  if (isTemp) at('renamed');
};
syncBuiltinESMExports();
