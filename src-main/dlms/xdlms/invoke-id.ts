// Invoke-Id-And-Priority and Long-Invoke-Id-And-Priority (Green Book 9.3, IEC 62056-5-3):
//
// Invoke-Id-And-Priority ::= BIT STRING (SIZE(8))
//   -- invoke-id bits 0..3, reserved bits 4..5, service-class bit 6 (0 unconfirmed, 1 confirmed),
//   -- priority bit 7 (0 normal, 1 high)
// Long-Invoke-Id-And-Priority ::= BIT STRING (SIZE(32))      -- data-notification, access
//   -- long-invoke-id bits 0..23, reserved 24..27, self-descriptive bit 28, processing-option bit 29
//   -- (0 continue-on-error, 1 break-on-error), service-class bit 30, priority bit 31
//
// Reserved bits are kept (field `reserved`, present only when non-zero) so a re-encode is byte-exact.

import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { toHex } from '../../../src-shared/hex';

export type ServiceClass = 'confirmed' | 'unconfirmed';
export type Priority = 'normal' | 'high';

export interface InvokeIdAndPriority {
  /** 0..15 */
  invokeId: number;
  serviceClass: ServiceClass;
  priority: Priority;
  /** Bits 4..5 (reserved, normally 0): kept so that a re-encode is byte-exact. */
  reserved?: number;
}

export function iipFromByte(b: number): InvokeIdAndPriority {
  const iip: InvokeIdAndPriority = {
    invokeId: b & 0x0f,
    serviceClass: b & 0x40 ? 'confirmed' : 'unconfirmed',
    priority: b & 0x80 ? 'high' : 'normal',
  };
  const reserved = (b >> 4) & 0x03;
  if (reserved !== 0) iip.reserved = reserved;
  return iip;
}

export function iipToByte(iip: InvokeIdAndPriority): number {
  return (
    (iip.invokeId & 0x0f) |
    (((iip.reserved ?? 0) & 0x03) << 4) |
    (iip.serviceClass === 'confirmed' ? 0x40 : 0) |
    (iip.priority === 'high' ? 0x80 : 0)
  );
}

export function describeIip(iip: InvokeIdAndPriority): string {
  return `invoke-id ${iip.invokeId}, ${iip.serviceClass}, ${iip.priority} priority`;
}

export function readInvokeIdAndPriority(r: ByteReader): InvokeIdAndPriority {
  return r.node(
    'invoke-id-and-priority',
    () => iipFromByte(r.u8()),
    (v) => ({ value: toHex(Uint8Array.of(iipToByte(v))), meaning: describeIip(v) }),
  );
}

export function writeInvokeIdAndPriority(w: ByteWriter, iip: InvokeIdAndPriority): void {
  w.u8(iipToByte(iip));
}

export type ProcessingOption = 'continue-on-error' | 'break-on-error';

export interface LongInvokeIdAndPriority {
  /** 0..0xFFFFFF */
  longInvokeId: number;
  selfDescriptive: boolean;
  processingOption: ProcessingOption;
  serviceClass: ServiceClass;
  priority: Priority;
  /** Bits 24..27 (reserved, normally 0). */
  reserved?: number;
}

export function longIipFromNumber(v: number): LongInvokeIdAndPriority {
  const l: LongInvokeIdAndPriority = {
    longInvokeId: v & 0xffffff,
    selfDescriptive: ((v >>> 28) & 1) === 1,
    processingOption: ((v >>> 29) & 1) === 1 ? 'break-on-error' : 'continue-on-error',
    serviceClass: ((v >>> 30) & 1) === 1 ? 'confirmed' : 'unconfirmed',
    priority: ((v >>> 31) & 1) === 1 ? 'high' : 'normal',
  };
  const reserved = (v >>> 24) & 0x0f;
  if (reserved !== 0) l.reserved = reserved;
  return l;
}

export function longIipToNumber(l: LongInvokeIdAndPriority): number {
  return (
    ((l.longInvokeId & 0xffffff) |
      (((l.reserved ?? 0) & 0x0f) << 24) |
      (l.selfDescriptive ? 1 << 28 : 0) |
      (l.processingOption === 'break-on-error' ? 1 << 29 : 0) |
      (l.serviceClass === 'confirmed' ? 1 << 30 : 0) |
      (l.priority === 'high' ? 1 << 31 : 0)) >>>
    0
  );
}

export function describeLongIip(l: LongInvokeIdAndPriority): string {
  return (
    `long-invoke-id ${l.longInvokeId}, ${l.selfDescriptive ? 'self-descriptive' : 'not self-descriptive'}, ` +
    `${l.processingOption}, ${l.serviceClass}, ${l.priority} priority`
  );
}

export function readLongInvokeIdAndPriority(r: ByteReader): LongInvokeIdAndPriority {
  return r.node(
    'long-invoke-id-and-priority',
    () => longIipFromNumber(r.u32()),
    (v) => ({ value: longIipToNumber(v).toString(16).toUpperCase().padStart(8, '0'), meaning: describeLongIip(v) }),
  );
}

export function writeLongInvokeIdAndPriority(w: ByteWriter, l: LongInvokeIdAndPriority): void {
  w.u32(longIipToNumber(l));
}

