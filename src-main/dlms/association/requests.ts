// The xDLMS request APDUs a client job sends (Green Book 9.3, IEC 62056-5-3): GET/SET/ACTION for
// LN referencing, ReadRequest/WriteRequest for SN referencing (the SN equivalent of a method is a
// ReadRequest with parameterized-access on the method's short name), and the helpers that size
// them against the meter's max PDU: with-list batching and classic datablock splitting.

import { parseObis, obisToBytes, ObisParseError } from '../../../src-shared/cosem/obis';
import { getClassDescriptor } from '../../../src-shared/cosem/registry';
import { encodeApdu, type Apdu } from '../apdu';
import { encodeDataBytes } from '../axdr/data';
import type { DlmsData } from '../axdr/types';
import { ByteWriter } from '../codec/byte-writer';
import type { CosemAttributeDescriptor, CosemAttributeDescriptorWithSelection, CosemMethodDescriptor, DataBlockSA, InvokeIdAndPriority } from '../xdlms/common';
import { writeData, writeDescriptorWithSelection } from '../xdlms/common';
import type { VariableAccessSpecification } from '../xdlms/sn';
import type { GetRequestNormal } from '../xdlms/get';
import type { SetRequestNormal } from '../xdlms/set';
import { AssociationFault } from './fault';
import { snMethodName } from './hls';
import type { AttributeRef, MethodRef } from './types';

export type Referencing = 'ln' | 'sn';

/** What a request asked for; one job may take several exchanges (batches, blocks). */
export type Job =
  | { kind: 'get'; ref: AttributeRef; objectList?: Referencing }
  | { kind: 'get-with-list'; refs: AttributeRef[] }
  | { kind: 'set'; ref: AttributeRef; value: DlmsData }
  | { kind: 'set-with-list'; refs: AttributeRef[]; values: DlmsData[] }
  | { kind: 'action'; ref: MethodRef; parameters?: DlmsData };

export function obisBytes(ln: string | Uint8Array): Uint8Array {
  if (ln instanceof Uint8Array) {
    if (ln.length !== 6) throw new AssociationFault('bad-request', `a logical name is 6 bytes, got ${ln.length}`);
    return ln;
  }
  try {
    return obisToBytes(parseObis(ln));
  } catch (e) {
    if (e instanceof ObisParseError) throw new AssociationFault('bad-request', e.message);
    throw e;
  }
}

export function attributeDescriptor(ref: AttributeRef): CosemAttributeDescriptorWithSelection {
  const descriptor: CosemAttributeDescriptor = { classId: ref.classId, instanceId: obisBytes(ref.logicalName), attributeId: ref.attributeId };
  return ref.accessSelection ? { descriptor, accessSelection: ref.accessSelection } : { descriptor };
}

export function methodDescriptor(ref: MethodRef): CosemMethodDescriptor {
  return { classId: ref.classId, instanceId: obisBytes(ref.logicalName), methodId: ref.methodId };
}

/** SN: attribute n of an object is at base_name + 8·(n−1). */
export function snAttributeName(ref: AttributeRef): number {
  if (ref.baseName === undefined) throw new AssociationFault('bad-request', `short name referencing needs the base name of ${typeof ref.logicalName === 'string' ? ref.logicalName : 'the object'} (read the object list first)`);
  return (ref.baseName + 8 * (ref.attributeId - 1)) & 0xffff;
}

/** SN: method n is at base_name + the class's method offset + 8·(n−1). */
export function snMethodShortName(ref: MethodRef): number {
  if (ref.baseName === undefined) throw new AssociationFault('bad-request', 'short name referencing needs the base name of the object (read the object list first)');
  const offset = getClassDescriptor(ref.classId)?.snMethodOffset;
  if (offset === undefined) throw new AssociationFault('unsupported', `the short-name method offset of class ${ref.classId} is not known`);
  return snMethodName(ref.baseName, offset, ref.methodId);
}

function snRead(ref: AttributeRef): VariableAccessSpecification {
  const variableName = snAttributeName(ref);
  return ref.accessSelection
    ? { type: 'parameterized-access', variableName, selector: ref.accessSelection.accessSelector, parameter: ref.accessSelection.accessParameters }
    : { type: 'variable-name', variableName };
}

/** The normal (unblocked) request APDU of one exchange of a job; `refs`/`values` is the batch. */
export function requestApdu(job: Job, iip: InvokeIdAndPriority, referencing: Referencing, batch?: { refs: AttributeRef[]; values?: DlmsData[] }): Apdu {
  const refs = batch?.refs;
  switch (job.kind) {
    case 'get':
      if (referencing === 'sn') return { type: 'read-request', variables: [snRead(job.ref)] };
      return withSelection({ type: 'get-request-normal', invokeIdAndPriority: iip, descriptor: attributeDescriptor(job.ref).descriptor }, job.ref);
    case 'get-with-list': {
      const list = refs ?? job.refs;
      if (referencing === 'sn') return { type: 'read-request', variables: list.map(snRead) };
      if (list.length === 1) return withSelection({ type: 'get-request-normal', invokeIdAndPriority: iip, descriptor: attributeDescriptor(list[0]!).descriptor }, list[0]!);
      return { type: 'get-request-with-list', invokeIdAndPriority: iip, attributes: list.map(attributeDescriptor) };
    }
    case 'set':
      if (referencing === 'sn') return { type: 'write-request', variables: [{ type: 'variable-name', variableName: snAttributeName(job.ref) }], values: [job.value] };
      return withSelection({ type: 'set-request-normal', invokeIdAndPriority: iip, descriptor: attributeDescriptor(job.ref).descriptor, value: job.value }, job.ref);
    case 'set-with-list': {
      const list = refs ?? job.refs;
      const values = batch?.values ?? job.values;
      if (referencing === 'sn') return { type: 'write-request', variables: list.map((r) => ({ type: 'variable-name', variableName: snAttributeName(r) })), values };
      if (list.length === 1) return withSelection({ type: 'set-request-normal', invokeIdAndPriority: iip, descriptor: attributeDescriptor(list[0]!).descriptor, value: values[0]! }, list[0]!);
      return { type: 'set-request-with-list', invokeIdAndPriority: iip, attributes: list.map(attributeDescriptor), values };
    }
    case 'action':
      if (referencing === 'sn') {
        const variableName = snMethodShortName(job.ref);
        return { type: 'read-request', variables: [{ type: 'parameterized-access', variableName, selector: 0, parameter: job.parameters ?? { type: 'integer', value: 0 } }] };
      }
      return job.parameters !== undefined
        ? { type: 'action-request-normal', invokeIdAndPriority: iip, descriptor: methodDescriptor(job.ref), parameters: job.parameters }
        : { type: 'action-request-normal', invokeIdAndPriority: iip, descriptor: methodDescriptor(job.ref) };
  }
}

function withSelection(apdu: GetRequestNormal | SetRequestNormal, ref: AttributeRef): Apdu {
  if (ref.accessSelection) apdu.accessSelection = ref.accessSelection;
  return apdu;
}

/** A-XDR length octets of n. */
function lengthSize(n: number): number {
  return n < 0x80 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : 5;
}

/**
 * Splits list items into batches whose request fits `maxPdu` (with `overhead` for ciphering):
 * greedy, in order, at least one item per batch. `itemSize` is an item's encoded size; the
 * APDU header (tag, choice, invoke-id, count) is `header` bytes plus the count's length octets.
 */
export function batchBySize<T>(items: readonly T[], itemSize: (t: T) => number, header: number, maxPdu: number, overhead: number, single: boolean): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let size = 0;
  for (const it of items) {
    const s = itemSize(it);
    const wouldBe = header + lengthSize(cur.length + 1) + size + s + overhead;
    if (cur.length > 0 && (single || wouldBe > maxPdu)) {
      out.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(it);
    size += s;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** One exchange's share of a with-list job. */
export interface Batch {
  refs: AttributeRef[];
  values?: DlmsData[];
}

export interface BatchLimits {
  referencing: Referencing;
  /** One attribute per request (no multiple-references, or the meter refused lists). */
  single: boolean;
  /** Most attributes per request; 0 = no cap but the PDU. */
  maxItems: number;
  maxPdu: number;
  overhead: number;
}

/** The batches of a job: one empty batch for a single-attribute job; with-list jobs split by size and count. */
export function batchesOfJob(job: Job, l: BatchLimits): Batch[] {
  if (job.kind !== 'get-with-list' && job.kind !== 'set-with-list') return [{ refs: [] }];
  if (job.refs.length === 0) throw new AssociationFault('bad-request', 'an empty list of attributes');
  if (job.kind === 'set-with-list' && job.values.length !== job.refs.length) throw new AssociationFault('bad-request', `${job.refs.length} attributes but ${job.values.length} values`);
  const sn = l.referencing === 'sn';
  const items = job.refs.map((ref, i) => ({ ref, value: job.kind === 'set-with-list' ? job.values[i] : undefined }));
  // SN: variable-name 02 nnnn (3 bytes) or parameterized-access 04 nnnn selector Data
  const snSize = (ref: AttributeRef): number => (snAttributeName(ref), ref.accessSelection ? 4 + dataSize(ref.accessSelection.accessParameters) : 3);
  const size = (it: (typeof items)[number]): number => (sn ? snSize(it.ref) : descriptorSize(it.ref)) + (it.value ? dataSize(it.value) : 0);
  const header = sn ? 1 : job.kind === 'set-with-list' ? 6 : 3;
  const bySize = batchBySize(items, size, header, l.maxPdu, l.overhead, l.single);
  const cap = l.maxItems;
  const batches = cap > 0 ? bySize.flatMap((b) => Array.from({ length: Math.ceil(b.length / cap) }, (_, i) => b.slice(i * cap, (i + 1) * cap))) : bySize;
  return batches.map((b) => (job.kind === 'set-with-list' ? { refs: b.map((x) => x.ref), values: b.map((x) => x.value!) } : { refs: b.map((x) => x.ref) }));
}

export function descriptorSize(ref: AttributeRef): number {
  const w = new ByteWriter();
  writeDescriptorWithSelection(w, attributeDescriptor(ref));
  return w.length;
}

export function dataSize(d: DlmsData): number {
  const w = new ByteWriter();
  writeData(w, d);
  return w.length;
}

/** Splits `raw` into blocks of at most `room` bytes (at least one). */
export function splitBlocks(raw: Uint8Array, room: number): Uint8Array[] {
  if (room < 1) throw new AssociationFault('unsupported', `the meter's max PDU leaves no room for a data block`);
  const out: Uint8Array[] = [];
  for (let i = 0; i < raw.length; i += room) out.push(raw.subarray(i, Math.min(raw.length, i + room)));
  if (out.length === 0) out.push(raw);
  return out;
}

/** The raw data that classic block transfer carries for a SET or ACTION job (LN only). */
export function blockPayload(job: Job, values?: DlmsData[]): Uint8Array {
  switch (job.kind) {
    case 'set':
      return encodeDataBytes(job.value);
    case 'set-with-list': {
      const w = new ByteWriter();
      const list = values ?? job.values;
      w.length_(list.length);
      for (const v of list) writeData(w, v);
      return w.toBytes();
    }
    case 'action':
      return encodeDataBytes(job.parameters ?? { type: 'null-data' });
    default:
      throw new AssociationFault('unsupported', `${job.kind} has no outgoing data blocks`);
  }
}

/** The first-datablock APDU of a SET/ACTION job (LN), with block 1 of `parts`. */
export function firstBlockApdu(job: Job, iip: InvokeIdAndPriority, block: DataBlockSA, refs?: AttributeRef[]): Apdu {
  switch (job.kind) {
    case 'set': {
      const d = attributeDescriptor(job.ref);
      return d.accessSelection
        ? { type: 'set-request-with-first-datablock', invokeIdAndPriority: iip, descriptor: d.descriptor, accessSelection: d.accessSelection, datablock: block }
        : { type: 'set-request-with-first-datablock', invokeIdAndPriority: iip, descriptor: d.descriptor, datablock: block };
    }
    case 'set-with-list':
      return { type: 'set-request-with-list-and-first-datablock', invokeIdAndPriority: iip, attributes: (refs ?? job.refs).map(attributeDescriptor), datablock: block };
    case 'action':
      return { type: 'action-request-with-first-pblock', invokeIdAndPriority: iip, descriptor: methodDescriptor(job.ref), pblock: block };
    default:
      throw new AssociationFault('unsupported', `${job.kind} has no outgoing data blocks`);
  }
}

/** A following block (2, 3, …) of a SET/ACTION job. */
export function nextBlockApdu(job: Job, iip: InvokeIdAndPriority, block: DataBlockSA): Apdu {
  return job.kind === 'action' ? { type: 'action-request-with-pblock', invokeIdAndPriority: iip, pblock: block } : { type: 'set-request-with-datablock', invokeIdAndPriority: iip, datablock: block };
}

/** The encoded size of the first-block APDU with no raw data: what a block must leave room for. */
export function firstBlockHeaderSize(job: Job, iip: InvokeIdAndPriority, refs?: AttributeRef[]): number {
  return encodeApdu(firstBlockApdu(job, iip, { lastBlock: false, blockNumber: 1, rawData: new Uint8Array(0) }, refs)).length + 2; // the raw-data length may grow to 3 octets
}
