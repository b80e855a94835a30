// Field-tree and trace types shared by main and renderer: what the dissector produces.

/** One dissected field: a byte range of the input with the spec's name for it. */
export interface FieldNode {
  /** The field's name in the spec's words, e.g. "invoke-id-and-priority". */
  label: string;
  /** Byte offset of the field in the bytes that were dissected (the frame, or the decrypted APDU for a decrypted subtree). */
  start: number;
  /** Length in bytes (0 for a problem marker at an offset). */
  length: number;
  /** Raw bytes of the field as uppercase hex (filled by the dissector). */
  hex?: string;
  /** Decoded value as text, e.g. "1070" or "1-0:1.8.0*255". */
  value?: string;
  /** What the value means in the spec's words, e.g. "logical name referencing, no ciphering". */
  meaning?: string;
  children?: FieldNode[];
  /** Set on the node where decoding broke (Wireshark's [Malformed Packet]). */
  problem?: string;
  /** A subtree over other bytes than the frame's, e.g. the decrypted APDU of a ciphered envelope. */
  decrypted?: DecryptedSubtree;
}

export interface DecryptedSubtree {
  /** Which key decrypted it ("global unicast encryption key", "dedicated key", ...). */
  key: string;
  systemTitle: string;
  invocationCounter: number;
  /** Plaintext APDU as uppercase hex; the subtree's offsets index into it. */
  plaintextHex: string;
  tree: FieldNode;
}

export type Direction = 'client->server' | 'server->client' | 'unknown';

/** The layer the dissector found (or was told) the bytes to be. */
export type DissectLayer = 'hdlc' | 'wrapper' | 'apdu' | 'axdr';

/** Keys and titles the dissector may use to open ciphered APDUs (hex strings). */
export interface DissectKeys {
  /** Global unicast encryption key (EK). */
  ek?: string;
  /** Authentication key (AK). */
  ak?: string;
  /** Dedicated key from the InitiateRequest, if known. */
  dedicatedKey?: string;
  /** Client system title (used for server->client? no: the sender's title forms the IV). */
  clientSystemTitle?: string;
  serverSystemTitle?: string;
}

export interface DissectOptions {
  /** Force a layer instead of auto-detecting it. */
  layer?: DissectLayer;
  direction?: Direction;
  keys?: DissectKeys;
}

/** One dissected frame (or APDU / data value). */
export interface DissectedFrame {
  layer: DissectLayer;
  /** Wireshark's Info column: "Get-Request-Normal 1-0:1.8.0*255 attr 2". */
  summary: string;
  tree: FieldNode;
  /** Byte offset where decoding broke, if it did. */
  malformedAt?: number;
  problem?: string;
  /** Auto-detection found no layer that these bytes parse as (not malformed: nothing claimed them). */
  unrecognized?: boolean;
  /**
   * Set on an extra frame the dissector reassembled from several (HDLC segments, GBT blocks): the
   * reassembled bytes as uppercase hex. The tree's offsets index these bytes, not the input.
   */
  reassembledHex?: string;
}
