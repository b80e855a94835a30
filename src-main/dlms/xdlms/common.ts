// Building blocks shared by the xDLMS service APDUs (Green Book 9.3, IEC 62056-5-3 8.x "COSEMpdu"),
// all A-XDR encoded:
//
// (Invoke-Id-And-Priority and Long-Invoke-Id-And-Priority: invoke-id.ts, re-exported here.)
// Cosem-Attribute-Descriptor ::= SEQUENCE {
//   class-id Cosem-Class-Id (Unsigned16), instance-id Cosem-Object-Instance-Id (OCTET STRING (SIZE(6))),
//   attribute-id Cosem-Object-Attribute-Id (Integer8) }
// Cosem-Method-Descriptor ::= SEQUENCE { class-id, instance-id, method-id Cosem-Object-Method-Id (Integer8) }
// Selective-Access-Descriptor ::= SEQUENCE { access-selector Unsigned8, access-parameters Data }
// Cosem-Attribute-Descriptor-With-Selection ::= SEQUENCE {
//   cosem-attribute-descriptor Cosem-Attribute-Descriptor, access-selection Selective-Access-Descriptor OPTIONAL }
// Get-Data-Result ::= CHOICE { data [0] Data, data-access-result [1] IMPLICIT Data-Access-Result }
// DataBlock-SA ::= SEQUENCE { last-block BOOLEAN, block-number Unsigned32, raw-data OCTET STRING }
//
// A-XDR: OPTIONAL is a usage flag (00 absent, 01 present, anything else rejected), SEQUENCE OF and OCTET STRING carry an
// A-XDR length, BOOLEAN is one octet (00 FALSE, anything else TRUE; we write 01).

import { decodeData, encodeData } from '../axdr/data';
import type { DlmsData } from '../axdr/types';
import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { toHex } from '../../../src-shared/hex';
import { formatObis, obisFromBytes } from '../../../src-shared/cosem/obis';
import { readInvokeIdAndPriority, writeInvokeIdAndPriority, type InvokeIdAndPriority } from './invoke-id';

// ---------------------------------------------------------------- enum tables

/**
 * The values Data-Access-Result and Action-Result share (Green Book 9.3): the two ENUMERATEDs agree
 * up to data-block-unavailable (14) and in other-reason (250); 15.. name the long GET/SET or ACTION.
 */
const ACCESS_RESULT_COMMON = {
  success: 0,
  'hardware-fault': 1,
  'temporary-failure': 2,
  'read-write-denied': 3,
  'object-undefined': 4,
  'object-class-inconsistent': 9,
  'object-unavailable': 11,
  'type-unmatched': 12,
  'scope-of-access-violated': 13,
  'data-block-unavailable': 14,
} as const;

/** Data-Access-Result ::= ENUMERATED (Green Book 9.3, the names of the spec). */
export const DATA_ACCESS_RESULT = {
  ...ACCESS_RESULT_COMMON,
  'long-get-aborted': 15,
  'no-long-get-in-progress': 16,
  'long-set-aborted': 17,
  'no-long-set-in-progress': 18,
  'data-block-number-invalid': 19,
  'other-reason': 250,
} as const;
export type DataAccessResultName = keyof typeof DATA_ACCESS_RESULT;

/** Action-Result ::= ENUMERATED (Green Book 9.3). */
export const ACTION_RESULT = {
  ...ACCESS_RESULT_COMMON,
  'long-action-aborted': 15,
  'no-long-action-in-progress': 16,
  'other-reason': 250,
} as const;
export type ActionResultName = keyof typeof ACTION_RESULT;

function nameIn(table: Record<string, number>, code: number): string | undefined {
  for (const [k, v] of Object.entries(table)) if (v === code) return k;
  return undefined;
}

/** The spec's name of a Data-Access-Result code, or "unknown (n)" for codes the table lacks. */
export function dataAccessResultName(code: number): string {
  return nameIn(DATA_ACCESS_RESULT, code) ?? `unknown (${code})`;
}

export function actionResultName(code: number): string {
  return nameIn(ACTION_RESULT, code) ?? `unknown (${code})`;
}

// ---------------------------------------------------------------- primitives

export function readBoolean(r: ByteReader, label: string): boolean {
  return r.node(label, () => r.u8() !== 0, (v) => (v ? 'TRUE' : 'FALSE'));
}

export function writeBoolean(w: ByteWriter, v: boolean): void {
  w.u8(v ? 1 : 0);
}

export function readUnsigned32(r: ByteReader, label: string): number {
  return r.node(label, () => r.u32(), (v) => String(v));
}

export function readUnsigned16(r: ByteReader, label: string): number {
  return r.node(label, () => r.u16(), (v) => String(v));
}

/** OCTET STRING: A-XDR length then the octets. */
export function readOctetString(r: ByteReader, label: string): Uint8Array {
  return r.node(
    label,
    () => r.take(r.length(`${label} length`)),
    (v) => ({ value: toHex(v), meaning: `${v.length} octet(s)` }),
  );
}

export function writeOctetString(w: ByteWriter, b: Uint8Array): void {
  w.withLength(b);
}

/** SEQUENCE OF: an A-XDR quantity, then the elements (each is at least one byte, so the count is capped by what is left). */
export function readSequenceOf<T>(r: ByteReader, label: string, item: (i: number) => T): T[] {
  return r.node(
    label,
    () => {
      const n = r.node('quantity', () => r.length('quantity'), (v) => String(v));
      const out: T[] = [];
      for (let i = 0; i < n; i++) out.push(item(i));
      return out;
    },
    (v) => `${v.length} element(s)`,
  );
}

export function writeSequenceOf<T>(w: ByteWriter, items: readonly T[], item: (v: T) => void): void {
  w.length_(items.length);
  for (const v of items) item(v);
}

/** One A-XDR Data value as a named field. */
export function readData(r: ByteReader, label: string): DlmsData {
  return r.node(label, () => decodeData(r));
}

export function writeData(w: ByteWriter, d: DlmsData): void {
  encodeData(w, d);
}

/** A-XDR OPTIONAL: usage flag 00 (absent) or 01 (present) then the value; any other flag is not A-XDR. */
export function readOptional<T>(r: ByteReader, label: string, fn: () => T): T | undefined {
  const start = r.pos;
  const flag = r.node(`${label} usage-flag`, () => r.u8(), (v) => (v === 0 ? 'absent' : v === 1 ? 'present' : 'invalid'));
  if (flag > 1) r.fail('BAD_VALUE', `OPTIONAL usage flag ${flag} is not 0 or 1`, start);
  return flag === 1 ? fn() : undefined;
}

export function writeOptional<T>(w: ByteWriter, v: T | undefined, fn: (v: T) => void): void {
  if (v === undefined) w.u8(0);
  else {
    w.u8(1);
    fn(v);
  }
}

export * from './invoke-id';

// ---------------------------------------------------------------- descriptors

export interface CosemAttributeDescriptor {
  classId: number;
  /** The logical name (OBIS code), 6 octets. */
  instanceId: Uint8Array;
  /** Integer8: negative values are manufacturer-specific attributes. */
  attributeId: number;
}

export interface CosemMethodDescriptor {
  classId: number;
  instanceId: Uint8Array;
  methodId: number;
}

export interface SelectiveAccessDescriptor {
  accessSelector: number;
  accessParameters: DlmsData;
}

export interface CosemAttributeDescriptorWithSelection {
  descriptor: CosemAttributeDescriptor;
  accessSelection?: SelectiveAccessDescriptor;
}

/** OBIS text as Wireshark and the Blue Book write it: A-B:C.D.E*F (hex if not 6 octets). */
export function obisText(b: Uint8Array): string {
  return b.length === 6 ? formatObis(obisFromBytes(b)) : toHex(b);
}

function readInstanceId(r: ByteReader): Uint8Array {
  return r.node('instance-id', () => r.take(6, 'instance-id'), (v) => ({ value: obisText(v), meaning: 'logical name (OBIS)' }));
}

function writeInstanceId(w: ByteWriter, b: Uint8Array): void {
  if (b.length !== 6) throw new RangeError(`instance-id must be 6 octets, got ${b.length}`);
  w.bytes(b);
}

/**
 * Both descriptors are class-id, instance-id, then an Integer8 member id (attribute-id or
 * method-id); `key` names that member in the decoded value, `word` in its one-line summary.
 */
function readDescriptor<K extends 'attributeId' | 'methodId'>(
  r: ByteReader,
  label: string,
  key: K,
  idLabel: string,
  word: string,
): { classId: number; instanceId: Uint8Array } & Record<K, number> {
  return r.node(
    label,
    () => {
      const classId = r.node('class-id', () => r.u16(), (v) => String(v));
      const instanceId = readInstanceId(r);
      const id = r.node(idLabel, () => r.i8(), (v) => String(v));
      return { classId, instanceId, [key]: id } as { classId: number; instanceId: Uint8Array } & Record<K, number>;
    },
    (v) => `class ${v.classId} ${obisText(v.instanceId)} ${word} ${v[key]}`,
  );
}

function writeDescriptor(w: ByteWriter, classId: number, instanceId: Uint8Array, id: number): void {
  w.u16(classId);
  writeInstanceId(w, instanceId);
  w.i8(id);
}

export function readAttributeDescriptor(r: ByteReader, label = 'cosem-attribute-descriptor'): CosemAttributeDescriptor {
  return readDescriptor(r, label, 'attributeId', 'attribute-id', 'attr');
}

export function writeAttributeDescriptor(w: ByteWriter, d: CosemAttributeDescriptor): void {
  writeDescriptor(w, d.classId, d.instanceId, d.attributeId);
}

export function readMethodDescriptor(r: ByteReader, label = 'cosem-method-descriptor'): CosemMethodDescriptor {
  return readDescriptor(r, label, 'methodId', 'method-id', 'method');
}

export function writeMethodDescriptor(w: ByteWriter, d: CosemMethodDescriptor): void {
  writeDescriptor(w, d.classId, d.instanceId, d.methodId);
}

export function readSelectiveAccess(r: ByteReader, label = 'access-selection'): SelectiveAccessDescriptor {
  return r.node(label, () => {
    const accessSelector = r.node('access-selector', () => r.u8(), (v) => ({
      value: String(v),
      meaning: v === 1 ? 'range_descriptor' : v === 2 ? 'entry_descriptor' : 'class specific',
    }));
    const accessParameters = readData(r, 'access-parameters');
    return { accessSelector, accessParameters };
  });
}

export function writeSelectiveAccess(w: ByteWriter, s: SelectiveAccessDescriptor): void {
  w.u8(s.accessSelector);
  writeData(w, s.accessParameters);
}

/** Cosem-Attribute-Descriptor followed by OPTIONAL access-selection. */
export function readDescriptorWithSelection(
  r: ByteReader,
  label = 'cosem-attribute-descriptor-with-selection',
): CosemAttributeDescriptorWithSelection {
  return r.node(label, () => {
    const descriptor = readAttributeDescriptor(r);
    const accessSelection = readOptional(r, 'access-selection', () => readSelectiveAccess(r));
    return accessSelection ? { descriptor, accessSelection } : { descriptor };
  });
}

export function writeDescriptorWithSelection(w: ByteWriter, d: CosemAttributeDescriptorWithSelection): void {
  writeAttributeDescriptor(w, d.descriptor);
  writeOptional(w, d.accessSelection, (s) => writeSelectiveAccess(w, s));
}

// ---------------------------------------------------------------- results and blocks

export function readDataAccessResult(r: ByteReader, label = 'data-access-result'): number {
  return r.node(label, () => r.u8(), (v) => ({ value: String(v), meaning: dataAccessResultName(v) }));
}

export function readActionResult(r: ByteReader, label = 'result'): number {
  return r.node(label, () => r.u8(), (v) => ({ value: String(v), meaning: actionResultName(v) }));
}

export const GET_DATA_RESULT_CHOICE = { 0: 'data', 1: 'data-access-result' } as const;

export type GetDataResult = { type: 'data'; data: DlmsData } | { type: 'data-access-result'; result: number };

export function readGetDataResult(r: ByteReader, label = 'result'): GetDataResult {
  return r.node(label, (): GetDataResult => {
    const choice = readChoice(r, 'Get-Data-Result', GET_DATA_RESULT_CHOICE);
    return choice === 'data'
      ? { type: 'data', data: readData(r, 'data') }
      : { type: 'data-access-result', result: readDataAccessResult(r) };
  });
}

export function writeGetDataResult(w: ByteWriter, g: GetDataResult): void {
  if (g.type === 'data') {
    w.u8(0);
    writeData(w, g.data);
  } else {
    w.u8(1).u8(g.result);
  }
}

export function describeGetDataResult(g: GetDataResult): string {
  return g.type === 'data' ? `data ${g.data.type}` : dataAccessResultName(g.result);
}

export interface DataBlockSA {
  lastBlock: boolean;
  blockNumber: number;
  rawData: Uint8Array;
}

export function readDataBlockSA(r: ByteReader, label: string): DataBlockSA {
  return r.node(
    label,
    () => {
      const lastBlock = readBoolean(r, 'last-block');
      const blockNumber = readUnsigned32(r, 'block-number');
      const rawData = readOctetString(r, 'raw-data');
      return { lastBlock, blockNumber, rawData };
    },
    (v) => `block ${v.blockNumber}${v.lastBlock ? ' last' : ''}, ${v.rawData.length} octet(s)`,
  );
}

export function writeDataBlockSA(w: ByteWriter, b: DataBlockSA): void {
  writeBoolean(w, b.lastBlock);
  w.u32(b.blockNumber);
  writeOctetString(w, b.rawData);
}

/** The CHOICE tag octet inside a service APDU (e.g. 01 for get-request-normal), as a named field. */
export function readChoice<T extends string>(
  r: ByteReader,
  service: string,
  names: Readonly<Record<number, T>>,
): T {
  return r.node(
    'choice',
    () => {
      const tag = r.u8();
      const name = names[tag];
      if (name === undefined) r.fail('BAD_TAG', `${service} choice ${tag}`, r.pos - 1);
      return name;
    },
    (v) => ({ value: Object.keys(names).find((k) => names[Number(k)] === v) ?? '?', meaning: v }),
  );
}

/** Reads the opening every get/set/action APDU shares: tag, CHOICE, invoke-id-and-priority. */
export function readServiceHead<T extends string>(
  r: ByteReader,
  apduTag: number,
  apduName: string,
  service: string,
  choices: Readonly<Record<number, T>>,
): { type: T; invokeIdAndPriority: InvokeIdAndPriority } {
  readApduTag(r, apduTag, apduName);
  const type = readChoice(r, service, choices);
  return { type, invokeIdAndPriority: readInvokeIdAndPriority(r) };
}

/**
 * The opening every get/set/action APDU shares: its tag, the number of its CHOICE (from the table
 * the decoder reads it with, so the two cannot disagree) and invoke-id-and-priority.
 */
export function writeServiceHead<T extends string>(
  w: ByteWriter,
  apduTag: number,
  choices: Readonly<Record<number, T>>,
  pdu: { type: T; invokeIdAndPriority: InvokeIdAndPriority },
): void {
  const choice = Object.keys(choices).find((k) => choices[Number(k)] === pdu.type);
  if (choice === undefined) throw new RangeError(`${pdu.type} is not a CHOICE of APDU tag ${apduTag}`);
  w.u8(apduTag).u8(Number(choice));
  writeInvokeIdAndPriority(w, pdu.invokeIdAndPriority);
}

/** The APDU tag octet (e.g. C0 get-request). A mismatch means the caller dispatched wrongly: BAD_TAG. */
export function readApduTag(r: ByteReader, expected: number, name: string): void {
  r.node(
    'tag',
    () => {
      const tag = r.u8();
      if (tag !== expected) r.fail('BAD_TAG', `expected ${name} tag ${expected}, got ${tag}`, r.pos - 1);
    },
    () => ({ value: toHex(Uint8Array.of(expected)), meaning: name }),
  );
}
