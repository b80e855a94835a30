// settings.previewAarq: the AARQ the device settings would send, framed as the first frame on the
// wire, dissected, and explained setting by setting (ARCHITECTURE.md section 4, "settings that say
// what they mean"). The seed's engineer lost weeks to a server address that became wPort 0x91 and
// a conformance block nobody could read; here every setting names the bytes it became.
//
// The AARQ comes from the client engine's own AssociationSetup (src-main/dlms/association), so the
// preview is what a connect sends. The HLS challenge is the fixed one when set; otherwise a
// placeholder of the configured length ('?' bytes, flagged) stands for the random one drawn at
// connect time. Keys are used (a ciphered InitiateRequest is sealed with them) but never returned,
// never logged; error texts name the setting, never its value.

import type { SettingBytes, SettingsPreviewResponse } from '../../src-shared/ipc/contract';
import { toHex } from '../../src-shared/hex';
import { deviceSettings, MECHANISM_ID, type BytesValue, type DeviceSettings, type DeviceSettingsInput } from '../../src-shared/settings';
import type { FieldNode } from '../../src-shared/trace';
import { mechanismOid } from '../dlms/acse/names';
import { applicationContextFor, settingsSecrets, SettingsError, type AssociationSecrets } from '../dlms/association/aarq';
import { CipheringContext } from '../dlms/association/ciphering';
import { AssociationFault } from '../dlms/association/fault';
import { AssociationSetup } from '../dlms/association/setup';
import { dissect, findNode } from '../dlms/dissect/index';
import { clientAddress, serverAddress, type HdlcAddressSize } from '../dlms/framing/hdlc/address';
import { encodeHdlcFrame, withLlc } from '../dlms/framing/hdlc/frame';
import { encodeWrapperFrame } from '../dlms/framing/wrapper';
import { conformanceHex, conformanceNames } from '../dlms/xdlms/conformance';
import { ServiceError } from '../ipc/dispatch';

/** The byte a placeholder challenge is made of: '?' in ASCII, plainly not random. */
export const CHALLENGE_PLACEHOLDER_BYTE = 0x3f;

/** Which setting a builder error is about (the engine's messages name settings in words). */
const ERROR_SETTINGS: ReadonlyArray<[RegExp, keyof DeviceSettings]> = [
  [/^client system title/, 'clientSystemTitle'],
  [/^server system title/, 'serverSystemTitle'],
  [/challenge/, 'challenge'],
  [/^password/, 'password'],
  [/^block cipher key|block cipher key$/, 'blockCipherKey'],
  [/^authentication key/, 'authenticationKey'],
  [/dedicated key/, 'dedicatedKey'],
  [/^physical device address|^a \d-byte server address/, 'serverPhysicalAddress'],
  [/logical device address/, 'serverLogicalAddress'],
  [/client address|source wPort/, 'clientAddress'],
  [/HDLC frame of|APDU of/, 'maxPduSize'],
];

function settingOfError(message: string): string | undefined {
  return ERROR_SETTINGS.find(([re]) => re.test(message))?.[1];
}

/** A builder failure as BAD_REQUEST "<setting>: <reason>", so the editor can put it by the field. */
function refuse(e: unknown): never {
  if (e instanceof SettingsError || e instanceof AssociationFault || e instanceof RangeError) {
    const setting = settingOfError(e.message);
    throw new ServiceError('BAD_REQUEST', setting ? `${setting}: ${e.message}` : e.message);
  }
  throw e;
}

/** HDLC server address size: the setting, or (0) the smallest that carries both addresses. */
export function hdlcServerAddressSize(s: DeviceSettings): HdlcAddressSize {
  if (s.serverAddressSize !== 0) return s.serverAddressSize;
  return s.serverLogicalAddress > 0x7f || s.serverPhysicalAddress > 0x7f ? 4 : 2;
}

function frameFor(s: DeviceSettings, aarq: Uint8Array): { framing: 'wrapper' | 'hdlc'; bytes: Uint8Array } {
  if (s.interface === 'wrapper-tcp' || s.interface === 'wrapper-udp') {
    return { framing: 'wrapper', bytes: encodeWrapperFrame({ sourceWPort: s.clientAddress, destinationWPort: s.serverLogicalAddress, apdu: aarq }) };
  }
  // The first I-frame after SNRM/UA: N(S) = 0, N(R) = 0, poll bit set; LLC command header E6 E6 00.
  const size = hdlcServerAddressSize(s);
  return {
    framing: 'hdlc',
    bytes: encodeHdlcFrame({
      destination: serverAddress(s.serverLogicalAddress, size === 1 ? undefined : s.serverPhysicalAddress, size),
      source: clientAddress(s.clientAddress),
      control: { kind: 'I', ns: 0, nr: 0, pf: true },
      information: withLlc('command', aarq),
    }),
  };
}

function shownBytes(v: BytesValue): string {
  return v.encoding === 'ascii' ? `ascii '${v.text}'` : `hex ${v.text.replace(/[\s:]/g, '').toUpperCase()}`;
}

/** Collects the explanation list; `at` finds a field's bytes in the dissected wire frame. */
class Explainer {
  readonly fields: SettingBytes[] = [];
  constructor(private readonly tree: FieldNode) {}

  node(...path: string[]): FieldNode | undefined {
    return findNode(this.tree, ...path);
  }

  at(setting: string, shown: string, path: string[], meaning: string, field = path[path.length - 1]!): void {
    const n = this.node(...path);
    if (n) this.fields.push({ setting, shown, field, hex: n.hex ?? '', start: n.start, length: n.length, meaning });
    else this.none(setting, shown, field, meaning);
  }

  none(setting: string, shown: string, field: string, meaning: string, hex = ''): void {
    this.fields.push({ setting, shown, field, hex, meaning });
  }
}

function explainLink(x: Explainer, s: DeviceSettings, framing: 'wrapper' | 'hdlc'): void {
  if (framing === 'wrapper') {
    x.at('interface', s.interface, ['wrapper header'], 'TCP/UDP wrapper header (IEC 62056-47): version, source wPort, destination wPort, length', 'wrapper header');
    x.at('clientAddress', String(s.clientAddress), ['wrapper header', 'source wPort'], 'client SAP as the wrapper source wPort', 'wrapper source wPort');
    x.at('serverLogicalAddress', String(s.serverLogicalAddress), ['wrapper header', 'destination wPort'], 'logical device address as the wrapper destination wPort', 'wrapper destination wPort');
    x.none('serverPhysicalAddress', String(s.serverPhysicalAddress), 'HDLC lower address', 'not sent: the wrapper has no physical device address');
    return;
  }
  const size = hdlcServerAddressSize(s);
  x.at('interface', s.interface, ['HDLC frame', 'frame format'], 'HDLC frame format type 3 (IEC 62056-46), I-frame with LLC E6 E6 00', 'HDLC frame format');
  x.at('clientAddress', String(s.clientAddress), ['HDLC frame', 'source address'], 'client SAP: (address << 1) | 1, one byte', 'HDLC source address');
  x.at('serverLogicalAddress', String(s.serverLogicalAddress), ['HDLC frame', 'destination address'], `upper HDLC address (logical device) in a ${size}-byte address`, 'HDLC destination address');
  if (size === 1) x.none('serverPhysicalAddress', String(s.serverPhysicalAddress), 'HDLC lower address', 'not sent: a 1-byte server address carries the logical device only');
  else x.at('serverPhysicalAddress', String(s.serverPhysicalAddress), ['HDLC frame', 'destination address'], `lower HDLC address (physical device) in a ${size}-byte address`, 'HDLC destination address');
  x.at('serverAddressSize', s.serverAddressSize === 0 ? `auto (${size})` : String(size), ['HDLC frame', 'destination address'], `${size}-byte server address`, 'HDLC destination address');
}

function explainAarq(x: Explainer, s: DeviceSettings, secrets: AssociationSecrets, placeholder: boolean): void {
  const ciphered = s.securityPolicy !== 'none' || s.cipherInitiateRequest;
  const context = `application-context-name ${applicationContextFor(s)}: ${s.referencing.toUpperCase()} referencing, ${ciphered ? 'with ciphering' : 'no ciphering'}`;
  x.at('referencing', s.referencing.toUpperCase(), ['AARQ', 'application-context-name'], context);
  x.at('securityPolicy', s.securityPolicy, ['AARQ', 'application-context-name'], ciphered ? 'a ciphered context (…1.3 / …1.4)' : 'no ciphering: the plain context (…1.1 / …1.2)');

  const mechanism = s.authentication;
  if (mechanism === 'none') x.none('authentication', mechanism, 'mechanism-name', `not sent: lowest level security (${mechanismOid(0)})`);
  else x.at('authentication', `${mechanism} (${mechanismOid(MECHANISM_ID[mechanism])})`, ['AARQ', 'mechanism-name'], `mechanism-name ${mechanismOid(MECHANISM_ID[mechanism])}`);

  const title = x.node('AARQ', 'calling-AP-title');
  const titleHex = toHex(secrets.clientSystemTitle);
  if (title) x.at('clientSystemTitle', shownBytes(s.clientSystemTitle), ['AARQ', 'calling-AP-title'], `system title ${titleHex} = ascii '${printable(secrets.clientSystemTitle)}'`);
  else x.none('clientSystemTitle', shownBytes(s.clientSystemTitle), 'calling-AP-title', 'not sent: only with HLS or ciphering', titleHex);

  if (mechanism === 'low') x.at('password', `${s.password.encoding} (${secrets.password.length} bytes)`, ['AARQ', 'calling-authentication-value'], 'LLS password in the calling-authentication-value');
  else x.none('password', `${s.password.encoding} (${secrets.password.length} bytes)`, 'calling-authentication-value', mechanism === 'none' ? 'not sent: no authentication' : 'not sent: the HLS secret is used in pass 3, never on the wire');

  if (MECHANISM_ID[mechanism] >= 2) {
    const meaning = placeholder ? `placeholder of ${s.challenge.length} bytes: random at connect time` : 'fixed client-to-server challenge (CtoS)';
    x.at('challenge', placeholder ? `random, ${s.challenge.length} bytes` : `fixed ${(s.challenge.fixed ?? '').toUpperCase()}`, ['AARQ', 'calling-authentication-value'], meaning);
  } else x.none('challenge', s.challenge.mode, 'calling-authentication-value', 'not sent: only HLS (mechanisms 2..7) sends a challenge');

  x.at('cipherInitiateRequest', s.cipherInitiateRequest ? 'yes' : 'no', ['AARQ', 'user-information'], s.cipherInitiateRequest ? 'glo-initiate-request: the InitiateRequest ciphered with the global key' : 'plain InitiateRequest');
  const names = conformanceNames(s.proposedConformance).join(', ');
  const confHex = conformanceHex(s.proposedConformance);
  const plain = !s.cipherInitiateRequest;
  const conf = plain ? x.node('InitiateRequest', 'proposed-conformance') : undefined;
  if (conf) x.at('proposedConformance', confHex, ['InitiateRequest', 'proposed-conformance'], names || 'no bits set');
  else x.none('proposedConformance', confHex, 'proposed-conformance', `inside the ciphered InitiateRequest: ${names || 'no bits set'}`, `5F1F0400${confHex.slice(2)}`);
  const pduHex = s.maxPduSize.toString(16).toUpperCase().padStart(4, '0');
  if (plain && x.node('InitiateRequest', 'client-max-receive-pdu-size')) x.at('maxPduSize', String(s.maxPduSize), ['InitiateRequest', 'client-max-receive-pdu-size'], `${s.maxPduSize} octets (0x${pduHex})`);
  else x.none('maxPduSize', String(s.maxPduSize), 'client-max-receive-pdu-size', `inside the ciphered InitiateRequest: ${s.maxPduSize} octets`, pduHex);
  if (plain) x.at('dlmsVersion', String(s.dlmsVersion), ['InitiateRequest', 'proposed-dlms-version-number'], `DLMS version ${s.dlmsVersion}`);
  else x.none('dlmsVersion', String(s.dlmsVersion), 'proposed-dlms-version-number', 'inside the ciphered InitiateRequest', s.dlmsVersion.toString(16).padStart(2, '0'));
  x.none('securitySuite', String(s.securitySuite), 'security control byte', ciphered ? `suite ${s.securitySuite} in the low bits of the SC byte of ciphered APDUs` : 'not in the AARQ: no ciphering');
  x.none('gbtWindowSize', String(s.gbtWindowSize), 'general-block-transfer window', 'not in the AARQ: sent in GBT blocks once a transfer runs');
}

function printable(b: Uint8Array): string {
  return Array.from(b, (c) => (c >= 0x20 && c <= 0x7e ? String.fromCharCode(c) : '.')).join('');
}

/** The preview of one set of settings. Throws ServiceError BAD_REQUEST "<setting>: <reason>". */
export function previewAarq(input: DeviceSettingsInput): SettingsPreviewResponse {
  const s = deviceSettings(input);
  let secrets: AssociationSecrets;
  let aarq: Uint8Array;
  let wire: { framing: 'wrapper' | 'hdlc'; bytes: Uint8Array };
  const placeholder = s.challenge.mode === 'random';
  try {
    secrets = settingsSecrets(s);
    // The invocation counter shown is the configured one; a preview never advances a ledger.
    const cipher = new CipheringContext(s, secrets, { next: () => s.invocationCounter });
    const setup = new AssociationSetup(s, secrets, cipher, {});
    aarq = setup.request((n) => new Uint8Array(n).fill(CHALLENGE_PLACEHOLDER_BYTE));
    wire = frameFor(s, aarq);
  } catch (e) {
    refuse(e);
  }
  const [frame] = dissect(wire.bytes, { layer: wire.framing, direction: 'client->server' });
  if (!frame) throw new ServiceError('INTERNAL', 'the dissector returned no frame for the preview');
  const x = new Explainer(frame.tree);
  explainLink(x, s, wire.framing);
  explainAarq(x, s, secrets, placeholder);
  return {
    aarqHex: toHex(aarq),
    wrapperOrHdlcHex: toHex(wire.bytes),
    framing: wire.framing,
    frame,
    fields: x.fields,
    challengePlaceholder: placeholder && MECHANISM_ID[s.authentication] >= 2,
  };
}

export function createSettingsPreview(): (request: DeviceSettingsInput) => Promise<SettingsPreviewResponse> {
  return async (request) => previewAarq(request);
}
