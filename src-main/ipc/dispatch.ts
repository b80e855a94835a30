// The one place an invoke payload is checked and routed, shared by the Electron IPC wrapper and
// the web bridge: unknown channel -> UNKNOWN_CHANNEL, payload failing its schema -> BAD_REQUEST,
// handler failure -> its ServiceError code or INTERNAL. Always a Result, never a throw.

import {
  err,
  isInvokeChannel,
  ok,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponse,
  type IpcErrorCode,
  type Result,
} from '../../src-shared/ipc/contract';
import { describeIssues, invokeSchemas } from '../../src-shared/ipc/schemas';

export type InvokeHandlers = {
  [C in InvokeChannel]: (request: InvokeRequest<C>) => Promise<InvokeResponse<C>>;
};

/** A handler's way to answer with a specific error code instead of INTERNAL. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export async function dispatchInvoke(
  handlers: InvokeHandlers,
  channel: unknown,
  payload: unknown,
): Promise<Result<unknown>> {
  if (!isInvokeChannel(channel)) {
    return err('UNKNOWN_CHANNEL', `unknown invoke channel ${JSON.stringify(String(channel)).slice(0, 80)}`);
  }
  const parsed = invokeSchemas[channel].safeParse(payload);
  if (!parsed.success) {
    return err('BAD_REQUEST', `${channel}: ${describeIssues(parsed.error)}`);
  }
  try {
    // The cast is sound: `channel` picks both the schema that produced parsed.data and the handler.
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (e) {
    if (e instanceof ServiceError) return err(e.code, e.message);
    return err('INTERNAL', `${channel} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
