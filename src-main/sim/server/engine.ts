// The simulator's DLMS server for one association (one client connection): APDU bytes in, APDU bytes
// out, sans-I/O (time and randomness injected). It holds the association state
//   idle --AARQ accepted--> associated            (no or low-level authentication)
//   idle --AARQ accepted--> pending --reply_to_HLS_authentication verified--> associated
//   any  --RLRQ--> idle (RLRE)                     any --AARQ--> a new association
// and dispatches xDLMS requests (deciphered per the association's policy) to the service modules.
// Long responses go as general-block-transfer when negotiated, streaming in the client's window and
// re-sending from the block after the client's block-number-ack; else as the service's own blocks.
import { decodeApduBytes, encodeApdu, type Apdu } from '../../dlms/apdu';
import type { AcseApdu } from '../../dlms/acse/apdu';
import type { Rlre } from '../../dlms/acse/release';
import { DlmsDecodeError } from '../../dlms/errors';
import { conformanceBitValue, conformanceFromNumber } from '../../dlms/xdlms/conformance';
import type { ExceptionResponse } from '../../dlms/xdlms/exception';
import type { GeneralBlockTransfer } from '../../dlms/xdlms/gbt';
import { VAA_NAME_LN, VAA_NAME_SN } from '../../dlms/xdlms/initiate';
import { handleAarq, type AcceptedAssociation } from './aarq';
import { cipherOverhead, keysOf, openRequest, sealResponse, type Protection } from './ciphering';
import { concat, type BlockState, type ServiceContext } from './context';
import { handleGet } from './get';
import { hlsReply } from './hls';
import type { DeviceRuntime } from './runtime';
import { handleAction, handleSet } from './set-action';
import { handleSn } from './sn';
import type { EngineEnvironment, EngineOutput, SimulatorFaults } from './types';

const GBT = conformanceBitValue('general-block-transfer');
/** E0, block-control, block-number(2), block-number-ack(2), length (≤ 3 octets). */
const GBT_OVERHEAD = 9;
const SERVICE_BITS = {
  get: conformanceBitValue('get'),
  set: conformanceBitValue('set'),
  action: conformanceBitValue('action'),
  read: conformanceBitValue('read'),
  write: conformanceBitValue('write'),
  'unconfirmed-write': conformanceBitValue('unconfirmed-write'),
} as const;

export interface AssociationServerOptions {
  /** Largest GBT window the server streams (over HDLC: the negotiated HDLC transmit window). */
  maxGbtWindow?: number;
  /** Largest GBT APDU (over HDLC: the max information field less the LLC header, so a block is one I frame). */
  maxGbtApdu?: number;
  /** The server SAP shown in associated_partners_id. */
  serverAddress?: number;
}

function exception(stateError: ExceptionResponse['stateError'], serviceError: Exclude<ExceptionResponse['serviceError']['type'], 'invocation-counter-error'>): Uint8Array {
  return encodeApdu({ type: 'exception-response', stateError, serviceError: { type: serviceError } });
}

const out = (replies: Uint8Array[], released = false): EngineOutput => (released ? { replies, released } : { replies });

export class AssociationServer {
  private session: AcceptedAssociation | undefined;
  private requests = 0;
  private blocks: BlockState = {};
  private gbtOut: { blocks: Uint8Array[]; acked: number } | undefined;
  private gbtIn: { parts: Uint8Array[]; next: number } | undefined;
  private clientGbtBlock = 0;
  private clientWindow = 1;

  constructor(
    readonly runtime: DeviceRuntime,
    readonly clientAddress: number,
    private readonly env: EngineEnvironment,
    private readonly faults: () => SimulatorFaults = () => ({}),
    private readonly options: AssociationServerOptions = {},
  ) {}

  get state(): 'idle' | 'pending' | 'associated' {
    return this.session?.status ?? 'idle';
  }

  /** The accepted association, if any (read-only use: tests and traces). */
  get association(): Readonly<AcceptedAssociation> | undefined {
    return this.session;
  }

  handle(apdu: Uint8Array): EngineOutput {
    this.requests++;
    if (this.faults().exceptionOnRequest === this.requests) return out([exception('service-not-allowed', 'other-reason')]);
    let pdu: Apdu;
    try {
      pdu = decodeApduBytes(apdu);
    } catch (e) {
      if (e instanceof DlmsDecodeError) return out([exception('service-unknown', 'service-not-supported')]);
      throw e;
    }
    if (pdu.type === 'acse') return this.acse(pdu.apdu);
    if (pdu.type === 'general-block-transfer') return this.gbt(pdu);
    this.gbtOut = undefined;
    return this.xdlms(pdu, false);
  }

  private acse(a: AcseApdu): EngineOutput {
    switch (a.type) {
      case 'AARQ': {
        this.reset();
        const o = handleAarq(this.runtime, this.env, this.faults(), this.clientAddress, a);
        this.session = o.accepted;
        return out([o.aare]);
      }
      case 'RLRQ': {
        const s = this.session;
        this.reset();
        const rlre: Rlre = { type: 'RLRE', reason: 'normal' };
        // a ciphered release proves who releases: answer with a ciphered InitiateResponse (Green Book 9.3.3)
        if (s && a.userInformation?.type === 'ciphered') {
          const a2 = s.association;
          const opened = openRequest(this.runtime, a2, a.userInformation.apdu, keysOf(a2, s.dedicatedKey, s.clientTitle));
          if (opened.ok) {
            const plain = encodeApdu({
              type: 'initiateResponse',
              negotiatedDlmsVersionNumber: 6,
              negotiatedConformance: conformanceFromNumber(s.conformance),
              serverMaxReceivePduSize: a2.maxPduSize,
              vaaName: s.referencing === 'LN' ? VAA_NAME_LN : VAA_NAME_SN,
            });
            const sealed = decodeApduBytes(sealResponse(this.runtime, a2, opened.protection, plain, keysOf(a2, s.dedicatedKey, s.clientTitle)));
            if (sealed.type === 'ciphered') rlre.userInformation = { type: 'ciphered', apdu: sealed.apdu };
          }
        }
        return out([encodeApdu({ type: 'acse', apdu: rlre })], true);
      }
      case 'AARE':
      case 'RLRE':
        return out([]);
    }
  }

  private reset(): void {
    this.session = undefined;
    this.blocks = {};
    this.gbtOut = undefined;
    this.gbtIn = undefined;
  }

  private xdlms(pdu: Apdu, viaGbt: boolean): EngineOutput {
    const s = this.session;
    if (!s) return out([exception('service-not-allowed', 'operation-not-possible')]);
    const a = s.association;
    let protection: Protection | undefined;
    let inner = pdu;
    if (pdu.type === 'ciphered') {
      const opened = openRequest(this.runtime, a, pdu.apdu, keysOf(a, s.dedicatedKey, s.clientTitle));
      if (!opened.ok) {
        return out([
          opened.reason === 'deciphering-error'
            ? exception('service-not-allowed', 'deciphering-error')
            : encodeApdu({ type: 'exception-response', stateError: 'service-not-allowed', serviceError: { type: 'invocation-counter-error', invocationCounter: opened.expected } }),
        ]);
      }
      try {
        inner = decodeApduBytes(opened.plaintext);
      } catch (e) {
        if (e instanceof DlmsDecodeError) return out([exception('service-unknown', 'service-not-supported')]);
        throw e;
      }
      protection = opened.protection;
    } else if (a.securityPolicy !== 0) {
      return out([exception('service-not-allowed', 'operation-not-possible')]);
    }
    const ctx = this.context(s, protection);
    const ln = s.referencing === 'LN';
    const allowed = (bit: keyof typeof SERVICE_BITS): boolean => (s.conformance & SERVICE_BITS[bit]) !== 0;
    const refused = (): EngineOutput => out([exception('service-not-allowed', 'service-not-supported')]);
    let reply: Uint8Array | undefined;
    switch (inner.type) {
      case 'get-request-normal':
      case 'get-request-next':
      case 'get-request-with-list':
        if (!ln || !allowed('get')) return refused();
        reply = handleGet(ctx, inner);
        break;
      case 'set-request-normal':
      case 'set-request-with-first-datablock':
      case 'set-request-with-datablock':
      case 'set-request-with-list':
      case 'set-request-with-list-and-first-datablock':
        if (!ln || !allowed('set')) return refused();
        reply = handleSet(ctx, inner);
        break;
      case 'action-request-normal':
      case 'action-request-next-pblock':
      case 'action-request-with-list':
      case 'action-request-with-first-pblock':
      case 'action-request-with-list-and-first-pblock':
      case 'action-request-with-pblock':
        if (!ln || !allowed('action')) return refused();
        reply = handleAction(ctx, inner);
        break;
      case 'read-request':
      case 'write-request':
      case 'unconfirmed-write-request': {
        const bit = inner.type === 'read-request' ? 'read' : inner.type === 'write-request' ? 'write' : 'unconfirmed-write';
        if (ln || !allowed(bit)) return refused();
        reply = handleSn(ctx, inner);
        break;
      }
      default:
        return refused();
    }
    return out(reply ? this.send(s, reply, protection, viaGbt) : []);
  }

  private context(s: AcceptedAssociation, protection: Protection | undefined): ServiceContext {
    const max = s.clientMaxPdu;
    return {
      rt: this.runtime,
      view: {
        association: s.association,
        status: s.status,
        authenticatedRequest: protection !== undefined && (protection.securityControl & 0x10) !== 0,
        clientAddress: this.clientAddress,
        serverAddress: this.options.serverAddress ?? this.runtime.model.addressing.wrapper.serverWPort,
      },
      conformance: s.conformance,
      fits: (n) => n + cipherOverhead(protection, n) <= max,
      plainBudget: () => max - cipherOverhead(protection, max),
      gbt: (s.conformance & GBT) !== 0,
      blocks: this.blocks,
      hlsReply: (p) => hlsReply(this.runtime, s, p),
    };
  }

  /** Seals a response the way its request came, and sends it as GBT when it must. */
  private send(s: AcceptedAssociation, plain: Uint8Array, protection: Protection | undefined, viaGbt: boolean): Uint8Array[] {
    const a = s.association;
    const final = protection ? sealResponse(this.runtime, a, protection, plain, keysOf(a, s.dedicatedKey, s.clientTitle)) : plain;
    // the seed's rule: once a party uses GBT the other follows; and a long response uses it when negotiated
    if (viaGbt || (final.length > s.clientMaxPdu && (s.conformance & GBT) !== 0)) return this.startGbt(s, final);
    return [final];
  }

  private window(): number {
    return Math.max(1, Math.min(this.clientWindow, this.options.maxGbtWindow ?? 63));
  }

  private startGbt(s: AcceptedAssociation, apdu: Uint8Array): Uint8Array[] {
    const chunk = Math.max(1, Math.min(s.clientMaxPdu, this.options.maxGbtApdu ?? s.clientMaxPdu) - GBT_OVERHEAD);
    const blocks: Uint8Array[] = [];
    for (let i = 0; i < apdu.length; i += chunk) blocks.push(apdu.subarray(i, Math.min(apdu.length, i + chunk)));
    this.gbtOut = { blocks, acked: 0 };
    return this.gbtWindow();
  }

  /** The blocks after the last acknowledged one, one window of them. */
  private gbtWindow(): Uint8Array[] {
    const g = this.gbtOut!;
    const n = g.blocks.length;
    const w = this.window();
    const last = Math.min(n, g.acked + w);
    const frames: Uint8Array[] = [];
    for (let i = g.acked + 1; i <= last; i++) {
      frames.push(encodeApdu({ type: 'general-block-transfer', lastBlock: i === n, streaming: i < last, window: w, blockNumber: i, blockNumberAck: this.clientGbtBlock, blockData: g.blocks[i - 1]! }));
    }
    return frames;
  }

  private gbtAck(received: number): Uint8Array {
    return encodeApdu({ type: 'general-block-transfer', lastBlock: false, streaming: false, window: this.window(), blockNumber: 0, blockNumberAck: received, blockData: new Uint8Array(0) });
  }

  private gbt(g: GeneralBlockTransfer): EngineOutput {
    this.clientGbtBlock = g.blockNumber;
    if (g.window > 0) this.clientWindow = g.window;
    if (g.blockData.length === 0) {
      // an acknowledgement: continue after block-number-ack (re-sending what was lost), or stop at the end
      const o = this.gbtOut;
      if (!o) return out([]);
      if (g.blockNumberAck >= o.blocks.length) {
        this.gbtOut = undefined;
        return out([]);
      }
      o.acked = g.blockNumberAck;
      return out(this.gbtWindow());
    }
    // a request arriving in blocks
    if (g.blockNumber === 1) this.gbtIn = { parts: [], next: 1 };
    const i = this.gbtIn;
    if (!i || g.blockNumber !== i.next) return out([this.gbtAck(i ? i.next - 1 : 0)]);
    i.parts.push(g.blockData);
    i.next++;
    if (!g.lastBlock) return out(g.streaming ? [] : [this.gbtAck(g.blockNumber)]);
    this.gbtIn = undefined;
    this.gbtOut = undefined;
    let pdu: Apdu;
    try {
      pdu = decodeApduBytes(concat(i.parts));
    } catch (e) {
      if (e instanceof DlmsDecodeError) return out([exception('service-unknown', 'service-not-supported')]);
      throw e;
    }
    if (pdu.type === 'acse' || pdu.type === 'general-block-transfer') return out([exception('service-not-allowed', 'operation-not-possible')]);
    return this.xdlms(pdu, true);
  }
}
