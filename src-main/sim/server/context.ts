// What a service handler gets from the association engine: the device, the association as it
// stands, the negotiated limits, and the per-association block-transfer state it may keep.
import type { DlmsData } from '../../dlms/axdr/types';
import type { CosemAttributeDescriptorWithSelection, CosemMethodDescriptor, InvokeIdAndPriority } from '../../dlms/xdlms/common';
import type { OutgoingBlocks } from './blocks';
import type { MethodResult } from './objects';
import type { DeviceRuntime } from './runtime';
import type { SessionView } from './types';

export interface ServiceContext {
  rt: DeviceRuntime;
  view: SessionView;
  /** Negotiated conformance (24-bit number). */
  conformance: number;
  /** Does a plain response APDU of this many octets fit the client's max receive PDU once ciphered? */
  fits(plainLength: number): boolean;
  /** The largest plain APDU that fits. */
  plainBudget(): number;
  /** General-block-transfer is negotiated (long responses go as GBT, not as service blocks). */
  gbt: boolean;
  blocks: BlockState;
  /** The Association's reply_to_HLS_authentication (pass 3 -> pass 4). */
  hlsReply(parameter: DlmsData | undefined): MethodResult;
}

/** Long transfers in progress on this association (Green Book 9.4.6.x "block transfer"). */
export interface BlockState {
  /** A long GET answered block by block: the raw data and the last block number sent. */
  get?: { iip: InvokeIdAndPriority; raw: Uint8Array; chunk: number; sent: number; done?: boolean };
  /** A SET whose value arrives in datablocks. */
  set?: { attributes: CosemAttributeDescriptorWithSelection[]; list: boolean; parts: Uint8Array[]; last: number };
  /** An ACTION whose parameters arrive in pblocks. */
  action?: { descriptors: CosemMethodDescriptor[]; list: boolean; parts: Uint8Array[]; last: number };
  /** A method's return parameters too long for one response, sent in action-response-with-pblock. */
  actionOut?: OutgoingBlocks & { iip: InvokeIdAndPriority };
  /** SN: a ReadResponse too long for one APDU, sent as data-block-results. */
  read?: OutgoingBlocks;
  /** SN: a ReadRequest/WriteRequest arriving in read-/write-data-block-access blocks. */
  snIn?: { kind: 'read' | 'write'; parts: Uint8Array[]; last: number };
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
