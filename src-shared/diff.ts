// Field-by-field differences between two dissected frames (the "Compare" of the seed's story: the
// client's AARQ against the vendor tool's). Produced by src-main/dlms/dissect/diff.ts, shown by the
// CLI (`meterscope diff`) and the renderer's Compare tab. Plain data, no imports.

/** 'changed': the field is in both frames with other bytes or value; 'only-in-*': one frame lacks it. */
export type FieldDiffKind = 'changed' | 'only-in-a' | 'only-in-b';

/**
 * 'per-connection': expected to differ on every association or frame (HLS challenges, invocation
 * counters, authentication tags, ciphered content, HDLC N(S)/N(R), HCS/FCS, invoke-ids, block
 * numbers, and length fields that only follow from other differences).
 * 'setting': everything else, i.e. what a configuration decides and an engineer should compare.
 */
export type FieldDiffClass = 'per-connection' | 'setting';

/** One side of a difference: the field as it is in frame A or frame B. */
export interface FieldDiffSide {
  label: string;
  value?: string;
  meaning?: string;
  /** The field's bytes as uppercase hex (as the dissector filled them). */
  hex?: string;
  /** Byte offset and length of the field in its byte space (see `space`). */
  start: number;
  length: number;
  /**
   * The byte space the offsets index: '' for the frame's bytes, else the node id of the ciphered
   * envelope whose decrypted plaintext they index (the renderer's tree-model byte spaces).
   */
  space: string;
  /** The node's id in the frame's tree ('0', '0.2.1', '0.4~d.0.1'), as the renderer's tree-model forms it. */
  nodeId: string;
}

export interface FieldDiff {
  /** Labels from the root joined with ' / '; a label repeated among siblings carries its index: 'result[1]'. */
  path: string;
  kind: FieldDiffKind;
  class: FieldDiffClass;
  a?: FieldDiffSide;
  b?: FieldDiffSide;
  /** Plain-language statement of the difference, e.g. 'wrapper destination wPort 145 vs 1: the logical device (server address) differs'. */
  explanation: string;
}

/** The differences of the n-th frame of input A against the n-th frame of input B. */
export interface FramePairDiff {
  /** Index of the frame in A's frames (absent when A has fewer frames). */
  a?: number;
  b?: number;
  diffs: FieldDiff[];
}
