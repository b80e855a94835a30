// translator.decode: hex text in (any format the forgiving hex-input parser reads), dissected
// frames out, with every lenient substitution and every unreadable spot reported back so the
// user sees exactly what was assumed. Keys travel in the request only: never logged, never kept.

import type {
  HexInputProblem,
  HexSubstitution,
  TranslatedFrame,
  TranslatorDecodeRequest,
  TranslatorDecodeResponse,
} from '../../src-shared/ipc/contract';
import { toHex } from '../../src-shared/hex';
import type { Direction, DissectKeys, DissectOptions, DissectedFrame } from '../../src-shared/trace';
import { ServiceError } from '../ipc/dispatch';

/** One entry of the pasted text, e.g. one log line; the direction when the log said it. */
export interface HexChunk {
  bytes: Uint8Array;
  direction?: Direction;
}

/** What the hex-input parser yields: one byte chunk per entry found in the text. */
export interface HexInputResult {
  chunks: HexChunk[];
  substitutions: HexSubstitution[];
  errors: HexInputProblem[];
}

/** The dissector as the translator needs it (src-main/dlms/dissect behind an adapter). */
export interface Dissector {
  parseHexInput(text: string, options: { lenient: boolean }): HexInputResult;
  /**
   * A stream over the pasted entries: each push may yield several frames (an HDLC or wrapper
   * stream) plus reassembled ones; state (segmented HDLC messages, GBT runs) carries across
   * entries, so a log's segments are joined as they were on the wire.
   */
  stream(options: DissectOptions): DissectStream;
}

export interface DissectStream {
  push(bytes: Uint8Array, piece: { direction?: Direction }): DissectedFrame[];
  /** Marks messages still waiting for a segment as incomplete (on frames already returned). */
  end(): void;
}

export function createTranslatorDecode(
  dissector: Dissector | undefined,
): (request: TranslatorDecodeRequest) => Promise<TranslatorDecodeResponse> {
  return async (request) => {
    if (!dissector) {
      throw new ServiceError('UNAVAILABLE', 'the dissector (src-main/dlms/dissect) is not part of this build yet');
    }
    const input = dissector.parseHexInput(request.text, { lenient: request.lenient ?? false });
    const options: DissectOptions = {};
    if (request.layer) options.layer = request.layer;
    const keys = nonEmptyKeys(request.keys);
    if (keys) options.keys = keys;
    const frames: TranslatedFrame[] = [];
    const stream = dissector.stream(options);
    for (const chunk of input.chunks) {
      if (chunk.bytes.length === 0) continue;
      const chunkHex = toHex(chunk.bytes);
      for (const frame of stream.push(chunk.bytes, chunk.direction ? { direction: chunk.direction } : {})) {
        // A reassembled frame's offsets index its reassembled bytes, every other frame's the chunk.
        frames.push({ hex: frame.reassembledHex ?? chunkHex, frame });
      }
    }
    stream.end();
    return { frames, substitutions: input.substitutions, errors: input.errors };
  };
}

function nonEmptyKeys(keys: DissectKeys | undefined): DissectKeys | undefined {
  if (!keys) return undefined;
  const out: DissectKeys = {};
  let any = false;
  for (const k of ['ek', 'ak', 'dedicatedKey', 'clientSystemTitle', 'serverSystemTitle'] as const) {
    const v = keys[k];
    if (v) {
      out[k] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}
