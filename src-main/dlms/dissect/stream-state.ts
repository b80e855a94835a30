// What a stream leaves open between its frames, and between the pieces a caller feeds one by one
// (a log has one frame per line): HDLC messages whose last segment has not come yet, GBT runs
// whose last block has not come yet, per sender, and how many frames were put out so far (so a
// segment can name the frame its message started in, "#6", in the numbering of the whole output).
//
// Senders are told apart by their link identity: the HDLC source and destination addresses (the
// segmentation rule of IEC 62056-46 6.4.4.4.3 holds per direction of one link), the wrapper
// wPorts, or for bare APDUs the direction.

import type { Direction, DissectedFrame, FieldNode } from '../../../src-shared/trace';
import type { GeneralBlockTransfer } from '../xdlms/gbt';

/** Reassembly stops growing a message here (far above any negotiated PDU size). */
export const MAX_REASSEMBLY_BYTES = 1 << 20;

/** Where a piece of a message was shown, so its meaning can be amended later. */
export interface ShownPiece {
  /** 0-based index of the frame in the whole output. */
  index: number;
  frame: DissectedFrame;
  node: FieldNode;
}

export interface PendingSegments {
  /** The first segment (with the LLC header) is in the stream; false: the stream starts mid-message or it was lost. */
  complete: boolean;
  /** Why the first segment is absent (only when !complete). */
  startMissing?: string;
  parts: Uint8Array[];
  shown: ShownPiece[];
  size: number;
  /** Past MAX_REASSEMBLY_BYTES: pieces are no longer kept. */
  overflow: boolean;
  direction: Direction;
  /** N(S) and bytes of the last segment's frame, to recognise a retransmission. */
  lastNs?: number;
  lastPart: Uint8Array;
  /** The sender carried an APDU before this message (for a GBT block inside it). */
  seenBefore: boolean;
}

export interface GbtRun {
  blocks: { index: number; block: GeneralBlockTransfer; shown: ShownPiece }[];
  /** Why blocks before the first one here are absent (set when the run does not start at block 1). */
  startMissing?: string;
}

export class StreamState {
  /** Frames put out before the piece being dissected now. */
  frameCount = 0;
  readonly hdlc = new Map<string, PendingSegments>();
  readonly gbt = new Map<string, GbtRun>();
  /** Senders that already carried an APDU or a segment in this stream. */
  readonly seen = new Set<string>();

  /**
   * Amendments to frames already shown wait until the layer that made them is chosen (auto-
   * detection tries layers on clones and keeps one): flush() applies them.
   */
  private readonly amendments: (() => void)[] = [];

  /** Adds `text` to a shown piece's node meaning and its frame's summary (at flush). */
  amend(piece: ShownPiece, text: string): void {
    this.amendments.push(() => {
      piece.node.meaning = piece.node.meaning ? `${piece.node.meaning}; ${text}` : text;
      piece.frame.summary += ` · ${text}`;
    });
  }

  flush(): void {
    for (const a of this.amendments.splice(0)) a();
  }

  /** A copy to try a layer on; the caller keeps it only if that layer is chosen. */
  clone(): StreamState {
    const c = new StreamState();
    c.frameCount = this.frameCount;
    for (const [k, p] of this.hdlc) c.hdlc.set(k, { ...p, parts: [...p.parts], shown: [...p.shown] });
    for (const [k, g] of this.gbt) c.gbt.set(k, { ...g, blocks: [...g.blocks] });
    for (const k of this.seen) c.seen.add(k);
    c.amendments.push(...this.amendments);
    return c;
  }
}
