// The one error a decoder may throw. A closed set of stable codes, the byte offset where
// decoding broke and the field path that was being read (ws gives receiver errors codes the same way).

export const DECODE_ERROR_CODES = [
  'TRUNCATED', // fewer bytes than the encoding says
  'BAD_TAG', // a tag/choice value the grammar does not allow here
  'BAD_LENGTH', // a length form or value that is not allowed
  'LENGTH_OVERFLOW', // a length or count beyond the configured limits
  'DEPTH', // nesting deeper than the guard allows
  'BAD_VALUE', // a field whose value is out of its range
  'TRAILING', // bytes left after a complete PDU
  'BAD_CHECKSUM', // HDLC HCS/FCS mismatch
  'BAD_HEX', // hex input that is not hex
  'AUTH_FAILED', // GCM tag or HLS check failed
  'NO_KEY', // ciphered content without a key to open it
  'UNSUPPORTED', // valid encoding that this codec does not handle
] as const;

export type DecodeErrorCode = (typeof DECODE_ERROR_CODES)[number];

export class DlmsDecodeError extends Error {
  override readonly name = 'DlmsDecodeError';
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
    /** Absolute byte offset where decoding broke. */
    readonly offset: number,
    /** Dotted field path, e.g. "AARQ.user-information.InitiateRequest.conformance". */
    readonly path: string = '',
  ) {
    super(`${code} at byte ${offset}${path ? ` (${path})` : ''}: ${message}`);
  }
}

export function isDlmsDecodeError(e: unknown): e is DlmsDecodeError {
  return e instanceof DlmsDecodeError;
}

/** Exhaustiveness guard for switches over tagged unions. */
export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
