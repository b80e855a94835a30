// The simulator's in-memory object model, built from a checked device file (see load.ts).
// Objects by OBIS, class and base name; attribute values as DlmsData; associations with their keys,
// rights and object list. Values the file leaves out but the model knows (the Association LN's
// object_list, a generated profile's buffer) are computed on first read and cached.
import { ATTRIBUTE_ACCESS_MODES, METHOD_ACCESS_MODES, type AttributeAccessMode, type ClassDescriptor, type MethodAccessMode } from '../../../src-shared/cosem/classes/types';
import { APPLICATION_CONTEXTS, AUTHENTICATION_MECHANISMS, conformanceFromNames, formatObis, parseObis, type ApplicationContext, type ConformanceBit, type DeviceFile } from '../../../src-shared/cosem/device-file';
import type { DlmsData } from '../../dlms/axdr/types';
import type { GeneratedProfile } from './profile';

export interface CosemObjectModel {
  readonly classId: number;
  readonly version: number;
  /** Canonical "A-B:C.D.E.F". */
  readonly obis: string;
  readonly logicalName: Uint8Array;
  readonly name?: string;
  readonly baseName?: number;
  readonly descriptor: ClassDescriptor;
  /** A generated buffer, when a generator fills this Profile generic. */
  readonly profile?: GeneratedProfile;
  /** The value of attribute `index`: stored, else computed by the model, else undefined. */
  get(index: number): DlmsData | undefined;
  set(index: number, value: DlmsData): void;
  /** Attribute indices that have a value (stored or computed). */
  attributeIndices(): number[];
}

export interface KeySet {
  ek: Uint8Array;
  ak: Uint8Array;
  kek?: Uint8Array;
  dedicatedKey?: Uint8Array;
  /** HLS-ECDSA: the server's private signing scalar and the client's public key X||Y. */
  serverSigningKey?: Uint8Array;
  clientSigningPublicKey?: Uint8Array;
}

export interface AssociationModel {
  readonly name: string;
  readonly clientAddress: number;
  /** The Association LN/SN object's logical name. */
  readonly logicalName: string;
  readonly applicationContext: ApplicationContext;
  /** Last arc of 2.16.756.5.8.1.x. */
  readonly applicationContextId: number;
  readonly mechanism: number;
  readonly mechanismName: string;
  readonly password?: Uint8Array;
  readonly hlsSecret?: Uint8Array;
  readonly securityPolicy: number;
  readonly securitySuite: number;
  readonly keys: KeySet;
  readonly securitySetup: string;
  /** Offered conformance as the 24-bit number (e.g. 0x403ADD). */
  readonly conformance: number;
  readonly conformanceNames: readonly ConformanceBit[];
  readonly maxPduSize: number;
  readonly dlmsVersion: number;
  readonly objects: readonly CosemObjectModel[];
  attributeAccess(obj: CosemObjectModel, index: number): AttributeAccessMode;
  methodAccess(obj: CosemObjectModel, index: number): MethodAccessMode;
}

export interface DeviceModel {
  readonly source: string;
  readonly file: DeviceFile;
  readonly identity: { name: string; manufacturer: string; systemTitle: Uint8Array; logicalDeviceName: Uint8Array };
  readonly addressing: DeviceFile['addressing'];
  readonly invocationCounterStart: number;
  readonly keySets: ReadonlyMap<string, KeySet>;
  readonly objects: readonly CosemObjectModel[];
  readonly associations: readonly AssociationModel[];
  /** By OBIS in any accepted text form, or by its 6 bytes. */
  getObject(obis: string | Uint8Array): CosemObjectModel | undefined;
  objectsOfClass(classId: number): CosemObjectModel[];
  objectByBaseName(baseName: number): CosemObjectModel | undefined;
  associationForClient(clientAddress: number): AssociationModel | undefined;
}

// ---------------------------------------------------------------------------------------------- objects

export class CosemObject implements CosemObjectModel {
  private readonly values = new Map<number, DlmsData>();
  private readonly computed = new Map<number, () => DlmsData>();
  constructor(
    readonly classId: number,
    readonly version: number,
    readonly logicalName: Uint8Array,
    readonly descriptor: ClassDescriptor,
    readonly name?: string,
    readonly baseName?: number,
    public profile?: GeneratedProfile,
  ) {}
  get obis(): string {
    return formatObis(this.logicalName);
  }
  get(index: number): DlmsData | undefined {
    if (index === 1) return { type: 'octet-string', value: this.logicalName };
    const v = this.values.get(index);
    if (v !== undefined) return v;
    const f = this.computed.get(index);
    if (!f) return undefined;
    const c = f();
    this.values.set(index, c); // compute once
    return c;
  }
  set(index: number, value: DlmsData): void {
    this.values.set(index, value);
  }
  /** A value the model derives, used only when the file gives none. */
  provide(index: number, f: () => DlmsData): void {
    if (!this.values.has(index)) this.computed.set(index, f);
  }
  attributeIndices(): number[] {
    return [...new Set([1, ...this.values.keys(), ...this.computed.keys()])].sort((a, b) => a - b);
  }
}

// ---------------------------------------------------------------------------------------------- associations

const u8 = (value: number): DlmsData => ({ type: 'unsigned', value });
const i8 = (value: number): DlmsData => ({ type: 'integer', value });
const u16 = (value: number): DlmsData => ({ type: 'long-unsigned', value });
const en = (value: number): DlmsData => ({ type: 'enum', value });
const os = (value: Uint8Array): DlmsData => ({ type: 'octet-string', value });
const st = (...items: DlmsData[]): DlmsData => ({ type: 'structure', items });
const ar = (items: DlmsData[]): DlmsData => ({ type: 'array', items });

/** BER encoding of 2.16.756.5.8.<arc>.<id> (60 85 74 05 08 arc id), as Association LN attributes 4 and 6 carry it. */
export function dlmsOid(arc: 1 | 2, id: number): Uint8Array {
  return Uint8Array.from([0x60, 0x85, 0x74, 0x05, 0x08, arc, id]);
}

export function buildAssociation(
  a: DeviceFile['associations'][number],
  objects: readonly CosemObjectModel[],
  byObis: (obis: string) => CosemObjectModel | undefined,
  keys: KeySet,
): AssociationModel {
  const visible = a.objects === 'all' ? objects : a.objects.map((o) => byObis(o)!);
  const overrides = new Map(a.accessRights.map((r) => [byObis(r.obis)!.obis, r]));
  const model: AssociationModel = {
    name: a.name,
    clientAddress: a.clientAddress,
    logicalName: byObis(a.logicalName)!.obis,
    applicationContext: a.applicationContext,
    applicationContextId: APPLICATION_CONTEXTS[a.applicationContext],
    mechanism: a.authentication.mechanism,
    mechanismName: AUTHENTICATION_MECHANISMS[a.authentication.mechanism as keyof typeof AUTHENTICATION_MECHANISMS],
    ...(a.authentication.password !== undefined ? { password: Uint8Array.from(a.authentication.password, (c) => c.charCodeAt(0)) } : {}),
    ...(a.authentication.hlsSecret !== undefined ? { hlsSecret: Uint8Array.from(a.authentication.hlsSecret.match(/../g) ?? [], (h) => parseInt(h, 16)) } : {}),
    securityPolicy: a.security.policy,
    securitySuite: a.security.suite,
    keys,
    securitySetup: byObis(a.security.securitySetup)!.obis,
    conformance: conformanceFromNames(a.conformance),
    conformanceNames: a.conformance,
    maxPduSize: a.maxPduSize,
    dlmsVersion: a.dlmsVersion,
    objects: visible,
    attributeAccess(obj, index) {
      const o = overrides.get(obj.obis)?.attributes?.[String(index)];
      if (o) return o;
      if (!visible.includes(obj)) return 'no-access';
      const d = obj.descriptor.attributes.find((x) => x.index === index);
      if (!d) return 'no-access';
      if (a.defaultAccess === 'read-only') return d.access === 'write-only' || d.access === 'authenticated-write-only' ? 'no-access' : 'read-only';
      return d.access;
    },
    methodAccess(obj, index) {
      const o = overrides.get(obj.obis)?.methods?.[String(index)];
      if (o) return o;
      if (!visible.includes(obj) || a.defaultAccess === 'read-only') return 'no-access';
      return obj.descriptor.methods.find((m) => m.index === index)?.access ?? 'no-access';
    },
  };
  return model;
}

/** Association LN attribute 2 for this association: array of object_list_element (Blue Book 4.4.4). */
export function objectListData(a: AssociationModel): DlmsData {
  return ar(
    a.objects.map((o) =>
      st(
        u16(o.classId),
        u8(o.version),
        os(o.logicalName),
        st(
          ar(o.descriptor.attributes.map((d) => st(i8(d.index), en(ATTRIBUTE_ACCESS_MODES[a.attributeAccess(o, d.index)]), { type: 'null-data' }))),
          ar(o.descriptor.methods.map((m) => st(i8(m.index), en(METHOD_ACCESS_MODES[a.methodAccess(o, m.index)])))),
        ),
      ),
    ),
  );
}

/** Association LN attribute 5, xDLMS_context_info. */
export function xdlmsContextInfo(a: AssociationModel): DlmsData {
  const c = a.conformance;
  return st(
    { type: 'bit-string', bits: 24, bytes: Uint8Array.from([(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff]) },
    u16(a.maxPduSize),
    u16(a.maxPduSize),
    u8(a.dlmsVersion),
    i8(0),
    os(new Uint8Array(0)),
  );
}

/** The attributes an Association LN object gets from its association when the file does not give them. */
export function provideAssociationLn(obj: CosemObject, a: AssociationModel, serverSap: number): void {
  obj.provide(2, () => objectListData(a));
  obj.provide(3, () => st(i8(a.clientAddress), u16(serverSap)));
  obj.provide(4, () => os(dlmsOid(1, a.applicationContextId)));
  obj.provide(5, () => xdlmsContextInfo(a));
  obj.provide(6, () => os(dlmsOid(2, a.mechanism)));
  obj.provide(8, () => en(0));
  obj.provide(9, () => os(parseObis(a.securitySetup)!));
}

/** Octets an A-XDR encoding of `d` takes (tag + length + content), to size object lists against a PDU size. */
export function encodedLength(d: DlmsData): number {
  const len = (n: number): number => (n < 0x80 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5);
  switch (d.type) {
    case 'null-data':
    case 'dont-care':
      return 1;
    case 'array':
    case 'structure':
      return 1 + len(d.items.length) + d.items.reduce((s, x) => s + encodedLength(x), 0);
    case 'octet-string':
    case 'visible-string':
    case 'utf8-string':
      return 1 + len(d.value.length) + d.value.length;
    case 'bit-string':
      return 1 + len(d.bits) + d.bytes.length;
    case 'date-time':
    case 'date':
    case 'time':
      return 1 + d.value.length;
    case 'float32':
    case 'float64':
      return 1 + d.raw.length;
    case 'long64':
    case 'long64-unsigned':
      return 9;
    case 'compact-array':
      throw new RangeError('encodedLength: compact-array is not sized here');
    default: {
      const sizes: Record<string, number> = { integer: 1, unsigned: 1, enum: 1, bcd: 1, boolean: 1, long: 2, 'long-unsigned': 2, 'double-long': 4, 'double-long-unsigned': 4 };
      return 1 + (sizes[d.type] ?? 4);
    }
  }
}
