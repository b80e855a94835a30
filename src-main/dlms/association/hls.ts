// HLS passes 3 and 4 from the client's side (Green Book 9.2.2.2.2, Blue Book 4.4.3/4.4.4):
//
//   LN: ACTION-request on Association LN (class 15, 0.0.40.0.0.255) method 1
//       reply_to_HLS_authentication, parameter octet-string f(StoC); the action-response's
//       return parameters carry the meter's f(CtoS).
//   SN: the same method of Association SN (class 12, base name 0xFA00), method 8
//       reply_to_HLS_authentication, invoked with a ReadRequest parameterized-access on the
//       method's short name 0xFA00 + 0x20 + 8·(8−1) = 0xFA58 (Gurux's GetActionInfo: first method at
//       offset 0x20, 8 apart); the ReadResponse's data is f(CtoS).
//
// f() is security/hls.ts's (mechanisms 3..7, and 2 through the pluggable registry).

import type { DeviceSettings } from '../../../src-shared/settings';
import { fromHex } from '../../../src-shared/hex';
import { DlmsDecodeError } from '../errors';
import type { Apdu } from '../apdu';
import { computeHlsResponse, verifyHlsResponse, type EcKey, type HlsMechanism, type ManufacturerHlsRegistry } from '../security/hls';
import { actionResultName, type InvokeIdAndPriority } from '../xdlms/common';
import { decodeDataBytes } from '../axdr/data';
import { DlmsDecodeError as DecodeError } from '../errors';
import type { AssociationSecrets } from './aarq';
import { AssociationFault } from './fault';

export const ASSOCIATION_LN_CLASS_ID = 15;
export const CURRENT_ASSOCIATION_LN = Uint8Array.of(0, 0, 40, 0, 0, 255);
export const REPLY_TO_HLS_AUTHENTICATION_LN = 1;
export const ASSOCIATION_SN_BASE_NAME = 0xfa00;
/** Association SN: method 1 sits at base_name + 0x20, methods 8 apart; reply_to_HLS_authentication is method 8. */
export const ASSOCIATION_SN_METHOD_OFFSET = 0x20;
export const REPLY_TO_HLS_AUTHENTICATION_SN = 8;

export const HLS_VERIFY_FAILED = "the meter's reply to the challenge did not verify: check the authentication key / HLS secret";

/** Extra material some mechanisms need beyond the settings. */
export interface HlsOptions {
  /** Mechanism 2: the registered manufacturer function's name and its registry. */
  manufacturer?: { name: string; registry?: ManufacturerHlsRegistry };
  /** Mechanism 7: the client's private key and the meter's public key (default: hex from the settings). */
  ecdsa?: { privateKey: EcKey; serverPublicKey: EcKey };
}

export interface HlsContext {
  mechanism: HlsMechanism;
  settings: DeviceSettings;
  secrets: AssociationSecrets;
  ctos: Uint8Array;
  stoc: Uint8Array;
  serverSystemTitle: Uint8Array | undefined;
  options: HlsOptions;
}

function ecdsaKeys(ctx: HlsContext): { privateKey: EcKey; serverPublicKey: EcKey; suite: 1 | 2 } {
  const suite = ctx.settings.securitySuite;
  if (suite !== 1 && suite !== 2) throw new AssociationFault('bad-settings', 'HLS ECDSA needs security suite 1 (P-256) or 2 (P-384)');
  if (ctx.options.ecdsa) return { ...ctx.options.ecdsa, suite };
  const { clientSigningKey, serverSigningPublicKey } = ctx.settings;
  if (clientSigningKey === undefined || serverSigningPublicKey === undefined) {
    throw new AssociationFault('bad-settings', 'HLS ECDSA needs the client signing key and the meter\'s public signing key');
  }
  try {
    return { privateKey: fromHex(clientSigningKey), serverPublicKey: fromHex(serverSigningPublicKey), suite };
  } catch {
    throw new AssociationFault('bad-settings', 'the ECDSA keys in the settings must be hex (raw private scalar, public X||Y)');
  }
}

function serverTitle(ctx: HlsContext): Uint8Array {
  if (ctx.serverSystemTitle === undefined) throw new AssociationFault('hls-failed', 'this HLS mechanism needs the server system title, and the AARE carried none');
  return ctx.serverSystemTitle;
}

function manufacturer(ctx: HlsContext): { manufacturer: string; registry?: ManufacturerHlsRegistry } {
  const m = ctx.options.manufacturer;
  if (m === undefined) throw new AssociationFault('bad-settings', 'HLS mechanism 2 (manufacturer specific) needs a registered manufacturer function');
  return m.registry ? { manufacturer: m.name, registry: m.registry } : { manufacturer: m.name };
}

/** Runs fn, turning the crypto layer's DlmsDecodeError (missing plug-in, bad key) into a fault. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DlmsDecodeError) throw new AssociationFault('hls-failed', `HLS: ${e.message}`);
    throw e;
  }
}

/** Pass 3: the client's f(StoC). GMAC takes `invocationCounter` (a fresh one from the ledger). */
export function clientHlsResponse(ctx: HlsContext, invocationCounter: () => number): Uint8Array {
  const base = { role: 'client' as const, ctos: ctx.ctos, stoc: ctx.stoc };
  const { secrets } = ctx;
  return guarded(() => {
    switch (ctx.mechanism) {
      case 2:
        return computeHlsResponse(2, { ...base, secret: secrets.password, ...manufacturer(ctx) });
      case 3:
      case 4:
        return computeHlsResponse(ctx.mechanism, { ...base, secret: secrets.password });
      case 5:
        return computeHlsResponse(5, {
          ...base,
          systemTitle: secrets.clientSystemTitle,
          invocationCounter: invocationCounter(),
          ek: secrets.ek,
          ak: secrets.ak,
          suite: ctx.settings.securitySuite,
        });
      case 6:
        return computeHlsResponse(6, { ...base, secret: secrets.password, clientSystemTitle: secrets.clientSystemTitle, serverSystemTitle: serverTitle(ctx) });
      case 7: {
        const k = ecdsaKeys(ctx);
        return computeHlsResponse(7, { ...base, clientSystemTitle: secrets.clientSystemTitle, serverSystemTitle: serverTitle(ctx), privateKey: k.privateKey, suite: k.suite });
      }
    }
  });
}

/** Pass 4: does the meter's f(CtoS) verify? */
export function verifyServerHlsResponse(ctx: HlsContext, response: Uint8Array): boolean {
  const base = { role: 'server' as const, ctos: ctx.ctos, stoc: ctx.stoc };
  const { secrets } = ctx;
  return guarded(() => {
    switch (ctx.mechanism) {
      case 2:
        return verifyHlsResponse(2, { ...base, secret: secrets.password, ...manufacturer(ctx) }, response);
      case 3:
      case 4:
        return verifyHlsResponse(ctx.mechanism, { ...base, secret: secrets.password }, response);
      case 5:
        return verifyHlsResponse(5, { ...base, systemTitle: serverTitle(ctx), ek: secrets.ek, ak: secrets.ak }, response);
      case 6:
        return verifyHlsResponse(6, { ...base, secret: secrets.password, clientSystemTitle: secrets.clientSystemTitle, serverSystemTitle: serverTitle(ctx) }, response);
      case 7: {
        const k = ecdsaKeys(ctx);
        return verifyHlsResponse(7, { ...base, clientSystemTitle: secrets.clientSystemTitle, serverSystemTitle: serverTitle(ctx), publicKey: k.serverPublicKey, suite: k.suite }, response);
      }
    }
  });
}

/** The short name of an SN method: base_name + offset of method 1 + 8·(n−1). */
export function snMethodName(baseName: number, methodOffset: number, methodId: number): number {
  return (baseName + methodOffset + 8 * (methodId - 1)) & 0xffff;
}

/** The pass-3 request APDU carrying f(StoC). */
export function replyToHlsRequest(referencing: 'ln' | 'sn', iip: InvokeIdAndPriority, fStoC: Uint8Array): Apdu {
  const parameter = { type: 'octet-string' as const, value: fStoC };
  if (referencing === 'ln') {
    return {
      type: 'action-request-normal',
      invokeIdAndPriority: iip,
      descriptor: { classId: ASSOCIATION_LN_CLASS_ID, instanceId: CURRENT_ASSOCIATION_LN, methodId: REPLY_TO_HLS_AUTHENTICATION_LN },
      parameters: parameter,
    };
  }
  return {
    type: 'read-request',
    variables: [
      {
        type: 'parameterized-access',
        variableName: snMethodName(ASSOCIATION_SN_BASE_NAME, ASSOCIATION_SN_METHOD_OFFSET, REPLY_TO_HLS_AUTHENTICATION_SN),
        selector: 0,
        parameter,
      },
    ],
  };
}

const REFUSED = 'check the authentication key / HLS secret';

/**
 * Pass 4 as the meter sent it: f(CtoS) from the action-response's return parameters (LN) or the
 * ReadResponse's data (SN), or why the meter refused pass 3.
 */
export function hlsReplyValue(apdu: Apdu, invokeId: number | undefined): { value: Uint8Array; refused?: undefined } | { refused: string } {
  let data;
  if (apdu.type === 'action-response-normal') {
    if (apdu.invokeIdAndPriority.invokeId !== invokeId) throw new AssociationFault('invoke-id-mismatch', 'the reply_to_HLS_authentication response answers another invoke-id');
    const r = apdu.response;
    if (r.result !== 0) return { refused: `the meter refused the reply to its challenge (${actionResultName(r.result)}): ${REFUSED}` };
    data = r.returnParameters?.type === 'data' ? r.returnParameters.data : undefined;
  } else if (apdu.type === 'read-response') {
    const r = apdu.results[0];
    if (r?.type === 'data-access-error') return { refused: `the meter refused the reply to its challenge (data-access-result ${r.result}): ${REFUSED}` };
    data = r?.type === 'data' ? r.data : undefined;
  } else {
    throw new AssociationFault('protocol-error', `${apdu.type} does not answer reply_to_HLS_authentication`);
  }
  if (data?.type !== 'octet-string') return { refused: "the meter's reply to reply_to_HLS_authentication carries no f(CtoS) octet-string" };
  return { value: data.value };
}

/**
 * Pass 4 in action-response-with-pblock: a long f(CtoS) (an ECDSA P-384 signature is 96 octets)
 * over a small PDU. Each block is asked for with action-request-next-pblock naming it; the joined
 * raw data is the return parameters' Data, handed on as the action-response-normal it stands for.
 */
export class HlsReplyBlocks {
  private parts: Uint8Array[] = [];

  take(apdu: Extract<Apdu, { type: 'action-response-with-pblock' }>, iip: InvokeIdAndPriority): { next: Apdu } | { whole: Apdu } {
    const { lastBlock, blockNumber, rawData } = apdu.pblock;
    if (apdu.invokeIdAndPriority.invokeId !== iip.invokeId) throw new AssociationFault('invoke-id-mismatch', 'the reply_to_HLS_authentication response answers another invoke-id');
    if (blockNumber !== this.parts.length + 1) throw new AssociationFault('block-number', `action-response-with-pblock carries block ${blockNumber}, block ${this.parts.length + 1} was expected`);
    this.parts.push(rawData);
    if (!lastBlock) return { next: { type: 'action-request-next-pblock', invokeIdAndPriority: iip, blockNumber } };
    const joined = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      joined.set(p, at);
      at += p.length;
    }
    this.parts = [];
    let data;
    try {
      data = decodeDataBytes(joined);
    } catch (e) {
      if (e instanceof DecodeError) throw new AssociationFault('decode-error', `the reply_to_HLS_authentication pblocks did not decode: ${e.message}`);
      throw e;
    }
    return { whole: { type: 'action-response-normal', invokeIdAndPriority: apdu.invokeIdAndPriority, response: { result: 0, returnParameters: { type: 'data', data } } } };
  }
}
