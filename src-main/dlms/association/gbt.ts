// General block transfer from the client's side (Green Book 9.4.6.13, IEC 62056-5-3 "GBT"):
//
//   block-control   last-block (bit 7), streaming (bit 6: more blocks follow without an ack),
//                   window (bits 0..5: how many blocks the sender of this APDU can receive)
//   block-number    the sender's block counter (from 1);  block-number-ack  the last block it got
//
// Receiving: blocks are kept by number; when the sender stops streaming (end of its window) or
// sends the last block with gaps, the client acks with block-number-ack = the last block received
// in sequence, which makes the sender resend what follows (lost-block recovery). Once the last
// block and every block before it are in, the block-data concatenate to the APDU they carry.
// The seed's rule: the client answers a GBT stream only with GBT (never get-request-next).
//
// Sending: a long (ciphered) request is split into blocks that fit the server's max PDU; the first
// goes alone, then as many as the window the server advertises, until it acks the last one.

import type { GeneralBlockTransfer } from '../xdlms/gbt';
import { AssociationFault } from './fault';

/** E0, block-control, block-number, block-number-ack and a 3-byte length. */
export const GBT_OVERHEAD = 1 + 1 + 2 + 2 + 3;
/** Timeouts with blocks missing before the transfer is given up. */
export const GBT_MAX_RECOVERY = 3;

function ack(ownNumber: number, blockNumberAck: number, window: number): GeneralBlockTransfer {
  return { type: 'general-block-transfer', lastBlock: false, streaming: false, window, blockNumber: ownNumber, blockNumberAck, blockData: new Uint8Array(0) };
}

export type GbtReceiveStep =
  | { kind: 'complete'; apdu: Uint8Array }
  | { kind: 'ack'; apdu: GeneralBlockTransfer }
  | { kind: 'wait' };

export class GbtReceiver {
  private readonly blocks = new Map<number, Uint8Array>();
  private last: number | undefined;
  private inOrder: number;
  private recoveries = 0;
  bytes = 0;

  /**
   * @param first  the block number the sender's data starts at (1 for a fresh transfer)
   * @param window the client's receive window (settings.gbtWindowSize)
   * @param nextOwnNumber the client's next own block number (for its acks)
   */
  constructor(
    private readonly first: number,
    private readonly window: number,
    private nextOwnNumber: number,
  ) {
    this.inOrder = first - 1;
  }

  get blockCount(): number {
    return this.blocks.size;
  }

  receive(g: GeneralBlockTransfer): GbtReceiveStep {
    const n = g.blockNumber;
    if (n < this.first || (this.last !== undefined && n > this.last) || n > this.inOrder + 64) {
      throw new AssociationFault('block-number', `general-block-transfer block ${n} is out of sequence (expected ${this.inOrder + 1}${this.last !== undefined ? ` up to the last block ${this.last}` : ''})`);
    }
    if (g.lastBlock) this.last = n;
    if (!this.blocks.has(n)) {
      this.blocks.set(n, g.blockData);
      this.bytes += g.blockData.length;
    }
    while (this.blocks.has(this.inOrder + 1)) this.inOrder++;
    if (this.last !== undefined && this.inOrder === this.last) return { kind: 'complete', apdu: this.assemble() };
    if (!g.streaming || g.lastBlock) return { kind: 'ack', apdu: this.ackApdu() };
    return { kind: 'wait' };
  }

  /** The response timer expired mid-transfer: ask again for what is missing (a bounded number of times). */
  timeout(): GeneralBlockTransfer {
    if (++this.recoveries > GBT_MAX_RECOVERY) {
      throw new AssociationFault('timeout', `general-block-transfer stalled after block ${this.inOrder}: no answer to ${GBT_MAX_RECOVERY} requests for the missing blocks`);
    }
    return this.ackApdu();
  }

  private ackApdu(): GeneralBlockTransfer {
    return ack(this.nextOwnNumber++, this.inOrder, this.window);
  }

  private assemble(): Uint8Array {
    const out = new Uint8Array(this.bytes);
    let p = 0;
    for (let n = this.first; n <= this.last!; n++) {
      const b = this.blocks.get(n)!;
      out.set(b, p);
      p += b.length;
    }
    return out;
  }
}

export type GbtSendStep =
  | { kind: 'send'; apdus: GeneralBlockTransfer[] }
  /** Every block acked; `response` is the server's APDU that acked the last one if it carried data. */
  | { kind: 'sent'; ownNextNumber: number; firstResponseBlock: number; response?: GeneralBlockTransfer };

export class GbtSender {
  private readonly blocks: Uint8Array[] = [];
  private sent = 0;
  private acked = 0;
  private lastPureAck = 0;

  /** Splits `apdu` into blocks of at most `maxPdu − GBT_OVERHEAD` bytes. */
  constructor(
    apdu: Uint8Array,
    maxPdu: number,
    private readonly window: number,
  ) {
    const size = Math.max(1, maxPdu - GBT_OVERHEAD);
    for (let i = 0; i < apdu.length; i += size) this.blocks.push(apdu.subarray(i, Math.min(apdu.length, i + size)));
    if (this.blocks.length === 0) this.blocks.push(apdu);
  }

  get total(): number {
    return this.blocks.length;
  }

  /** The first block, alone (the server's window is not known yet). */
  start(): GeneralBlockTransfer[] {
    return this.windowOf(1);
  }

  private windowOf(size: number): GeneralBlockTransfer[] {
    const out: GeneralBlockTransfer[] = [];
    const end = Math.min(this.blocks.length, this.sent + Math.max(1, size));
    for (let i = this.sent; i < end; i++) {
      const lastBlock = i === this.blocks.length - 1;
      out.push({ type: 'general-block-transfer', lastBlock, streaming: !lastBlock && i < end - 1, window: this.window, blockNumber: i + 1, blockNumberAck: 0, blockData: this.blocks[i]! });
    }
    this.sent = end;
    return out;
  }

  /** A GBT APDU from the server while sending: an ack (maybe with the first response block). */
  onServerBlock(g: GeneralBlockTransfer): GbtSendStep {
    if (g.blockNumberAck > this.sent || g.blockNumberAck < this.acked) {
      throw new AssociationFault('block-number', `the meter acknowledged block ${g.blockNumberAck}, but blocks ${this.acked + 1}..${this.sent} were the ones outstanding`);
    }
    this.acked = g.blockNumberAck;
    if (this.acked === this.blocks.length) {
      const carries = g.blockData.length > 0 || g.lastBlock;
      const step: GbtSendStep = { kind: 'sent', ownNextNumber: this.blocks.length + 1, firstResponseBlock: carries ? g.blockNumber : Math.max(this.lastPureAck, g.blockNumber) + 1 };
      if (carries) step.response = g;
      return step;
    }
    this.lastPureAck = g.blockNumber;
    this.sent = this.acked; // resend whatever the meter did not get
    return { kind: 'send', apdus: this.windowOf(g.window) };
  }
}
