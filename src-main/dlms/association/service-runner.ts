// Runs the service requests of an associated client, one at a time in order (a DLMS server answers
// one confirmed request at a time), as exchanges of request and response APDUs:
//
//   GET normal / with-list (batched to the server's max PDU and to settings.maxListItems; normal
//   requests one by one without multiple-references), block transfer: get-response-with-datablock →
//   get-request-next(n) until last-block, with block-number checks; SET normal / with-list / with
//   datablocks; ACTION normal / with pblocks both ways (action-response-with-pblock →
//   action-request-next-pblock); SN ReadRequest / WriteRequest with their block transfer
//   (data-block-result → block-number-access; read-/write-data-block-access), see blocks.ts.
//   A with-list request the meter refuses as a whole (exception-response, confirmed-service-error,
//   or one error result for the list) is retried attribute by attribute, and the association sends
//   no more lists; the result carries a notice saying so.
//   General block transfer: when the meter answers with GBT, the rest of the request goes over GBT
//   (acks, and any follow-up request, never a bare get-request-next: the seed's bug); a request
//   too long for the server's max PDU goes out in GBT blocks when GBT is negotiated, else in
//   classic datablocks (SET, ACTION).
//
// The runner never chooses the association state on its own: each handler returns the next state,
// and ClientAssociation checks it against the state table.

import { encodeApdu, type Apdu } from '../apdu';
import type { GetDataResult, InvokeIdAndPriority } from '../xdlms/common';
import type { Conformance } from '../xdlms/conformance';
import { encodeGeneralBlockTransfer, type GeneralBlockTransfer } from '../xdlms/gbt';
import { build } from '../codec/byte-writer';
import { DlmsDecodeError } from '../errors';
import {
  completeResponse, firstOutboundBlock, isServiceResponse, nextBlockRequest, nextOutboundBlock, responseKind, resultsOfBlocks, returnParametersOfBlocks,
  type InboundBlocks, type OutboundBlocks,
} from './blocks';
import { AssociationFault } from './fault';
import { GbtReceiver, GbtSender, type GbtReceiveStep } from './gbt';
import { parseObjectListLn, parseObjectListSn } from './object-list';
import { batchesOfJob, requestApdu, type Batch, type Job, type Referencing } from './requests';
import type { AssociationState } from './state-table';
import type { AssociationCommand, RequestResult } from './types';

/** What the runner needs from the association it runs in. */
export interface RunnerHost {
  readonly referencing: Referencing;
  readonly gbtWindow: number;
  /** Most attributes per with-list request; 0 = only the PDU size limits a batch. */
  readonly maxListItems?: number;
  /** The meter is known to refuse lists (it did on an earlier association): send none. */
  readonly listsRefused?: boolean;
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

interface Active {
  id: number;
  job: Job;
  iip: InvokeIdAndPriority;
  batches: Batch[];
  batch: number;
  results: GetDataResult[];
  codes: number[];
  rx?: { kind: InboundBlocks; next: number; parts: Uint8Array[]; bytes: number };
  tx?: OutboundBlocks;
  notices: string[];
  gbt: boolean;
  gbtRx?: GbtReceiver;
  gbtTx?: GbtSender;
  gbtOwnNext: number;
}

export { isServiceResponse };

const BLOCK_CARRIER: Record<InboundBlocks, string> = { get: 'get-response-with-datablock', action: 'action-response-with-pblock', read: 'ReadResponse data-block-result' };

export class ServiceRunner {
  private active: Active | undefined;
  private readonly queue: { id: number; job: Job }[] = [];
  private nextId = 1;
  /** The meter refused a with-list request as a whole: lists are not sent again on this association. */
  private listsRefused_: boolean;

  constructor(private readonly host: RunnerHost) {
    this.listsRefused_ = host.listsRefused === true;
  }

  /** Whether this association sends no more lists (refused now, or known from before). */
  get listsRefused(): boolean {
    return this.listsRefused_;
  }

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
        this.active = { id: q.id, job: q.job, iip: this.host.nextIip(), batches: this.batchesOf(q.job), batch: 0, results: [], codes: [], notices: [], gbt: false, gbtOwnNext: 1 };
        return this.startExchange();
      } catch (e) {
        this.fail(e, q.id);
      }
    }
  }

  private batchesOf(job: Job): Batch[] {
    const single = !this.host.conformance()['multiple-references'] || this.listsRefused_;
    return batchesOfJob(job, { referencing: this.host.referencing, single, maxItems: this.host.maxListItems ?? 0, maxPdu: this.host.serverMaxPdu(), overhead: this.host.cipherOverhead() });
  }

  /** Sends the current batch's request: plain, over GBT, or in classic blocks (blocks.ts). */
  private startExchange(): AssociationState {
    const a = this.active!;
    const b = a.batches[a.batch]!;
    const apdu = requestApdu(a.job, a.iip, this.host.referencing, b.refs.length > 0 ? b : undefined);
    const max = this.host.serverMaxPdu();
    if (encodeApdu(apdu).length + this.host.cipherOverhead() <= max || a.gbt) return this.send(apdu);
    if (this.host.conformance()['general-block-transfer']) return this.send(apdu, true);
    const first = firstOutboundBlock(apdu, a.job, a.iip, b, this.host.referencing, max, this.host.cipherOverhead());
    a.tx = first.tx;
    return this.send(first.apdu);
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
    return responseKind(apdu);
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
          return this.onBlock(a, 'get', apdu.lastBlock, apdu.blockNumber, apdu.result.type === 'raw-data' ? apdu.result.rawData : apdu.result.result);
        case 'action-response-with-pblock':
          return this.onBlock(a, 'action', apdu.pblock.lastBlock, apdu.pblock.blockNumber, apdu.pblock.rawData);
        case 'set-response-datablock':
        case 'action-response-next-pblock':
          return this.onBlockAck(a, apdu.blockNumber);
        case 'read-response':
        case 'write-response': {
          const first = apdu.results[0];
          if (responseKind(apdu) === 'response' || first === undefined) return this.onComplete(a, apdu);
          if (first.type === 'data-block-result') return this.onBlock(a, 'read', first.lastBlock, first.blockNumber, first.rawData);
          if (first.type === 'block-number') return this.onBlockAck(a, first.blockNumber);
          return this.onComplete(a, apdu);
        }
        default:
          return this.onComplete(a, apdu);
      }
    } catch (e) {
      return this.failActive(e);
    }
  }

  /** A block of a long response (GET datablock, ACTION pblock, SN data-block-result). */
  private onBlock(a: Active, kind: InboundBlocks, last: boolean, n: number, raw: Uint8Array | number): AssociationState {
    const rx = (a.rx ??= { kind, next: 1, parts: [], bytes: 0 });
    if (rx.kind !== kind) throw new AssociationFault('protocol-error', `a ${kind} block in the middle of a ${rx.kind} block transfer`);
    if (n !== rx.next) throw new AssociationFault('block-number', `${BLOCK_CARRIER[kind]} carries block ${n}, block ${rx.next} was expected`);
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
      a.tx = undefined; // any request blocks are all acknowledged once the answer comes in blocks
      const state = this.send(nextBlockRequest(kind, a.iip, n));
      return state === 'awaiting-response' ? 'receiving-blocks' : state;
    }
    const whole = build((w) => rx.parts.forEach((p) => w.bytes(p)));
    a.rx = undefined;
    if (kind === 'action' || a.job.kind === 'action') {
      const data = returnParametersOfBlocks(whole);
      return this.finish(a, { type: 'action', result: 0, returnParameters: { type: 'data', data } });
    }
    return this.finishBatch(a, resultsOfBlocks(kind, whole, a.job.kind === 'get-with-list' ? a.batches[a.batch]!.refs.length : 1));
  }

  private onBlockAck(a: Active, n: number): AssociationState {
    return this.send(nextOutboundBlock(a.tx, n, a.job, a.iip));
  }

  private onComplete(a: Active, apdu: Apdu): AssociationState {
    const o = completeResponse(a.job, apdu);
    return o.kind === 'results' ? this.finishBatch(a, o.results) : o.kind === 'codes' ? this.finishCodes(a, o.codes) : this.finish(a, o.result);
  }

  private finishBatch(a: Active, results: GetDataResult[]): AssociationState {
    const expected = Math.max(1, a.batches[a.batch]!.refs.length);
    if (results.length === 1 && expected > 1 && results[0]!.type === 'data-access-result') {
      const retry = this.retryOneByOne(a, `one data-access-result ${results[0]!.result} for the whole list`);
      if (retry !== undefined) return retry;
    }
    if (results.length !== expected) throw new AssociationFault('protocol-error', `the meter returned ${results.length} result(s) for ${expected} attribute(s)`);
    a.results.push(...results);
    if (++a.batch < a.batches.length) return this.nextBatch(a);
    const job = a.job;
    if (job.kind === 'get-with-list') return this.finish(a, a.notices.length > 0 ? { type: 'get-with-list', results: a.results, notices: a.notices } : { type: 'get-with-list', results: a.results });
    const result = a.results[0]!;
    if (job.kind === 'get' && job.objectList !== undefined) {
      if (result.type !== 'data') throw new AssociationFault('exception', `the meter refused to give the object list: data-access-result ${result.result}`);
      return this.finish(a, { type: 'object-list', entries: job.objectList === 'ln' ? parseObjectListLn(result.data) : parseObjectListSn(result.data) });
    }
    return this.finish(a, { type: 'get', result });
  }

  private finishCodes(a: Active, codes: number[]): AssociationState {
    const expected = Math.max(1, a.batches[a.batch]!.refs.length);
    if (codes.length === 1 && expected > 1 && codes[0] !== 0) {
      const retry = this.retryOneByOne(a, `one data-access-result ${codes[0]} for the whole list`);
      if (retry !== undefined) return retry;
    }
    if (codes.length !== expected) throw new AssociationFault('protocol-error', `the meter returned ${codes.length} result(s) for ${expected} attribute(s)`);
    a.codes.push(...codes);
    if (++a.batch < a.batches.length) return this.nextBatch(a);
    if (a.job.kind !== 'set-with-list') return this.finish(a, { type: 'set', result: a.codes[0]! });
    return this.finish(a, a.notices.length > 0 ? { type: 'set-with-list', results: a.codes, notices: a.notices } : { type: 'set-with-list', results: a.codes });
  }

  /**
   * The meter refused the current with-list batch as a whole: its attributes (and those of the
   * batches still to come) go one by one, and no list is sent again on this association. Undefined
   * when the request in flight is no list (the refusal then ends it).
   */
  private retryOneByOne(a: Active, why: string): AssociationState | undefined {
    const b = a.batches[a.batch]!;
    if ((a.job.kind !== 'get-with-list' && a.job.kind !== 'set-with-list') || b.refs.length < 2) return undefined;
    this.listsRefused_ = true;
    const singles = a.batches.slice(a.batch).flatMap((x) => x.refs.map((ref, i) => (x.values ? { refs: [ref], values: [x.values[i]!] } : { refs: [ref] })));
    a.batches = [...a.batches.slice(0, a.batch), ...singles];
    a.notices.push(`the meter refused a list of ${b.refs.length} attributes (${why}): they were sent one by one, and this association sends no more lists`);
    a.rx = undefined;
    a.gbtRx = undefined;
    a.gbtTx = undefined;
    return this.nextBatch(a);
  }

  /** An exception-response / confirmed-service-error for the request in flight. */
  onRefusal(e: AssociationFault): AssociationState {
    const a = this.active;
    if (a === undefined) return this.failActive(e);
    try {
      return this.retryOneByOne(a, e.message.replace(/^the meter answered with /, '')) ?? this.failActive(e);
    } catch (e2) {
      return this.failActive(e2);
    }
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
    if (inner.type === 'exception-response' || inner.type === 'confirmedServiceError') return this.onRefusal(new AssociationFault('exception', `the meter answered with ${inner.type}`));
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
