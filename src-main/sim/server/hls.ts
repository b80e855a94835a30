// HLS passes 3 and 4 on the server (Green Book 9.2.2.2.2): the client's reply_to_HLS_authentication
// carries f(StoC); when it verifies, the association becomes 'associated' and the method returns
// f(CtoS) for the client to check. The invocation counter inside a GMAC answer is not held against the
// replay ledger (clients take it before or after the one of the ciphered ACTION that carries it; the
// fresh StoC already makes a replayed answer useless); the server's own answer uses its next counter.
// HLS-ECDSA (7) verifies the client's signature with the client public key of the association's key
// set and signs with the server's private key: P-256/SHA-256 in suite 1, P-384/SHA-384 in suite 2.
import { computeHlsResponse, verifyHlsResponse, type HlsMechanism } from '../../dlms/security/hls';
import { DlmsDecodeError } from '../../dlms/errors';
import type { DlmsData } from '../../dlms/axdr/types';
import type { AcceptedAssociation } from './aarq';
import type { MethodResult } from './objects';
import type { DeviceRuntime } from './runtime';

export function hlsReply(rt: DeviceRuntime, s: AcceptedAssociation, parameter: DlmsData | undefined): MethodResult {
  const a = s.association;
  const m = a.mechanism as HlsMechanism;
  if (s.status !== 'pending' || !s.ctos || !s.stoc || m < 2 || m > 7) return { result: 'read-write-denied' };
  if (parameter?.type !== 'octet-string') return { result: 'type-unmatched' };
  const response = parameter.value;
  const serverTitle = rt.model.identity.systemTitle;
  const clientTitle = s.clientTitle ?? new Uint8Array(8);
  const secret = a.hlsSecret ?? new Uint8Array(0);
  const base = { ctos: s.ctos, stoc: s.stoc };
  let answer: Uint8Array;
  try {
    switch (m) {
      case 5: {
        if (!verifyHlsResponse(5, { ...base, role: 'client', systemTitle: clientTitle, ek: a.keys.ek, ak: a.keys.ak }, response)) return { result: 'read-write-denied' };
        const suite = a.securitySuite as 0 | 1 | 2;
        answer = computeHlsResponse(5, { ...base, role: 'server', systemTitle: serverTitle, invocationCounter: rt.nextServerIc(a), ek: a.keys.ek, ak: a.keys.ak, suite });
        break;
      }
      case 6: {
        const p = { ...base, secret, clientSystemTitle: clientTitle, serverSystemTitle: serverTitle };
        if (!verifyHlsResponse(6, { ...p, role: 'client' }, response)) return { result: 'read-write-denied' };
        answer = computeHlsResponse(6, { ...p, role: 'server' });
        break;
      }
      case 2: {
        const p = { ...base, secret, manufacturer: rt.model.identity.manufacturer };
        if (!verifyHlsResponse(2, { ...p, role: 'client' }, response)) return { result: 'read-write-denied' };
        answer = computeHlsResponse(2, { ...p, role: 'server' });
        break;
      }
      case 7: {
        const suite = a.securitySuite;
        const { serverSigningKey, clientSigningPublicKey } = a.keys;
        if ((suite !== 1 && suite !== 2) || !serverSigningKey || !clientSigningPublicKey) return { result: 'read-write-denied' };
        const p = { ...base, suite: suite as 1 | 2, clientSystemTitle: clientTitle, serverSystemTitle: serverTitle } as const;
        if (!verifyHlsResponse(7, { ...p, role: 'client', publicKey: clientSigningPublicKey }, response)) return { result: 'read-write-denied' };
        answer = computeHlsResponse(7, { ...p, role: 'server', privateKey: serverSigningKey });
        break;
      }
      case 3:
      case 4: {
        if (!verifyHlsResponse(m, { ...base, secret, role: 'client' }, response)) return { result: 'read-write-denied' };
        answer = computeHlsResponse(m, { ...base, secret, role: 'server' });
        break;
      }
      default:
        return { result: 'read-write-denied' };
    }
  } catch (e) {
    // a mechanism-2 function nobody registered, a key the suite cannot use: not authenticated
    if (e instanceof DlmsDecodeError) return { result: 'read-write-denied' };
    throw e;
  }
  s.status = 'associated';
  return { result: 'success', data: { type: 'octet-string', value: answer } };
}
