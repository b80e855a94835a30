// user-information [30] EXPLICIT Association-information (Green Book 9.3.2, IEC 62056-5-3):
//
//   Association-information ::= OCTET STRING      -- BE len 04 len <xDLMS APDU>
//
// The octet string carries one xDLMS APDU: InitiateRequest (AARQ, and RLRQ when the association
// is released with ciphering), InitiateResponse (AARE, RLRE), ConfirmedServiceError (an AARE that
// refuses the xDLMS context), or the ciphered form of one of them (glo-/ded-initiate-request 0x21 /
// 0x41, glo-/ded-initiate-response 0x28 / 0x48, glo-/ded-confirmed-service-error 0x2E / 0x4E, or
// a general-glo/ded-ciphering, general-ciphering or general-signing envelope). The ciphered forms
// are decoded by security/envelope.ts, and stay sealed here: opening them needs keys.

import type { ByteReader, NodeInfo } from '../codec/byte-reader';
import { ByteWriter } from '../codec/byte-writer';
import { assertNever } from '../errors';
import { toHex } from '../../../src-shared/hex';
import {
  cipheredApduName,
  decodeCipheredApdu,
  encodeCipheredApdu,
  isCipheredTag,
  type CipheredApdu,
} from '../security/envelope';
import {
  INITIATE_REQUEST_TAG,
  INITIATE_RESPONSE_TAG,
  decodeInitiateRequest,
  decodeInitiateResponse,
  encodeInitiateRequest,
  encodeInitiateResponse,
  type InitiateRequest,
  type InitiateResponse,
} from '../xdlms/initiate';
import {
  CONFIRMED_SERVICE_ERROR_TAG,
  decodeConfirmedServiceError,
  describeConfirmedServiceError,
  encodeConfirmedServiceError,
  type ConfirmedServiceError,
} from '../xdlms/confirmed-service-error';
import { conformanceHex } from '../xdlms/conformance';
import { expectTlv, UNIVERSAL_TAGS } from './ber';

/** The xDLMS APDU carried in user-information. */
export type UserInformation =
  | InitiateRequest
  | InitiateResponse
  | ConfirmedServiceError
  | { type: 'ciphered'; apdu: CipheredApdu }
  /** Any other APDU: not expected in ACSE, kept byte for byte. */
  | { type: 'other-apdu'; bytes: Uint8Array };

/** Reads the content of the [30] element: OCTET STRING holding exactly one xDLMS APDU. */
export function readUserInformation(c: ByteReader): UserInformation {
  return c.node(
    'association-information',
    () => {
      const apdu = expectTlv(c, UNIVERSAL_TAGS['OCTET STRING'], 'association-information');
      const tag = apdu.peek();
      let out: UserInformation;
      if (tag === INITIATE_REQUEST_TAG) out = decodeInitiateRequest(apdu);
      else if (tag === INITIATE_RESPONSE_TAG) out = decodeInitiateResponse(apdu);
      else if (tag === CONFIRMED_SERVICE_ERROR_TAG) out = decodeConfirmedServiceError(apdu);
      else if (isCipheredTag(tag)) out = { type: 'ciphered', apdu: decodeCipheredApdu(apdu) };
      else {
        out = apdu.node('xDLMS-APDU', () => ({ type: 'other-apdu', bytes: apdu.rest() }) as const, (v) => ({
          value: `tag 0x${toHex(v.bytes.subarray(0, 1))}`,
          meaning: 'not an initiate APDU, kept as is',
        }));
      }
      apdu.expectEnd('xDLMS APDU in user-information');
      return out;
    },
    describeUserInformation,
  );
}

/** The xDLMS APDU bytes alone (the octet string's content). */
export function userInformationApduBytes(u: UserInformation): Uint8Array {
  const w = new ByteWriter();
  switch (u.type) {
    case 'initiateRequest':
      encodeInitiateRequest(w, u);
      break;
    case 'initiateResponse':
      encodeInitiateResponse(w, u);
      break;
    case 'confirmedServiceError':
      encodeConfirmedServiceError(w, u);
      break;
    case 'ciphered':
      encodeCipheredApdu(w, u.apdu);
      break;
    case 'other-apdu':
      w.bytes(u.bytes);
      break;
    default:
      assertNever(u, 'user-information');
  }
  return w.toBytes();
}

/** The content of the [30] element: 04 len <APDU>. */
export function userInformationContent(u: UserInformation): Uint8Array {
  const apdu = userInformationApduBytes(u);
  const w = new ByteWriter();
  w.u8(UNIVERSAL_TAGS['OCTET STRING']).withLength(apdu);
  return w.toBytes();
}

export function describeUserInformation(u: UserInformation): NodeInfo {
  switch (u.type) {
    case 'initiateRequest':
      return { value: `conformance ${conformanceHex(u.proposedConformance)}, max PDU ${u.clientMaxReceivePduSize}`, meaning: 'initiateRequest' };
    case 'initiateResponse':
      return { value: `conformance ${conformanceHex(u.negotiatedConformance)}, max PDU ${u.serverMaxReceivePduSize}`, meaning: 'initiateResponse' };
    case 'confirmedServiceError':
      return { value: describeConfirmedServiceError(u), meaning: 'confirmedServiceError' };
    case 'ciphered':
      return { value: cipheredApduName(u.apdu), meaning: 'ciphered xDLMS APDU (needs keys to open)' };
    case 'other-apdu':
      return { value: `${u.bytes.length} octet(s)`, meaning: 'unexpected xDLMS APDU' };
    default:
      return assertNever(u, 'user-information');
  }
}
