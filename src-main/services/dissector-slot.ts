// Adapter from the translator's Dissector interface to src-main/dlms/dissect: the forgiving
// hex-input parser (hex-input.ts) and `dissect(bytes, options)` (index.ts).

import { StreamDissector } from '../dlms/dissect/index';
import { HexInputError, parseHexInput } from '../dlms/dissect/hex-input';
import type { Dissector } from './translator';

export const dlmsDissector: Dissector = {
  parseHexInput(text, { lenient }) {
    try {
      const parsed = parseHexInput(text, { lenient });
      return {
        chunks: parsed.frames.map((f) => (f.direction ? { bytes: f.bytes, direction: f.direction } : { bytes: f.bytes })),
        substitutions: parsed.substitutions.map((s) => ({ index: s.index, from: s.from, to: s.to })),
        errors: [],
      };
    } catch (e) {
      // Strict mode refuses the whole input at its first non-hex character: report where.
      if (e instanceof HexInputError) return { chunks: [], substitutions: [], errors: [{ index: e.index, message: e.message }] };
      throw e;
    }
  },
  stream: (options) => new StreamDissector(options),
};

export async function loadDissector(): Promise<Dissector | undefined> {
  return dlmsDissector;
}
