// Setting up a client association, one AssociationSetup per associate() (Green Book 9.2.2.2.2 and
// 9.3.2): the AARQ from the settings (the challenge CtoS for HLS, the InitiateRequest plain or
// ciphered), what the AARE says (rejected, associated, or HLS pending with the meter's StoC), then
// HLS pass 3 (reply_to_HLS_authentication with f(StoC)) and pass 4 (the meter's f(CtoS), asked for
// block by block when it comes in pblocks). ClientAssociation keeps the state table, sends what
// this builds and reports what it finds; the service requests that follow are service-runner.ts's.

import type { DeviceSettings } from '../../../src-shared/settings';
import type { Apdu } from '../apdu';
import type { Aare } from '../acse/aare';
import type { Aarq } from '../acse/aarq';
import { encodeAcseApduBytes } from '../acse/apdu';
import type { UserInformation } from '../acse/user-information';
import { build } from '../codec/byte-writer';
import type { InvokeIdAndPriority } from '../xdlms/common';
import { conformanceFromNumber, type Conformance } from '../xdlms/conformance';
import { encodeInitiateRequest } from '../xdlms/initiate';
import type { HlsMechanism } from '../security/hls';
import { buildAarq, challengeFor, guardSettings, initiateRequestFor, mechanismIdFor, type AssociationSecrets } from './aarq';
import { interpretAare } from './aare';
import type { CipheringContext } from './ciphering';
import { clientHlsResponse, HLS_VERIFY_FAILED, HlsReplyBlocks, hlsReplyValue, replyToHlsRequest, verifyServerHlsResponse, type HlsContext, type HlsOptions } from './hls';
import type { AssociationInfo, RandomSource } from './types';

/** The InitiateRequest of the settings, ciphered (AARQ with cipherInitiateRequest, RLRQ in a ciphered context). */
export function cipheredInitiate(settings: DeviceSettings, secrets: AssociationSecrets, cipher: CipheringContext): UserInformation {
  const initiate = initiateRequestFor(settings, secrets);
  return { type: 'ciphered', apdu: cipher.sealInitiate(build((w) => encodeInitiateRequest(w, initiate))) };
}

/** What an AARE means for the setup. */
export type AareStep = { kind: 'rejected'; reason: string } | { kind: 'associated'; info: AssociationInfo } | { kind: 'hls-pending' };

/** What the meter's answer to pass 3 means: ask for its next pblock, or done (verified or not). */
export type HlsReplyStep = { kind: 'next'; apdu: Apdu } | { kind: 'verified' } | { kind: 'failed'; message: string };

export class AssociationSetup {
  private info_: AssociationInfo | undefined;
  private negotiated_: Conformance = conformanceFromNumber(0);
  private aarq: Aarq | undefined;
  private ctos: Uint8Array | undefined;
  private stoc: Uint8Array | undefined;
  private hlsIip: InvokeIdAndPriority | undefined;
  private hlsBlocks = new HlsReplyBlocks();

  constructor(
    private readonly settings: DeviceSettings,
    private readonly secrets: AssociationSecrets,
    private readonly cipher: CipheringContext,
    private readonly hls: HlsOptions,
  ) {}

  /** What the AARE negotiated (once accepted, also while HLS is pending or after it failed). */
  get info(): AssociationInfo | undefined {
    return this.info_;
  }

  /** The negotiated conformance block (all bits clear until the AARE accepts). */
  get negotiated(): Conformance {
    return this.negotiated_;
  }

  /** The AARQ's bytes; for HLS (mechanism ≥ 2) with a fresh challenge CtoS from `random`. */
  request(random: RandomSource): Uint8Array {
    const s = this.settings;
    this.ctos = mechanismIdFor(s) >= 2 ? guardSettings(() => challengeFor(s, random)) : undefined;
    const userInformation: UserInformation = s.cipherInitiateRequest ? cipheredInitiate(s, this.secrets, this.cipher) : initiateRequestFor(s, this.secrets);
    this.aarq = guardSettings(() => buildAarq(s, this.secrets, this.ctos ? { challenge: this.ctos, userInformation } : { userInformation }));
    return encodeAcseApduBytes(this.aarq);
  }

  /** The AARE: rejected (with the plain reason), associated, or HLS pending (pass 3 is next). */
  onAare(aare: Aare): AareStep {
    const o = interpretAare(aare, this.aarq, this.settings, this.cipher);
    if (o.kind === 'rejected') return { kind: 'rejected', reason: o.reason };
    this.info_ = o.info;
    this.negotiated_ = o.negotiated;
    if (o.stoc === undefined) return { kind: 'associated', info: o.info };
    this.stoc = o.stoc;
    return { kind: 'hls-pending' };
  }

  private hlsContext(): HlsContext {
    return {
      mechanism: this.info_!.mechanism as HlsMechanism,
      settings: this.settings,
      secrets: this.secrets,
      ctos: this.ctos!,
      stoc: this.stoc!,
      serverSystemTitle: this.cipher.serverSystemTitle,
      options: this.hls,
    };
  }

  /**
   * HLS pass 3: reply_to_HLS_authentication carrying f(StoC). The invoke-id is taken once f is
   * computed (a failing f uses none). Throws AssociationFault.
   */
  pass3(nextIip: () => InvokeIdAndPriority): Apdu {
    const f = clientHlsResponse(this.hlsContext(), () => this.cipher.nextInvocationCounter());
    this.hlsIip = nextIip();
    this.hlsBlocks = new HlsReplyBlocks();
    return replyToHlsRequest(this.settings.referencing, this.hlsIip, f);
  }

  /** HLS pass 4: the meter's f(CtoS) in the action-response (LN) or ReadResponse (SN). */
  pass4(apdu: Apdu): HlsReplyStep {
    if (apdu.type === 'action-response-with-pblock' && this.hlsIip) {
      const b = this.hlsBlocks.take(apdu, this.hlsIip);
      if ('next' in b) return { kind: 'next', apdu: b.next };
      apdu = b.whole;
    }
    const r = hlsReplyValue(apdu, this.hlsIip?.invokeId);
    if (r.refused !== undefined) return { kind: 'failed', message: r.refused };
    if (!verifyServerHlsResponse(this.hlsContext(), r.value)) return { kind: 'failed', message: HLS_VERIFY_FAILED };
    return { kind: 'verified' };
  }
}
