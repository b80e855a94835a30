// The Settings form's draft: what the user typed, kept as typed (a half-typed number stays in its
// box), turned into DeviceSettings input for the schema (src-shared/settings.ts) and the preview.
// Numbers accept decimal or 0x-hex, because meter documentation gives addresses both ways (the
// seed's "145 (0x91)").

import { deviceSettings, DeviceSettingsSchema, MECHANISM_ID, type Authentication, type BytesValue, type DeviceSettingsInput, type InterfaceType, type SecurityPolicy } from '../../../src-shared/settings';

export interface Draft {
  interface: InterfaceType;
  host: string;
  port: string;
  clientAddress: string;
  serverLogicalAddress: string;
  serverPhysicalAddress: string;
  serverAddressSize: '0' | '1' | '2' | '4';
  referencing: 'ln' | 'sn';
  authentication: Authentication;
  password: BytesValue;
  clientSystemTitle: BytesValue;
  challengeMode: 'random' | 'fixed';
  challengeLength: string;
  challengeFixed: string;
  securityPolicy: SecurityPolicy;
  securitySuite: '0' | '1' | '2';
  blockCipherKey: string;
  authenticationKey: string;
  cipherInitiateRequest: boolean;
  proposedConformance: number;
  maxPduSize: string;
  gbtWindowSize: string;
}

/** The draft of the schema's defaults. */
export function defaultDraft(): Draft {
  const d = deviceSettings();
  return {
    interface: d.interface,
    host: d.host,
    port: String(d.port),
    clientAddress: String(d.clientAddress),
    serverLogicalAddress: String(d.serverLogicalAddress),
    serverPhysicalAddress: String(d.serverPhysicalAddress),
    serverAddressSize: String(d.serverAddressSize) as Draft['serverAddressSize'],
    referencing: d.referencing,
    authentication: d.authentication,
    password: d.password,
    clientSystemTitle: d.clientSystemTitle,
    challengeMode: d.challenge.mode,
    challengeLength: String(d.challenge.length),
    challengeFixed: d.challenge.fixed ?? '',
    securityPolicy: d.securityPolicy,
    securitySuite: String(d.securitySuite) as Draft['securitySuite'],
    blockCipherKey: d.blockCipherKey,
    authenticationKey: d.authenticationKey,
    cipherInitiateRequest: d.cipherInitiateRequest,
    proposedConformance: d.proposedConformance,
    maxPduSize: String(d.maxPduSize),
    gbtWindowSize: String(d.gbtWindowSize),
  };
}

/** "145" or "0x91" -> 145; anything else -> NaN (the schema then names the field). */
export function parseNumber(text: string): number {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^\d+$/.test(t)) return Number(t);
  return Number.NaN;
}

const compactHex = (t: string) => t.replace(/[\s:]/g, '');

export function toInput(d: Draft): DeviceSettingsInput {
  const challenge = d.challengeMode === 'fixed'
    ? { mode: 'fixed' as const, length: parseNumber(d.challengeLength), fixed: compactHex(d.challengeFixed) }
    : { mode: 'random' as const, length: parseNumber(d.challengeLength) };
  return {
    interface: d.interface,
    host: d.host,
    port: parseNumber(d.port),
    clientAddress: parseNumber(d.clientAddress),
    serverLogicalAddress: parseNumber(d.serverLogicalAddress),
    serverPhysicalAddress: parseNumber(d.serverPhysicalAddress),
    serverAddressSize: Number(d.serverAddressSize) as 0 | 1 | 2 | 4,
    referencing: d.referencing,
    authentication: d.authentication,
    password: d.password,
    clientSystemTitle: d.clientSystemTitle,
    challenge,
    securityPolicy: d.securityPolicy,
    securitySuite: Number(d.securitySuite) as 0 | 1 | 2,
    blockCipherKey: compactHex(d.blockCipherKey),
    authenticationKey: compactHex(d.authenticationKey),
    cipherInitiateRequest: d.cipherInitiateRequest,
    proposedConformance: d.proposedConformance,
    maxPduSize: parseNumber(d.maxPduSize),
    gbtWindowSize: parseNumber(d.gbtWindowSize),
  };
}

/** Per setting (top-level DeviceSettings key), the schema's first complaint. Never the value. */
export function validate(input: DeviceSettingsInput): Record<string, string> {
  const r = DeviceSettingsSchema.safeParse(input);
  const out: Record<string, string> = {};
  if (r.success) return out;
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? '');
    const sub = issue.path.slice(1).map(String).join('.');
    out[key] ??= sub ? `${sub}: ${issue.message}` : issue.message;
  }
  return out;
}

/** The mechanism-name OID of an authentication choice (2.16.756.5.8.2.x, Green Book 9.4.2.2.2). */
export function mechanismName(a: Authentication): string {
  return `2.16.756.5.8.2.${MECHANISM_ID[a]}`;
}

/** Bytes of printable ASCII text, or undefined when a character is not printable ASCII. */
export function asciiBytes(text: string): number[] | undefined {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (ch.length !== 1 || c < 0x20 || c > 0x7e) return undefined;
    out.push(c);
  }
  return out;
}

/** Bytes of hex text (spaces and colons ignored), or undefined when it is not whole bytes of hex. */
export function hexBytes(text: string): number[] | undefined {
  const t = compactHex(text);
  if (!/^([0-9A-Fa-f]{2})*$/.test(t)) return undefined;
  const out: number[] = [];
  for (let i = 0; i < t.length; i += 2) out.push(parseInt(t.slice(i, i + 2), 16));
  return out;
}

export const bytesToHex = (b: readonly number[]) => b.map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join('');
export const bytesToAscii = (b: readonly number[]) => b.map((x) => (x >= 0x20 && x <= 0x7e ? String.fromCharCode(x) : '.')).join('');

/** Both forms of a byte string as typed: { ascii, hex }; undefined when the text is not valid for its encoding. */
export function bothForms(v: BytesValue): { ascii: string; hex: string; bytes: number[] } | undefined {
  const bytes = v.encoding === 'ascii' ? asciiBytes(v.text) : hexBytes(v.text);
  return bytes && { ascii: bytesToAscii(bytes), hex: bytesToHex(bytes), bytes };
}

/** The same bytes in the other encoding (ascii <-> hex); hex bytes that are not printable stay hex. */
export function switchEncoding(v: BytesValue, to: BytesValue['encoding']): BytesValue {
  if (v.encoding === to) return v;
  const forms = bothForms(v);
  if (!forms) return { encoding: to, text: '' };
  if (to === 'hex') return { encoding: 'hex', text: forms.hex };
  return asciiBytes(forms.ascii) && forms.bytes.every((b) => b >= 0x20 && b <= 0x7e) ? { encoding: 'ascii', text: forms.ascii } : v;
}
