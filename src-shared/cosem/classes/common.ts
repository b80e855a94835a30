// Building blocks shared by several interface classes, named as the Blue Book names them.
import { UNIT_SYMBOLS } from '../units';
import type { AttributeAccessMode, AttributeDescriptor, FieldSpec, MethodAccessMode, MethodDescriptor, TypeSpec } from './types';

export const OBIS: TypeSpec = { octetString: 'obis' };
/** "date-time as octet-string(12)" (Blue Book 4.1.6.1). */
export const DATE_TIME: TypeSpec = { octetString: 'date-time' };
export const DATE: TypeSpec = { octetString: 'date' };
export const TIME: TypeSpec = { octetString: 'time' };

export function field(name: string, type: TypeSpec): FieldSpec {
  return { name, type };
}
export function structure(...fields: FieldSpec[]): TypeSpec {
  return { structure: fields };
}
export function arrayOf(element: TypeSpec): TypeSpec {
  return { array: element };
}
export function enumOf(names: Record<number, string>): TypeSpec {
  return { enum: names };
}

/** Attribute 1 of every class (Blue Book 4.1.2: logical_name, octet-string, static). */
export const LOGICAL_NAME: AttributeDescriptor = {
  index: 1,
  name: 'logical_name',
  type: OBIS,
  kind: 'static',
  access: 'read-only',
};

export function attr(
  index: number,
  name: string,
  type: TypeSpec,
  kind: 'static' | 'dynamic',
  access: AttributeAccessMode = kind === 'static' ? 'read-and-write' : 'read-only',
  optional = false,
): AttributeDescriptor {
  return optional ? { index, name, type, kind, access, optional } : { index, name, type, kind, access };
}

export function method(index: number, name: string, parameter: TypeSpec, access: MethodAccessMode = 'access', optional = false): MethodDescriptor {
  return optional ? { index, name, parameter, access, optional } : { index, name, parameter, access };
}

/** scaler_unit ::= structure { scaler: integer, unit: enum } (class 3 attribute 3). */
export const SCALER_UNIT: TypeSpec = structure(field('scaler', 'integer'), field('unit', enumOf(UNIT_SYMBOLS)));

/** capture_object_definition (Profile generic attribute 3, Push setup attribute 2). */
export const CAPTURE_OBJECT_DEFINITION: TypeSpec = structure(
  field('class_id', 'long-unsigned'),
  field('logical_name', OBIS),
  field('attribute_index', 'integer'),
  field('data_index', 'long-unsigned'),
);

/** value_definition / monitored_value: class_id, logical_name, attribute_index. */
export const VALUE_DEFINITION: TypeSpec = structure(
  field('class_id', 'long-unsigned'),
  field('logical_name', OBIS),
  field('attribute_index', 'integer'),
);

/** action_item / script reference: the script table's logical name and the script to run. */
export const ACTION_ITEM: TypeSpec = structure(field('script_logical_name', OBIS), field('script_selector', 'long-unsigned'));

/** A window as start/end date-times (Auto answer listening_window, Push setup communication_window). */
export const WINDOW: TypeSpec = arrayOf(structure(field('start_time', DATE_TIME), field('end_time', DATE_TIME)));

/** Baud-rate enumeration used by IEC local port, IEC HDLC setup and Modem configuration. */
export const BAUD_RATE: TypeSpec = enumOf({
  0: '300 baud',
  1: '600 baud',
  2: '1 200 baud',
  3: '2 400 baud',
  4: '4 800 baud',
  5: '9 600 baud',
  6: '19 200 baud',
  7: '38 400 baud',
  8: '57 600 baud',
  9: '115 200 baud',
});

/** The Blue Book's "data ::= integer(0)" parameter of parameterless methods. */
export const NO_DATA: TypeSpec = 'integer';
