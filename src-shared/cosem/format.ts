// Value formatting for display: scaler/unit applied exactly (decimal-string arithmetic, no float noise),
// enum values with the names a descriptor gives, device values as short text.
import type { TypeSpec } from './classes/types';
import { typeSpecToString } from './classes/check';
import type { DeviceValue } from './device-file';
import { unitSymbol } from './units';

/** value × 10^scaler as an exact decimal string: (123456, -3) → "123.456", (5, -2) → "0.05", (12, 2) → "1200". */
export function scaleDecimal(value: number | bigint | string, scaler: number): string {
  if (!Number.isInteger(scaler)) throw new RangeError(`scaler must be an integer, got ${scaler}`);
  let text = typeof value === 'string' ? value.trim() : String(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return text; // NaN, Infinity: nothing to scale
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal number: '${text}'`);
  const sign = m[1] === '-' ? '-' : '';
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  // digits × 10^exp
  let digits = (intPart + fracPart).replace(/^0+(?=\d)/, '');
  const exp = Number(m[4] ?? 0) - fracPart.length + scaler;
  if (exp >= 0) {
    text = digits === '0' ? '0' : digits + '0'.repeat(exp);
    return /^0+$/.test(text) ? '0' : sign + text;
  }
  const places = -exp;
  if (digits.length <= places) digits = '0'.repeat(places - digits.length + 1) + digits;
  text = `${digits.slice(0, digits.length - places)}.${digits.slice(digits.length - places)}`;
  return /^[0.]+$/.test(text) ? text : sign + text;
}

export interface ScalerUnit {
  scaler: number;
  unit: number;
}

/** "123.456 Wh"; the unit "count" (255) shows no symbol. */
export function formatScaled(value: number | bigint | string, su: ScalerUnit): string {
  const n = scaleDecimal(value, su.scaler);
  return su.unit === 255 ? n : `${n} ${unitSymbol(su.unit)}`;
}

/** "2 (associated)" when the type names the value, else "2". */
export function formatEnum(value: number, spec?: TypeSpec): string {
  const names = spec !== undefined && typeof spec === 'object' && 'enum' in spec ? spec.enum : undefined;
  const name = names?.[value];
  return name !== undefined ? `${value} (${name})` : String(value);
}

/** Short text of a device value, guided by a type description where there is one. */
export function formatDeviceValue(v: DeviceValue, spec?: TypeSpec): string {
  const [tag] = Object.keys(v);
  const x = (v as Record<string, unknown>)[tag!];
  if (tag === 'enum') return formatEnum(x as number, spec);
  if (tag === 'octet-string' && typeof x === 'string') {
    const fmt = spec !== undefined && typeof spec === 'object' && 'octetString' in spec ? spec.octetString : undefined;
    if (fmt === 'obis' && x.length === 12) {
      const b = x.match(/../g)!.map((h) => parseInt(h, 16));
      return `${b[0]}-${b[1]}:${b[2]}.${b[3]}.${b[4]}.${b[5]}`;
    }
    if (fmt === 'text' && /^(?:(?:2[0-9A-Fa-f]|[3-6][0-9A-Fa-f]|7[0-9A-Ea-e]))*$/.test(x)) {
      return JSON.stringify(x.match(/../g)?.map((h) => String.fromCharCode(parseInt(h, 16))).join('') ?? '');
    }
    return x.toUpperCase();
  }
  if (tag === 'array' || tag === 'structure') {
    const items = x as DeviceValue[];
    const fields = spec !== undefined && typeof spec === 'object' && 'structure' in spec ? spec.structure : undefined;
    const element = spec !== undefined && typeof spec === 'object' && 'array' in spec ? spec.array : undefined;
    const parts = items.map((it, i) => {
      const f = fields?.[i];
      const s = formatDeviceValue(it, f?.type ?? element);
      return f ? `${f.name}: ${s}` : s;
    });
    return tag === 'array' ? `[${parts.join(', ')}]` : `{ ${parts.join(', ')} }`;
  }
  if (x === null) return tag!;
  if (typeof x === 'object') return JSON.stringify(x);
  return typeof x === 'string' && (tag === 'visible-string' || tag === 'utf8-string') ? JSON.stringify(x) : String(x);
}

/** "long-unsigned", "structure { scaler: integer, unit: enum }": the label a value editor shows. */
export function typeLabel(spec: TypeSpec): string {
  return typeSpecToString(spec);
}
