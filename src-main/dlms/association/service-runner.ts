// Runs the service requests of an associated client, one at a time in order (a DLMS server answers
// one confirmed request at a time), as exchanges of request and response APDUs:
//
//   GET normal / with-list (batched to the server's max PDU; normal requests one by one without
//   multiple-references), block transfer: get-response-with-datablock → get-request-next(n) until
//   last-block, with block-number checks; SET normal / with-list / with datablocks; ACTION normal /
//   with pblocks; SN ReadRequest / WriteRequest.
//   General block transfer: when the meter answers with GBT, the rest of the request goes over GBT
//   (acks, and any follow-up request, never a bare get-request-next: the seed's bug); a request
//   too long for the server's max PDU goes out in GBT blocks when GBT is negotiated, else in
//   classic datablocks (SET, ACTION).
//
// The runner never chooses the association state on its own: each handler returns the next state,
// and ClientAssociation checks it against the state table.

import { encodeApdu, type Apdu } from '../apdu';
import { decodeData } from '../axdr/data';
import { ByteReader } from '../codec/byte-reader';
import { readGetDataResult, readSequenceOf, type GetDataResult, type InvokeIdAndPriority } from '../xdlms/common';
import type { Conformance } from '../xdlms/conformance';
import { encodeGeneralBlockTransfer, type GeneralBlockTransfer } from '../xdlms/gbt';
import type { ReadResult, WriteResult } from '../xdlms/sn';
import { build } from '../codec/byte-writer';
import { DlmsDecodeError } from '../errors';
import { AssociationFault } from './fault';
import { GbtReceiver, GbtSender, type GbtReceiveStep } from './gbt';
import { parseObjectListLn, parseObjectListSn } from './object-list';
import {
  batchBySize, blockPayload, dataSize, descriptorSize, firstBlockApdu, firstBlockHeaderSize, nextBlockApdu, requestApdu, snAttributeName, splitBlocks,
  type Job, type Referencing,
} from './requests';
import type { AssociationState } from './state-table';
import type { AssociationCommand, AttributeRef, RequestResult } from './types';
import type { DlmsData } from '../axdr/types';

/** What the runner needs from the association it runs in. */
export interface RunnerHost {
  readonly referencing: Referencing;
  readonly gbtWindow: number;
  conformance(): Conformance;
  serverMaxPdu(): number;
  cipherOverhead(): number;
  /** Encodes (and ciphers, per the policy) an xDLMS APDU. */
  wire(apdu: Apdu): Uint8Array;
  /** Deciphers (if ciphered) and decodes a reassembled APDU. */
  inner(bytes: Uint8Array): Apdu;
  nextIip(): InvokeIdAndPriority;
  emit(cmd: AssociationCommand): void;
}

interface Batch {
  refs: AttributeRef[];
  values?: DlmsData[];
}

interface Active {
  id: number;
  job: Job;
  iip: InvokeIdAndPriority;
  batches: Batch[];
  batch: number;
  results: GetDataResult[];
  codes: number[];
  rx?: { next: number; parts: Uint8Array[]; bytes: number };
  tx?: { parts: Uint8Array[]; sent: number };
  gbt: boolean;
  gbtRx?: GbtReceiver;
  gbtTx?: GbtSender;
  gbtOwnNext: number;
}

const RESPONSE_TYPES = new Set<Apdu['type']>([
  'get-response-normal', 'get-response-with-datablock', 'get-response-with-list',
  'set-response-normal', 'set-response-datablock', 'set-response-last-datablock', 'set-response-last-datablock-with-list', 'set-response-with-list',
  'action-response-normal', 'action-response-with-pblock', 'action-response-with-list', 'action-response-next-pblock',
  'read-response', 'write-response',
]);

export function isServiceResponse(a: Apdu): boolean {
  return RESPONSE_TYPES.has(a.type);
}

function snResult(r: ReadResult | undefined): GetDataResult {
  if (r?.type === 'data') return { type: 'data', data: r.data };
  if (r?.type === 'data-access-error') return { type: 'data-access-result', result: r.result };
  throw new AssociationFault('unsupported', `ReadResponse ${r?.type ?? 'without a result'}: short-name block transfer is not supported`);
}

function writeCode(r: WriteResult | undefined): number {
  if (r?.type === 'success') return 0;
  if (r?.type === 'data-access-error') return r.result;
  throw new AssociationFault('unsupported', `WriteResponse ${r?.type ?? 'without a result'}: short-name block transfer is not supported`);
}

export class ServiceRunner {
  private active: Active | undefined;
  private readonly queue: { id: number; job: Job }[] = [];
  private nextId = 1;

  constructor(private readonly host: RunnerHost) {}

  /** A fresh request id for a request refused before it was queued. */
  reserveId(): number {
    return this.nextId++;
  }

  get busy(): boolean {
    return this.active !== undefined;
  }

  /** Queues a job; starts it when nothing is in flight. Returns its id and the state. */
  submit(job: Job, current: AssociationState): { id: number; state: AssociationState } {
    const id = this.nextId++;
    this.queue.push({ id, job });
    return { id, state: this.active ? current : this.startNext() };
  }

  private startNext(): AssociationState {
    for (;;) {
      const q = this.queue.shift();
      if (q === undefined) return 'associated';
      try {
        this.active = { id: q.id, job: q.job, iip: this.host.nextIip(), batches: this.batchesOf(q.job), batch: 0, results: [], codes: [], gbt: false, gbtOwnNext: 1 };
        return this.startExchange();
      } catch (e) {
        this.fail(e, q.id);
      }
    }
  }

  private batchesOf(job: Job): Batch[] {
    if (job.kind !== 'get-with-list' && job.kind !== 'set-with-list') return [{ refs: [] }];
    if (job.refs.length === 0) throw new AssociationFault('bad-request', 'an empty list of attributes');
    if (job.kind === 'set-with-list' && job.values.length !== job.refs.length) throw new AssociationFault('bad-request', `${job.refs.length} attributes but ${job.values.length} values`);
    const single = !this.host.conformance()['multiple-references'];
    const sn = this.host.referencing === 'sn';
    const items = job.refs.map((ref, i) => ({ ref, value: job.kind === 'set-with-list' ? job.values[i] : undefined }));
    // SN: variable-name 02 nnnn (3 bytes) or parameterized-access 04 nnnn selector Data
    const snSize = (ref: AttributeRef): number => (snAttributeName(ref), ref.accessSelection ? 4 + dataSize(ref.accessSelection.accessParameters) : 3);
    const size = (it: (typeof items)[number]): number => (sn ? snSize(it.ref) : descriptorSize(it.ref)) + (it.value ? dataSize(it.value) : 0);
    const header = sn ? 1 : job.kind === 'set-with-list' ? 6 : 3;
    return batchBySize(items, size, header, this.host.serverMaxPdu(), this.host.cipherOverhead(), single).map((b) =>
      job.kind === 'set-with-list' ? { refs: b.map((x) => x.ref), values: b.map((x) => x.value!) } : { refs: b.map((x) => x.ref) },
    );
  }

  /** Sends the current batch's request: plain, over GBT, or in classic datablocks. */
  private startExchange(): AssociationState {
    const a = this.active!;
    const b = a.batches[a.batch]!;
    const apdu = requestApdu(a.job, a.iip, this.host.referencing, b.refs.length > 0 ? b : undefined);
    const max = this.host.serverMaxPdu();
    if (encodeApdu(apdu).length + this.host.cipherOverhead() <= max || a.gbt) return this.send(apdu);
    if (this.host.conformance()['general-block-transfer']) return this.send(apdu, true);
    const blockable = this.host.referencing === 'ln' && (a.job.kind === 'set' || a.job.kind === 'set-with-list' || a.job.kind === 'action');
    if (!blockable) throw new AssociationFault('unsupported', `the request needs ${encodeApdu(apdu).length} bytes, more than the meter's max PDU ${max}, and no block transfer can carry it`);
    const refs = b.refs.length > 0 ? b.refs : undefined;
    const room = max - firstBlockHeaderSize(a.job, a.iip, refs) - this.host.cipherOverhead();
    a.tx = { parts: splitBlocks(blockPayload(a.job, b.values), room), sent: 1 };
    return this.send(firstBlockApdu(a.job, a.iip, { lastBlock: a.tx.parts.length === 1, blockNumber: 1, rawData: a.tx.parts[0]! }, refs));
  }

  private send(apdu: Apdu, forceGbt = false): AssociationState {
    const a = this.active!;
    const wire = this.host.wire(apdu);
    if (a.gbt || forceGbt) {
      a.gbt = true;
      a.gbtRx = undefined;
      a.gbtTx = new GbtSender(wire, this.host.serverMaxPdu(), this.host.gbtWindow);
      this.emitGbt(a.gbtTx.start());
      return 'gbt-sending';
    }
    this.host.emit({ kind: 'sendApdu', bytes: wire });
    return a.tx && a.tx.sent < a.tx.parts.length ? 'sending-blocks' : 'awaiting-response';
  }

  private emitGbt(blocks: GeneralBlockTransfer[]): void {
    for (const g of blocks) this.host.emit({ kind: 'sendApdu', bytes: build((w) => encodeGeneralBlockTransfer(w, g)) });
  }

  /** The state-table input a service response is. */
  classify(apdu: Apdu): 'response' | 'block' | 'block-ack' {
    if (apdu.type === 'get-response-with-datablock') return 'block';
    if (apdu.type === 'set-response-datablock' || apdu.type === 'action-response-next-pblock') return 'block-ack';
    return 'response';
  }

  /** Checks the invoke-id of an LN response against the request in flight (SN has none). */
  matches(apdu: Apdu): boolean {
    const a = this.active;
    if (a === undefined) return false;
    return !('invokeIdAndPriority' in apdu) || apdu.invokeIdAndPriority.invokeId === a.iip.invokeId;
  }

  /** A complete (reassembled, deciphered) service response for the request in flight. */
  onResponse(apdu: Apdu): AssociationState {
    const a = this.active!;
    try {
      switch (apdu.type) {
        case 'get-response-with-datablock':
          return this.onGetBlock(a, apdu.lastBlock, apdu.blockNumber, apdu.result.type === 'raw-data' ? apdu.result.rawData : apdu.result.result);
        case 'set-response-datablock':
        case 'action-response-next-pblock':
          return this.onBlockAck(a, apdu.blockNumber);
        case 'action-response-with-pblock':
          throw new AssociationFault('unsupported', 'action-response-with-pblock (a long method result) is not supported');
        default:
          return this.onComplete(a, apdu);
      }
    } catch (e) {
      return this.failActive(e);
    }
  }

  private onGetBlock(a: Active, last: boolean, n: number, raw: Uint8Array | number): AssociationState {
    const rx = (a.rx ??= { next: 1, parts: [], bytes: 0 });
    if (n !== rx.next) throw new AssociationFault('block-number', `get-response-with-datablock carries block ${n}, block ${rx.next} was expected`);
    if (typeof raw === 'number') {
      // the meter gave up mid-transfer: every attribute of the batch gets its data-access-result
      const n = Math.max(1, a.batches[a.batch]!.refs.length);
      return this.finishBatch(a, Array.from({ length: n }, () => ({ type: 'data-access-result' as const, result: raw })));
    }
    rx.parts.push(raw);
    rx.bytes += raw.length;
    this.host.emit({ kind: 'progress', requestId: a.id, blocks: rx.parts.length, bytes: rx.bytes });
    if (!last) {
      rx.next++;
      const state = this.send({ type: 'get-request-next', invokeIdAndPriority: a.iip, blockNumber: n });
      return state === 'awaiting-response' ? 'receiving-blocks' : state;
    }
    const whole = build((w) => rx.parts.forEach((p) => w.bytes(p)));
    a.rx = undefined;
    const r = ByteReader.from(whole);
    const results = a.job.kind === 'get-with-list' && a.batches[a.batch]!.refs.length > 1 ? readSequenceOf(r, 'result', () => readGetDataResult(r)) : [{ type: 'data' as const, data: decodeData(r) }];
    r.expectEnd('reassembled data blocks');
    return this.finishBatch(a, results);
  }

  private onBlockAck(a: Active, n: number): AssociationState {
    const tx = a.tx;
    if (tx === undefined || n !== tx.sent) throw new AssociationFault('block-number', `the meter acknowledged block ${n}, block ${tx?.sent ?? 'none'} was sent`);
    const part = tx.parts[tx.sent]!;
    tx.sent++;
    return this.send(nextBlockApdu(a.job, a.iip, { lastBlock: tx.sent === tx.parts.length, blockNumber: tx.sent, rawData: part }));
  }

  private onComplete(a: Active, apdu: Apdu): AssociationState {
    const job = a.job;
    const unexpected = (): never => {
      throw new AssociationFault('protocol-error', `${apdu.type} does not answer a ${job.kind} request`);
    };
    switch (job.kind) {
      case 'get':
      case 'get-with-list':
        if (apdu.type === 'get-response-normal') return this.finishBatch(a, [apdu.result]);
        if (apdu.type === 'get-response-with-list') return this.finishBatch(a, apdu.results);
        if (apdu.type === 'read-response') return this.finishBatch(a, apdu.results.map(snResult));
        return unexpected();
      case 'set':
      case 'set-with-list':
        if (apdu.type === 'set-response-normal' || apdu.type === 'set-response-last-datablock') return this.finishCodes(a, [apdu.result]);
        if (apdu.type === 'set-response-with-list' || apdu.type === 'set-response-last-datablock-with-list') return this.finishCodes(a, apdu.results);
        if (apdu.type === 'write-response') return this.finishCodes(a, apdu.results.map(writeCode));
        return unexpected();
      case 'action':
        if (apdu.type === 'action-response-normal') {
          const r: RequestResult = { type: 'action', result: apdu.response.result };
          if (apdu.response.returnParameters) r.returnParameters = apdu.response.returnParameters;
          return this.finish(a, r);
        }
        if (apdu.type === 'read-response') {
          const ret = snResult(apdu.results[0]);
          return this.finish(a, ret.type === 'data' ? { type: 'action', result: 0, returnParameters: ret } : { type: 'action', result: ret.result });
        }
        return unexpected();
    }
  }

  private finishBatch(a: Active, results: GetDataResult[]): AssociationState {
    const expected = Math.max(1, a.batches[a.batch]!.refs.length);
    if (results.length !== expected) throw new AssociationFault('protocol-error', `the meter returned ${results.length} result(s) for ${expected} attribute(s)`);
    a.results.push(...results);
    if (++a.batch < a.batches.length) return this.nextBatch(a);
    const job = a.job;
    if (job.kind === 'get-with-list') return this.finish(a, { type: 'get-with-list', results: a.results });
    const result = a.results[0]!;
    if (job.kind === 'get' && job.objectList !== undefined) {
      if (result.type !== 'data') throw new AssociationFault('exception', `the meter refused to give the object list: data-access-result ${result.result}`);
      return this.finish(a, { type: 'object-list', entries: job.objectList === 'ln' ? parseObjectListLn(result.data) : parseObjectListSn(result.data) });
    }
    return this.finish(a, { type: 'get', result });
  }

  private finishCodes(a: Active, codes: number[]): AssociationState {
    const expected = Math.max(1, a.batches[a.batch]!.refs.length);
    if (codes.length !== expected) throw new AssociationFault('protocol-error', `the meter returned ${codes.length} result(s) for ${expected} attribute(s)`);
    a.codes.push(...codes);
    if (++a.batch < a.batches.length) return this.nextBatch(a);
    return this.finish(a, a.job.kind === 'set-with-list' ? { type: 'set-with-list', results: a.codes } : { type: 'set', result: a.codes[0]! });
  }

  private nextBatch(a: Active): AssociationState {
    a.iip = this.host.nextIip();
    a.tx = undefined;
    a.gbt = false; // a new request: GBT again only if it is too long or the meter answers with GBT
    return this.startExchange();
  }

  private finish(a: Active, result: RequestResult): AssociationState {
    this.active = undefined;
    this.host.emit({ kind: 'result', requestId: a.id, result });
    return this.startNext();
  }

  private fail(e: unknown, requestId: number): void {
    if (e instanceof AssociationFault) this.host.emit({ kind: 'error', requestId, code: e.code, message: e.message });
    else if (e instanceof DlmsDecodeError) this.host.emit({ kind: 'error', requestId, code: 'decode-error', message: e.message });
    else throw e;
  }

  /** Ends the request in flight with an error and moves on to the next. */
  failActive(e: unknown): AssociationState {
    const a = this.active;
    this.active = undefined;
    if (a) this.fail(e, a.id);
    return this.startNext();
  }

  /** A general-block-transfer APDU from the meter. */
  onGbt(g: GeneralBlockTransfer): AssociationState {
    const a = this.active!;
    try {
      if (a.gbtTx !== undefined) {
        const step = a.gbtTx.onServerBlock(g);
        if (step.kind === 'send') {
          this.emitGbt(step.apdus);
          return 'gbt-sending';
        }
        a.gbtTx = undefined;
        a.gbtRx = new GbtReceiver(step.firstResponseBlock, this.host.gbtWindow, step.ownNextNumber);
        return step.response ? this.onReceiveStep(a, a.gbtRx.receive(step.response)) : 'gbt-receiving';
      }
      a.gbt = true;
      a.gbtRx ??= new GbtReceiver(1, this.host.gbtWindow, a.gbtOwnNext);
      return this.onReceiveStep(a, a.gbtRx.receive(g));
    } catch (e) {
      return this.failActive(e);
    }
  }

  private onReceiveStep(a: Active, step: GbtReceiveStep): AssociationState {
    const rx = a.gbtRx!;
    if (step.kind !== 'complete') this.host.emit({ kind: 'progress', requestId: a.id, blocks: rx.blockCount, bytes: rx.bytes });
    if (step.kind === 'ack') this.emitGbt([step.apdu]);
    if (step.kind !== 'complete') return 'gbt-receiving';
    a.gbtRx = undefined;
    const inner = this.host.inner(step.apdu);
    if (inner.type === 'exception-response' || inner.type === 'confirmedServiceError') throw new AssociationFault('exception', `the meter answered with ${inner.type}`);
    if (!isServiceResponse(inner)) throw new AssociationFault('protocol-error', `general-block-transfer carried ${inner.type}, not a response`);
    if (!this.matches(inner)) throw new AssociationFault('invoke-id-mismatch', 'the response inside the general-block-transfer answers another invoke-id');
    return this.onResponse(inner);
  }

  /** The response timer expired: GBT asks for its missing blocks; anything else ends the request. */
  timeout(): AssociationState {
    const a = this.active;
    if (a === undefined) return 'associated';
    if (a.gbtRx !== undefined) {
      try {
        this.emitGbt([a.gbtRx.timeout()]);
        return 'gbt-receiving';
      } catch (e) {
        return this.failActive(e);
      }
    }
    return this.failActive(new AssociationFault('timeout', 'no answer from the meter'));
  }

  /** Cancels a queued or running request. Undefined when no such request is pending. */
  cancel(requestId: number, state: AssociationState): AssociationState | undefined {
    const i = this.queue.findIndex((q) => q.id === requestId);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.host.emit({ kind: 'error', requestId, code: 'cancelled', message: 'request cancelled' });
      return state;
    }
    if (this.active?.id !== requestId) return undefined;
    return this.failActive(new AssociationFault('cancelled', 'request cancelled'));
  }

  /** Fails every pending request (abort, release with requests pending, connection lost). */
  abortAll(code: 'cancelled' | 'not-associated', message: string): void {
    const ids = [...(this.active ? [this.active.id] : []), ...this.queue.map((q) => q.id)];
    this.active = undefined;
    this.queue.length = 0;
    for (const id of ids) this.host.emit({ kind: 'error', requestId: id, code, message });
  }
}
