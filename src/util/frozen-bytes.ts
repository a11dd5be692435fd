/**
 * Byte arrays their owner promises never to write to again (a disk's stored
 * blocks, which every write replaces instead of changing). Whoever keeps a
 * copy or a digest of one may key it by the array itself: the golden run's
 * snapshots then page each disk block once, not once per snapshot and copy.
 */
const frozen = new WeakSet<Uint8Array>();

/** Mark `bytes` as never written to again; returns it. */
export function freezeBytes(bytes: Uint8Array): Uint8Array {
  frozen.add(bytes);
  return bytes;
}

export function isFrozenBytes(bytes: Uint8Array): boolean {
  return frozen.has(bytes);
}
