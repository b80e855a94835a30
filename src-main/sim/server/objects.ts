// Attribute reads, writes and method calls against the device model, with the association's access
// rights (Blue Book 4.4.4 attribute_access_item / method_access_item) and the results a meter gives:
//   no such object                                 object-undefined
//   another class under that logical name          object-class-inconsistent
//   an object this association does not list       object-unavailable
//   an attribute/method the class does not define  object-undefined
//   the access mode forbids it                     read-write-denied
//   no value for the attribute                     object-unavailable
//   a value of another type on SET                 type-unmatched
// Values that move (Clock time, invocation counters, profile entries, the current association) come
// from the DeviceRuntime; everything else is the model's stored value.
import type { DlmsData } from '../../dlms/axdr/types';
import { decodeCosemDateTime, toDate } from '../../dlms/axdr/datetime';
import { DlmsDecodeError } from '../../dlms/errors';
import type { ActionResultName, DataAccessResultName, SelectiveAccessDescriptor } from '../../dlms/xdlms/common';
import { getAttributeDescriptor, getMethodDescriptor } from '../../../src-shared/cosem/registry';
import { objectListData, type CosemObjectModel } from '../device-model';
import { captureColumns, captureRow, entriesInUse, readBuffer, resetProfile } from './profile-access';
import type { DeviceRuntime } from './runtime';
import { snObjectList } from './short-names';
import type { SessionView } from './types';

export type ReadResult = { ok: true; data: DlmsData } | { ok: false; result: DataAccessResultName };
export type WriteResult = DataAccessResultName;
export type MethodResult = { result: ActionResultName; data?: DlmsData };

const CURRENT_ASSOCIATION = '0-0:40.0.0.255';

/** Finds the object a request names and checks class and visibility. */
export function locate(rt: DeviceRuntime, s: SessionView, classId: number, ln: Uint8Array): { obj: CosemObjectModel } | { fail: DataAccessResultName } {
  const obj = rt.model.getObject(ln);
  if (!obj) return { fail: 'object-undefined' };
  if (obj.classId !== classId) return { fail: 'object-class-inconsistent' };
  if (!s.association.objects.includes(obj)) return { fail: 'object-unavailable' };
  return { obj };
}

function isCurrentAssociation(obj: CosemObjectModel): boolean {
  return obj.classId === 15 && obj.obis === CURRENT_ASSOCIATION;
}

const readable = (mode: string, s: SessionView): boolean =>
  mode === 'read-only' || mode === 'read-and-write' || ((mode === 'authenticated-read-only' || mode === 'authenticated-read-and-write') && s.authenticatedRequest);
const writable = (mode: string, s: SessionView): boolean =>
  mode === 'write-only' || mode === 'read-and-write' || ((mode === 'authenticated-write-only' || mode === 'authenticated-read-and-write') && s.authenticatedRequest);

/** The value of an attribute as the meter would give it now, without access checks. */
export function currentValue(rt: DeviceRuntime, s: SessionView | undefined, obj: CosemObjectModel, index: number): DlmsData | undefined {
  if (index === 1) return obj.get(1);
  if (obj.classId === 8 && index === 2) return rt.clockValue(obj) ?? obj.get(2);
  if (obj.classId === 1 && index === 2) {
    const ic = rt.invocationCounterValue(obj);
    if (ic) return ic;
  }
  if (obj.classId === 7 && index === 7) return { type: 'double-long-unsigned', value: entriesInUse(rt, obj) };
  if (s && obj.classId === 12 && index === 2) return snObjectList(rt.model, s.association);
  if (s && isCurrentAssociation(obj)) {
    // the current association: the attributes of the association this client is in
    if (index === 2) return objectListData(s.association);
    if (index === 8) return { type: 'enum', value: s.status === 'pending' ? 1 : 2 };
    const own = rt.model.getObject(s.association.logicalName);
    return own && own !== obj ? own.get(index) : undefined;
  }
  return obj.get(index);
}

export function readAttribute(rt: DeviceRuntime, s: SessionView, classId: number, ln: Uint8Array, index: number, selection?: SelectiveAccessDescriptor): ReadResult {
  const found = locate(rt, s, classId, ln);
  if ('fail' in found) return { ok: false, result: found.fail };
  const { obj } = found;
  if (!getAttributeDescriptor(obj.descriptor, index)) return { ok: false, result: 'object-undefined' };
  if (!readable(s.association.attributeAccess(obj, index), s)) return { ok: false, result: 'read-write-denied' };
  if (obj.classId === 7 && index === 2) return readBuffer(rt, obj, selection);
  if (selection) return { ok: false, result: 'other-reason' };
  const v = currentValue(rt, s, obj, index);
  return v ? { ok: true, data: v } : { ok: false, result: 'object-unavailable' };
}

function dateTimeMs(d: DlmsData): number | undefined {
  if (d.type !== 'octet-string' || d.value.length !== 12) return undefined;
  try {
    return toDate(decodeCosemDateTime(d.value))?.getTime();
  } catch (e) {
    if (e instanceof DlmsDecodeError) return undefined;
    throw e;
  }
}

export function writeAttribute(rt: DeviceRuntime, s: SessionView, classId: number, ln: Uint8Array, index: number, value: DlmsData): WriteResult {
  const found = locate(rt, s, classId, ln);
  if ('fail' in found) return found.fail;
  const { obj } = found;
  if (!getAttributeDescriptor(obj.descriptor, index)) return 'object-undefined';
  if (index === 1 || !writable(s.association.attributeAccess(obj, index), s)) return 'read-write-denied';
  const old = currentValue(rt, s, obj, index);
  if (old && old.type !== value.type) return 'type-unmatched';
  if (obj.classId === 8 && index === 2) {
    const ms = dateTimeMs(value);
    return ms !== undefined && rt.setClockMs(obj, ms) ? 'success' : 'type-unmatched';
  }
  if (isCurrentAssociation(obj)) return 'read-write-denied';
  obj.set(index, value);
  return 'success';
}

/** Resets a register-like value to zero of its own type. */
function zeroOf(v: DlmsData | undefined): DlmsData | undefined {
  if (!v) return undefined;
  if (v.type === 'long64' || v.type === 'long64-unsigned') return { type: v.type, value: 0n };
  if ('value' in v && typeof v.value === 'number') return { ...v, value: 0 } as DlmsData;
  return undefined;
}

const QUARTER_MS = 15 * 60_000;

/**
 * Calls method `index` (everything but the Association's reply_to_HLS_authentication, which the engine
 * handles because it changes the association's state).
 */
export function invokeMethod(rt: DeviceRuntime, s: SessionView, classId: number, ln: Uint8Array, index: number, parameters: DlmsData | undefined): MethodResult {
  const found = locate(rt, s, classId, ln);
  if ('fail' in found) return { result: found.fail === 'object-class-inconsistent' || found.fail === 'object-undefined' || found.fail === 'object-unavailable' ? found.fail : 'other-reason' };
  const { obj } = found;
  if (!getMethodDescriptor(obj.descriptor, index)) return { result: 'object-undefined' };
  const mode = s.association.methodAccess(obj, index);
  if (!(mode === 'access' || (mode === 'authenticated-access' && s.authenticatedRequest))) return { result: 'read-write-denied' };
  switch (obj.classId) {
    case 70: {
      // Disconnect control, Blue Book 4.5.8: remote_disconnect (b) always opens; remote_reconnect goes to
      // connected directly in modes 2 and 4 (transition a), else to ready_for_reconnection (d).
      const mode = obj.get(4);
      const controlMode = mode?.type === 'enum' ? mode.value : 0;
      if (controlMode === 0) return { result: 'success' };
      if (index === 1) {
        obj.set(2, { type: 'boolean', value: false });
        obj.set(3, { type: 'enum', value: 0 });
      } else {
        const direct = controlMode === 2 || controlMode === 4;
        obj.set(2, { type: 'boolean', value: direct });
        obj.set(3, { type: 'enum', value: direct ? 1 : 2 });
      }
      return { result: 'success' };
    }
    case 8: {
      const c = rt.clockMs(obj);
      if (!c) return { result: 'object-unavailable' };
      if (index === 1) {
        // adjust_to_quarter: to the nearest quarter of an hour
        rt.setClockMs(obj, Math.round(c.ms / QUARTER_MS) * QUARTER_MS);
        return { result: 'success' };
      }
      if (index === 6 && parameters?.type === 'long') {
        rt.setClockMs(obj, c.ms + parameters.value * 1000);
        return { result: 'success' };
      }
      return { result: index === 6 ? 'type-unmatched' : 'other-reason' };
    }
    case 7:
      if (index === 1) resetProfile(rt, obj);
      else captureRow(rt, obj, (col) => {
        const src = rt.model.getObject(col.logicalName);
        return (src && currentValue(rt, s, src, col.attributeIndex)) ?? { type: 'null-data' };
      });
      return { result: 'success' };
    case 3:
    case 4: {
      const z = zeroOf(obj.get(2));
      if (!z) return { result: 'object-unavailable' };
      obj.set(2, z);
      return { result: 'success' };
    }
    case 5: {
      for (const i of [2, 3]) {
        const z = zeroOf(obj.get(i));
        if (z) obj.set(i, z);
      }
      return { result: 'success' };
    }
    default:
      return { result: 'other-reason' };
  }
}

export { captureColumns };
