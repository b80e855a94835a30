// Session: the promise API over SessionCore (core.ts): object list, GET (normal and with-list),
// SET, ACTION and profile reads with selective access. Each request has the response timeout of
// the settings, an AbortSignal, and reads are retried (settings.timeouts.retries) after a timeout;
// writes and actions never are, since the meter may have executed them.
// Optional invocation-counter pre-read: with invocationCounterSource 'read', a public-client
// association (client 16, no security) first reads the frame counter 0.0.43.1.x.255 (class 1,
// attribute 2), as GXDLMSDirector does; the ledger is raised to that value + 1.

import { fromDate, encodeCosemDateTime, type CosemDateTime } from '../dlms/axdr/datetime';
import type { DlmsData } from '../dlms/axdr/types';
import type { ObjectListEntry } from '../dlms/association/object-list';
import type { AttributeRef, MethodRef, RequestResult, RequestStart } from '../dlms/association/types';
import { settingsSecrets } from '../dlms/association/aarq';
import { actionResultName, dataAccessResultName, type GetDataResult, type SelectiveAccessDescriptor } from '../dlms/xdlms/common';
import { entryDescriptorAccess, rangeDescriptorAccess, type CaptureObjectDefinition } from '../dlms/xdlms/selective-access';
import { obisToBytes, parseObis } from '../../src-shared/cosem/obis';
import { bytesEqual } from '../../src-shared/hex';
import { SessionCore, type SessionOptions } from './core';
import { SessionError, type RequestOptions, type SessionEvent } from './types';

export type { SessionOptions } from './core';

export interface AttributeOptions extends RequestOptions {
  /** The interface class; looked up in the object list when omitted. */
  classId?: number;
  accessSelection?: SelectiveAccessDescriptor;
}

export interface AttributeSpec {
  obis: string;
  attributeId: number;
  classId?: number;
}

export type ProfileSelection = { from: Date | CosemDateTime; to: Date | CosemDateTime } | { fromEntry: number; toEntry: number };

const READ_KINDS = new Set(['get', 'get-with-list', 'object-list']);

export class Session extends SessionCore {
  private objectList_: ObjectListEntry[] | undefined;

  constructor(opts: SessionOptions) {
    super(opts);
  }

  /** The last object list read on this session (undefined before readObjectList). */
  get objectList(): ObjectListEntry[] | undefined {
    return this.objectList_;
  }

  // ------------------------------------------------------------------ plumbing

  /** Starts a request on the engine and waits for its result, with cancellation and read retries. */
  private async request(kind: string, start: () => RequestStart, opts: RequestOptions = {}): Promise<RequestResult> {
    const retries = READ_KINDS.has(kind) ? this.settings.timeouts.retries : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(start, opts);
      } catch (e) {
        if (!(e instanceof SessionError) || e.code !== 'timeout' || attempt >= retries || this.state !== 'associated') throw e;
      }
    }
  }

  private once(start: () => RequestStart, opts: RequestOptions): Promise<RequestResult> {
    if (!this.assoc || this.state !== 'associated') return Promise.reject(new SessionError('not-associated', `not associated (session ${this.state})`));
    if (opts.signal?.aborted) return Promise.reject(new SessionError('cancelled', 'request cancelled'));
    const assoc = this.assoc;
    return new Promise<RequestResult>((resolve, reject) => {
      let requestId = -1;
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => stop(new SessionError('cancelled', 'request cancelled'));
      const cleanup = (): void => {
        opts.signal?.removeEventListener('abort', onAbort);
        clearTimeout(deadline);
      };
      const stop = (err: SessionError): void => {
        if (!this.pending.has(requestId)) return;
        this.settle(requestId, (p) => p.reject(err));
        if (this.assoc === assoc) this.runAssoc(assoc.cancel(requestId));
      };
      const r = start();
      requestId = r.requestId;
      this.pending.set(requestId, {
        resolve: (v) => {
          cleanup();
          resolve(v as RequestResult);
        },
        reject: (e) => {
          cleanup();
          reject(e);
        },
      });
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.timeoutMs !== undefined) deadline = setTimeout(() => stop(new SessionError('timeout', `no complete answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      this.runAssoc(r.commands);
    });
  }

  /** Class id (and base name for SN) of an object: given, or from the object list. */
  private async resolveRef(spec: AttributeSpec, opts: RequestOptions): Promise<{ classId: number; logicalName: Uint8Array; baseName?: number }> {
    let logicalName: Uint8Array;
    try {
      logicalName = obisToBytes(parseObis(spec.obis));
    } catch (e) {
      throw new SessionError('bad-request', `"${spec.obis}" is not an OBIS code: ${(e as Error).message}`);
    }
    const sn = this.settings.referencing === 'sn';
    if (spec.classId !== undefined && !sn) return { classId: spec.classId, logicalName };
    const list = this.objectList_ ?? (await this.readObjectList(opts));
    const entry = list.find((e) => bytesEqual(e.logicalName, logicalName) && (spec.classId === undefined || e.classId === spec.classId));
    if (!entry) throw new SessionError('bad-request', `${spec.obis} is not in the association's object list`);
    return entry.baseName === undefined ? { classId: entry.classId, logicalName } : { classId: entry.classId, logicalName, baseName: entry.baseName };
  }

  // ------------------------------------------------------------------ services

  /** The association view (Association LN/SN attribute 2), kept for class-id lookups. */
  async readObjectList(opts: RequestOptions = {}): Promise<ObjectListEntry[]> {
    const r = await this.request('object-list', () => this.assoc!.readObjectList(), opts);
    if (r.type !== 'object-list') throw new SessionError('protocol', `unexpected ${r.type} result for the object list`);
    this.objectList_ = r.entries;
    return r.entries;
  }

  /** GET one attribute; a data-access-result other than success rejects with code 'data-access'. */
  async get(obis: string, attributeId: number, opts: AttributeOptions = {}): Promise<DlmsData> {
    const ref: AttributeRef = { ...(await this.resolveRef({ obis, attributeId, ...(opts.classId !== undefined ? { classId: opts.classId } : {}) }, opts)), attributeId };
    if (opts.accessSelection) ref.accessSelection = opts.accessSelection;
    const r = await this.request('get', () => this.assoc!.get(ref), opts);
    if (r.type !== 'get') throw new SessionError('protocol', `unexpected ${r.type} result for a GET`);
    return dataOf(r.result, `${obis} attribute ${attributeId}`);
  }

  /** GET with-list, batched by the engine to the negotiated PDU size: one result per reference, in order. */
  async getMany(specs: AttributeSpec[], opts: RequestOptions = {}): Promise<GetDataResult[]> {
    return (await this.getManyWithNotices(specs, opts)).results;
  }

  /**
   * getMany with what the engine did beyond the request: `notices` say when the meter refused a
   * list and the attributes were read one by one, or that they were because this meter refused a
   * list before (on this association or an earlier one of this session). Each notice is also a
   * 'warning' event, so a capture records it.
   */
  async getManyWithNotices(specs: AttributeSpec[], opts: RequestOptions = {}): Promise<{ results: GetDataResult[]; notices: string[] }> {
    if (specs.length === 0) return { results: [], notices: [] };
    const refs: AttributeRef[] = [];
    for (const s of specs) refs.push({ ...(await this.resolveRef(s, opts)), attributeId: s.attributeId });
    const knownBefore = this.meterRefusesLists && this.associationInfo?.negotiatedConformance.includes('multiple-references') === true;
    const r = await this.request('get-with-list', () => this.assoc!.getWithList(refs), opts);
    if (r.type !== 'get-with-list') throw new SessionError('protocol', `unexpected ${r.type} result for a GET with-list`);
    const notices = [...(r.notices ?? [])];
    if (knownBefore && specs.length > 1 && notices.length === 0) notices.push(`${this.meterKey} refused a list earlier in this session: the ${specs.length} attributes were read one by one`);
    for (const message of notices) this.emit({ kind: 'warning', message });
    return { results: r.results, notices };
  }

  /** SET one attribute (with datablocks when it does not fit the PDU). */
  async set(obis: string, attributeId: number, value: DlmsData, opts: AttributeOptions = {}): Promise<void> {
    const ref: AttributeRef = { ...(await this.resolveRef({ obis, attributeId, ...(opts.classId !== undefined ? { classId: opts.classId } : {}) }, opts)), attributeId };
    const r = await this.request('set', () => this.assoc!.set(ref, value), opts);
    if (r.type !== 'set') throw new SessionError('protocol', `unexpected ${r.type} result for a SET`);
    if (r.result !== 0) throw new SessionError('data-access', `the meter refused to set ${obis} attribute ${attributeId}: ${dataAccessResultName(r.result)}`, dataAccessResultName(r.result));
  }

  /** ACTION (method invocation); resolves with the return parameters, if any. */
  async action(obis: string, methodId: number, parameters?: DlmsData, opts: AttributeOptions = {}): Promise<DlmsData | undefined> {
    const base = await this.resolveRef({ obis, attributeId: 1, ...(opts.classId !== undefined ? { classId: opts.classId } : {}) }, opts);
    const ref: MethodRef = { ...base, methodId };
    const r = await this.request('action', () => this.assoc!.action(ref, parameters), opts);
    if (r.type !== 'action') throw new SessionError('protocol', `unexpected ${r.type} result for an ACTION`);
    if (r.result !== 0) throw new SessionError('data-access', `the meter refused ${obis} method ${methodId}: ${actionResultName(r.result)}`, actionResultName(r.result));
    if (!r.returnParameters) return undefined;
    return dataOf(r.returnParameters, `${obis} method ${methodId} return parameters`);
  }

  /**
   * Profile generic buffer (attribute 2) by range (restricted on the first capture object, usually
   * the clock) or by entry numbers (1-based). Resolves with the rows.
   */
  async readProfile(obis: string, selection: ProfileSelection, opts: RequestOptions = {}): Promise<DlmsData[]> {
    let access: SelectiveAccessDescriptor;
    if ('fromEntry' in selection) {
      access = entryDescriptorAccess({ fromEntry: selection.fromEntry, toEntry: selection.toEntry, fromSelectedValue: 1, toSelectedValue: 0 });
    } else {
      const columns = await this.get(obis, 3, { ...opts, classId: 7 });
      const first = columns.type === 'array' ? columns.items[0] : undefined;
      const restricting = captureObject(first);
      if (!restricting) throw new SessionError('protocol', `${obis} capture_objects has no first column to restrict on`);
      const dt = (v: Date | CosemDateTime): DlmsData => ({ type: 'octet-string', value: encodeCosemDateTime(v instanceof Date ? fromDate(v, 0) : v) });
      access = rangeDescriptorAccess({ restrictingObject: restricting, fromValue: dt(selection.from), toValue: dt(selection.to), selectedValues: [] });
    }
    const buffer = await this.get(obis, 2, { ...opts, classId: 7, accessSelection: access });
    if (buffer.type !== 'array') throw new SessionError('protocol', `${obis} buffer is a ${buffer.type}, not an array of rows`);
    return buffer.items;
  }

  // ------------------------------------------------------------------ invocation counter

  protected override async beforeConnect(signal?: AbortSignal): Promise<void> {
    const s = this.settings;
    if (s.invocationCounterSource === 'stored') return;
    const secrets = settingsSecrets(s);
    if (s.invocationCounterSource === 'fixed') {
      this.ledger.raiseTo(secrets.clientSystemTitle, secrets.ek, s.invocationCounter);
      return;
    }
    // The pre-read's frames went on the wire too: they are this session's trace (and capture).
    const frameCounter = await readFrameCounter(this.settings, signal, (e) => {
      if (e.kind === 'frame') this.emit(e);
    });
    this.ledger.raiseTo(secrets.clientSystemTitle, secrets.ek, frameCounter + 1);
  }
}

/** Reads the meter's frame counter for our client through the public client (16, no security). */
export async function readFrameCounter(settings: Session['settings'], signal?: AbortSignal, onEvent?: (e: SessionEvent) => void): Promise<number> {
  const pub = new Session({
    settings: {
      ...settings,
      clientAddress: 16,
      authentication: 'none',
      securityPolicy: 'none',
      cipherInitiateRequest: false,
      invocationCounterSource: 'stored',
      proposedConformance: settings.proposedConformance,
    },
    ledger: 'memory',
  });
  if (onEvent) pub.on(onEvent);
  try {
    await pub.connect(signal ? { signal } : {});
    const v = await pub.get(settings.invocationCounterObis, 2, { classId: 1, ...(signal ? { signal } : {}) });
    if (!('value' in v) || (typeof v.value !== 'number' && typeof v.value !== 'bigint')) throw new SessionError('protocol', `the frame counter ${settings.invocationCounterObis} is a ${v.type}, not a number`);
    return Number(v.value);
  } catch (e) {
    if (e instanceof SessionError) throw new SessionError(e.code, `reading the invocation counter ${settings.invocationCounterObis} through the public client: ${e.message}`, e.detail);
    throw e;
  } finally {
    await pub.close();
  }
}

function dataOf(r: GetDataResult, what: string): DlmsData {
  if (r.type === 'data') return r.data;
  const name = dataAccessResultName(r.result);
  throw new SessionError('data-access', `the meter answered ${name} for ${what}`, name);
}

function captureObject(d: DlmsData | undefined): CaptureObjectDefinition | undefined {
  if (d?.type !== 'structure' || d.items.length < 4) return undefined;
  const [c, ln, a, i] = d.items;
  if (c?.type !== 'long-unsigned' || ln?.type !== 'octet-string' || a?.type !== 'integer' || i?.type !== 'long-unsigned') return undefined;
  return { classId: c.value, logicalName: ln.value, attributeIndex: a.value, dataIndex: i.value };
}
