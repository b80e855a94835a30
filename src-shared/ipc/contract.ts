// The one typed IPC contract between main and renderer (GitHub Desktop's ipc-shared.ts is the model).
//
// Two kinds of channel:
//   - invoke channels: renderer -> main, request -> Promise<Result<response>>
//   - event channels:  main -> renderer, fire-and-forget payloads
//
// Adding a channel: (1) add its request/response (or event payload) types below, (2) add its
// zod schema in schemas.ts (a missing schema is a compile error), (3) add its handler in
// src-main/services (a missing handler is a compile error). The preload and the web bridge pick
// it up from INVOKE_CHANNELS / EVENT_CHANNELS without further changes.
//
// Payloads are plain data. Results are values, never thrown errors: Electron keeps only the
// `message` of an error thrown across ipcMain.handle, so the code would be lost.

import type { FramePairDiff } from '../diff';
import type { DeviceSettingsInput } from '../settings';
import type { DissectKeys, DissectLayer, DissectedFrame } from '../trace';

// ---------------------------------------------------------------------------------------------
// Results

export const IPC_ERROR_CODES = [
  'BAD_REQUEST', // the payload failed the channel's schema
  'UNKNOWN_CHANNEL', // no such invoke channel
  'FORBIDDEN', // sender / origin / token check failed
  'UNAVAILABLE', // the service behind the channel is not available (yet)
  'INTERNAL', // the handler failed unexpectedly
] as const;
export type IpcErrorCode = (typeof IPC_ERROR_CODES)[number];

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(code: IpcErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

// ---------------------------------------------------------------------------------------------
// translator.decode

export interface TranslatorDecodeRequest {
  /** Hex in any format the hex-input parser accepts (logs, Wireshark dumps, OCR'd screenshots). */
  text: string;
  /** Accept OCR look-alikes (O->0, S->5, l->1, ...) and report each substitution. */
  lenient?: boolean;
  /** Force a layer instead of auto-detection. */
  layer?: DissectLayer;
  /** Keys to open ciphered APDUs (hex). Never logged. */
  keys?: DissectKeys;
}

/** One character the lenient hex parser replaced (e.g. OCR 'O' read as '0'). */
export interface HexSubstitution {
  /** Character offset in the input text. */
  index: number;
  from: string;
  to: string;
}

/** Something in the input text that could not be read as hex. */
export interface HexInputProblem {
  /** Character offset in the input text. */
  index: number;
  message: string;
}

export interface TranslatedFrame {
  /** The frame's bytes as uppercase hex: what the hex view shows and the tree's offsets index. */
  hex: string;
  frame: DissectedFrame;
}

export interface TranslatorDecodeResponse {
  frames: TranslatedFrame[];
  substitutions: HexSubstitution[];
  errors: HexInputProblem[];
}

// ---------------------------------------------------------------------------------------------
// translator.diff: two pasted inputs compared field by field (the Compare tab)

export interface TranslatorDiffRequest {
  /** Input A and input B, each in any format translator.decode reads. */
  a: string;
  b: string;
  lenient?: boolean;
  layer?: DissectLayer;
  /** Keys to open ciphered APDUs of both inputs (hex). Never logged. */
  keys?: DissectKeys;
}

export interface TranslatorDiffResponse {
  /** Each input decoded as translator.decode would (frames, substitutions, unreadable spots). */
  a: TranslatorDecodeResponse;
  b: TranslatorDecodeResponse;
  /** Frame n of A against frame n of B (empty when an input could not be read as hex). */
  pairs: FramePairDiff[];
}

// ---------------------------------------------------------------------------------------------
// settings.previewAarq: the AARQ the current device settings would send, and which setting made
// which bytes (the Settings tab's live preview; ARCHITECTURE.md section 4)

/** One setting and the bytes it produced in the wire frame (or why it produced none). */
export interface SettingBytes {
  /** The DeviceSettings key, e.g. 'serverLogicalAddress'. */
  setting: string;
  /** The setting's value as the user gave it, e.g. "ascii 'ELS-0000'" or '1'. Never a key. */
  shown: string;
  /** The PDU field it became, in the spec's words, e.g. 'wrapper destination wPort', 'calling-AP-title'. */
  field: string;
  /** The bytes as uppercase hex ('' when the setting puts no bytes into the AARQ frame). */
  hex: string;
  /** Byte range in the wire frame, when the bytes are there to see. */
  start?: number;
  length?: number;
  /** What the bytes mean: named conformance bits, 'random at connect time', 'not sent: ...'. */
  meaning: string;
}

export interface SettingsPreviewResponse {
  /** The AARQ APDU as uppercase hex. */
  aarqHex: string;
  /** The first frame on the wire for the chosen interface: the WPDU, or the HDLC I-frame with LLC. */
  wrapperOrHdlcHex: string;
  /** Which framing wrapperOrHdlcHex is. */
  framing: 'wrapper' | 'hdlc';
  /** The wire frame dissected (its offsets index wrapperOrHdlcHex). */
  frame: DissectedFrame;
  /** Per setting: the bytes it became and where. */
  fields: SettingBytes[];
  /** The challenge is a placeholder of the configured length: the real one is random at connect time. */
  challengePlaceholder: boolean;
}

// ---------------------------------------------------------------------------------------------
// app.info and the embedded simulator

export type SimulatorState = 'not available' | 'starting' | 'running' | 'stopped' | 'failed';

export interface SimulatorStatus {
  state: SimulatorState;
  /** Loopback address the embedded simulator listens on while running. */
  host?: string;
  port?: number;
  /** Why it is not running (not available, failed to start, ...). */
  detail?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' for the desktop shell, 'web' for the loopback web bridge. */
  mode: 'electron' | 'web';
  simulator: SimulatorStatus;
}

// ---------------------------------------------------------------------------------------------
// The channel maps

export interface InvokeContract {
  'translator.decode': { request: TranslatorDecodeRequest; response: TranslatorDecodeResponse };
  'translator.diff': { request: TranslatorDiffRequest; response: TranslatorDiffResponse };
  'settings.previewAarq': { request: DeviceSettingsInput; response: SettingsPreviewResponse };
  'app.info': { request: void; response: AppInfo };
}

export interface EventContract {
  'simulator.status': SimulatorStatus;
}

export type InvokeChannel = keyof InvokeContract;
export type EventChannel = keyof EventContract;
export type InvokeRequest<C extends InvokeChannel> = InvokeContract[C]['request'];
export type InvokeResponse<C extends InvokeChannel> = InvokeContract[C]['response'];

/** Runtime lists of channel names; `satisfies` makes a forgotten channel a compile error. */
const invokeChannelSet = { 'translator.decode': true, 'translator.diff': true, 'settings.previewAarq': true, 'app.info': true } as const satisfies Record<InvokeChannel, true>;
const eventChannelSet = { 'simulator.status': true } as const satisfies Record<EventChannel, true>;

export const INVOKE_CHANNELS = Object.keys(invokeChannelSet) as InvokeChannel[];
export const EVENT_CHANNELS = Object.keys(eventChannelSet) as EventChannel[];

export function isInvokeChannel(x: unknown): x is InvokeChannel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(invokeChannelSet, x);
}

export function isEventChannel(x: unknown): x is EventChannel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(eventChannelSet, x);
}

/** Names of the transport-level channels the preload and ipcMain use underneath. */
export const IPC_INVOKE = 'meterscope:invoke';
export const IPC_EVENT = 'meterscope:event';
