// Adapter from the translator's Dissector interface to src-main/dlms/dissect (index.ts
// `dissect(bytes, options)` and hex-input.ts), which another engineer is writing right now.
// Until it lands this returns undefined and translator.decode answers UNAVAILABLE.

import type { Dissector } from './translator';

export async function loadDissector(): Promise<Dissector | undefined> {
  return undefined;
}
