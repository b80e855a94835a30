// ClientAssociation: the sans-I/O client side of a DLMS/COSEM application association. Events in
// (calls, received APDU bytes, timer expiries the session observed), commands out (bytes to send,
// settled results), in the manner of mitmproxy's layers; every input goes through the state table
// of state-table.ts. No sockets, timers, clock or randomness here: the challenge comes from the
// injected `random`, invocation counters from the injected ledger. What goes into the AARQ, what
// the AARE means and the HLS passes are setup.ts's; the service exchanges are service-runner.ts's.
//
//   associate()  → AARQ                      receive(AARE) → associated | rejected | HLS pass 3
//   receive(pass-4 reply) → associated (f(CtoS) verified) or error
//   get/getWithList/set/setWithList/action/readObjectList → requestId; 'result' or 'error' later
//   release()    → RLRQ → receive(RLRE) → released        abort(reason) → idle, requests failed
//   timeout()    → the response timer the session armed expired;  cancel(requestId)

import type { DeviceSettings } from '../../../src-shared/settings';
import { decodeApduBytes, encodeApdu, type Apdu } from '../apdu';
import type { Aare } from '../acse/aare';
import { encodeAcseApduBytes } from '../acse/apdu';
import { assertNever, DlmsDecodeError } from '../errors';
import type { DlmsData } from '../axdr/types';
import type { InvokeIdAndPriority } from '../xdlms/common';
import { conformanceFromNumber } from '../xdlms/conformance';
import { describeConfirmedServiceError } from '../xdlms/confirmed-service-error';
import { describeException } from '../xdlms/exception';
import { buildRlrq, isCipheredContext, SettingsError, settingsSecrets, type AssociationSecrets } from './aarq';
import { CIPHERING_OVERHEAD, CipheringContext } from './ciphering';
import { AssociationFault } from './fault';
import type { HlsOptions } from './hls';
import type { Job } from './requests';
import { isServiceResponse, ServiceRunner } from './service-runner';
import { AssociationSetup, cipheredInitiate } from './setup';
import { allowedTransitions, type AssociationInput, type AssociationState } from './state-table';
import type { AssociationCommand, AssociationInfo, AttributeRef, InvocationCounterLedger, MethodRef, RandomSource, RequestStart } from './types';

export interface ClientAssociationOptions {
  settings: DeviceSettings;
  random: RandomSource;
  ledger: InvocationCounterLedger;
  hls?: HlsOptions;
  /** The meter refused a with-list request on an earlier association (the session remembers): send no lists. */
  listsRefused?: boolean;
}

const NOTIFICATIONS = new Set<Apdu['type']>(['data-notification', 'event-notification-request', 'information-report-request']);

export class ClientAssociation {
  private st: AssociationState = 'idle';
  private out: AssociationCommand[] = [];
  private readonly settings: DeviceSettings;
  private readonly secrets: AssociationSecrets | undefined;
  private readonly settingsProblem: string | undefined;
  private readonly cipher: CipheringContext | undefined;
  private readonly runner: ServiceRunner;
  /** AARQ/AARE and HLS of the latest associate() (setup.ts); what it negotiated stays readable. */
  private setup: AssociationSetup | undefined;
  private invokeCounter = 0;

  constructor(private readonly opts: ClientAssociationOptions) {
    this.settings = opts.settings;
    try {
      this.secrets = settingsSecrets(opts.settings);
      this.cipher = new CipheringContext(opts.settings, this.secrets, opts.ledger);
    } catch (e) {
      if (!(e instanceof SettingsError)) throw e;
      this.settingsProblem = e.message;
    }
    const referencing = this.settings.referencing;
    this.runner = new ServiceRunner({
      referencing,
      gbtWindow: this.settings.gbtWindowSize,
      maxListItems: this.settings.maxListItems,
      listsRefused: opts.listsRefused === true,
      conformance: () => this.setup?.negotiated ?? conformanceFromNumber(0),
      serverMaxPdu: () => this.setup?.info?.serverMaxReceivePduSize || 0xffff,
      cipherOverhead: () => (this.cipher?.enabled ? CIPHERING_OVERHEAD : 0),
      wire: (apdu) => this.wire(apdu),
      inner: (bytes) => this.inner(bytes),
      nextIip: () => this.nextIip(),
      emit: (c) => this.out.push(c),
    });
  }

  get state(): AssociationState {
    return this.st;
  }

  /** Whether with-list requests are sent one attribute at a time because the meter refuses lists. */
  get listsRefused(): boolean {
    return this.runner.listsRefused;
  }

  /** What the association negotiated (after 'associated'). */
  get associationInfo(): AssociationInfo | undefined {
    return this.setup?.info;
  }

  // ------------------------------------------------------------------ plumbing

  private flush(): AssociationCommand[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private error(code: AssociationFault['code'], message: string, requestId?: number): void {
    this.out.push(requestId === undefined ? { kind: 'error', code, message } : { kind: 'error', requestId, code, message });
  }

  /** Runs one input through the state table. A fault inside the step is reported; the state stays. */
  private dispatch(input: AssociationInput, step: () => AssociationState): boolean {
    const allowed = allowedTransitions(this.st, input);
    if (allowed === undefined) {
      this.error('protocol-error', `protocol error: ${input} is not allowed in state ${this.st}`);
      return false;
    }
    let next: AssociationState;
    try {
      next = step();
    } catch (e) {
      if (e instanceof AssociationFault) this.error(e.code, e.message);
      else if (e instanceof DlmsDecodeError) this.error('decode-error', e.message);
      else throw e;
      return false;
    }
    if (!allowed.includes(next)) throw new Error(`association: ${this.st} --${input}--> ${next} is not in the state table`);
    this.st = next;
    return true;
  }

  private nextIip(): InvokeIdAndPriority {
    const invokeId = (this.settings.invokeId + this.invokeCounter++) & 0x0f;
    return { invokeId, serviceClass: this.settings.serviceClass, priority: this.settings.priority };
  }

  private wire(apdu: Apdu): Uint8Array {
    const plain = encodeApdu(apdu);
    const sealed = this.cipher?.protect(plain);
    return sealed === undefined ? plain : encodeApdu({ type: 'ciphered', apdu: sealed });
  }

  private inner(bytes: Uint8Array): Apdu {
    const a = decodeApduBytes(bytes);
    if (a.type !== 'ciphered') {
      if (this.cipher?.enabled && isServiceResponse(a)) throw new AssociationFault('unprotected', `the meter sent a plain ${a.type} though the security policy asks for protection`);
      return a;
    }
    const plain = decodeApduBytes(this.cipher!.open(a.apdu));
    if (plain.type === 'ciphered' || plain.type === 'general-block-transfer') throw new AssociationFault('protocol-error', `a ciphered APDU carried ${plain.type}`);
    return plain;
  }

  // ------------------------------------------------------------------ association

  associate(): AssociationCommand[] {
    this.dispatch('associate', () => {
      if (this.secrets === undefined || this.cipher === undefined) throw new AssociationFault('bad-settings', this.settingsProblem ?? 'settings');
      this.setup = new AssociationSetup(this.settings, this.secrets, this.cipher, this.opts.hls ?? {});
      this.out.push({ kind: 'sendApdu', bytes: this.setup.request(this.opts.random) });
      return 'awaiting-aare';
    });
    return this.flush();
  }

  private onAare(aare: Aare): AssociationState {
    const o = this.setup!.onAare(aare);
    if (o.kind === 'hls-pending') return 'authentication-pending';
    if (o.kind === 'rejected') {
      this.out.push({ kind: 'rejected', reason: o.reason, aare });
      return 'idle';
    }
    this.out.push({ kind: 'associated', info: o.info });
    return 'associated';
  }

  /** HLS pass 3: reply_to_HLS_authentication with f(StoC). */
  private sendPass3(): AssociationState {
    try {
      this.out.push({ kind: 'sendApdu', bytes: this.wire(this.setup!.pass3(() => this.nextIip())) });
      return 'awaiting-hls-reply';
    } catch (e) {
      if (!(e instanceof AssociationFault)) throw e;
      this.error(e.code, e.message);
      return 'idle';
    }
  }

  /** HLS pass 4: the meter's f(CtoS), verified; its next pblock asked for first when it comes in blocks. */
  private onHlsReply(apdu: Apdu): AssociationState {
    const step = this.setup!.pass4(apdu);
    switch (step.kind) {
      case 'next':
        this.out.push({ kind: 'sendApdu', bytes: this.wire(step.apdu) });
        return 'awaiting-hls-reply';
      case 'failed':
        this.error('hls-failed', step.message);
        return 'idle';
      case 'verified':
        this.out.push({ kind: 'associated', info: this.setup!.info! });
        return 'associated';
      default:
        return assertNever(step, 'HLS reply step');
    }
  }

  // ------------------------------------------------------------------ receiving

  /** One complete APDU from the link (wrapper payload or reassembled HDLC information field). */
  receive(bytes: Uint8Array): AssociationCommand[] {
    let apdu: Apdu;
    try {
      apdu = decodeApduBytes(bytes);
    } catch (e) {
      if (!(e instanceof DlmsDecodeError)) throw e;
      if (this.st === 'awaiting-rlre' && bytes[0] === 0x63) {
        // some servers (the Gurux example among them) send an RLRE with wrong inner lengths
        this.error('decode-error', `the meter's RLRE did not decode (${e.message}); the association is released anyway`);
        this.dispatch('rlre', () => this.released());
      } else this.error('decode-error', `the meter's APDU did not decode: ${e.message}`);
      return this.flush();
    }
    this.onApdu(apdu, bytes);
    return this.flush();
  }

  private onApdu(apdu: Apdu, bytes: Uint8Array): void {
    if (apdu.type === 'general-block-transfer') {
      const g = apdu;
      this.dispatch('gbt-block', () => this.runner.onGbt(g));
      return;
    }
    if (apdu.type === 'ciphered') {
      try {
        bytes = this.cipher!.open(apdu.apdu);
        apdu = decodeApduBytes(bytes);
      } catch (e) {
        if (e instanceof AssociationFault) this.error(e.code, e.message);
        else if (e instanceof DlmsDecodeError) this.error('decode-error', `the deciphered APDU did not decode: ${e.message}`);
        else throw e;
        return;
      }
      if (apdu.type === 'ciphered' || apdu.type === 'general-block-transfer') return this.error('protocol-error', `a ciphered APDU carried ${apdu.type}`);
    } else if (this.cipher?.enabled && isServiceResponse(apdu)) {
      return this.error('unprotected', `plain ${apdu.type} dropped: the security policy ${this.settings.securityPolicy} asks for protected APDUs`);
    }
    this.route(apdu, bytes);
  }

  private route(apdu: Apdu, bytes: Uint8Array): void {
    if (apdu.type === 'acse') {
      const a = apdu.apdu;
      if (a.type === 'AARE') {
        if (this.dispatch('aare', () => this.onAare(a)) && this.st === 'authentication-pending') this.dispatch('hls-request', () => this.sendPass3());
      } else if (a.type === 'RLRE') this.dispatch('rlre', () => this.released());
      else this.error('protocol-error', `a client does not expect an ${a.type}`);
      return;
    }
    if (apdu.type === 'exception-response' || apdu.type === 'confirmedServiceError') {
      const text = `the meter answered with ${apdu.type === 'exception-response' ? `exception-response (${describeException(apdu)})` : `confirmed-service-error (${describeConfirmedServiceError(apdu)})`}`;
      this.dispatch('exception', () => this.onException(text));
      return;
    }
    if (NOTIFICATIONS.has(apdu.type)) {
      this.dispatch('notification', () => {
        this.out.push({ kind: 'notification', apdu: bytes });
        return this.st;
      });
      return;
    }
    if (!isServiceResponse(apdu)) return this.error('protocol-error', `a client does not expect ${apdu.type}`);
    if (this.st === 'awaiting-hls-reply') {
      this.dispatch('hls-reply', () => this.onHlsReply(apdu));
      return;
    }
    if (this.runner.busy && !this.runner.matches(apdu)) return this.error('invoke-id-mismatch', `${apdu.type} answers an invoke-id that is not in flight: dropped`);
    this.dispatch(this.runner.classify(apdu), () => this.runner.onResponse(apdu));
  }

  private onException(text: string): AssociationState {
    switch (this.st) {
      case 'awaiting-aare':
      case 'awaiting-hls-reply':
        this.error('exception', text);
        return 'idle';
      case 'awaiting-rlre':
        this.error('exception', text);
        return this.released();
      default:
        return this.runner.onRefusal(new AssociationFault('exception', text));
    }
  }

  // ------------------------------------------------------------------ services

  private request(job: Job): RequestStart {
    let requestId = -1;
    const ok = this.dispatch('request', () => {
      const r = this.runner.submit(job, this.st);
      requestId = r.id;
      return r.state;
    });
    if (!ok && requestId < 0) {
      requestId = this.runner.reserveId();
      const last = this.out[this.out.length - 1];
      if (last?.kind === 'error' && last.requestId === undefined) last.requestId = requestId;
      if (last?.kind === 'error' && last.code === 'protocol-error') {
        last.code = 'not-associated';
        last.message = `not associated (state ${this.st}): ${job.kind} cannot be sent`;
      }
    }
    return { requestId, commands: this.flush() };
  }

  get(ref: AttributeRef): RequestStart {
    return this.request({ kind: 'get', ref });
  }

  /** GET with-list, batched to the meter's max PDU (one result list, in order). */
  getWithList(refs: AttributeRef[]): RequestStart {
    return this.request({ kind: 'get-with-list', refs });
  }

  set(ref: AttributeRef, value: DlmsData): RequestStart {
    return this.request({ kind: 'set', ref, value });
  }

  setWithList(refs: AttributeRef[], values: DlmsData[]): RequestStart {
    return this.request({ kind: 'set-with-list', refs, values });
  }

  action(ref: MethodRef, parameters?: DlmsData): RequestStart {
    return this.request(parameters === undefined ? { kind: 'action', ref } : { kind: 'action', ref, parameters });
  }

  /** The association's object list: Association LN (0.0.40.0.0.255) or Association SN (0xFA00) attribute 2. */
  readObjectList(): RequestStart {
    const sn = this.settings.referencing === 'sn';
    return this.request({
      kind: 'get',
      ref: sn ? { classId: 12, logicalName: '0.0.40.0.0.255', attributeId: 2, baseName: 0xfa00 } : { classId: 15, logicalName: '0.0.40.0.0.255', attributeId: 2 },
      objectList: sn ? 'sn' : 'ln',
    });
  }

  // ------------------------------------------------------------------ ending

  private released(): AssociationState {
    this.runner.abortAll('not-associated', 'the association was released');
    this.out.push({ kind: 'released' });
    return 'released';
  }

  /** RLRQ (with a ciphered InitiateRequest in a ciphered context), or released at once when the settings say no release. */
  release(): AssociationCommand[] {
    this.dispatch('release', () => {
      if (!this.settings.releaseOnDisconnect) return this.released();
      const ui = isCipheredContext(this.settings) ? cipheredInitiate(this.settings, this.secrets!, this.cipher!) : undefined;
      this.out.push({ kind: 'sendApdu', bytes: encodeAcseApduBytes(buildRlrq(ui)) });
      return 'awaiting-rlre';
    });
    return this.flush();
  }

  /** Ends the association at once (link lost, user abort): pending requests fail, state idle. */
  abort(reason: string): AssociationCommand[] {
    this.dispatch('abort', () => {
      this.runner.abortAll('cancelled', `association aborted: ${reason}`);
      return 'idle';
    });
    return this.flush();
  }

  /** The response timer the session armed expired. */
  timeout(): AssociationCommand[] {
    this.dispatch('timeout', () => {
      switch (this.st) {
        case 'awaiting-aare':
          this.error('timeout', 'no AARE from the meter');
          return 'idle';
        case 'awaiting-hls-reply':
          this.error('timeout', 'no answer to reply_to_HLS_authentication');
          return 'idle';
        case 'awaiting-rlre':
          return this.released();
        case 'associated':
          return 'associated';
        default:
          return this.runner.timeout();
      }
    });
    return this.flush();
  }

  /** Cancels a queued or running request (its late answer will be dropped by invoke-id). */
  cancel(requestId: number): AssociationCommand[] {
    if (this.runner.busy) this.dispatch('cancel', () => this.runner.cancel(requestId, this.st) ?? this.st);
    return this.flush();
  }
}
