// meterscope set OBIS:ATTR VALUE [--class N] [connection flags] [--json]
// VALUE is JSON A-XDR, in the short form {"long-unsigned":5}, {"octet-string":"0102"},
// {"visible-string":"abc"}, {"structure":[{"unsigned":1},{"enum":2}]}, or the dataToJson form
// {"type":"long-unsigned","value":5}; or a plain literal (5, true, abc, 0102…) whose type comes
// from the class descriptor, else from the attribute's current value (read first).

import type { DlmsData, IntegerTypeName } from '../dlms/axdr/types';
import { INTEGER_TYPES } from '../dlms/axdr/types';
import { dataFromJson, type DlmsDataJson } from '../dlms/axdr/json';
import { getAttributeDescriptor, getClassDescriptor } from '../../src-shared/cosem/registry';
import type { TypeSpec } from '../../src-shared/cosem/classes/types';
import { bytesEqual, fromHex } from '../../src-shared/hex';
import { obisToBytes, parseObis } from '../../src-shared/cosem/obis';
import { type CliCommand, EXIT_OK, UsageError } from './command';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, parseObisIndex, stringFlag, withSession } from './connection-flags';

const USAGE = `Usage: meterscope set OBIS:ATTR VALUE [--class N] [connection flags] [--json]

Writes an attribute. VALUE: JSON A-XDR such as {"long-unsigned":5}, {"octet-string":"0102"},
{"structure":[{"unsigned":1},{"enum":2}]} (or the --json form {"type":"long-unsigned","value":5}),
or a plain literal typed by the attribute (5, true, text).
  --class N   the interface class (else looked up in the association's object list)

${CONNECTION_USAGE}`;

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

function integer(type: IntegerTypeName, v: unknown): DlmsData {
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new UsageError(`${type} needs a whole number, got ${JSON.stringify(v)}`);
  const { size, signed } = INTEGER_TYPES[type];
  const bits = 8 * size;
  const [min, max] = signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
  if (n < min || n > max) throw new UsageError(`${n} is outside the ${type} range ${min}..${max}`);
  return { type, value: n };
}

function float(type: 'float32' | 'float64', v: unknown): DlmsData {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n)) throw new UsageError(`${type} needs a number`);
  const raw = new Uint8Array(type === 'float32' ? 4 : 8);
  const dv = new DataView(raw.buffer);
  if (type === 'float32') dv.setFloat32(0, n);
  else dv.setFloat64(0, n);
  return { type, value: type === 'float32' ? dv.getFloat32(0) : n, raw };
}

function octets(v: unknown, type: string): Uint8Array {
  if (typeof v !== 'string') throw new UsageError(`${type} needs a string (hex, or ascii:text)`);
  if (v.startsWith('ascii:')) return ascii(v.slice(6));
  const clean = v.replace(/[\s:]/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(clean)) throw new UsageError(`${type}: '${v}' is not hex (write ascii:text for text)`);
  return fromHex(clean);
}

/** A value of the named A-XDR type from a JSON value or literal text. */
export function typedValue(type: string, v: unknown): DlmsData {
  if (type in INTEGER_TYPES) return integer(type as IntegerTypeName, v);
  switch (type) {
    case 'null-data':
      return { type: 'null-data' };
    case 'boolean':
      if (v === true || v === 'true' || v === 1 || v === '1') return { type: 'boolean', value: true };
      if (v === false || v === 'false' || v === 0 || v === '0') return { type: 'boolean', value: false };
      throw new UsageError(`boolean needs true or false, got ${JSON.stringify(v)}`);
    case 'long64':
    case 'long64-unsigned':
      if ((typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^-?\d+$/.test(v))) return { type, value: BigInt(v) };
      throw new UsageError(`${type} needs a whole number`);
    case 'float32':
    case 'float64':
      return float(type, v);
    case 'octet-string':
      return { type, value: octets(v, type) };
    case 'visible-string':
    case 'utf8-string':
      if (typeof v !== 'string') throw new UsageError(`${type} needs a string`);
      return { type, value: type === 'utf8-string' ? new TextEncoder().encode(v) : ascii(v) };
    case 'date-time':
    case 'date':
    case 'time':
      return { type, value: octets(v, type) };
    case 'array':
    case 'structure':
      if (!Array.isArray(v)) throw new UsageError(`${type} needs a JSON array of values`);
      return { type, items: v.map((x) => fromJsonValue(x)) };
    default:
      throw new UsageError(`unknown or unsupported A-XDR type '${type}'`);
  }
}

/** {"long-unsigned":5} or {"type":"long-unsigned","value":5} (dataToJson form). */
export function fromJsonValue(j: unknown): DlmsData {
  if (j === null) return { type: 'null-data' };
  if (typeof j !== 'object' || Array.isArray(j)) throw new UsageError(`${JSON.stringify(j)} is not a typed value like {"unsigned":5}`);
  const o = j as Record<string, unknown>;
  if (typeof o.type === 'string') {
    if (('hex' in o || 'items' in o || typeof o.value === 'string') && !(o.type in INTEGER_TYPES)) {
      try {
        return dataFromJson(o as unknown as DlmsDataJson);
      } catch (e) {
        throw new UsageError(`value: ${(e as Error).message}`);
      }
    }
    return typedValue(o.type, o.value);
  }
  const keys = Object.keys(o);
  if (keys.length !== 1) throw new UsageError(`${JSON.stringify(j)}: one type name per value, like {"unsigned":5}`);
  return typedValue(keys[0]!, o[keys[0]!]);
}

/** The simple A-XDR type a descriptor's TypeSpec names, if it is one. */
export function simpleTypeOf(t: TypeSpec | undefined): string | undefined {
  if (t === undefined || t === 'any') return undefined;
  if (typeof t === 'string') return t;
  if ('octetString' in t) return 'octet-string';
  if ('enum' in t) return 'enum';
  return undefined;
}

/** Parses VALUE: JSON first; a literal takes `type` (from the descriptor or the current value). */
export function parseValue(text: string, type: string | undefined): DlmsData {
  const t = text.trim();
  if (t.startsWith('{') || t === 'null') {
    let j: unknown;
    try {
      j = JSON.parse(t);
    } catch (e) {
      throw new UsageError(`value is not JSON: ${(e as Error).message}`);
    }
    return fromJsonValue(j);
  }
  if (type === undefined) throw new UsageError(`cannot tell the type of '${text}': write it as JSON, e.g. {"long-unsigned":${/^\d+$/.test(t) ? t : 5}}`);
  const literal = t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
  return typedValue(type, literal);
}

export function attributeType(classId: number, attributeId: number): string | undefined {
  const d = getClassDescriptor(classId);
  return simpleTypeOf(d ? getAttributeDescriptor(d, attributeId)?.type : undefined);
}

export const setCommand: CliCommand = {
  name: 'set',
  summary: 'write an attribute (OBIS:attr VALUE)',
  usage: USAGE,
  options: { ...CONNECTION_OPTIONS, class: { type: 'string' } },
  run: async (ctx) => {
    if (ctx.positionals.length !== 2) throw new UsageError('give OBIS:ATTR and VALUE, e.g. meterscope set 0-0:96.3.10.255:4 {"enum":1}');
    const { obis, index } = parseObisIndex(ctx.positionals[0]!);
    const valueText = ctx.positionals[1]!;
    const classText = stringFlag(ctx.values, 'class');
    if (classText !== undefined && !/^\d+$/.test(classText)) throw new UsageError(`--class must be a class id`);
    return withSession(ctx, 'set', async (session) => {
      let classId = classText !== undefined ? Number(classText) : undefined;
      if (classId === undefined) {
        const list = session.objectList ?? (await session.readObjectList());
        const ln = obisToBytes(parseObis(obis));
        classId = list.find((e) => bytesEqual(e.logicalName, ln))?.classId;
        if (classId === undefined) throw new UsageError(`${obis} is not in the association's object list (give --class)`);
      }
      let type = attributeType(classId, index);
      if (type === undefined && !valueText.trim().startsWith('{')) type = (await session.get(obis, index, { classId })).type;
      const value = parseValue(valueText, type);
      await session.set(obis, index, value, { classId });
      ctx.stdout(ctx.values.json === true ? `${JSON.stringify({ obis, attribute: index, ok: true })}\n` : `${obis} attribute ${index} set\n`);
      return EXIT_OK;
    });
  },
};
