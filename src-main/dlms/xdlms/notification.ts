// Unsolicited services: DataNotification (push), EventNotification (LN) and InformationReport (SN)
// (Green Book 9.3.x, IEC 62056-5-3), A-XDR encoded.
//
// Data-Notification ::= SEQUENCE {                                           -- [15] = 0F
//   long-invoke-id-and-priority Long-Invoke-Id-And-Priority,
//   date-time                   OCTET STRING,          -- length 0 (absent) or 12 (COSEM date-time)
//   notification-body           Notification-Body }
// Notification-Body ::= SEQUENCE { data-value Data }
//
// EventNotificationRequest ::= SEQUENCE {                                    -- [194] = C2
//   time                       OCTET STRING OPTIONAL,
//   cosem-attribute-descriptor Cosem-Attribute-Descriptor,
//   attribute-value            Data }
//
// InformationReportRequest ::= SEQUENCE {                                    -- [24] = 18
//   current-time                  GeneralizedTime OPTIONAL,   -- carried as a length-prefixed octet string
//   variable-access-specification SEQUENCE OF Variable-Access-Specification,
//   list-of-data                  SEQUENCE OF Data }
//
// Quirk (corpus hdlc-iframe-kaifa-notima): some meters (Kaifa MA304) write the data-notification
// date-time as the A-XDR Data octet-string 09 0C <12 octets> instead of 0C <12 octets>. A 9-octet
// date-time means nothing in COSEM, so "09 0C" at the date-time position is always read as that
// quirk and remembered in dateTimeForm for a byte-exact re-encode.

import { assertNever } from '../errors';
import type { DlmsData } from '../axdr/types';
import type { ByteReader } from '../codec/byte-reader';
import type { ByteWriter } from '../codec/byte-writer';
import { toHex } from '../../../src-shared/hex';
import {
  type CosemAttributeDescriptor,
  type LongInvokeIdAndPriority,
  obisText,
  readApduTag,
  readAttributeDescriptor,
  readData,
  readLongInvokeIdAndPriority,
  readOctetString,
  readOptional,
  readSequenceOf,
  writeAttributeDescriptor,
  writeData,
  writeLongInvokeIdAndPriority,
  writeOctetString,
  writeOptional,
  writeSequenceOf,
} from './common';
import {
  type VariableAccessSpecification,
  describeVariable,
  readVariableAccessSpecification,
  writeVariableAccessSpecification,
} from './sn';

export const DATA_NOTIFICATION_TAG = 0x0f;
export const EVENT_NOTIFICATION_REQUEST_TAG = 0xc2;
export const INFORMATION_REPORT_REQUEST_TAG = 0x18;

export interface DataNotification {
  type: 'data-notification';
  longInvokeIdAndPriority: LongInvokeIdAndPriority;
  /** The date-time octets; empty when the sender left the date-time out (length 0). */
  dateTime: Uint8Array;
  /** Set only for the non-standard "09 0C <date-time>" encoding (see the quirk note above). */
  dateTimeForm?: 'data-octet-string';
  body: DlmsData;
}

export interface EventNotificationRequest {
  type: 'event-notification-request';
  time?: Uint8Array;
  descriptor: CosemAttributeDescriptor;
  value: DlmsData;
}

export interface InformationReportRequest {
  type: 'information-report-request';
  currentTime?: Uint8Array;
  variables: VariableAccessSpecification[];
  values: DlmsData[];
}

export type NotificationApdu = DataNotification | EventNotificationRequest | InformationReportRequest;

function describeDateTime(b: Uint8Array): string {
  if (b.length === 0) return 'absent';
  if (b.length !== 12) return `${b.length} octet(s), not a COSEM date-time`;
  const year = (b[0]! << 8) | b[1]!;
  const two = (n: number) => (n === 0xff ? '**' : String(n).padStart(2, '0'));
  return `${year === 0xffff ? '****' : year}-${two(b[2]!)}-${two(b[3]!)} ${two(b[5]!)}:${two(b[6]!)}:${two(b[7]!)}`;
}

export function decodeDataNotification(r: ByteReader): DataNotification {
  return r.node('data-notification', (): DataNotification => {
    readApduTag(r, DATA_NOTIFICATION_TAG, 'data-notification');
    const longInvokeIdAndPriority = readLongInvokeIdAndPriority(r);
    const quirk = r.remaining >= 2 && r.peek(0) === 0x09 && r.peek(1) === 0x0c;
    const dateTime = quirk
      ? r.node('date-time', () => {
          r.u8();
          r.u8();
          return r.take(12, 'date-time');
        }, (v) => ({
          value: toHex(v),
          meaning: `${describeDateTime(v)} (QUIRK: written as A-XDR octet-string Data 09 0C, not the length-prefixed OCTET STRING)`,
        }))
      : r.node('date-time', () => r.take(r.length('date-time length')), (v) => ({
          value: toHex(v),
          meaning: describeDateTime(v),
        }));
    const body = r.node('notification-body', () => readData(r, 'data-value'));
    const pdu: DataNotification = { type: 'data-notification', longInvokeIdAndPriority, dateTime, body };
    if (quirk) pdu.dateTimeForm = 'data-octet-string';
    return pdu;
  });
}

export function encodeDataNotification(w: ByteWriter, pdu: DataNotification): void {
  w.u8(DATA_NOTIFICATION_TAG);
  writeLongInvokeIdAndPriority(w, pdu.longInvokeIdAndPriority);
  if (pdu.dateTimeForm === 'data-octet-string') w.u8(0x09);
  writeOctetString(w, pdu.dateTime);
  writeData(w, pdu.body);
}

export function decodeEventNotificationRequest(r: ByteReader): EventNotificationRequest {
  return r.node('event-notification-request', (): EventNotificationRequest => {
    readApduTag(r, EVENT_NOTIFICATION_REQUEST_TAG, 'event-notification-request');
    const time = readOptional(r, 'time', () => readOctetString(r, 'time'));
    const descriptor = readAttributeDescriptor(r);
    const value = readData(r, 'attribute-value');
    return time ? { type: 'event-notification-request', time, descriptor, value } : { type: 'event-notification-request', descriptor, value };
  });
}

export function encodeEventNotificationRequest(w: ByteWriter, pdu: EventNotificationRequest): void {
  w.u8(EVENT_NOTIFICATION_REQUEST_TAG);
  writeOptional(w, pdu.time, (t) => writeOctetString(w, t));
  writeAttributeDescriptor(w, pdu.descriptor);
  writeData(w, pdu.value);
}

export function decodeInformationReportRequest(r: ByteReader): InformationReportRequest {
  return r.node('InformationReportRequest', (): InformationReportRequest => {
    readApduTag(r, INFORMATION_REPORT_REQUEST_TAG, 'informationReportRequest');
    const currentTime = readOptional(r, 'current-time', () => readOctetString(r, 'current-time'));
    const variables = readSequenceOf(r, 'variable-access-specification', () => readVariableAccessSpecification(r));
    const values = readSequenceOf(r, 'list-of-data', () => readData(r, 'data'));
    return currentTime
      ? { type: 'information-report-request', currentTime, variables, values }
      : { type: 'information-report-request', variables, values };
  });
}

export function encodeInformationReportRequest(w: ByteWriter, pdu: InformationReportRequest): void {
  w.u8(INFORMATION_REPORT_REQUEST_TAG);
  writeOptional(w, pdu.currentTime, (t) => writeOctetString(w, t));
  writeSequenceOf(w, pdu.variables, (v) => writeVariableAccessSpecification(w, v));
  writeSequenceOf(w, pdu.values, (d) => writeData(w, d));
}

export function encodeNotification(w: ByteWriter, pdu: NotificationApdu): void {
  switch (pdu.type) {
    case 'data-notification':
      return encodeDataNotification(w, pdu);
    case 'event-notification-request':
      return encodeEventNotificationRequest(w, pdu);
    case 'information-report-request':
      return encodeInformationReportRequest(w, pdu);
    default:
      return assertNever(pdu, 'notification APDU');
  }
}

export function describeNotification(pdu: NotificationApdu): string {
  switch (pdu.type) {
    case 'data-notification':
      return `id ${pdu.longInvokeIdAndPriority.longInvokeId}` +
        (pdu.dateTime.length ? ` ${describeDateTime(pdu.dateTime)}` : '') + ` ${pdu.body.type}`;
    case 'event-notification-request':
      return `${obisText(pdu.descriptor.instanceId)} attr ${pdu.descriptor.attributeId}`;
    case 'information-report-request':
      return pdu.variables.map(describeVariable).join(', ');
    default:
      return assertNever(pdu, 'notification APDU');
  }
}
