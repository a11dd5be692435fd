/**
 * The core's memory map, read from the constants the core exports (asm/layout.ts
 * and the replica layout gen/state-layout.mjs generates) rather than written a
 * second time here. The key list is generated from the same sources.
 */
import { LAYOUT_KEYS } from './layout-keys.generated';

export { LAYOUT_KEYS };

export type CoreLayout = { readonly [K in (typeof LAYOUT_KEYS)[number]]: number };

export function readLayout(exports: Record<string, unknown>): CoreLayout {
  const layout: Record<string, number> = {};
  for (const key of LAYOUT_KEYS) {
    const global = exports[key];
    if (!(global instanceof WebAssembly.Global)) throw new Error(`core does not export layout constant ${key}`);
    layout[key] = (global.value as number) >>> 0;
  }
  return layout as CoreLayout;
}
