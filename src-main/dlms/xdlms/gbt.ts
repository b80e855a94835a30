// General block transfer (Green Book 9.3.x "GBT", IEC 62056-5-3), A-XDR encoded.
//
// General-Block-Transfer ::= SEQUENCE {                          -- [224] = E0
//   block-control     Block-Control,
//   block-number      Unsigned16,
//   block-number-ack  Unsigned16,
//   block-data        OCTET STRING }
// Block-Control ::= Unsigned8
//   -- last-block bit 7 (1 = last block), streaming bit 6 (1 = streaming active), window bits 0..5
//
// The block-data of consecutive blocks concatenate to the complete APDU they carry (which may itself
// be ciphered); concatBlockData does that with the checks a receiver needs.

import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { readApduTag, readOctetString, readUnsigned16 } from './common';

export const GENERAL_BLOCK_TRANSFER_TAG = 0xe0;

export interface GeneralBlockTransfer {
  type: 'general-block-transfer';
  lastBlock: boolean;
  streaming: boolean;
  /** Window size advertised by the sender, 0..63. */
  window: number;
  blockNumber: number;
  blockNumberAck: number;
  blockData: Uint8Array;
}

export function blockControlToByte(g: Pick<GeneralBlockTransfer, 'lastBlock' | 'streaming' | 'window'>): number {
  return (g.lastBlock ? 0x80 : 0) | (g.streaming ? 0x40 : 0) | (g.window & 0x3f);
}

export function decodeGeneralBlockTransfer(r: ByteReader): GeneralBlockTransfer {
  return r.node(
    'general-block-transfer',
    (): GeneralBlockTransfer => {
      readApduTag(r, GENERAL_BLOCK_TRANSFER_TAG, 'general-block-transfer');
      const bc = r.node('block-control', () => r.u8(), (v) => ({
        value: v.toString(16).toUpperCase().padStart(2, '0'),
        meaning:
          `last-block ${v & 0x80 ? 1 : 0}, streaming ${v & 0x40 ? 1 : 0}, window ${v & 0x3f}`,
      }));
      const blockNumber = readUnsigned16(r, 'block-number');
      const blockNumberAck = readUnsigned16(r, 'block-number-ack');
      const blockData = readOctetString(r, 'block-data');
      return {
        type: 'general-block-transfer',
        lastBlock: (bc & 0x80) !== 0,
        streaming: (bc & 0x40) !== 0,
        window: bc & 0x3f,
        blockNumber,
        blockNumberAck,
        blockData,
      };
    },
    (v) => `block ${v.blockNumber}${v.lastBlock ? ' last' : ''}`,
  );
}

export function encodeGeneralBlockTransfer(w: ByteWriter, g: GeneralBlockTransfer): void {
  w.u8(GENERAL_BLOCK_TRANSFER_TAG);
  w.u8(blockControlToByte(g));
  w.u16(g.blockNumber);
  w.u16(g.blockNumberAck);
  w.withLength(g.blockData);
}

export function describeGeneralBlockTransfer(g: GeneralBlockTransfer): string {
  return (
    `block ${g.blockNumber}${g.lastBlock ? ' last' : ''} ack ${g.blockNumberAck}` +
    `${g.streaming ? ' streaming' : ''} window ${g.window}, ${g.blockData.length} octet(s)`
  );
}

export type ReassemblyResult =
  | { ok: true; apdu: Uint8Array }
  | { ok: false; problem: 'empty' | 'not-consecutive' | 'last-block-missing' | 'block-after-last'; at: number };

/**
 * Concatenates the block-data of a complete GBT sequence: block numbers must increase by one and
 * exactly the final block carries last-block. (Lost-block recovery belongs to the association engine.)
 */
export function concatBlockData(blocks: readonly GeneralBlockTransfer[]): ReassemblyResult {
  if (blocks.length === 0) return { ok: false, problem: 'empty', at: 0 };
  let total = 0;
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (i > 0 && b.blockNumber !== blocks[i - 1]!.blockNumber + 1) return { ok: false, problem: 'not-consecutive', at: i };
    if (b.lastBlock && i !== blocks.length - 1) return { ok: false, problem: 'block-after-last', at: i + 1 };
    total += b.blockData.length;
  }
  if (!blocks[blocks.length - 1]!.lastBlock) return { ok: false, problem: 'last-block-missing', at: blocks.length };
  const out = new Uint8Array(total);
  let p = 0;
  for (const b of blocks) {
    out.set(b.blockData, p);
    p += b.blockData.length;
  }
  return { ok: true, apdu: out };
}
