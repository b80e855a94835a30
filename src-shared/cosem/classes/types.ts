// The shape of a COSEM interface-class descriptor (Blue Book, IEC 62056-6-2 clause 4: "the interface classes").
// A descriptor is plain data: the object browser, the value editors and the simulator read it; nothing
// switches on a class id elsewhere.

/** Simple A-XDR types (Green Book 9.5 Data CHOICE), by their spec names. */
export const SIMPLE_TYPES = [
  'null-data',
  'boolean',
  'bit-string',
  'double-long',
  'double-long-unsigned',
  'octet-string',
  'visible-string',
  'utf8-string',
  'bcd',
  'integer',
  'long',
  'unsigned',
  'long-unsigned',
  'long64',
  'long64-unsigned',
  'enum',
  'float32',
  'float64',
  'date-time',
  'date',
  'time',
] as const;
export type SimpleTypeName = (typeof SIMPLE_TYPES)[number];

/**
 * What an octet-string attribute holds, where the Blue Book says so:
 * 'date-time' = octet-string(12) formatted as date-time, 'date' = octet-string(5), 'time' = octet-string(4),
 * 'obis' = a logical name, octet-string(6); 'text' = printable ASCII by convention (e.g. logical device name).
 */
export const OCTET_STRING_FORMATS = ['date-time', 'date', 'time', 'obis', 'text', 'system-title', 'key'] as const;
export type OctetStringFormat = (typeof OCTET_STRING_FORMATS)[number];

/** The fixed sizes those formats imply. */
export const OCTET_STRING_SIZES: Readonly<Partial<Record<OctetStringFormat, number>>> = {
  'date-time': 12,
  date: 5,
  time: 4,
  obis: 6,
  'system-title': 8,
};

/**
 * A type description of an attribute or method parameter:
 * - a simple type name, or 'any' (the Data CHOICE: the Blue Book's "CHOICE" / "instance specific"),
 * - `{ octetString }` for octet-strings with a known meaning ("date-time as octet-string(12)"),
 * - `{ enum }` with value names, `{ bitString }` with bit names (bit 0 first),
 * - `{ structure: [fields] }`, `{ array: element }`, `{ choice: [alternatives] }`.
 */
export type TypeSpec =
  | SimpleTypeName
  | 'any'
  | { readonly octetString: OctetStringFormat; readonly size?: number }
  | { readonly enum: Readonly<Record<number, string>> }
  | { readonly bitString: readonly string[] }
  | { readonly structure: readonly FieldSpec[] }
  | { readonly array: TypeSpec }
  | { readonly choice: readonly TypeSpec[] };

export interface FieldSpec {
  readonly name: string;
  readonly type: TypeSpec;
}

/**
 * Attribute access_mode as Association LN object_list carries it (Blue Book 4.4.3, class 15 attribute 2:
 * attribute_access_item.access_mode).
 */
export const ATTRIBUTE_ACCESS_MODES = {
  'no-access': 0,
  'read-only': 1,
  'write-only': 2,
  'read-and-write': 3,
  'authenticated-read-only': 4,
  'authenticated-write-only': 5,
  'authenticated-read-and-write': 6,
} as const;
export type AttributeAccessMode = keyof typeof ATTRIBUTE_ACCESS_MODES;

/** method_access_item.access_mode (Association LN versions 0..2). */
export const METHOD_ACCESS_MODES = {
  'no-access': 0,
  access: 1,
  'authenticated-access': 2,
} as const;
export type MethodAccessMode = keyof typeof METHOD_ACCESS_MODES;

export interface AttributeDescriptor {
  readonly index: number;
  /** The Blue Book's attribute name, e.g. "scaler_unit". */
  readonly name: string;
  readonly type: TypeSpec;
  /** static: configuration, changes rarely; dynamic: changes by the meter's own processes. */
  readonly kind: 'static' | 'dynamic';
  /** Default access a device file starts from (a device file may override it per association). */
  readonly access: AttributeAccessMode;
  /** The Blue Book marks it optional ("o"). */
  readonly optional?: boolean;
}

export interface MethodDescriptor {
  readonly index: number;
  readonly name: string;
  /** Parameter type; 'integer' for the Blue Book's "data ::= integer(0)" convention. */
  readonly parameter: TypeSpec;
  readonly access: MethodAccessMode;
  readonly optional?: boolean;
}

export interface ClassDescriptor {
  readonly classId: number;
  readonly version: number;
  /** The class's name in the Blue Book ("Association LN", "IEC HDLC setup"). */
  readonly name: string;
  readonly attributes: readonly AttributeDescriptor[];
  readonly methods: readonly MethodDescriptor[];
  /**
   * Short-name offset of method 1 from the object's base_name (methods follow at 8-byte steps), for SN
   * referencing; absent when no methods or not known. Attribute n sits at base_name + 8·(n−1).
   */
  readonly snMethodOffset?: number;
}
