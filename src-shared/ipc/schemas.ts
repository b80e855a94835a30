// One zod schema per channel of the contract. Main parses every invoke payload with the
// channel's request schema before a handler sees it (Electron IPC and the web bridge alike);
// event payloads have schemas too so a client may check what it receives.
//
// The `satisfies` clauses make a channel without a schema, or a schema whose type drifts from
// contract.ts, a compile error. Schemas are strict: unknown keys are refused, not ignored.

import { z } from 'zod';
import { DeviceSettingsSchema } from '../settings';
import type {
  EventChannel,
  EventContract,
  InvokeChannel,
  InvokeRequest,
  SimulatorState,
} from './contract';

/** Largest translator input we accept (characters): a long log excerpt, not a capture file. */
export const MAX_TRANSLATOR_TEXT = 1_000_000;

const hexDigits = (what: string, ...byteLengths: number[]) =>
  z
    .string()
    .regex(/^[0-9A-Fa-f]*$/, { message: `${what} must be hex digits only` })
    .refine((s) => byteLengths.includes(s.length / 2), {
      message: `${what} must be ${byteLengths.join(' or ')} bytes (${byteLengths.map((n) => n * 2).join(' or ')} hex digits)`,
    });

// AES-128 (suites 0/1) or AES-256 (suite 2) keys; system titles are 8 bytes (Green Book 9.2.4.8.1).
const keySchema = (what: string) => hexDigits(what, 16, 32);
const systemTitleSchema = (what: string) => hexDigits(what, 8);

export const dissectLayerSchema = z.enum(['hdlc', 'wrapper', 'apdu', 'axdr']);

export const dissectKeysSchema = z.strictObject({
  ek: keySchema('global unicast encryption key').optional(),
  ak: keySchema('authentication key').optional(),
  dedicatedKey: keySchema('dedicated key').optional(),
  clientSystemTitle: systemTitleSchema('client system title').optional(),
  serverSystemTitle: systemTitleSchema('server system title').optional(),
});

export const translatorDecodeRequestSchema = z.strictObject({
  text: z.string().max(MAX_TRANSLATOR_TEXT, { message: `text is longer than ${MAX_TRANSLATOR_TEXT} characters` }),
  lenient: z.boolean().optional(),
  layer: dissectLayerSchema.optional(),
  keys: dissectKeysSchema.optional(),
});

export const translatorDiffRequestSchema = z.strictObject({
  a: z.string().max(MAX_TRANSLATOR_TEXT, { message: `a is longer than ${MAX_TRANSLATOR_TEXT} characters` }),
  b: z.string().max(MAX_TRANSLATOR_TEXT, { message: `b is longer than ${MAX_TRANSLATOR_TEXT} characters` }),
  lenient: z.boolean().optional(),
  layer: dissectLayerSchema.optional(),
  keys: dissectKeysSchema.optional(),
});

/**
 * settings.previewAarq takes DeviceSettings as the settings file and the CLI do (the one schema,
 * defaults filled), refusing unknown top-level keys like every other channel.
 */
export const settingsPreviewRequestSchema = DeviceSettingsSchema.strict();

export const invokeSchemas = {
  'translator.decode': translatorDecodeRequestSchema,
  'translator.diff': translatorDiffRequestSchema,
  'settings.previewAarq': settingsPreviewRequestSchema,
  'app.info': z.undefined({ message: 'app.info takes no payload' }),
} satisfies { [C in InvokeChannel]: z.ZodType<InvokeRequest<C>> };

const simulatorStates = ['not available', 'starting', 'running', 'stopped', 'failed'] as const satisfies readonly SimulatorState[];

export const simulatorStatusSchema = z.strictObject({
  state: z.enum(simulatorStates),
  host: z.string().optional(),
  port: z.number().int().min(0).max(65535).optional(),
  detail: z.string().optional(),
});

export const eventSchemas = {
  'simulator.status': simulatorStatusSchema,
} satisfies { [E in EventChannel]: z.ZodType<EventContract[E]> };

/**
 * A schema failure as one readable line: "keys.ek: global unicast encryption key must be hex
 * digits only". Only paths and messages, never the received values (they may be keys).
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.map(String).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}
