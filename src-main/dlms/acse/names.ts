// Named values of the COSEM ACSE (Green Book 9.4.2 "COSEM application context and
// authentication mechanism names", ISO 8650 / IEC 62056-5-3 ACSE grammar), with their codes.

/** {joint-iso-ccitt(2) country(16) country-name(756) identified-organization(5) DLMS-UA(8)} */
export const DLMS_UA_OID = '2.16.756.5.8';
/** application-context(1) */
export const APPLICATION_CONTEXT_ARC = `${DLMS_UA_OID}.1`;
/** authentication-mechanism-name(2) */
export const MECHANISM_ARC = `${DLMS_UA_OID}.2`;

export interface ApplicationContextInfo {
  id: number;
  name: string;
  referencing: 'LN' | 'SN';
  ciphered: boolean;
  meaning: string;
}

/** context_id → application context (Green Book Table "COSEM application context names"). */
export const APPLICATION_CONTEXTS: Readonly<Record<number, ApplicationContextInfo>> = {
  1: { id: 1, name: 'Logical_Name_Referencing_No_Ciphering', referencing: 'LN', ciphered: false, meaning: 'logical name referencing, no ciphering' },
  2: { id: 2, name: 'Short_Name_Referencing_No_Ciphering', referencing: 'SN', ciphered: false, meaning: 'short name referencing, no ciphering' },
  3: { id: 3, name: 'Logical_Name_Referencing_With_Ciphering', referencing: 'LN', ciphered: true, meaning: 'logical name referencing with ciphering' },
  4: { id: 4, name: 'Short_Name_Referencing_With_Ciphering', referencing: 'SN', ciphered: true, meaning: 'short name referencing with ciphering' },
};

export const APPLICATION_CONTEXT_LN = `${APPLICATION_CONTEXT_ARC}.1`;
export const APPLICATION_CONTEXT_SN = `${APPLICATION_CONTEXT_ARC}.2`;
export const APPLICATION_CONTEXT_LN_CIPHERED = `${APPLICATION_CONTEXT_ARC}.3`;
export const APPLICATION_CONTEXT_SN_CIPHERED = `${APPLICATION_CONTEXT_ARC}.4`;

/** The application context for referencing and ciphering, as dotted OID text. */
export function applicationContextOid(referencing: 'LN' | 'SN', ciphered: boolean): string {
  return `${APPLICATION_CONTEXT_ARC}.${(referencing === 'LN' ? 1 : 2) + (ciphered ? 2 : 0)}`;
}

function lastArc(oid: string, parent: string): number | undefined {
  if (!oid.startsWith(`${parent}.`)) return undefined;
  const rest = oid.slice(parent.length + 1);
  return /^\d+$/.test(rest) ? Number(rest) : undefined;
}

export function applicationContextInfo(oid: string): ApplicationContextInfo | undefined {
  const id = lastArc(oid, APPLICATION_CONTEXT_ARC);
  return id === undefined ? undefined : APPLICATION_CONTEXTS[id];
}

export interface MechanismInfo {
  id: number;
  /** Short name: 'lowest', 'low', 'high', 'high-md5', … */
  name: string;
  /** The Green Book's name. */
  meaning: string;
}

/** mechanism_id → authentication mechanism (Green Book Table "COSEM authentication mechanism names"). */
export const MECHANISMS: Readonly<Record<number, MechanismInfo>> = {
  0: { id: 0, name: 'lowest', meaning: 'lowest level security (no authentication)' },
  1: { id: 1, name: 'low', meaning: 'low level security (password)' },
  2: { id: 2, name: 'high', meaning: 'high level security, manufacturer specific' },
  3: { id: 3, name: 'high-md5', meaning: 'high level security, MD5' },
  4: { id: 4, name: 'high-sha1', meaning: 'high level security, SHA-1' },
  5: { id: 5, name: 'high-gmac', meaning: 'high level security, GMAC' },
  6: { id: 6, name: 'high-sha256', meaning: 'high level security, SHA-256' },
  7: { id: 7, name: 'high-ecdsa', meaning: 'high level security, ECDSA' },
};

export function mechanismOid(id: number): string {
  return `${MECHANISM_ARC}.${id}`;
}

export function mechanismInfo(oid: string): MechanismInfo | undefined {
  const id = lastArc(oid, MECHANISM_ARC);
  return id === undefined ? undefined : MECHANISMS[id];
}

/** Association-result ::= INTEGER, index = code. */
export const ASSOCIATION_RESULTS = ['accepted', 'rejected-permanent', 'rejected-transient'] as const;
export type AssociationResult = (typeof ASSOCIATION_RESULTS)[number];

/** acse-service-user [1] INTEGER, index = code. */
export const ACSE_SERVICE_USER_DIAGNOSTICS = [
  'null',
  'no-reason-given',
  'application-context-name-not-supported',
  'calling-AP-title-not-recognized',
  'calling-AP-invocation-identifier-not-recognized',
  'calling-AE-qualifier-not-recognized',
  'calling-AE-invocation-identifier-not-recognized',
  'called-AP-title-not-recognized',
  'called-AP-invocation-identifier-not-recognized',
  'called-AE-qualifier-not-recognized',
  'called-AE-invocation-identifier-not-recognized',
  'authentication-mechanism-name-not-recognised',
  'authentication-mechanism-name-required',
  'authentication-failure',
  'authentication-required',
] as const;
export type AcseServiceUserDiagnostic = (typeof ACSE_SERVICE_USER_DIAGNOSTICS)[number];

/** acse-service-provider [2] INTEGER, index = code. */
export const ACSE_SERVICE_PROVIDER_DIAGNOSTICS = ['null', 'no-reason-given', 'no-common-acse-version'] as const;
export type AcseServiceProviderDiagnostic = (typeof ACSE_SERVICE_PROVIDER_DIAGNOSTICS)[number];

/** Associate-source-diagnostic ::= CHOICE { acse-service-user [1], acse-service-provider [2] } */
export type ResultSourceDiagnostic =
  | { source: 'acse-service-user'; diagnostic: AcseServiceUserDiagnostic }
  | { source: 'acse-service-provider'; diagnostic: AcseServiceProviderDiagnostic };

/** Release-request-reason ::= INTEGER { normal (0), urgent (1), user-defined (30) } */
export const RELEASE_REQUEST_REASONS = { 0: 'normal', 1: 'urgent', 30: 'user-defined' } as const;
export type ReleaseRequestReason = (typeof RELEASE_REQUEST_REASONS)[keyof typeof RELEASE_REQUEST_REASONS];

/** Release-response-reason ::= INTEGER { normal (0), not-finished (1), user-defined (30) } */
export const RELEASE_RESPONSE_REASONS = { 0: 'normal', 1: 'not-finished', 30: 'user-defined' } as const;
export type ReleaseResponseReason = (typeof RELEASE_RESPONSE_REASONS)[keyof typeof RELEASE_RESPONSE_REASONS];

/** ACSE-requirements ::= BIT STRING { authentication (0) } */
export const ACSE_REQUIREMENT_BITS = ['authentication'] as const;

/** Code of a name in an index-coded table, or in a code → name record. */
export function codeOf(table: readonly string[] | Readonly<Record<number, string>>, name: string): number {
  const i = Array.isArray(table)
    ? table.indexOf(name)
    : Number(Object.entries(table).find(([, n]) => n === name)?.[0] ?? -1);
  if (i < 0) throw new RangeError(`"${name}" is not a named value here`);
  return i;
}
