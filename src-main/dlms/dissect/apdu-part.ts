// The APDU layer of the dissector, shared by every framing: one APDU over a byte range, with
// quirk explanations and decrypted subtrees, plus the small frame helpers all layers use.

import type { Direction, DissectedFrame, DissectLayer, DissectOptions, FieldNode } from '../../../src-shared/trace';
import { toHex } from '../../../src-shared/hex';
import { APDU_TAGS, decodeApdu, summarizeApdu } from '../apdu';
import { CIPHERED_TAGS } from '../security/envelope';
import type { GeneralBlockTransfer } from '../xdlms/gbt';
import { decryptTree } from './decrypt';
import { explainQuirks } from './quirks';
import { runDecoder, wrapRoots } from './run';
import type { StreamState } from './stream-state';

export interface Ctx {
  options: DissectOptions;
  /** What earlier frames of the stream left open (segmented messages, GBT runs), and their count. */
  state: StreamState;
}

export interface ApduPart {
  roots: FieldNode[];
  summary: string;
  error?: { offset: number; message: string };
  apdu?: ReturnType<typeof decodeApdu>;
  /** The bytes were not taken for an APDU (unknown first byte inside a frame). */
  opaque?: boolean;
}

/** Dissects bytes[start, end) as one APDU, decrypting ciphered envelopes when keys are given. */
export function apduPart(bytes: Uint8Array, start: number, end: number, ctx: Ctx, direction: Direction, depth = 0, opaqueIfUnknown = false): ApduPart {
  // Inside a frame, an information field whose first byte is no APDU tag is shown as opaque data
  // (the frame itself is fine; Wireshark shows "Data"). A bare APDU with such a tag is malformed.
  const tag = bytes[start];
  if (opaqueIfUnknown && tag !== undefined && APDU_TAGS[tag] === undefined && CIPHERED_TAGS[tag] === undefined) {
    const meaning = `not recognised as an APDU: 0x${toHex(Uint8Array.of(tag))} is no APDU tag`;
    return { roots: [{ label: 'unrecognized information', start, length: end - start, meaning }], summary: meaning, opaque: true };
  }
  const res = runDecoder(bytes, start, end, (r) => decodeApdu(r));
  const out: ApduPart = { roots: res.roots, summary: '' };
  if (res.error) out.error = res.error;
  else if (res.end < end) {
    const message = `${end - res.end} byte(s) after the end of the APDU`;
    res.roots.push({ label: 'trailing bytes', start: res.end, length: end - res.end, problem: message });
    out.error = { offset: res.end, message };
  }
  if (res.value !== undefined) {
    out.apdu = res.value;
    out.summary = safeSummary(res.value);
  } else out.summary = `malformed APDU (tag 0x${toHex(bytes.subarray(start, start + 1))})`;
  if (out.error) explainQuirks(out.roots, bytes, start, end, out.error);
  const holder: FieldNode = { label: 'APDU', start, length: end - start, children: out.roots };
  try {
    decryptTree(holder, bytes, {
      ...(ctx.options.keys ? { keys: ctx.options.keys } : {}),
      direction,
      depth,
      dissectPlaintext: (plain, d) => {
        const p = apduPart(plain, 0, plain.length, ctx, direction, d);
        return wrapRoots('APDU', p.roots, 0, plain.length, { value: p.summary });
      },
    });
  } catch (e) {
    holder.children!.push({ label: 'decryption', start: end, length: 0, meaning: `not decrypted: ${e instanceof Error ? e.message : String(e)}` });
  }
  return out;
}

function safeSummary(a: ReturnType<typeof decodeApdu>): string {
  try {
    return summarizeApdu(a);
  } catch {
    return 'APDU';
  }
}

export function asGbt(a: unknown): GeneralBlockTransfer | undefined {
  return (a as { type?: unknown } | undefined)?.type === 'general-block-transfer' ? (a as GeneralBlockTransfer) : undefined;
}

export function frameOf(layer: DissectLayer, tree: FieldNode, summary: string, error?: { offset: number; message: string }): DissectedFrame {
  const f: DissectedFrame = { layer, summary, tree };
  if (error) {
    f.malformedAt = error.offset;
    f.problem = error.message;
  }
  return f;
}

/** "#7" for the frame at 0-based position 6 of the whole output. */
export function frameRef(index: number): string {
  return `#${index + 1}`;
}

export function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
